import { describe, expect, it } from 'vitest';
import type { DigitalTwin, Relationship } from '../../shared/adt';
import { executeQuery } from './index';
import { createMemorySource, M, rel, TEST_MODELS, twin, type MemorySource } from './test-source';

/** Small deterministic generator, so a failure replays. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const ROOM_MODELS = [M.room, M.room2, M.meetingRoom];

/** Ids are random strings so that inserts land before, inside and after the page being read. */
function estate(seed: number, n: number): { source: MemorySource; ids: string[]; rand: () => number } {
  const rand = lcg(seed);
  const twins: DigitalTwin[] = [];
  const relationships: Relationship[] = [];
  twins.push(twin('hub', M.building, { name: 'hub' }));
  for (let i = 0; i < n; i++) {
    const id = `t${Math.floor(rand() * 1e9).toString(36)}-${i}`;
    twins.push(twin(id, ROOM_MODELS[i % 3] as string, { temperature: i % 30, name: `Room ${i}` }));
    relationships.push(rel('hub', 'contains', id));
    if (i > 0) relationships.push(rel(twins[i]?.$dtId as string, 'adjacentTo', id));
  }
  return { source: createMemorySource({ models: TEST_MODELS, twins, relationships }), ids: twins.map((t) => t.$dtId), rand };
}

/**
 * Pages through `query` and calls `write` between pages. Returns every item's identity in the order served and
 * the number of pages.
 */
function pageThrough(source: MemorySource, query: string, pageSize: number, identity: (item: unknown) => string,
  write: (page: number) => void): { served: string[]; pages: number } {
  const served: string[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const page = executeQuery(token ? { continuationToken: token, query: 'SELECT COUNT() FROM DIGITALTWINS' } : { query }, source, { pageSize });
    pages++;
    expect(page.value.length).toBeLessThanOrEqual(pageSize);
    served.push(...page.value.map(identity));
    token = page.continuationToken;
    if (token) write(pages);
  } while (token);
  return { served, pages };
}

function expectExactlyOnce(served: string[], stable: Iterable<string>): void {
  const counts = new Map<string, number>();
  for (const id of served) counts.set(id, (counts.get(id) ?? 0) + 1);
  expect([...counts].filter(([, c]) => c > 1), 'served twice').toEqual([]);
  const missing = [...stable].filter((id) => !counts.has(id));
  expect(missing, 'never served').toEqual([]);
}

const dtId = (t: unknown) => (t as { $dtId: string }).$dtId;

describe('paging while writes go on', () => {
  it('SELECT * serves every twin that exists throughout exactly once despite inserts, deletes and updates', () => {
    const { source, ids, rand } = estate(1, 400);
    const deletable = new Set(ids.filter((_, i) => i % 5 === 0));
    const stable = new Set(ids.filter((id) => !deletable.has(id)));
    let inserted = 0;
    const { served, pages } = pageThrough(source, 'SELECT * FROM DIGITALTWINS', 9, dtId, () => {
      for (let k = 0; k < 6; k++) {
        // New twins land anywhere in the id order, deletions hit ids before and after the cursor alike.
        source.putTwin(twin(`t${Math.floor(rand() * 1e9).toString(36)}-new${inserted++}`, M.room, { temperature: 1 }));
        const victim = [...deletable][Math.floor(rand() * deletable.size)];
        if (victim) { source.deleteTwin(victim); deletable.delete(victim); }
        const touched = ids[Math.floor(rand() * ids.length)] as string;
        if (stable.has(touched)) source.putTwin(twin(touched, M.room, { temperature: 99 }));
      }
    });
    expect(pages).toBeGreaterThan(40);
    expectExactlyOnce(served, stable);
    // Served in the engine's key order ($dtId), which is what makes resuming after the last key sound.
    expect(served).toEqual([...served].sort());
  });

  it('an IS_OF_MODEL + property filter over several models (merged in id order) is neither skipped nor repeated', () => {
    const { source, ids, rand } = estate(2, 300);
    const stable = new Set<string>();
    for (const id of ids) {
      const t = source.getTwin(id) as DigitalTwin & { temperature?: number };
      if (id !== 'hub' && (t.temperature ?? 0) >= 10) stable.add(id);
    }
    const removable = ids.filter((id) => id !== 'hub' && !stable.has(id));
    const { served } = pageThrough(source, `SELECT T.$dtId FROM DIGITALTWINS T WHERE IS_OF_MODEL('${M.room}') AND T.temperature >= 10`, 7, dtId, () => {
      source.putTwin(twin(`a${Math.floor(rand() * 1e6)}`, M.meetingRoom, { temperature: 20 }));
      const victim = removable.pop();
      if (victim) source.deleteTwin(victim);
    });
    expectExactlyOnce(served, stable);
  });

  it('FROM RELATIONSHIPS pages by ($sourceId, $relationshipId) under relationship inserts and deletes', () => {
    const { source, ids, rand } = estate(3, 200);
    const all = [...source.relationshipsInOrder()];
    const deletable = all.filter((_, i) => i % 4 === 0);
    const stable = new Set(all.filter((_, i) => i % 4 !== 0).map((r) => `${r.$sourceId}/${r.$relationshipId}`));
    const { served } = pageThrough(source, 'SELECT * FROM RELATIONSHIPS', 11, (r) => {
      const x = r as Relationship;
      return `${x.$sourceId}/${x.$relationshipId}`;
    }, () => {
      const a = ids[Math.floor(rand() * ids.length)] as string;
      const b = ids[Math.floor(rand() * ids.length)] as string;
      source.putRelationship(rel(a, 'adjacentTo', b, {}, `x${Math.floor(rand() * 1e9)}`));
      const victim = deletable.pop();
      if (victim) source.deleteRelationship(victim.$sourceId, victim.$relationshipId);
    });
    expectExactlyOnce(served, stable);
  });

  it('a JOIN from one twin pages inside that twin\'s rows, by relationship, while relationships come and go', () => {
    const { source, ids, rand } = estate(4, 150);
    const rooms = ids.filter((id) => id !== 'hub');
    const removable = rooms.filter((_, i) => i % 3 === 0);
    const stable = new Set(rooms.filter((_, i) => i % 3 !== 0));
    const { served, pages } = pageThrough(source, "SELECT R.$dtId AS r, C.$relationshipId AS c FROM DIGITALTWINS H JOIN R RELATED H.contains C WHERE H.$dtId = 'hub'", 8, (x) => (x as { r: string }).r, () => {
      const victim = removable.pop();
      if (victim) source.deleteRelationship('hub', `hub-contains-${victim}`);
      const extra = twin(`n${Math.floor(rand() * 1e9)}`, M.room);
      source.putTwin(extra);
      source.putRelationship(rel('hub', 'contains', extra.$dtId));
    });
    expect(pages).toBeGreaterThan(10);
    expectExactlyOnce(served, stable);
  });

  it('a multi-hop MATCH pages distinct rows in key order while edges are added', () => {
    const { source, ids, rand } = estate(5, 120);
    const query = "SELECT z.$dtId AS z FROM DIGITALTWINS MATCH (h)-[:contains|adjacentTo*..2]->(z) WHERE h.$dtId = 'hub'";
    const before = new Set((executeQuery({ query }, source, { pageSize: 1000 }).value).map((x) => (x as { z: string }).z));
    expect(before.size).toBe(ids.length - 1);
    const { served } = pageThrough(source, query, 6, (x) => (x as { z: string }).z, () => {
      const a = ids[Math.floor(rand() * ids.length)] as string;
      const t = twin(`m${Math.floor(rand() * 1e9)}`, M.room);
      source.putTwin(t);
      source.putRelationship(rel(a, 'adjacentTo', t.$dtId));
    });
    expectExactlyOnce(served, before);
  });

  it('TOP(n) stops at n items in total across pages, even as twins are inserted before the cursor', () => {
    const { source } = estate(6, 100);
    let i = 0;
    const { served } = pageThrough(source, 'SELECT TOP(25) FROM DIGITALTWINS', 4, dtId, () => {
      source.putTwin(twin(`!early${i++}`, M.room));
    });
    expect(served).toHaveLength(25);
    expect(new Set(served).size).toBe(25);
  });

  it('gives the same result whatever order adjacency lists come in', () => {
    const forward = estate(8, 60).source;
    const { source: reversed } = ((): { source: MemorySource } => {
      const twins = [...forward.twinsInOrder()];
      const relationships = [...forward.relationshipsInOrder()].reverse();
      return { source: createMemorySource({ models: TEST_MODELS, twins: twins.reverse(), relationships }) };
    })();
    const query = "SELECT H, R, C FROM DIGITALTWINS H JOIN R RELATED H.contains C WHERE H.$dtId = 'hub'";
    const q2 = "SELECT z FROM DIGITALTWINS MATCH (h)-[*..2]-(z) WHERE h.$dtId = 'hub'";
    for (const q of [query, q2, 'SELECT * FROM RELATIONSHIPS']) {
      const a = pageThrough(forward, q, 5, (x) => JSON.stringify(x), () => {}).served;
      const b = pageThrough(reversed, q, 5, (x) => JSON.stringify(x), () => {}).served;
      expect(b).toEqual(a);
    }
  });
});
