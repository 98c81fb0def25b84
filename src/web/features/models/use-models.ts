import { useQuery, type Query } from '@tanstack/react-query';
import type { AdtClient } from '../../adt-client';
import type { ModelData } from '../../../shared/adt';
import type { Diagnostic, InterfaceInfo, ModelIndex } from '../../../shared/dtdl';
import { buildModelIndex, twinCountQuery } from '../../api/models';
import { useUi } from '../../stores/ui';

export interface ModelsData {
  models: ModelData[];
  byId: Map<string, ModelData>;
  index: ModelIndex;
  interfaces: InterfaceInfo[];
  /** Problems found when re-reading the instance's definitions (should be none: the service validated them). */
  problems: Diagnostic[];
}

const clientIds = new WeakMap<AdtClient, number>();
let nextClientId = 0;
/** A stable cache key per client object: a new environment or identity gives a new client. */
export function clientKey(client: AdtClient | null): number {
  if (!client) return -1;
  let id = clientIds.get(client);
  if (id === undefined) clientIds.set(client, (id = ++nextClientId));
  return id;
}

/**
 * After a write the list reloads under a new key; the previous data stays meanwhile so that open views stay mounted.
 * Never across clients: another environment's models must not show under this one's name.
 */
function sameClientPlaceholder(client: AdtClient | null) {
  const key = clientKey(client);
  return <T,>(previous: T | undefined, query: Query<T, Error, T, readonly unknown[]> | undefined): T | undefined =>
    query?.queryKey[1] === key ? previous : undefined;
}

export function useModels(client: AdtClient | null) {
  const revision = useUi((s) => s.modelsRevision);
  return useQuery({
    queryKey: ['models-workspace', clientKey(client), revision],
    enabled: client !== null,
    placeholderData: sameClientPlaceholder(client),
    queryFn: async ({ signal }): Promise<ModelsData> => {
      const models: ModelData[] = [];
      for await (const m of (client as AdtClient).listModels({ includeModelDefinition: true, signal })) models.push(m);
      const { index, diagnostics } = buildModelIndex(models);
      const interfaces = index.ids().map((id) => index.get(id)).filter((i): i is InterfaceInfo => i !== undefined);
      return { models, byId: new Map(models.map((m) => [m.id, m])), index, interfaces, problems: diagnostics };
    },
  });
}

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
