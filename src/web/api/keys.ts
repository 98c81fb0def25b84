/**
 * Every TanStack Query key of the app, from one factory. Keys start with the client, so that an environment's data
 * never shows under another's name and switching environments starts from an empty slice of the cache. Clients for
 * different instances can share a base URL (the proxy), so a client is keyed by identity (`clientKey`).
 */
import type { AdtClient } from '../adt-client';
import { clientKey } from './model-index';

export const apiKeys = {
  all: ['twinscope'] as const,
  ofClient: (client: AdtClient | null) => [...apiKeys.all, clientKey(client)] as const,
  twin: (client: AdtClient | null, twinId: string) => [...apiKeys.ofClient(client), 'twin', twinId] as const,
  allRelationships: (client: AdtClient | null) => [...apiKeys.ofClient(client), 'relationships'] as const,
  relationships: (client: AdtClient | null, twinId: string) => [...apiKeys.allRelationships(client), twinId] as const,
  relationship: (client: AdtClient | null, sourceId: string, relationshipId: string) =>
    [...apiKeys.ofClient(client), 'relationship', sourceId, relationshipId] as const,
  eventRoutes: (client: AdtClient | null) => [...apiKeys.ofClient(client), 'event-routes'] as const,
  emulatorEndpoints: (client: AdtClient | null) => [...apiKeys.ofClient(client), 'emulator-endpoints'] as const,
};
