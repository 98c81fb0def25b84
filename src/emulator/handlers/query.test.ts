import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildingTwin, seedTestGraph, startTestEmulator, TEST_IDS } from '../test-support';
import type { TestApi, TestEmulator } from '../test-support';

let t: TestEmulator;
let api: TestApi;
const EXTRA = 1200;

beforeAll(async () => {
  t = await startTestEmulator();
  api = t.api;
  await seedTestGraph(api);
  for (let i = 0; i < EXTRA; i++) {
    const r = await api.put(`/digitaltwins/q-${i}`, buildingTwin({ AverageTemperature: i }));
    if (r.status !== 200) throw new Error(r.text);
  }
}, 120_000);
afterAll(async () => t.close());

describe('POST /query', () => {
  it('answers { value, continuationToken: null } with a positive query-charge header', async () => {
    const r = await api.post('/query', { query: "SELECT * FROM digitaltwins WHERE $dtId = 'room-1'" });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['continuationToken', 'value']);
    expect(r.body.continuationToken).toBeNull();
    expect(r.body.value).toHaveLength(1);
    expect(r.body.value[0].$dtId).toBe('room-1');
    expect(r.body.value[0].$etag).toBe((await api.get('/digitaltwins/room-1')).body.$etag);
    expect(Number(r.headers.get('query-charge'))).toBeGreaterThan(0);
  });

  it('pages at 1,000 by default and follows continuation tokens (sent with the query, as the SDKs do)', async () => {
    const query = `SELECT * FROM digitaltwins WHERE IS_OF_MODEL('${TEST_IDS.building}')`;
    const first = await api.post('/query', { query });
    expect(first.body.value).toHaveLength(1000);
    expect(typeof first.body.continuationToken).toBe('string');
    const second = await api.post('/query', { query, continuationToken: first.body.continuationToken });
    expect(second.status).toBe(200);
    expect(second.body.continuationToken).toBeNull();
    const ids = [...first.body.value, ...second.body.value].map((x: { $dtId: string }) => x.$dtId);
    expect(new Set(ids).size).toBe(EXTRA + 1);
  });

  it('honours max-items-per-page and lets a token stand alone', async () => {
    const first = await api.post('/query', { query: 'SELECT * FROM digitaltwins' }, { headers: { 'max-items-per-page': '7' } });
    expect(first.body.value).toHaveLength(7);
    const next = await api.post('/query', { continuationToken: first.body.continuationToken }, { headers: { 'max-items-per-page': '7' } });
    expect(next.status).toBe(200);
    expect(next.body.value).toHaveLength(7);
    const seen = new Set([...first.body.value, ...next.body.value].map((x: { $dtId: string }) => x.$dtId));
    expect(seen.size).toBe(14);
  });

  it('answers a syntax error with 400 SqlQueryError and a bad token with 400', async () => {
    const r = await api.post('/query', { query: 'foo' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('SqlQueryError');
    const token = await api.post('/query', { continuationToken: 'garbage' });
    expect(token.status).toBe(400);
    expect(token.body.error.code).toBe('BadRequest');
    const badBody = await api.post('/query', { query: 42 });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.code).toBe('InvalidArgument');
  });

  it('sees writes immediately and queries relationships', async () => {
    await api.patch('/digitaltwins/q-5', [{ op: 'replace', path: '/AverageTemperature', value: -40 }]);
    const r = await api.post('/query', { query: 'SELECT T.$dtId FROM digitaltwins T WHERE T.AverageTemperature < -10' });
    expect(r.body.value).toEqual([{ $dtId: 'q-5' }]);
    const rel = await api.post('/query', { query: "SELECT * FROM relationships WHERE $sourceId = 'building-1'" });
    expect(rel.body.value.map((x: { $relationshipId: string }) => x.$relationshipId)).toEqual(['b1-has-f1']);
  });
});
