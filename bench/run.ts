// `npm run bench`: runs every benchmark module in this folder (or those named on the command line), prints each
// one's figures with the machine it ran on, and keeps the raw results in bench/results/.
// Each module exports `run(): Promise<object>`; ratios against a baseline measured in the same run are preferred
// to absolute figures, because these machines are shared and noisy.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => basename(f, '.ts'))
  .filter((name) => requested.length === 0 || requested.includes(name))
  .sort();

export const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};

const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);
if (modules.length === 0) {
  console.error(requested.length ? `No benchmark named ${requested.join(', ')}` : 'No benchmarks found.');
  process.exit(1);
}

let failed = false;
for (const name of modules) {
  console.log(`\n=== ${name} ===`);
  const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as { run?: () => Promise<object> };
  if (typeof mod.run !== 'function') {
    console.error(`${name}.ts exports no run()`);
    failed = true;
    continue;
  }
  const startedAt = new Date().toISOString();
  try {
    const result = await mod.run();
    const record = { benchmark: name, startedAt, machine, result };
    const stamp = startedAt.replace(/[:.]/g, '-');
    writeFileSync(join(resultsDir, `${name}-${stamp}.json`), JSON.stringify(record, null, 2) + '\n');
    writeFileSync(join(resultsDir, `${name}-latest.json`), JSON.stringify(record, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } catch (err) {
    failed = true;
    console.error(`${name} failed:`, err);
  }
}
process.exit(failed ? 1 : 0);
