import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTestGraph, startTestEmulator } from '../test-support';
import type { TestEmulator } from '../test-support';
import { dumpStore } from './dump';
import { describeFailures, loadCorpus, runAll } from './fuzz-run';
import { FUZZ_ROUTES, generateCase, limitQueries } from './generators';
import { Prng, seedFromEnv } from './prng';

/**
 * Fuzzing over HTTP: the seed corpus (corpus/*.json) plus generated inputs against every endpoint.
 * Every answer must be ADT-shaped and never a 5xx, every request must finish within its time limit, and the store
 * must be byte-for-byte the same afterwards. Replay a run with FUZZ_SEED=<seed>; FUZZ_INPUTS sets how many inputs
 * are generated (default 6,000: 8 to 20 s on the shared 2-core machine).
 */

const SEED = seedFromEnv('FUZZ_SEED', 20240917);
const GENERATED = seedFromEnv('FUZZ_INPUTS', 6000);
const WORKERS = 6;

let t: TestEmulator;

beforeAll(async () => {
  // A short query limit: random queries against a tiny graph never need more, and nothing may block for 60 s.
  t = await startTestEmulator({ limits: { queryTimeoutMs: 2000 } });
  await seedTestGraph(t.api);
  for (const id of FUZZ_ROUTES) expect((await t.api.put(`/eventroutes/${id}`, { endpointName: 'live', filter: 'true' })).status).toBe(204);
});
afterAll(async () => {
  await t.close();
});

describe('fuzzing every endpoint', () => {
  it('the documented query limits hold exactly at the limit and one past it', async () => {
    const { at, over } = limitQueries();
    for (const [name, query] of Object.entries(at)) {
      const r = await t.api.post('/query', { query });
      expect(r.status, `${name} at the limit: ${r.text}`).toBe(200);
    }
    for (const [name, query] of Object.entries(over)) {
      const r = await t.api.post('/query', { query });
      expect(r.status, `${name} over the limit`).toBe(400);
      expect(r.body.error.code).toBe('SqlQueryError');
    }
  });

  it('answers every corpus and generated input with an ADT-shaped 4xx (or a read), never a 5xx or a hang, and changes nothing', async () => {
    const before = await dumpStore(t.api);
    const corpus = loadCorpus();
    const rng = new Prng(SEED);
    const generated = Array.from({ length: GENERATED }, () => generateCase(rng));
    const started = performance.now();
    const outcomes = await runAll(t.api.baseUrl, [...corpus, ...generated], WORKERS);
    const elapsed = performance.now() - started;

    const kinds = new Map<string, number>();
    for (const o of outcomes) kinds.set(o.c.kind.replace(/^corpus:[^:]+:.*/, 'corpus'), (kinds.get(o.c.kind.replace(/^corpus:[^:]+:.*/, 'corpus')) ?? 0) + 1);
    const statuses = new Map<number, number>();
    for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    console.log(`fuzz: ${outcomes.length} inputs tried (${corpus.length} from the corpus, ${generated.length} generated with seed ${SEED}) ` +
      `in ${(elapsed / 1000).toFixed(1)} s; slowest answer ${slowest.toFixed(0)} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ` +
      `by kind ${JSON.stringify(Object.fromEntries([...kinds].sort()))}`);

    expect(describeFailures(outcomes)).toEqual([]);
    expect(corpus.length).toBeGreaterThan(50);
    // Every kind of input was exercised, and most inputs were refused (the generators aim at faults).
    expect(outcomes.filter((o) => o.status >= 400).length).toBeGreaterThan(outcomes.length * 0.8);

    const after = await dumpStore(t.api);
    expect(after).toEqual(before);
    expect((await t.api.get('/digitaltwins/building-1')).status).toBe(200);
  }, 120_000);
});
