/**
 * Relationships as server state: one relationship with its ETag, the one write path for its copy on the client, and
 * what a change means for the cache (both twins' relationship lists read again). Like twins (twins.ts), every read
 * also refreshes the graph's drawn copy, and a live event re-reads the relationship, so an open relationship
 * inspector shows a change made elsewhere.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Relationship } from '../../shared/adt';
import type { AdtClient } from '../adt-client';
import { useGraphStore } from '../stores/graph';
import { relationshipKey } from '../stores/graph-model';
import { apiKeys } from './keys';

export interface RelationshipVersion {
  rel: Relationship;
  etag: string | undefined;
}

function drawRelationship(rel: Relationship): void {
  const graph = useGraphStore.getState();
  const drawn = graph.model.relationships.get(relationshipKey(rel));
  if (drawn && drawn.$etag !== rel.$etag) graph.merge({ relationships: [rel] });
}

export function relationshipQueryOptions(client: AdtClient | null, sourceId: string, relationshipId: string) {
  return queryOptions({
    queryKey: apiKeys.relationship(client, sourceId, relationshipId),
    queryFn: async ({ signal }): Promise<RelationshipVersion> => {
      if (!client) throw new Error('No environment.');
      const { body, etag } = await client.getRelationship(sourceId, relationshipId, { signal });
      drawRelationship(body);
      return { rel: body, etag: etag ?? body.$etag };
    },
    enabled: client !== null,
  });
}

/** Stores a relationship the app just read or wrote: in the cache and in the graph. */
export function storeRelationship(queryClient: QueryClient, client: AdtClient | null, rel: Relationship, etag: string | undefined): void {
  queryClient.setQueryData(apiKeys.relationship(client, rel.$sourceId, rel.$relationshipId), { rel, etag: etag ?? rel.$etag });
  useGraphStore.getState().merge({ relationships: [rel] });
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
