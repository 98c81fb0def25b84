import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildingTwin, seedTestGraph, startTestEmulator, TEST_IDS } from '../test-support';
import type { TestApi, TestEmulator } from '../test-support';

/** Paging over HTTP while other clients write: the result must neither skip nor repeat an item. */

let t: TestEmulator;
let api: TestApi;
const TWINS = 1100;
/** Ids in random order, so new twins land before, inside and after the page being read. */
const id = (i: number) => `p-${((i * 7919) % 10007).toString(36)}-${i}`;

async function inParallel(n: number, work: (i: number) => Promise<void>, lanes = 8): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < n) await work(next++);
  }));
}

async function ok(r: Promise<{ status: number; text: string }>): Promise<void> {
  const res = await r;
  if (res.status >= 300) throw new Error(`${res.status} ${res.text}`);
}

beforeAll(async () => {
  t = await startTestEmulator();
  api = t.api;
  await seedTestGraph(api);
  await inParallel(TWINS, (i) => ok(api.put(`/digitaltwins/${id(i)}`, buildingTwin({ AverageTemperature: i }))));
  await inParallel(TWINS, (i) => ok(api.put(`/digitaltwins/${id(i)}/relationships/near-${i}`, { $relationshipName: 'near', $targetId: id((i + 1) % TWINS) })));
}, 120_000);
afterAll(async () => t.close());

/** Follows continuation tokens to the end while `write` runs concurrently; returns the identities served. */
async function pageAll(query: string, pageSize: number, identity: (x: Record<string, string>) => string,
  write: (stop: () => boolean) => Promise<void>): Promise<{ served: string[]; pages: number; writes: number }> {
  let done = false;
  let writes = 0;
  const writer = (async () => {
    while (!done) {
      await write(() => done);
      writes++;
    }
  })();
  const served: string[] = [];
  let pages = 0;
  try {
    let token: string | null = null;
    do {
      const r = await api.post('/query', token ? { query, continuationToken: token } : { query }, { headers: { 'max-items-per-page': String(pageSize) } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.value.length).toBeLessThanOrEqual(pageSize);
      served.push(...(r.body.value as Record<string, string>[]).map(identity));
      token = r.body.continuationToken;
      pages++;
      // Let the writers in between pages as well as during them.
      await new Promise((resolve) => setTimeout(resolve, 1));
    } while (token);
  } finally {
    done = true;
    await writer;
  }
  return { served, pages, writes };
}

function expectExactlyOnce(served: string[], stable: Iterable<string>): void {
  const counts = new Map<string, number>();
  for (const x of served) counts.set(x, (counts.get(x) ?? 0) + 1);
  expect([...counts].filter(([, c]) => c > 1), 'served twice').toEqual([]);
  expect([...stable].filter((x) => !counts.has(x)), 'never served').toEqual([]);
}

describe('POST /query paging under concurrent writes', () => {
  it('serves every twin that exists throughout exactly once while twins are inserted, deleted and patched', async () => {
    // Twins i % 4 === 0 may be deleted (with their relationships); the rest exist throughout.
    const deletable = Array.from({ length: TWINS }, (_, i) => i).filter((i) => i % 4 === 0).reverse();
    const stable = new Set(['building-1', 'floor-1', 'room-1', ...Array.from({ length: TWINS }, (_, i) => i).filter((i) => i % 4 !== 0).map(id)]);
    let n = 0;
    const { served, pages, writes } = await pageAll('SELECT T.$dtId FROM DIGITALTWINS T', 37, (x) => x['$dtId'] as string, async () => {
      const k = n++;
      await ok(api.put(`/digitaltwins/${id(TWINS + 1000 + k)}`, buildingTwin()));
      const victim = deletable.pop();
      if (victim !== undefined) {
        await ok(api.delete(`/digitaltwins/${id(victim)}/relationships/near-${victim}`));
        const incoming = (victim + TWINS - 1) % TWINS;
        await ok(api.delete(`/digitaltwins/${id(incoming)}/relationships/near-${incoming}`));
        await ok(api.delete(`/digitaltwins/${id(victim)}`));
      }
      const touched = 1 + 4 * (k % 200);
      await ok(api.patch(`/digitaltwins/${id(touched)}`, [{ op: 'replace', path: '/AverageTemperature', value: -k }]));
    });
    expect(pages).toBeGreaterThan(25);
    expect(writes).toBeGreaterThan(5);
    expectExactlyOnce(served, stable);
  });

  it('pages relationships the same way while relationships are added and removed', async () => {
    const before = new Set<string>();
    let token: string | null = null;
    do {
      const r = await api.post('/query', token ? { continuationToken: token } : { query: 'SELECT R.$sourceId, R.$relationshipId FROM RELATIONSHIPS R' });
      for (const x of r.body.value as Record<string, string>[]) before.add(`${x['$sourceId']}/${x['$relationshipId']}`);
      token = r.body.continuationToken;
    } while (token);
    const count = await api.post('/query', { query: 'SELECT COUNT() FROM RELATIONSHIPS' });
    expect(count.body.value).toEqual([{ COUNT: before.size }]);
    // Relationships named near-<i> with i % 3 === 0 may go; the others exist throughout.
    const removable = [...before].filter((k) => /\/near-\d+$/.test(k) && Number(k.split('near-')[1]) % 3 === 0);
    const stable = [...before].filter((k) => !removable.includes(k));
    let n = 0;
    const { served } = await pageAll('SELECT R.$sourceId, R.$relationshipId FROM RELATIONSHIPS R', 41,
      (x) => `${x['$sourceId']}/${x['$relationshipId']}`, async () => {
        const k = n++;
        const sources = stable.filter((x) => x.startsWith('p-'));
        const source = sources[(k * 31) % sources.length]?.split('/')[0] as string;
        await ok(api.put(`/digitaltwins/${source}/relationships/extra-${k}`, { $relationshipName: 'near', $targetId: 'room-1' }));
        const victim = removable.pop();
        if (victim) {
          const [src, relId] = victim.split('/') as [string, string];
          await ok(api.delete(`/digitaltwins/${src}/relationships/${relId}`));
        }
      });
    expectExactlyOnce(served, stable);
  });

  it('defaults to 1,000 items per page and caps max-items-per-page at 1,000', async () => {
    const query = `SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('${TEST_IDS.building}')`;
    const byDefault = await api.post('/query', { query });
    expect(byDefault.body.value).toHaveLength(1000);
    const capped = await api.post('/query', { query }, { headers: { 'max-items-per-page': '5000' } });
    expect(capped.body.value).toHaveLength(1000);
    expect(typeof capped.body.continuationToken).toBe('string');
    const rest = await api.post('/query', { continuationToken: capped.body.continuationToken }, { headers: { 'max-items-per-page': '5000' } });
    expect(rest.body.continuationToken).toBeNull();
    const total = await api.post('/query', { query: `SELECT COUNT() FROM DIGITALTWINS WHERE IS_OF_MODEL('${TEST_IDS.building}')` });
    expect(capped.body.value.length + rest.body.value.length).toBe(total.body.value[0].COUNT);
  });

  it('answers a tampered token with 400 BadRequest, also when the query is sent too', async () => {
    const first = await api.post('/query', { query: 'SELECT * FROM DIGITALTWINS' }, { headers: { 'max-items-per-page': '3' } });
    const token = first.body.continuationToken as string;
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...body, k: ['zzz'] })).toString('base64url');
    const r = await api.post('/query', { query: 'SELECT * FROM DIGITALTWINS', continuationToken: tampered });
    expect([r.status, r.body.error.code]).toEqual([400, 'BadRequest']);
  });
});
