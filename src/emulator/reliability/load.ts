import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { API_VERSION } from '../../shared/adt';
import { Prng } from './prng';

/**
 * Sustained mixed load (the throughput bar: twin GET and PATCH >= 2,000/s): twin GETs and PATCHes from concurrent keep-alive clients on loopback, paced at a
 * target rate. Latency is measured from each request's scheduled start, not from when it was actually sent, so a
 * server that falls behind shows it in p99 instead of hiding it (no coordinated omission).
 * Used by bench/sustained-load.ts (60 s at the 2,000 ops/s bar) and by a short test.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const V = `api-version=${API_VERSION}`;
export const LOAD_MODEL = 'dtmi:load:Sensor;1';

export interface LoadOptions {
  port: number;
  durationMs: number;
  /** Requests per second to schedule, GETs and PATCHes together. */
  targetRate: number;
  concurrency: number;
  twins: number;
  /** Share of PATCHes (the rest are GETs). */
  patchShare?: number;
  seed?: number;
}

export interface LoadResult {
  target: { opsPerSec: number; durationMs: number; concurrency: number; twins: number; patchShare: number };
  ops: number;
  opsPerSec: number;
  gets: number;
  patches: number;
  errors: number;
  /** Status counts of the answers that were not the expected 200 / 204 (and -1 for transport failures). */
  errorStatuses: Record<string, number>;
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number };
  /** Completed operations in each second of the run: a sustained rate has no dips. */
  perSecond: number[];
}

function send(agent: Agent, port: number, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = {};
    if (body !== undefined) {
      headers['content-type'] = 'application/json-patch+json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(-1));
    });
    req.on('error', () => resolve(-1));
    req.end(body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
}

/** Creates the model and `twins` twins the load works on. */
export async function prepareLoad(port: number, twins: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  try {
    const model = [{
      '@id': LOAD_MODEL, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3',
      contents: [{ '@type': 'Property', name: 'temperature', schema: 'double' }, { '@type': 'Property', name: 'label', schema: 'string' }],
    }];
    const m = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify(model);
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: `/models?${V}`, agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
    if (m !== 201 && m !== 409) throw new Error(`model upload failed: ${m}`);
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let i = next++; i < twins; i = next++) {
        const body = JSON.stringify({ $metadata: { $model: LOAD_MODEL }, temperature: 20, label: `sensor ${i}` });
        const status = await new Promise<number>((resolve) => {
          const req = request({ host: '127.0.0.1', port, method: 'PUT', path: `/digitaltwins/load-${i}?${V}`, agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', () => resolve(-1));
          req.end(body);
        });
        if (status !== 200) throw new Error(`twin create failed: ${status}`);
      }
    }));
  } finally {
    agent.destroy();
  }
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const patchShare = o.patchShare ?? 0.5;
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const rng = new Prng(o.seed ?? 1);
  const latencies: number[] = [];
  const errorStatuses: Record<string, number> = {};
  const perSecond: number[] = [];
  let gets = 0;
  let patches = 0;
  const interval = 1000 / o.targetRate;
  const total = Math.floor(o.durationMs / interval);
  const start = performance.now() + 50;
  let next = 0;
  try {
    await Promise.all(Array.from({ length: o.concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const scheduled = start + i * interval;
        const wait = scheduled - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const twin = `load-${rng.int(0, o.twins - 1)}`;
        const patch = rng.chance(patchShare);
        const status = patch
          ? await send(agent, o.port, 'PATCH', `/digitaltwins/${twin}?${V}`,
            JSON.stringify([{ op: 'replace', path: '/temperature', value: rng.int(-400, 400) / 10 }]))
          : await send(agent, o.port, 'GET', `/digitaltwins/${twin}?${V}`);
        const done = performance.now();
        latencies.push(done - scheduled);
        const second = Math.floor((done - start) / 1000);
        perSecond[second] = (perSecond[second] ?? 0) + 1;
        if (patch) patches++;
        else gets++;
        if (status !== (patch ? 204 : 200)) errorStatuses[String(status)] = (errorStatuses[String(status)] ?? 0) + 1;
      }
    }));
  } finally {
    agent.destroy();
  }
  const elapsed = performance.now() - start;
  const sorted = Float64Array.from(latencies).sort();
  return {
    target: { opsPerSec: o.targetRate, durationMs: o.durationMs, concurrency: o.concurrency, twins: o.twins, patchShare },
    ops: latencies.length,
    opsPerSec: Math.round(latencies.length / (elapsed / 1000)),
    gets,
    patches,
    errors: Object.values(errorStatuses).reduce((a, b) => a + b, 0),
    errorStatuses,
    latencyMs: {
      p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), p999: percentile(sorted, 99.9),
      max: percentile(sorted, 100),
    },
    // The last second is partial; it is left out so that a dip means a real dip.
    perSecond: Array.from({ length: Math.max(0, Math.floor(o.durationMs / 1000)) }, (_, i) => perSecond[i] ?? 0),
  };
}

/** The emulator as users run it: its own process, a SQLite file in WAL mode. */
export function startEmulatorProcess(db: string, dataDir: string, extraArgs: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--http-port', '0',
      '--db', db, '--data-dir', dataDir, '--quiet', ...extraArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${out}${err}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code}: ${err}`));
    });
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
