// The fuzz soak: at least 100,000 seeded inputs (the corpus, then generated ones) against every endpoint of one
// emulator, in batches of FUZZ_BATCH (default 48) sent by FUZZ_WORKERS (default 8) clients. Every answer must be
// ADT-shaped and no 5xx, every request must be answered within its time limit, and after every batch the whole store
// (models, twins, relationships, routes, jobs, read over HTTP) must equal the store before it: the generated writes
// are all invalid by construction, so each one must be refused and leave nothing behind. An input that fails is
// appended to src/emulator/reliability/corpus/soak-failures.json (kept, so `npm test` replays it from then on).
// FUZZ_SEED and FUZZ_INPUTS replay or resize a run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { seedTestGraph, startTestEmulator } from '../src/emulator/test-support';
import { dumpStore } from '../src/emulator/reliability/dump';
import { describeFailures, loadCorpus, REQUEST_TIME_LIMIT_MS, runAll } from '../src/emulator/reliability/fuzz-run';
import type { CorpusFile, Outcome } from '../src/emulator/reliability/fuzz-run';
import { FUZZ_ROUTES, generateCase } from '../src/emulator/reliability/generators';
import type { FuzzCase } from '../src/emulator/reliability/generators';
import { Prng, seedFromEnv } from '../src/emulator/reliability/prng';

const FAILURES_FILE = fileURLToPath(new URL('../src/emulator/reliability/corpus/soak-failures.json', import.meta.url));

function keepFailures(cases: FuzzCase[]): void {
  const file: CorpusFile = existsSync(FAILURES_FILE)
    ? JSON.parse(readFileSync(FAILURES_FILE, 'utf8')) as CorpusFile
    : { description: 'Inputs that once failed the fuzz soak (npm run bench fuzz): a 5xx, a hang, an answer not ADT-shaped, or a refused write that changed the store. Kept so they stay fixed.', cases: [] };
  const seen = new Set(file.cases.map((c) => JSON.stringify(c)));
  for (const c of cases) {
    const kept = { ...c, kind: c.kind.replace(/^corpus:[^:]+:/, '') };
    if (!seen.has(JSON.stringify(kept))) file.cases.push(kept);
  }
  writeFileSync(FAILURES_FILE, JSON.stringify(file, null, 1) + '\n');
}

/** The store, read over HTTP; a connection the server closed while idle (keep-alive race) is retried once. */
async function dump(api: Parameters<typeof dumpStore>[0]): Promise<Awaited<ReturnType<typeof dumpStore>>> {
  try {
    return await dumpStore(api);
  } catch (err) {
    if (!/fetch failed/.test(String(err))) throw err;
    return dumpStore(api);
  }
}

const isWrite = (c: FuzzCase) => c.method !== 'GET' && c.method !== 'HEAD' && !(c.method === 'POST' && c.path.startsWith('/query'));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

export async function run(): Promise<object> {
  const seed = seedFromEnv('FUZZ_SEED', 20261202);
  const generatedCount = seedFromEnv('FUZZ_INPUTS', 100_000);
  const workers = seedFromEnv('FUZZ_WORKERS', 8);
  const batchSize = seedFromEnv('FUZZ_BATCH', 48);
  // A short query limit, as in the fuzz test: random queries against a tiny graph never need more.
  const t = await startTestEmulator({ limits: { queryTimeoutMs: 2000 } });
  try {
    await seedTestGraph(t.api);
    for (const id of FUZZ_ROUTES) await t.api.put(`/eventroutes/${id}`, { endpointName: 'live', filter: 'true' });
    const corpus = loadCorpus();
    const rng = new Prng(seed);
    const cases = [...corpus, ...Array.from({ length: generatedCount }, () => generateCase(rng))];

    const reference = await dump(t.api);
    const outcomes: Outcome[] = [];
    const failedCases: FuzzCase[] = [];
    let writes = 0;
    let storeChecks = 0;
    let changedBatches = 0;
    const started = performance.now();
    for (let i = 0; i < cases.length; i += batchSize) {
      const batch = cases.slice(i, i + batchSize);
      const answered = await runAll(t.api.baseUrl, batch, workers);
      outcomes.push(...answered);
      for (const o of answered) if (o.problem) failedCases.push(o.c);
      const batchWrites = batch.filter(isWrite);
      writes += batchWrites.length;
      if (batchWrites.length > 0) {
        storeChecks++;
        if (!isDeepStrictEqual(await dump(t.api), reference)) {
          // Some refused write of this batch left something behind: keep them all for bisecting, and stop.
          changedBatches++;
          failedCases.push(...batchWrites);
          break;
        }
      }
      if ((i / batchSize) % 200 === 0) console.log(`  ${i + batch.length} / ${cases.length} inputs, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    const elapsedS = (performance.now() - started) / 1000;
    if (failedCases.length > 0) keepFailures(failedCases);

    const statuses: Record<string, number> = {};
    for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
    const kinds: Record<string, number> = {};
    for (const o of outcomes) {
      const k = o.c.kind.startsWith('corpus:') ? 'corpus' : o.c.kind;
      kinds[k] = (kinds[k] ?? 0) + 1;
    }
    const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const result = {
      seed,
      inputs: outcomes.length,
      fromCorpus: corpus.length,
      generated: generatedCount,
      writes,
      storeChecks,
      storeChangedAfterRefusedWrites: changedBatches,
      serverErrors5xx: outcomes.filter((o) => o.status >= 500).length,
      hangs: outcomes.filter((o) => o.status === 0).length,
      notAdtShaped: outcomes.filter((o) => o.problem && o.status >= 400 && o.status < 500).length,
      failures: failedCases.length,
      firstFailures: describeFailures(outcomes),
      requestTimeLimitMs: REQUEST_TIME_LIMIT_MS,
      elapsedS: Math.round(elapsedS),
      inputsPerSecond: Math.round(outcomes.length / elapsedS),
      answerMs: { p50: Number(percentile(ms, 0.5).toFixed(1)), p95: Number(percentile(ms, 0.95).toFixed(1)), p99: Number(percentile(ms, 0.99).toFixed(1)), max: Math.round(ms.at(-1) ?? 0) },
      statuses,
      byKind: kinds,
    };
    if (failedCases.length > 0) throw Object.assign(new Error(`fuzz soak: ${failedCases.length} inputs failed (kept in corpus/soak-failures.json)`), { result });
    return result;
  } finally {
    await t.close();
  }
}
