// Crash safety at full size: 20 SIGKILLs at random moments during bursts from 8 concurrent writers, each
// followed by a restart on the same SQLite file and a full check (acknowledged writes present, refused writes absent,
// no orphan relationships). The test suite runs the same harness with 4 writers (src/emulator/reliability/crash.test.ts).
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runCrashCycles } from '../src/emulator/reliability/crash-harness';

export async function run(): Promise<object> {
  const started = performance.now();
  const report = await runCrashCycles({ cycles: 20, seed: Number(process.env['CRASH_SEED'] ?? 2024), writers: 8, killWindowMs: [50, 1500],
    log: (line) => console.log(line) });
  const restarts = report.cycles.map((c) => c.restartMs).sort((a, b) => a - b);
  const result = {
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
    kills: report.cycles.length,
    writers: 8,
    totals: report.totals,
    violations: report.violations,
    restartMs: { median: restarts[Math.floor(restarts.length / 2)] ?? 0, max: restarts[restarts.length - 1] ?? 0 },
    durationS: Math.round((performance.now() - started) / 1000),
    cycles: report.cycles,
    passed: report.violations.length === 0,
  };
  if (!result.passed) throw new Error(`crash safety violated:\n${report.violations.join('\n')}`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)), (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
