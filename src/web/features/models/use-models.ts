import { useQuery } from '@tanstack/react-query';
import type { AdtClient } from '../../adt-client';
import { twinCountQuery } from '../../api/models';
import { clientKey, sameClientPlaceholder, useModels, type LoadedModels } from '../../api/model-index';
import { useUi } from '../../stores/ui';

export type ModelsData = LoadedModels;
export { clientKey, useModels };

/** Beyond this many twins the per-model counts in the tree stop (and say so); details still count exactly. */
const COUNT_SCAN_LIMIT = 20_000;

export interface TwinCounts { counts: Map<string, number>; partial: boolean }

/** Twins per exact model, from one paged projection query (O(twins / page) requests, not one per model). */
export function useTwinCounts(client: AdtClient | null) {
  const revision = useUi((s) => s.modelsRevision);
  return useQuery({
    queryKey: ['models-workspace-counts', clientKey(client), revision],
    enabled: client !== null,
    placeholderData: sameClientPlaceholder(client),
    queryFn: async ({ signal }): Promise<TwinCounts> => {
      const counts = new Map<string, number>();
      let seen = 0;
      for await (const row of (client as AdtClient).queryTwins<{ $model?: unknown }>('SELECT T.$metadata.$model FROM DIGITALTWINS T', { signal })) {
        if (typeof row.$model === 'string') counts.set(row.$model, (counts.get(row.$model) ?? 0) + 1);
        if (++seen >= COUNT_SCAN_LIMIT) return { counts, partial: true };
      }
      return { counts, partial: false };
    },
  });
}

/** The number of twins of exactly `id`, and of `id` or any model extending it. */
export function useModelTwinCount(client: AdtClient | null, id: string | null) {
  const revision = useUi((s) => s.modelsRevision);
  return useQuery({
    queryKey: ['models-workspace-count', clientKey(client), revision, id],
    enabled: client !== null && id !== null,
    queryFn: async ({ signal }) => {
      const c = client as AdtClient;
      const count = async (q: string) => {
        for await (const row of c.queryTwins<{ COUNT?: unknown }>(q, { signal })) if (typeof row.COUNT === 'number') return row.COUNT;
        return 0;
      };
      const [exact, withSubtypes] = await Promise.all([count(twinCountQuery(id as string)), count(twinCountQuery(id as string, false))]);
      return { exact, withSubtypes };
    },
  });
}
