// `npm test`: every check CI runs, in order, stopping at the first failure so the exit code is honest.
import { spawnSync } from 'node:child_process';
import { chromiumMissingMessage, hasChromium } from './chromium.mjs';

const steps = [
  ['type check: shared', 'npx', ['tsc', '-p', 'src/shared/tsconfig.json']],
  ['type check: web', 'npx', ['tsc', '-p', 'src/web/tsconfig.json']],
  ['type check: emulator', 'npx', ['tsc', '-p', 'src/emulator/tsconfig.json']],
  // The emulator's portable core with WebWorker types and no Node types, as the static site's worker runs it.
  ['type check: emulator in a worker', 'npx', ['tsc', '-p', 'src/emulator/worker/tsconfig.json']],
  ['type check: tests and tools', 'npx', ['tsc', '-p', 'tsconfig.tools.json']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['unit and integration tests', 'npx', ['vitest', 'run']],
  ['build', 'npm', ['run', 'build', '--silent']],
  ['e2e (Playwright, Chromium)', 'npx', ['playwright', 'test']],
];

if (!hasChromium()) {
  console.error(chromiumMissingMessage);
  process.exit(1);
}

const started = Date.now();
for (const [name, cmd, args] of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${secs}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${secs}s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)}s.`);
