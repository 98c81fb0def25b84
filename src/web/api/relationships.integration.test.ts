// The twin and relationship writes' cache rules, on a real QueryClient against the emulator: after a write, both
// ends' relationship lists are read again, and what was deleted leaves the cache and the graph.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QueryClient } from '@tanstack/react-query';
import { runMutation, testQueryClient } from './cache-test-helpers';
import { seedTestGraph, startTestEmulator, type TestEmulator } from '../../emulator/test-support';
import { AdtClient } from '../adt-client';
import { useGraphStore } from '../stores/graph';
import { relationshipKey } from '../stores/graph-model';
import { createRelationshipMutation, deleteRelationshipMutation, relationshipQueryOptions } from './relationships';
import { createTwinMutation, deleteTwin, listTwinRelationships, patchTwinMutation, twinKeys, twinQueryOptions, twinsDeleted, type TwinVersion } from './twins';
import { drawInGraph, graphContent } from './graph-data';

let t: TestEmulator;
let client: AdtClient;
let queryClient: QueryClient;

beforeAll(async () => {
  t = await startTestEmulator();
  await seedTestGraph(t.api);
  client = new AdtClient({ baseUrl: t.api.baseUrl });
});
afterAll(async () => t.close());
beforeEach(() => {
  queryClient = testQueryClient();
});

const mutate = <TData, TVariables>(options: { mutationFn: (v: TVariables) => Promise<TData> }, variables: TVariables) =>
  runMutation(queryClient, options, variables);

/** Caches both twins' relationship lists, as two open inspectors would. */
async function cacheLists(...twinIds: string[]): Promise<void> {
  for (const id of twinIds) await queryClient.fetchQuery({ queryKey: twinKeys.relationships(client, id), queryFn: () => listTwinRelationships(client, id) });
}
const invalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;

describe('relationship writes and the cache', () => {
  it('a new relationship is drawn, and both ends\' lists are read again (and no other twin\'s)', async () => {
    await cacheLists('building-1', 'floor-1', 'room-1');
    const rel = await mutate(createRelationshipMutation(queryClient, client), {
      sourceId: 'building-1', relationshipId: 'b1-near-f1', targetId: 'floor-1', name: 'near', properties: {},
    });
    expect(rel.$targetId).toBe('floor-1');
    expect(useGraphStore.getState().model.edges.has(relationshipKey(rel))).toBe(true);
    expect(invalidated(twinKeys.relationships(client, 'building-1'))).toBe(true);
    expect(invalidated(twinKeys.relationships(client, 'floor-1'))).toBe(true);
    expect(invalidated(twinKeys.relationships(client, 'room-1'))).toBe(false);
  });

  it('a deleted relationship leaves the cache and the graph, and both ends\' lists are read again', async () => {
    await cacheLists('building-1', 'floor-1');
    const cached = await queryClient.fetchQuery(relationshipQueryOptions(client, 'building-1', 'b1-near-f1'));
    drawInGraph(queryClient, client, { relationships: [cached.rel] });

    await mutate(deleteRelationshipMutation(queryClient, client), { sourceId: 'building-1', relationshipId: 'b1-near-f1', targetId: 'floor-1', ifMatch: cached.etag });
    expect(queryClient.getQueryState(relationshipQueryOptions(client, 'building-1', 'b1-near-f1').queryKey)).toBeUndefined();
    expect(useGraphStore.getState().model.edges.has(relationshipKey(cached.rel))).toBe(false);
    expect(invalidated(twinKeys.relationships(client, 'building-1'))).toBe(true);
    expect(invalidated(twinKeys.relationships(client, 'floor-1'))).toBe(true);
    expect((await listTwinRelationships(client, 'building-1')).outgoing.map((r) => r.$relationshipId)).not.toContain('b1-near-f1');
  });

  it('a new twin is cached and drawn; an id that exists is refused and changes nothing', async () => {
    const created = await mutate(createTwinMutation(queryClient, client), { twinId: 'lonely-1', twin: { $metadata: { $model: 'dtmi:test:Floor;1' } } });
    expect(queryClient.getQueryData<{ etag?: string }>(twinKeys.twin(client, 'lonely-1'))?.etag).toBe(created.etag ?? created.body.$etag);
    expect(useGraphStore.getState().model.twinIds.has('lonely-1')).toBe(true);
    const before = queryClient.getQueryData(twinKeys.twin(client, 'lonely-1'));
    await expect(mutate(createTwinMutation(queryClient, client), { twinId: 'lonely-1', twin: { $metadata: { $model: 'dtmi:test:Room;1' } } }))
      .rejects.toMatchObject({ status: 412 });
    expect(queryClient.getQueryData(twinKeys.twin(client, 'lonely-1'))).toBe(before);
  });

  it('deleted twins leave the cache and the graph, and every relationship list is read again', async () => {
    const twin = await queryClient.fetchQuery(twinQueryOptions(client, 'lonely-1'));
    drawInGraph(queryClient, client, { twins: [twin.twin] });
    await cacheLists('lonely-1', 'room-1');

    await deleteTwin(client, 'lonely-1');
    expect(useGraphStore.getState().model.twinIds.has('lonely-1')).toBe(false);
    await twinsDeleted(queryClient, client, ['lonely-1']);
    expect(queryClient.getQueryState(twinKeys.twin(client, 'lonely-1'))).toBeUndefined();
    expect(queryClient.getQueryState(twinKeys.relationships(client, 'lonely-1'))).toBeUndefined();
    expect(invalidated(twinKeys.relationships(client, 'room-1'))).toBe(true);
  });

  it('a patch stores the version read back, with its new ETag, where the graph reads it; a stale If-Match changes nothing', async () => {
    const before = await queryClient.fetchQuery(twinQueryOptions(client, 'room-1'));
    drawInGraph(queryClient, client, { twins: [before.twin] });
    const saved = await mutate(patchTwinMutation(queryClient, client), { twinId: 'room-1', ops: [{ op: 'add', path: '/temperature', value: 19.5 }], ifMatch: before.etag });
    expect(saved.etag).not.toBe(before.etag);
    const cached = queryClient.getQueryData<TwinVersion>(twinKeys.twin(client, 'room-1'));
    expect(cached).toMatchObject({ etag: saved.etag, twin: { temperature: 19.5 } });
    expect(graphContent(queryClient, client).twins.get('room-1')).toBe(cached?.twin);

    await expect(mutate(patchTwinMutation(queryClient, client), { twinId: 'room-1', ops: [{ op: 'add', path: '/temperature', value: 30 }], ifMatch: before.etag }))
      .rejects.toMatchObject({ status: 412 });
    expect(queryClient.getQueryData(twinKeys.twin(client, 'room-1'))).toBe(cached);
  });
});
