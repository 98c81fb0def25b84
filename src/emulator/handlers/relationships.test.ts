import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildingTwin, seedTestGraph, startTestEmulator, TEST_IDS } from '../test-support';
import type { TestApi, TestEmulator } from '../test-support';

let t: TestEmulator;
let api: TestApi;

beforeAll(async () => {
  t = await startTestEmulator();
  api = t.api;
  await seedTestGraph(api);
});
afterAll(async () => t.close());

describe('PUT /digitaltwins/{id}/relationships/{relationshipId}', () => {
  it('creates: 200, live key order, $etag equal to the ETag header; the path wins over body ids', async () => {
    await api.put('/digitaltwins/floor-2', { $metadata: { $model: TEST_IDS.floor }, name: 'First' });
    const r = await api.put('/digitaltwins/building-1/relationships/b1-has-f2', {
      $relationshipId: 'other', $sourceId: 'other', $relationshipName: 'has', $targetId: 'floor-2', isAccessRestricted: true,
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['$relationshipId', '$etag', '$sourceId', '$relationshipName', '$targetId', 'isAccessRestricted']);
    expect(r.body).toMatchObject({ $relationshipId: 'b1-has-f2', $sourceId: 'building-1', $targetId: 'floor-2', isAccessRestricted: true });
    expect(r.headers.get('etag')).toBe(r.body.$etag);
    const got = await api.get('/digitaltwins/building-1/relationships/b1-has-f2');
    expect(got.body).toEqual(r.body);
    expect(got.headers.get('etag')).toBe(r.body.$etag);
  });

  it('If-None-Match: * on an existing relationship is the observed 412', async () => {
    const r = await api.put('/digitaltwins/floor-1/relationships/f1-contains-r1', { $relationshipName: 'contains', $targetId: 'room-1' },
      { headers: { 'If-None-Match': '*' } });
    expect(r.status).toBe(412);
    expect(r.body.error.message).toBe('If-None-Match: * header was specified but a relationship with the id f1-contains-r1 was found. Please specify a different relationship id.');
  });

  it('a missing target is 404 TargetDigitalTwinNotFound (observed code and text)', async () => {
    const r = await api.put('/digitaltwins/floor-1/relationships/x', { $relationshipName: 'contains', $targetId: 'foo' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('TargetDigitalTwinNotFound');
    expect(r.body.error.message).toMatch(/^The target digital twin is invalid or does not exist Please validate that the target twin is valid and ensure that the target twin is not deleted\./);
  });

  it('a missing source is 404 DigitalTwinNotFound', async () => {
    const r = await api.put('/digitaltwins/nope/relationships/x', { $relationshipName: 'contains', $targetId: 'room-1' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('DigitalTwinNotFound');
  });

  it('a self-loop is 400 OperationNotAllowed', async () => {
    const r = await api.put('/digitaltwins/building-1/relationships/self', { $relationshipName: 'near', $targetId: 'building-1' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('OperationNotAllowed');
  });

  it('checks the relationship against the model: unknown name, wrong target model, bad property', async () => {
    const unknownName = await api.put('/digitaltwins/building-1/relationships/r1', { $relationshipName: 'owns', $targetId: 'floor-1' });
    expect(unknownName.status).toBe(400);
    expect(unknownName.body.error.code).toBe('InvalidRelationship');
    const wrongTarget = await api.put('/digitaltwins/building-1/relationships/r2', { $relationshipName: 'has', $targetId: 'room-1' });
    expect(wrongTarget.status).toBe(400);
    expect(wrongTarget.body.error.code).toBe('InvalidRelationship');
    const badProp = await api.put('/digitaltwins/building-1/relationships/r3', { $relationshipName: 'has', $targetId: 'floor-1', isAccessRestricted: 'yes' });
    expect(badProp.status).toBe(400);
    expect(badProp.body.error.code).toBe('ValidationFailed');
    const missing = await api.put('/digitaltwins/building-1/relationships/r4', { $targetId: 'floor-1' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('InvalidArgument');
    for (const id of ['r1', 'r2', 'r3', 'r4']) expect((await api.get(`/digitaltwins/building-1/relationships/${id}`)).status).toBe(404);
  });

  it('a relationship without a target model accepts any twin; a twin of a derived model fits its base target', async () => {
    expect((await api.put('/digitaltwins/building-1/relationships/near-room', { $relationshipName: 'near', $targetId: 'room-1' })).status).toBe(200);
    await api.put('/digitaltwins/wing-1', { $metadata: { $model: TEST_IDS.wing }, wingName: 'W' });
    // Wing extends Building, so it can be the source of Building's relationships.
    expect((await api.put('/digitaltwins/wing-1/relationships/w-has-f1', { $relationshipName: 'has', $targetId: 'floor-1' })).status).toBe(200);
  });
});

describe('GET / PATCH / DELETE a relationship', () => {
  it('unknown relationship: 404 RelationshipNotFound with the observed text', async () => {
    const r = await api.get('/digitaltwins/building-1/relationships/foo');
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({
      code: 'RelationshipNotFound',
      message: 'Relationship foo not found on twin building-1. Please verify that the relationship id is valid and ensure that the relationship is not deleted. See section on listing relationships in the documentation https://aka.ms/adtv2twins.',
    });
    expect((await api.patch('/digitaltwins/building-1/relationships/foo', [{ op: 'replace', path: '/isAccessRestricted', value: true }])).status).toBe(404);
    expect((await api.delete('/digitaltwins/building-1/relationships/foo')).status).toBe(404);
  });

  it('PATCH changes properties: 204 + ETag; move is the observed JsonPatchInvalid; system fields are read-only', async () => {
    const before = await api.get('/digitaltwins/building-1/relationships/b1-has-f1');
    const r = await api.patch('/digitaltwins/building-1/relationships/b1-has-f1', [{ op: 'replace', path: '/isAccessRestricted', value: true }]);
    expect(r.status).toBe(204);
    const after = await api.get('/digitaltwins/building-1/relationships/b1-has-f1');
    expect(after.body.isAccessRestricted).toBe(true);
    expect(r.headers.get('etag')).toBe(after.body.$etag);
    expect(after.body.$etag).not.toBe(before.body.$etag);

    const move = await api.patch('/digitaltwins/building-1/relationships/b1-has-f1', [{ op: 'move', path: '/isAccessRestricted' }]);
    expect(move.status).toBe(400);
    expect(move.body.error.message).toBe('Unsupported operation type move. Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.');
    const system = await api.patch('/digitaltwins/building-1/relationships/b1-has-f1', [{ op: 'replace', path: '/$targetId', value: 'room-1' }]);
    expect(system.body.error.code).toBe('JsonPatchInvalid');
    const badValue = await api.patch('/digitaltwins/building-1/relationships/b1-has-f1', [{ op: 'replace', path: '/isAccessRestricted', value: 3 }]);
    expect(badValue.body.error.code).toBe('ValidationFailed');
    expect((await api.get('/digitaltwins/building-1/relationships/b1-has-f1')).body).toEqual(after.body);
  });

  it('conditional PATCH and DELETE: 400 bad syntax, 412 stale, 204 current', async () => {
    const current = await api.get('/digitaltwins/building-1/relationships/near-room');
    const bad = await api.delete('/digitaltwins/building-1/relationships/near-room', { headers: { 'If-Match': 'XXX' } });
    expect(bad.status).toBe(400);
    const stale = await api.delete('/digitaltwins/building-1/relationships/near-room', { headers: { 'If-Match': 'W/"stale"' } });
    expect(stale.status).toBe(412);
    const patched = await api.patch('/digitaltwins/building-1/relationships/near-room', [], { headers: { 'If-Match': current.body.$etag } });
    expect(patched.status).toBe(204);
    const staleNow = await api.delete('/digitaltwins/building-1/relationships/near-room', { headers: { 'If-Match': current.body.$etag } });
    expect(staleNow.status).toBe(412);
    const done = await api.delete('/digitaltwins/building-1/relationships/near-room', { headers: { 'If-Match': patched.headers.get('etag')! } });
    expect(done.status).toBe(204);
    expect((await api.get('/digitaltwins/building-1/relationships/near-room')).status).toBe(404);
  });
});

describe('listing relationships', () => {
  it('lists outgoing relationships, filtered by relationshipName', async () => {
    const all = await api.get('/digitaltwins/building-1/relationships');
    expect(all.status).toBe(200);
    expect(all.body.nextLink).toBeNull();
    const ids = all.body.value.map((r: { $relationshipId: string }) => r.$relationshipId).sort();
    expect(ids).toEqual(['b1-has-f1', 'b1-has-f2']);
    expect((await api.get('/digitaltwins/building-1/relationships?relationshipName=near')).body.value).toEqual([]);
    const has = await api.get('/digitaltwins/building-1/relationships?relationshipName=has');
    expect(has.body.value).toHaveLength(2);
    expect((await api.get('/digitaltwins/nope/relationships')).status).toBe(404);
  });

  it('lists incoming relationships with $relationshipLink to the addressable path', async () => {
    const r = await api.get('/digitaltwins/floor-1/incomingrelationships');
    expect(r.status).toBe(200);
    const items = r.body.value.sort((a: { $sourceId: string }, b: { $sourceId: string }) => a.$sourceId.localeCompare(b.$sourceId));
    expect(items).toEqual([
      { $relationshipId: 'b1-has-f1', $sourceId: 'building-1', $relationshipName: 'has', $relationshipLink: '/digitaltwins/building-1/relationships/b1-has-f1' },
      { $relationshipId: 'w-has-f1', $sourceId: 'wing-1', $relationshipName: 'has', $relationshipLink: '/digitaltwins/wing-1/relationships/w-has-f1' },
    ]);
    for (const item of items) expect((await api.get(item.$relationshipLink)).status).toBe(200);
  });

  it('pages a long list with absolute nextLinks that keep the relationshipName filter', async () => {
    const count = 230;
    for (let i = 0; i < count; i++) {
      await api.put(`/digitaltwins/hub-${i}`, buildingTwin());
      const r = await api.put(`/digitaltwins/building-1/relationships/near-${i}`, { $relationshipName: 'near', $targetId: `hub-${i}` });
      expect(r.status).toBe(200);
    }
    const seen: string[] = [];
    let r = await api.get('/digitaltwins/building-1/relationships?relationshipName=near');
    let pages = 0;
    for (;;) {
      pages++;
      seen.push(...r.body.value.map((x: { $relationshipId: string; $relationshipName: string }) => {
        expect(x.$relationshipName).toBe('near');
        return x.$relationshipId;
      }));
      if (r.body.nextLink === null) break;
      expect(r.body.nextLink.startsWith(`${api.baseUrl}/digitaltwins/building-1/relationships?`)).toBe(true);
      expect(new URL(r.body.nextLink).searchParams.get('relationshipName')).toBe('near');
      r = await api.get(r.body.nextLink);
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(count);
    const incoming = await api.get('/digitaltwins/hub-7/incomingrelationships');
    expect(incoming.body.value).toHaveLength(1);
    const badToken = await api.get('/digitaltwins/building-1/relationships?continuationToken=%%%');
    expect(badToken.status).toBe(400);
  });
});
