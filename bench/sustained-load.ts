// Sustained mixed load (the throughput bar): twin GET + PATCH (half each) from 32 keep-alive clients on loopback, paced at the
// throughput bar of 2,000 ops/s for 60 s, against the emulator in its own process on a SQLite file (WAL).
// Latency is taken from each request's scheduled start (no coordinated omission). For scale, the same paced load
// runs for 10 s against a bare node:http server in the same run: the latency floor of this machine and load generator.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareLoad, runLoad, startEmulatorProcess, stopProcess } from '../src/emulator/reliability/load';
import type { LoadResult } from '../src/emulator/reliability/load';

const RATE = 2000;
const DURATION_MS = Number(process.env['LOAD_DURATION_MS'] ?? 60_000);
const WARMUP_MS = 5000;
const CONCURRENCY = 32;
const TWINS = 1000;

function startBare(): Promise<{ child: ReturnType<typeof spawn>; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', `
      const body = JSON.stringify({ $dtId: 'load-1', $etag: 'W/"00000000-0000-4000-8000-000000000000"', temperature: 20, label: 'sensor 1',
        $metadata: { $model: 'dtmi:load:Sensor;1', $lastUpdateTime: '2024-01-01T00:00:00.0000000Z', temperature: { lastUpdateTime: '2024-01-01T00:00:00.0000000Z' } } });
      require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => {
        if (q.method === 'PATCH') { s.writeHead(204); s.end(); return; }
        s.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }); s.end(body); }); })
        .listen(0, '127.0.0.1', function () { console.log('PORT ' + this.address().port); });
      process.on('SIGTERM', () => process.exit(0));`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
}

export async function run(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'twinscope-sustained-'));
  const emulator = await startEmulatorProcess(join(dir, 'load.db'), dir);
  let bare: Awaited<ReturnType<typeof startBare>> | undefined;
  try {
    await prepareLoad(emulator.port, TWINS);
    const common = { concurrency: CONCURRENCY, twins: TWINS, targetRate: RATE };
    await runLoad({ ...common, port: emulator.port, durationMs: WARMUP_MS, seed: 1 });
    const load: LoadResult = await runLoad({ ...common, port: emulator.port, durationMs: DURATION_MS, seed: 2 });
    bare = await startBare();
    await runLoad({ ...common, port: bare.port, durationMs: 2000, seed: 3 });
    const baseline = await runLoad({ ...common, port: bare.port, durationMs: 10_000, seed: 4 });
    const slowestSecond = Math.min(...load.perSecond);
    const result = {
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      setup: { targetOpsPerSec: RATE, durationMs: DURATION_MS, warmupMs: WARMUP_MS, concurrency: CONCURRENCY, twins: TWINS,
        mix: 'twin GET 50%, unconditional twin PATCH 50%', store: 'SQLite file (WAL)', transport: 'http keep-alive, loopback' },
      emulator: { ...load, slowestSecondOps: slowestSecond },
      bareNodeHttpBaseline: { opsPerSec: baseline.opsPerSec, errors: baseline.errors, latencyMs: baseline.latencyMs },
      bar: {
        target: `>= ${RATE} ops/s GET+PATCH for ${DURATION_MS / 1000} s with zero errors`,
        met: load.errors === 0 && load.opsPerSec >= RATE * 0.99 && load.ops === Math.floor(DURATION_MS / (1000 / RATE)),
      },
    };
    console.log(`sustained load: ${load.ops} ops in ${DURATION_MS / 1000} s at ${load.opsPerSec} ops/s (slowest second ${slowestSecond}), ` +
      `${load.errors} errors, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, p99.9 ${load.latencyMs.p999} ms; ` +
      `bare node:http at the same pace: p99 ${baseline.latencyMs.p99} ms`);
    return result;
  } finally {
    if (bare) await stopProcess(bare.child);
    await stopProcess(emulator.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)), (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
