import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { executeQuery } from './index';
import { buildingGraph } from './test-source';

const SEEDS = [
  "SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:example:Room;1') AND temperature > 20",
  "SELECT T.name AS n, CT FROM DIGITALTWINS T JOIN CT RELATED T.contains R WHERE T.$dtId = 'bldg1' AND R.since >= 2020",
  "SELECT a, r, b FROM DIGITALTWINS MATCH (a)-[r:contains]->(b)<-[:x|y*1..3]-(c)-[*..2]-() WHERE a.$dtId IN ['bldg1', 'floor1']",
  "SELECT COUNT() FROM RELATIONSHIPS R WHERE STARTS_WITH(R.$sourceId, 'fl') OR NOT ARRAY_CONTAINS(R.tags, 'x')",
  "SELECT TOP(3) T.$dtId FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:example:Space;1', exact) AND T.[[group]] NIN [1, 'a', null]",
];
const PIECES = ['(', ')', '[', ']', "'", ',', '.', '*', '..', '-', '<', '>', '=', ' AND ', ' OR ', ' NOT ', 'SELECT', 'FROM', 'WHERE',
  'JOIN', 'MATCH', 'RELATED', 'IS_OF_MODEL(', 'COUNT()', 'TOP(2)', '$dtId', '[[', ']]', '\\', '1', 'T', ' ', '\n', '#', '"'];

/** Deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('fuzzing', () => {
  it('answers malformed queries with an ApiError (400), never another exception', () => {
    const random = rng(42);
    const source = buildingGraph();
    let tried = 0;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      let q = SEEDS[Math.floor(random() * SEEDS.length)] as string;
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (q.length + 1));
        const kind = random();
        if (kind < 0.4) q = q.slice(0, at) + q.slice(at + 1 + Math.floor(random() * 6));
        else if (kind < 0.8) q = q.slice(0, at) + (PIECES[Math.floor(random() * PIECES.length)] as string) + q.slice(at);
        else q = q.slice(0, at);
      }
      tried++;
      try {
        executeQuery({ query: q }, source, { pageSize: 5 });
      } catch (err) {
        if (!(err instanceof ApiError)) throw new Error(`query ${JSON.stringify(q)} threw ${String(err)}`, { cause: err });
        expect(err.status).toBe(400);
        rejected++;
      }
    }
    expect(tried).toBe(3000);
    expect(rejected).toBeGreaterThan(1000);
  });
});
