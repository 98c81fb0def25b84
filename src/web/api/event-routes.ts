/**
 * Event routes as server state: the list, the emulator's endpoint names, and the writes, with their invalidation in
 * one place (a write reloads the list). https://learn.microsoft.com/azure/digital-twins/concepts-route-events
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { EventRoute } from '../../shared/adt';
import type { AdtClient } from '../adt-client';
import { fetchEmulatorEndpoints } from './emulator';
import { apiKeys } from './keys';

async function listRoutes(client: AdtClient, signal: AbortSignal): Promise<EventRoute[]> {
  const out: EventRoute[] = [];
  for await (const r of client.listEventRoutes({ signal })) out.push(r);
  return out.sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
}

/** The instance's routes, sorted by id. */
export function eventRoutesQueryOptions(client: AdtClient | null) {
  return queryOptions({
    queryKey: apiKeys.eventRoutes(client),
    queryFn: ({ signal }) => listRoutes(client as AdtClient, signal),
    enabled: client !== null,
  });
}

/** The endpoint names an emulator was started with (an emulator only; the caller says whether it is one). */
export function emulatorEndpointsQueryOptions(client: AdtClient | null, isEmulator: boolean) {
  return queryOptions({
    queryKey: apiKeys.emulatorEndpoints(client),
    queryFn: async ({ signal }) => (await fetchEmulatorEndpoints((client as AdtClient).baseUrl, signal)).map((e) => e.name),
    enabled: client !== null && isEmulator,
    retry: false,
  });
}

function useRoutesChanged(client: AdtClient | null) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: apiKeys.eventRoutes(client) });
}

/** Creates or replaces a route; the list reloads once it is saved. */
export function useSaveEventRoute(client: AdtClient | null, onSaved?: () => void) {
  const routesChanged = useRoutesChanged(client);
  return useMutation({
    mutationFn: (route: { id: string; endpointName: string; filter: string }) =>
      (client as AdtClient).upsertEventRoute(route.id, route.endpointName, route.filter),
    onSuccess: () => {
      onSaved?.();
      return routesChanged();
    },
  });
}

/** Deletes a route; the list reloads once it is gone. */
export function useDeleteEventRoute(client: AdtClient | null, onDeleted?: () => void) {
  const routesChanged = useRoutesChanged(client);
  return useMutation({
    mutationFn: (id: string) => (client as AdtClient).deleteEventRoute(id),
    onSuccess: () => {
      onDeleted?.();
      return routesChanged();
    },
  });
}
