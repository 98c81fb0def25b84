import { useQuery } from '@tanstack/react-query';
import type { ModelData } from '../../shared/adt';
import { ModelIndex, parseInterfaces } from '../../shared/dtdl';
import type { AdtClient } from '../adt-client';
import { useUi } from '../stores/ui';

export interface LoadedModels {
  models: ModelData[];
  index: ModelIndex;
}

/** Every model of the environment with its definition, and the index built from them (inheritance resolved). */
export async function loadModels(client: AdtClient, signal?: AbortSignal): Promise<LoadedModels> {
  const models: ModelData[] = [];
  for await (const m of client.listModels({ includeModelDefinition: true, signal })) models.push(m);
  // The service validated these on upload; re-parsing skips the cross-model checks and tolerates a model whose
  // dependency was deleted since.
  const { interfaces } = parseInterfaces(models.map((m) => m.model).filter((m) => m !== undefined));
  return { models, index: new ModelIndex(interfaces) };
}

// Clients for different instances can share a base URL (the proxy), so the cache is keyed by client identity: a
// new client is made for every environment or account change.
const clientKeys = new WeakMap<AdtClient, number>();
let nextKey = 0;
function clientKey(client: AdtClient | null): number | null {
  if (!client) return null;
  let key = clientKeys.get(client);
  if (key === undefined) clientKeys.set(client, (key = ++nextKey));
  return key;
}

export function modelsQueryKey(client: AdtClient | null, revision: number) {
  return ['models', clientKey(client), revision] as const;
}

/** Shared by the editor's language services, forms and panels; refetched after any model write (modelsChanged). */
export function useModels(client: AdtClient | null) {
  const revision = useUi((s) => s.modelsRevision);
  return useQuery({
    queryKey: modelsQueryKey(client, revision),
    queryFn: ({ signal }) => loadModels(client as AdtClient, signal),
    enabled: client !== null,
    staleTime: 60_000,
  });
}
