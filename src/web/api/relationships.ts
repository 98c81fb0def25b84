/**
 * Relationships as server state: one relationship with its ETag, the one write path for its copy on the client, and
 * what a change means for the cache (both twins' relationship lists read again). Like twins (twins.ts), a relationship
 * is held once, in its `relationship(client, source, id)` entry, which the graph draws from too (graph-data.ts); a
 * live event re-reads it, so an open relationship inspector shows a change made elsewhere.
 */
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { PatchOperation, Relationship } from '../../shared/adt';
import type { AdtClient } from '../adt-client';
import { useGraphStore } from '../stores/graph';
import { relationshipKey } from '../stores/graph-model';
import { apiKeys } from './keys';
import { relationshipsChanged } from './twins';
import { drawInGraph } from './graph-data';

export interface RelationshipVersion {
  rel: Relationship;
  etag: string | undefined;
}

export function relationshipQueryOptions(client: AdtClient | null, sourceId: string, relationshipId: string) {
  return queryOptions({
    queryKey: apiKeys.relationship(client, sourceId, relationshipId),
    queryFn: async ({ signal }): Promise<RelationshipVersion> => {
      if (!client) throw new Error('No environment.');
      const { body, etag } = await client.getRelationship(sourceId, relationshipId, { signal });
      return { rel: body, etag: etag ?? body.$etag };
    },
    enabled: client !== null,
  });
}

/** Stores a relationship the app just read or wrote, in its one cache entry, and draws it. */
export function storeRelationship(queryClient: QueryClient, client: AdtClient | null, rel: Relationship, etag: string | undefined): void {
  // Stored with the response's ETag first, so drawing it finds that version in place and writes nothing again.
  queryClient.setQueryData(apiKeys.relationship(client, rel.$sourceId, rel.$relationshipId), { rel, etag: etag ?? rel.$etag });
  drawInGraph(queryClient, client, { relationships: [rel] });
}

/** A relationship that no longer exists: its cached copy goes (reading it again would only give 404s). */
export function forgetRelationship(queryClient: QueryClient, client: AdtClient | null, sourceId: string, relationshipId: string): void {
  queryClient.removeQueries({ queryKey: apiKeys.relationship(client, sourceId, relationshipId) });
}

/**
 * A relationship changed on the service (a live event said so, `subject` = `<source>/relationships/<id>`): an open
 * relationship inspector reads it again. Deleted ones are dropped instead.
 */
export function relationshipChanged(queryClient: QueryClient, client: AdtClient | null, subject: string, deleted: boolean): void {
  const at = subject.indexOf('/relationships/');
  if (at < 0) return;
  const sourceId = subject.slice(0, at);
  const relationshipId = subject.slice(at + '/relationships/'.length);
  if (deleted) forgetRelationship(queryClient, client, sourceId, relationshipId);
  else void queryClient.invalidateQueries({ queryKey: apiKeys.relationship(client, sourceId, relationshipId) });
}

/** The relationship as the service has it now, not cached (to follow a link to it). */
export async function getRelationship(client: AdtClient, sourceId: string, relationshipId: string): Promise<Relationship> {
  return (await client.getRelationship(sourceId, relationshipId)).body;
}

export interface NewRelationship {
  sourceId: string;
  relationshipId: string;
  targetId: string;
  name: string;
  properties: Record<string, unknown>;
}

/**
 * Creates a relationship, refusing to replace one with that id (If-None-Match: *). The graph draws it; both twins'
 * relationship lists are read again before the mutation settles.
 */
export function createRelationshipMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: async (r: NewRelationship) =>
      (await (client as AdtClient).upsertRelationship(r.sourceId, r.relationshipId, { $targetId: r.targetId, $relationshipName: r.name, ...r.properties }, { ifNoneMatch: '*' })).body,
    onSuccess: (rel: Relationship, r: NewRelationship) => {
      drawInGraph(queryClient, client, { relationships: [rel] });
      return relationshipsChanged(queryClient, client, [r.sourceId, r.targetId]);
    },
  };
}

export function useCreateRelationship(client: AdtClient | null) {
  return useMutation(createRelationshipMutation(useQueryClient(), client));
}

/** Patches a relationship's properties (If-Match when its ETag is known) and stores the version read back. */
export async function patchRelationship(
  queryClient: QueryClient,
  client: AdtClient,
  sourceId: string,
  relationshipId: string,
  ops: PatchOperation[],
  ifMatch: string | undefined,
): Promise<void> {
  await client.updateRelationship(sourceId, relationshipId, ops, ifMatch ? { ifMatch } : {});
  const fresh = await client.getRelationship(sourceId, relationshipId);
  storeRelationship(queryClient, client, fresh.body, fresh.etag);
}

export interface RelationshipToDelete {
  sourceId: string;
  relationshipId: string;
  /** The twin at the other end, when known: its relationship list is read again too. */
  targetId?: string | undefined;
  ifMatch?: string | undefined;
}

/** Deletes a relationship; its cached copy and its edge go. The lists are the caller's (see the mutation). */
export async function deleteRelationship(queryClient: QueryClient, client: AdtClient, r: RelationshipToDelete): Promise<void> {
  await client.deleteRelationship(r.sourceId, r.relationshipId, r.ifMatch ? { ifMatch: r.ifMatch } : {});
  forgetRelationship(queryClient, client, r.sourceId, r.relationshipId);
  useGraphStore.getState().remove([relationshipKey({ $sourceId: r.sourceId, $relationshipId: r.relationshipId })]);
}

/**
 * Deletes a relationship, and reads the relationship lists of both ends again (awaited, so a list on screen no
 * longer shows it once the deletion settles).
 */
export function deleteRelationshipMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: (r: RelationshipToDelete) => deleteRelationship(queryClient, client as AdtClient, r),
    onSuccess: (_: void, r: RelationshipToDelete) =>
      relationshipsChanged(queryClient, client, r.targetId === undefined ? [r.sourceId] : [r.sourceId, r.targetId]),
  };
}

export function useDeleteRelationship(client: AdtClient | null) {
  return useMutation(deleteRelationshipMutation(useQueryClient(), client));
}
