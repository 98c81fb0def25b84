import { describe, expect, it } from 'vitest';
import { runCrashCycles } from './crash-harness';
import { seedFromEnv } from './prng';

/**
 * Crash safety under SIGKILL (design.md, "Reliability and security, as tests"): 20 kill-and-restart cycles (about 1.5 s each here; CRASH_CYCLES changes the
 * count, CRASH_SEED replays a run). `npm run bench -- crash-cycles` runs a heavier version with more writers.
 */
const CYCLES = seedFromEnv('CRASH_CYCLES', 20);
const SEED = seedFromEnv('CRASH_SEED', 4242);

describe('crash safety', () => {
  it(`after each of ${CYCLES} SIGKILLs mid-burst: every acknowledged write is there, no refused write is, no relationship is orphaned`, async () => {
    const report = await runCrashCycles({ cycles: CYCLES, seed: SEED, log: (line) => console.log(line) });
    console.log(`crash safety: ${report.cycles.length} kills, ${report.totals.acknowledged} acknowledged writes checked, ` +
      `${report.totals.failedAsExpected} refused writes checked, ${report.totals.inFlightAtKill} writes in flight at a kill`);
    expect(report.violations).toEqual([]);
    expect(report.cycles).toHaveLength(CYCLES);
    // The kills really landed mid-burst: writes were acknowledged in every cycle and some were cut off.
    for (const c of report.cycles) expect(c.acknowledged, `cycle ${c.cycle}`).toBeGreaterThan(0);
    expect(report.totals.inFlightAtKill).toBeGreaterThan(0);
  }, 120_000);
});
