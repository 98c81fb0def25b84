import { useQuery } from '@tanstack/react-query';
import type { AdtClient } from '../../adt-client';
import { twinCountQuery } from '../../api/models';
import { clientKey, sameClientPlaceholder, useModels, type LoadedModels } from '../../api/model-index';
import { useUi } from '../../stores/ui';

export type ModelsData = LoadedModels;
export { clientKey, useModels };

/**
 * Beyond this many twins the one-query scan stops; the tree then counts each model it shows with its own COUNT()
 * query, so every number it shows is exact.
 */
export const COUNT_SCAN_LIMIT = 20_000;

export interface TwinCounts {
  counts: Map<string, number>;
  /** The scan stopped at COUNT_SCAN_LIMIT: `counts` are lower bounds, and `scanned` twins were seen. */
  partial: boolean;
  scanned: number;
}

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
        if (++seen >= COUNT_SCAN_LIMIT) return { counts, partial: true, scanned: seen };
      }
      return { counts, partial: false, scanned: seen };
    },
  });
}

/** At most this many COUNT() queries for tree rows at once: a tree of hundreds of rows must not flood the service. */
const COUNT_CONCURRENCY = 4;
let countsRunning = 0;
const countsWaiting: (() => void)[] = [];
async function limited<T>(run: () => Promise<T>): Promise<T> {
  if (countsRunning >= COUNT_CONCURRENCY) await new Promise<void>((resolve) => countsWaiting.push(resolve));
  countsRunning++;
  try {
    return await run();
  } finally {
    countsRunning--;
    countsWaiting.shift()?.();
  }
}

async function countQuery(client: AdtClient, query: string, signal: AbortSignal): Promise<number> {
  for await (const row of client.queryTwins<{ COUNT?: unknown }>(query, { signal })) if (typeof row.COUNT === 'number') return row.COUNT;
  return 0;
}

/** The exact number of twins of exactly `id`, for a tree row when the scan could not count them all. */
export function useExactTwinCount(client: AdtClient | null, id: string, enabled: boolean) {
  const revision = useUi((s) => s.modelsRevision);
  return useQuery({
    queryKey: ['models-workspace-count', clientKey(client), revision, id, 'exact'],
    enabled: client !== null && enabled,
    staleTime: Infinity,
    queryFn: ({ signal }) => limited(() => countQuery(client as AdtClient, twinCountQuery(id), signal)),
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
