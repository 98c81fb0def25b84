import { useQuery, type Query } from '@tanstack/react-query';
import type { ModelData } from '../../shared/adt';
import { ModelIndex, parseInterfaces, type Diagnostic, type InterfaceInfo } from '../../shared/dtdl';
import type { AdtClient } from '../adt-client';
import { useUi } from '../stores/ui';

/** The environment's models, as every panel needs them: the list, by id, and the index with inheritance resolved. */
export interface LoadedModels {
  models: ModelData[];
  byId: Map<string, ModelData>;
  index: ModelIndex;
  interfaces: InterfaceInfo[];
  /** Problems found when re-reading the definitions (should be none: the service validated them on upload). */
  diagnostics: Diagnostic[];
  /** Models left out of the index because they did not parse; the rest stay usable. */
  skipped: string[];
}

/**
 * Builds the index from stored definitions. The service validated them on upload, so only the single-document
 * rules run (no cross-model checks): a model whose dependency was deleted since still loads.
 */
export function buildModelIndex(models: readonly ModelData[]): Omit<LoadedModels, 'models' | 'byId'> {
  const { interfaces, diagnostics } = parseInterfaces(models.map((m) => m.model ?? { '@id': m.id }));
  const parsed = new Set(interfaces.map((i) => i.id));
  return { index: new ModelIndex(interfaces), interfaces, diagnostics, skipped: models.filter((m) => !parsed.has(m.id)).map((m) => m.id) };
}

export async function loadModels(client: AdtClient, signal?: AbortSignal): Promise<LoadedModels> {
  const models: ModelData[] = [];
  for await (const m of client.listModels({ includeModelDefinition: true, signal })) models.push(m);
  return { models, byId: new Map(models.map((m) => [m.id, m])), ...buildModelIndex(models) };
}

// Clients for different instances can share a base URL (the proxy), so caches are keyed by client identity: a new
// client is made for every environment or account change.
const clientKeys = new WeakMap<AdtClient, number>();
let nextKey = 0;
export function clientKey(client: AdtClient | null): number {
  if (!client) return -1;
  let key = clientKeys.get(client);
  if (key === undefined) clientKeys.set(client, (key = ++nextKey));
  return key;
}

export function modelsQueryKey(client: AdtClient | null, revision: number) {
  return ['models', clientKey(client), revision] as const;
}

/**
 * After a write the models reload under a new key; the previous data stays meanwhile so that open views stay
 * mounted. Never across clients: another environment's models must not show under this one's name.
 */
export function sameClientPlaceholder(client: AdtClient | null) {
  const key = clientKey(client);
  return <T,>(previous: T | undefined, query: Query<T, Error, T, readonly unknown[]> | undefined): T | undefined =>
    query?.queryKey[1] === key ? previous : undefined;
}

/**
 * The one cached copy of the environment's models, shared by the query editor, forms, inspector and models
 * workspace (one GET /models per change, not one per panel); refetched after any model write (modelsChanged).
 */
export function useModels(client: AdtClient | null) {
  const revision = useUi((s) => s.modelsRevision);
  return useQuery({
    queryKey: modelsQueryKey(client, revision),
    queryFn: ({ signal }) => loadModels(client as AdtClient, signal),
    enabled: client !== null,
    placeholderData: sameClientPlaceholder(client),
    staleTime: 60_000,
  });
}
