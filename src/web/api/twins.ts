/**
 * Twins as server state: the query keys, the queries and the one write path for a twin's copy on the client.
 *
 * A twin is held once on the client, in its `twin(client, id)` entry: the graph draws from the same entries
 * (graph-data.ts). Every read of a twin from the service (the inspector's load, its Reload, the refetch after a live
 * event or a save) goes through `twinQueryOptions`; every write the app knows of (a save, a live event) goes through
 * `storeTwin` or `twinChanged`. So the inspector, the graph's labels, the value filter and the twins list show one
 * version of a twin.
 */
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { AdtClient, TwinInput } from '../adt-client';
import type { DigitalTwin, IncomingRelationship, PatchOperation, Relationship } from '../../shared/adt';
import { useGraphStore } from '../stores/graph';
import { apiKeys } from './keys';
import { drawInGraph } from './graph-data';

/** The twins' query keys (from the one factory in keys.ts). */
export const twinKeys = {
  twin: apiKeys.twin,
  allRelationships: apiKeys.allRelationships,
  relationships: apiKeys.relationships,
};

/** A twin as the service has it now, with the ETag an update must send. */
export interface TwinVersion {
  twin: DigitalTwin;
  etag: string | undefined;
}

export function twinQueryOptions(client: AdtClient | null, twinId: string) {
  return queryOptions({
    queryKey: twinKeys.twin(client, twinId),
    queryFn: async ({ signal }): Promise<TwinVersion> => {
      if (!client) throw new Error('No environment.');
      const { body, etag } = await client.getDigitalTwin(twinId, { signal });
      return { twin: body, etag: etag ?? body.$etag };
    },
    enabled: client !== null,
    staleTime: 0,
  });
}

/** Stores a twin the app just read or wrote, in its one cache entry (which the graph draws from too). */
export function storeTwin(queryClient: QueryClient, client: AdtClient | null, twin: DigitalTwin, etag: string | undefined): void {
  queryClient.setQueryData(twinKeys.twin(client, twin.$dtId), { twin, etag: etag ?? twin.$etag });
}

/**
 * Twins that changed on the service (a live event said so): each is read again, once however many asked, which
 * updates the cache (and so an open inspector) and the graph.
 */
export function twinChanged(queryClient: QueryClient, client: AdtClient | null, twinIds: Iterable<string>): void {
  if (!client) return;
  for (const id of twinIds) {
    // The twin may be gone by now; its delete event removes it from the graph.
    queryClient.fetchQuery(twinQueryOptions(client, id)).catch(() => undefined);
  }
}

/** A twin that no longer exists: its cached copy and relationships go. */
export function forgetTwin(queryClient: QueryClient, client: AdtClient | null, twinId: string): void {
  queryClient.removeQueries({ queryKey: twinKeys.twin(client, twinId) });
  queryClient.removeQueries({ queryKey: twinKeys.relationships(client, twinId) });
}

/** A twin's relationships changed: the lists of these twins are read again. */
export function relationshipsChanged(queryClient: QueryClient, client: AdtClient | null, twinIds: Iterable<string>): Promise<unknown> {
  return Promise.all([...new Set(twinIds)].map((id) => queryClient.invalidateQueries({ queryKey: twinKeys.relationships(client, id) })));
}

/**
 * The twin as the service has it now, with its ETag. A drawn twin shows at once from its entry (the graph's load put
 * it there) and is read again in the background.
 */
export function useTwin(client: AdtClient | null, twinId: string) {
  const queryClient = useQueryClient();
  const query = useQuery(twinQueryOptions(client, twinId));
  const put = useCallback((twin: DigitalTwin, etag: string | undefined) => storeTwin(queryClient, client, twin, etag), [queryClient, client]);
  return { ...query, put };
}

/** The twin's outgoing and incoming relationships, from the service (the graph may hold only some of them). */
export async function listTwinRelationships(client: AdtClient, twinId: string, signal?: AbortSignal): Promise<{ outgoing: Relationship[]; incoming: IncomingRelationship[] }> {
  const outgoing: Relationship[] = [];
  for await (const r of client.listRelationships(twinId, { signal })) outgoing.push(r);
  const incoming: IncomingRelationship[] = [];
  for await (const r of client.listIncomingRelationships(twinId, { signal })) incoming.push(r);
  return { outgoing, incoming };
}

export function useTwinRelationships(client: AdtClient | null, twinId: string, enabled = true) {
  return useQuery({
    queryKey: twinKeys.relationships(client, twinId),
    queryFn: ({ signal }) => {
      if (!client) throw new Error('No environment.');
      return listTwinRelationships(client, twinId, signal);
    },
    enabled: client !== null && enabled,
  });
}

/**
 * The twin as the service has it now, not stored: for a version the caller compares before it decides (the
 * conflict view), or a twin the graph is about to draw.
 */
export async function getTwin(client: AdtClient, twinId: string, signal?: AbortSignal): Promise<TwinVersion> {
  const { body, etag } = await client.getDigitalTwin(twinId, { signal });
  return { twin: body, etag: etag ?? body.$etag };
}

/** The patch was applied, but reading the twin back failed: the caller says so rather than "not saved". */
export class ReadBackError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'ReadBackError';
  }
}

export interface TwinPatch {
  twinId: string;
  ops: PatchOperation[];
  /** The ETag the patch was written against: sent as If-Match, so a twin changed since gives a 412. */
  ifMatch: string | undefined;
}

/**
 * Sends a JSON Patch (with If-Match when the ETag is known), then reads the twin back for its new ETag and stores
 * that version in its one cache entry, which the graph draws from too. A 412 leaves the cache as it was.
 */
export function patchTwinMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: async ({ twinId, ops, ifMatch }: TwinPatch): Promise<TwinVersion> => {
      await (client as AdtClient).updateDigitalTwin(twinId, ops, ifMatch ? { ifMatch } : {});
      try {
        return await getTwin(client as AdtClient, twinId);
      } catch (err) {
        throw new ReadBackError(err);
      }
    },
    onSuccess: ({ twin, etag }: TwinVersion) => storeTwin(queryClient, client, twin, etag),
  };
}

export function usePatchTwin(client: AdtClient | null) {
  return useMutation(patchTwinMutation(useQueryClient(), client));
}

/** Deletes a twin (it must have no relationships left) and takes it out of the graph; see `twinsDeleted`. */
export async function deleteTwin(client: AdtClient, twinId: string): Promise<void> {
  await client.deleteDigitalTwin(twinId);
  useGraphStore.getState().remove([twinId]);
}

/**
 * Twins were deleted: their cached copies are dropped, not read again (that would only produce 404s), and every
 * relationship list is read again, since other twins' lists held relationships to them.
 */
export function twinsDeleted(queryClient: QueryClient, client: AdtClient | null, twinIds: Iterable<string>): Promise<void> {
  for (const twinId of twinIds) forgetTwin(queryClient, client, twinId);
  return queryClient.invalidateQueries({ queryKey: twinKeys.allRelationships(client) });
}

/**
 * Creates a twin, refusing to replace one with that id (If-None-Match: *, a 412 when it exists). The new twin goes
 * into the cache and the graph; selecting it is the caller's.
 */
export function createTwinMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: ({ twinId, twin }: { twinId: string; twin: TwinInput }) =>
      (client as AdtClient).upsertDigitalTwin(twinId, twin, { ifNoneMatch: '*' }),
    onSuccess: ({ body, etag }: { body: DigitalTwin; etag?: string | undefined }) => {
      // Stored with the response's ETag first, so drawing it finds that version in place and writes nothing again.
      storeTwin(queryClient, client, body, etag);
      drawInGraph(queryClient, client, { twins: [body] });
    },
  };
}

export function useCreateTwin(client: AdtClient | null) {
  return useMutation(createTwinMutation(useQueryClient(), client));
}
