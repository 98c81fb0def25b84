/**
 * Every TanStack Query key of the app, from one factory. Keys start with the client, so that an environment's data
 * never shows under another's name and switching environments starts from an empty slice of the cache. Clients for
 * different instances can share a base URL (the proxy), so a client is keyed by identity (`clientKey`).
 */
import type { AdtClient } from '../adt-client';

// A new client is made for every environment or account change, so its identity names the environment.
const clientKeys = new WeakMap<AdtClient, number>();
let nextKey = 0;
export function clientKey(client: AdtClient | null): number {
  if (!client) return -1;
  let key = clientKeys.get(client);
  if (key === undefined) clientKeys.set(client, (key = ++nextKey));
  return key;
}

export const apiKeys = {
  all: ['twinscope'] as const,
  ofClient: (client: AdtClient | null) => [...apiKeys.all, clientKey(client)] as const,
  twin: (client: AdtClient | null, twinId: string) => [...apiKeys.ofClient(client), 'twin', twinId] as const,
  allRelationships: (client: AdtClient | null) => [...apiKeys.ofClient(client), 'relationships'] as const,
  relationships: (client: AdtClient | null, twinId: string) => [...apiKeys.allRelationships(client), twinId] as const,
  relationship: (client: AdtClient | null, sourceId: string, relationshipId: string) =>
    [...apiKeys.ofClient(client), 'relationship', sourceId, relationshipId] as const,
  allModels: (client: AdtClient | null) => [...apiKeys.ofClient(client), 'models'] as const,
  models: (client: AdtClient | null) => [...apiKeys.allModels(client), 'list'] as const,
  modelTwinCounts: (client: AdtClient | null) => [...apiKeys.allModels(client), 'twin-counts'] as const,
  modelTwinCount: (client: AdtClient | null, modelId: string, which: 'exact' | 'both') =>
    [...apiKeys.allModels(client), 'twin-count', modelId, which] as const,
  importJobs: (client: AdtClient | null) => [...apiKeys.ofClient(client), 'import-jobs'] as const,
  deleteJobs: (client: AdtClient | null) => [...apiKeys.ofClient(client), 'delete-jobs'] as const,
  eventRoutes: (client: AdtClient | null) => [...apiKeys.ofClient(client), 'event-routes'] as const,
  emulatorEndpoints: (client: AdtClient | null) => [...apiKeys.ofClient(client), 'emulator-endpoints'] as const,
};
