// Emulator throughput: twin GET and PATCH with concurrent keep-alive clients on loopback, against a bare node:http
// server answering a fixed body in the same run (the ratio is the figure that travels between machines).
// The servers run in child processes so that the load generator does not share their event loop.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONCURRENCY = 16;
const DURATION_MS = 5000;
const WARMUP_MS = 500;
const TWINS = 1000;
const API = 'api-version=2023-10-31';
const MODEL = 'dtmi:bench:Sensor;1';

interface Phase { ops: number; opsPerSec: number; errors: number; p50Ms: number; p99Ms: number; durationMs: number }

function startChild(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}${err}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m });
      }
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function send(agent: Agent, port: number, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: 'Bearer bench' };
    if (body !== undefined) {
      headers['content-type'] = method === 'PATCH' ? 'application/json-patch+json' : 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `op` from CONCURRENCY workers for the duration; latencies after the warm-up are recorded. */
async function load(op: (worker: number, i: number) => Promise<number>, okStatus: number): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  const warmEnd = performance.now() + WARMUP_MS;
  const end = warmEnd + DURATION_MS;
  let measuredStart = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, worker) => {
    for (let i = 0; ; i++) {
      const t0 = performance.now();
      if (t0 >= end) return;
      let status: number;
      try {
        status = await op(worker, i);
      } catch {
        status = -1;
      }
      const t1 = performance.now();
      if (t0 < warmEnd) continue;
      if (measuredStart === 0) measuredStart = t0;
      latencies.push(t1 - t0);
      if (status !== okStatus) errors++;
    }
  }));
  const durationMs = performance.now() - Math.max(measuredStart, warmEnd);
  const sorted = Float64Array.from(latencies).sort();
  return {
    ops: latencies.length,
    opsPerSec: Math.round(latencies.length / (durationMs / 1000)),
    errors,
    p50Ms: Number(percentile(sorted, 50).toFixed(3)),
    p99Ms: Number(percentile(sorted, 99).toFixed(3)),
    durationMs: Math.round(durationMs),
  };
}

export async function run(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'twinscope-bench-'));
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const children: ChildProcess[] = [];
  try {
    // The emulator with a real data file (WAL), as users run it.
    const emu = await startChild(['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--http-port', '0',
      '--db', join(dir, 'bench.db'), '--data-dir', dir, '--quiet'], /listening on http:\/\/127\.0\.0\.1:(\d+)/);
    children.push(emu.child);
    const port = Number(emu.match[1]);

    const model = [{
      '@id': MODEL, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3',
      contents: [
        { '@type': 'Property', name: 'temperature', schema: 'double' },
        { '@type': 'Property', name: 'label', schema: 'string' },
        { '@type': 'Property', name: 'online', schema: 'boolean' },
      ],
    }];
    if ((await send(agent, port, 'POST', `/models?${API}`, JSON.stringify(model))) !== 201) throw new Error('model upload failed');
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < TWINS; i = next++) {
        const status = await send(agent, port, 'PUT', `/digitaltwins/twin-${i}?${API}`,
          JSON.stringify({ $metadata: { $model: MODEL }, temperature: 20, label: `Sensor ${i}`, online: true }));
        if (status !== 200) throw new Error(`twin create failed: ${status}`);
      }
    }));

    const get = await load((w, i) => send(agent, port, 'GET', `/digitaltwins/twin-${(w * 7919 + i * 31) % TWINS}?${API}`), 200);
    const patch = await load((w, i) => send(agent, port, 'PATCH', `/digitaltwins/twin-${(w * 7919 + i * 31) % TWINS}?${API}`,
      JSON.stringify([{ op: 'replace', path: '/temperature', value: (w * 1000 + i) % 500 }])), 204);

    // The same kind of answer from a bare server: the ceiling of node:http on this machine.
    const sample = JSON.stringify({ $dtId: 'twin-1', $etag: 'W/"00000000-0000-4000-8000-000000000000"', temperature: 20, label: 'Sensor 1', online: true,
      $metadata: { $model: MODEL, $lastUpdateTime: '2024-01-01T00:00:00.0000000Z', temperature: { lastUpdateTime: '2024-01-01T00:00:00.0000000Z' } } });
    const bare = await startChild(['-e', `
      const body = ${JSON.stringify(sample)};
      require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }); s.end(body); }); })
        .listen(0, '127.0.0.1', function () { console.log('PORT ' + this.address().port); });
      process.on('SIGTERM', () => process.exit(0));`], /PORT (\d+)/);
    children.push(bare.child);
    const barePort = Number(bare.match[1]);
    const baseline = await load(() => send(agent, barePort, 'GET', '/digitaltwins/twin-1'), 200);

    const result = {
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
      setup: { concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, twins: TWINS, store: 'SQLite file (WAL)', transport: 'http keep-alive, loopback' },
      twinGet: get,
      twinPatch: patch,
      bareNodeHttp: baseline,
      ratioToBare: {
        get: Number((get.opsPerSec / baseline.opsPerSec).toFixed(3)),
        patch: Number((patch.opsPerSec / baseline.opsPerSec).toFixed(3)),
      },
      bar: { target: '>= 2000 ops/s each, zero errors', met: get.opsPerSec >= 2000 && patch.opsPerSec >= 2000 && get.errors === 0 && patch.errors === 0 },
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    agent.destroy();
    await Promise.all(children.map(stop));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
