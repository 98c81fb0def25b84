// The static site on its own (dist/ from a plain static file server, no emulator behind it), in headless Chromium:
//  - time from opening the site to the sample graph drawn by the in-browser emulator (Web Worker, SQLite WASM, OPFS),
//    on a fresh profile each run (first visit: worker start, WASM compile, OPFS open, seed);
//  - the same queries in the worker and in the Node emulator, at ~10k and ~100k twins (the graph of query-http.ts,
//    seeded in both through an import job from the emulator's own scratch blobs), timed by the client in each case:
//    the page around the worker transport's fetch, Node around fetch over loopback. Ratio = worker / Node;
//  - the first screen's JavaScript (what index.html loads and preloads), gzipped, and that the worker and the WASM
//    are not part of it.
// Needs `npm run build` first. BENCH_STATIC_SIZES (default "10,99" buildings → 10,110 and 100,089 twins) scales it.
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { createEmulator } from '../src/emulator/server';
import { startStaticServer } from '../e2e/support/static-server';
import { M, ndjson } from './query-http';

const API = 'api-version=2023-10-31';
const SIZES = (process.env.BENCH_STATIC_SIZES ?? '10,99').split(',').map(Number);
const OPEN_RUNS = 3;
const ITERATIONS = 15;
const WARMUP = 3;
/** What the run is doing, on stderr: a long phase should be visible as such, not look like a hang. */
const progress = (what: string) => console.error(`[static-site ${new Date().toISOString().slice(11, 19)}] ${what}`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function stats(times: number[]): { p50: number; p95: number; max: number } {
  const s = [...times].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return { p50: round(at(50)), p95: round(at(95)), max: round(s[s.length - 1] ?? NaN) };
}

function firstScreen(dist: string): { kB: number; files: string[]; workerOrWasmIncluded: boolean } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) files.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) files.add(m[1]!);
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(dist, f.replace(/^\.?\//, '')))).length;
  return { kB: round(bytes / 1024, 1), files: [...files], workerOrWasmIncluded: [...files].some((f) => /emulator\.worker|sqlite3/.test(f)) };
}

interface Query { name: string; body: Record<string, unknown> }
function queries(buildings: number): Query[] {
  const b = `b${Math.floor(buildings / 2)}`;
  return [
    { name: 'IS_OF_MODEL + property filter (first page)', body: { query: `SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL('${M.room}') AND T.temperature > 23` } },
    { name: '3-hop MATCH from one twin', body: { query: `SELECT s FROM DIGITALTWINS MATCH (b)-[:contains]->(f)-[:contains]->(r)-[:hasSensor]->(s) WHERE b.$dtId = '${b}'` } },
    { name: 'COUNT() over all twins', body: { query: 'SELECT COUNT() FROM DIGITALTWINS' } },
    { name: 'twin GET', body: { get: `${b}-f3-r7` } },
  ];
}

/** Seeds through an import job and times each query, all inside the page, through the in-browser emulator. */
async function inWorker(page: Page, text: string, qs: Query[]): Promise<{ importMs: number; twins: number; times: Record<string, number[]>; paging: number[] }> {
  // tsx keeps function names with a helper the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate(async ({ text, qs, api, iterations, warmup }) => {
    const t = (globalThis as unknown as { twinscopeInBrowser: { fetch: typeof fetch; origin: string } }).twinscopeInBrowser;
    const call = async (method: string, path: string, body?: unknown, raw?: string) => {
      const res = await t.fetch(`${t.origin}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const s = await res.text();
      return { status: res.status, json: s ? JSON.parse(s) as Record<string, unknown> : null };
    };
    const started = performance.now();
    const blob = await call('PUT', '/_emulator/blobs/bench.ndjson', undefined, text);
    if (blob.status !== 201) throw new Error(`blob: ${blob.status}`);
    const job = await call('PUT', `/jobs/imports/bench?${api}`, { inputBlobUri: `${t.origin}/_emulator/blobs/bench.ndjson`, outputBlobUri: `${t.origin}/_emulator/blobs/bench.log` });
    if (job.status !== 201) throw new Error(`job: ${job.status} ${JSON.stringify(job.json)}`);
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const j = await call('GET', `/jobs/imports/bench?${api}`);
      if (j.json?.status === 'succeeded') break;
      if (performance.now() - started > 600_000) throw new Error(`import still ${String(j.json?.status)} after 10 min: ${JSON.stringify(j.json)}`);
      if (j.json?.status === 'failed' || j.json?.status === 'cancelled') throw new Error(`import ${String(j.json?.status)}`);
    }
    const importMs = performance.now() - started;
    const count = await call('POST', `/query?${api}`, { query: 'SELECT COUNT() FROM DIGITALTWINS' });
    const twins = ((count.json?.value as { COUNT: number }[])[0]!).COUNT;
    const times: Record<string, number[]> = {};
    for (const q of qs) {
      const one = async () => {
        const r = 'get' in q.body
          ? await call('GET', `/digitaltwins/${String(q.body.get)}?${api}`)
          : await call('POST', `/query?${api}`, q.body);
        if (r.status !== 200) throw new Error(`${q.name}: ${r.status}`);
      };
      for (let i = 0; i < warmup; i++) await one();
      times[q.name] = [];
      for (let i = 0; i < iterations; i++) {
        const t0 = performance.now();
        await one();
        times[q.name]!.push(performance.now() - t0);
      }
    }
    const paging: number[] = [];
    for (let run = 0; run < 2; run++) {
      const t0 = performance.now();
      let token: string | null = null;
      let n = 0;
      do {
        const r = await call('POST', `/query?${api}`, token ? { continuationToken: token } : { query: 'SELECT * FROM DIGITALTWINS' });
        n += (r.json?.value as unknown[]).length;
        token = (r.json?.continuationToken as string | null) ?? null;
      } while (token);
      if (n !== twins) throw new Error(`paging served ${n} of ${twins}`);
      paging.push(performance.now() - t0);
    }
    return { importMs, twins, times, paging };
  }, { text, qs, api: API, iterations: ITERATIONS, warmup: WARMUP });
}

/** The same in the Node emulator, from a client in this process over loopback. */
async function inNode(text: string, qs: Query[]): Promise<{ importMs: number; twins: number; times: Record<string, number[]>; paging: number[] }> {
  const emulator = await createEmulator({ db: ':memory:', port: 0, httpPort: 0, seed: 'none', quiet: true, dataDir: join(process.cwd(), 'test-results', 'bench-static') });
  const base = emulator.httpUrl!;
  const call = async (method: string, path: string, body?: unknown, raw?: string) => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const s = await res.text();
    return { status: res.status, json: s ? JSON.parse(s) as Record<string, unknown> : null };
  };
  try {
    const started = performance.now();
    if ((await call('PUT', '/_emulator/blobs/bench.ndjson', undefined, text)).status !== 201) throw new Error('blob');
    const job = await call('PUT', `/jobs/imports/bench?${API}`, { inputBlobUri: `${base}/_emulator/blobs/bench.ndjson`, outputBlobUri: `${base}/_emulator/blobs/bench.log` });
    if (job.status !== 201) throw new Error(`job: ${job.status}`);
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const j = await call('GET', `/jobs/imports/bench?${API}`);
      if (j.json?.status === 'succeeded') break;
      if (performance.now() - started > 600_000) throw new Error(`import still ${String(j.json?.status)} after 10 min`);
      if (j.json?.status === 'failed' || j.json?.status === 'cancelled') throw new Error(`import ${String(j.json?.status)}`);
    }
    const importMs = performance.now() - started;
    const twins = ((await call('POST', `/query?${API}`, { query: 'SELECT COUNT() FROM DIGITALTWINS' })).json?.value as { COUNT: number }[])[0]!.COUNT;
    const times: Record<string, number[]> = {};
    for (const q of qs) {
      const one = async () => {
        const r = 'get' in q.body ? await call('GET', `/digitaltwins/${String(q.body.get)}?${API}`) : await call('POST', `/query?${API}`, q.body);
        if (r.status !== 200) throw new Error(`${q.name}: ${r.status}`);
      };
      for (let i = 0; i < WARMUP; i++) await one();
      times[q.name] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const t0 = performance.now();
        await one();
        times[q.name]!.push(performance.now() - t0);
      }
    }
    const paging: number[] = [];
    for (let run = 0; run < 2; run++) {
      const t0 = performance.now();
      let token: string | null = null;
      let n = 0;
      do {
        const r = await call('POST', `/query?${API}`, token ? { continuationToken: token } : { query: 'SELECT * FROM DIGITALTWINS' });
        n += (r.json?.value as unknown[]).length;
        token = (r.json?.continuationToken as string | null) ?? null;
      } while (token);
      if (n !== twins) throw new Error(`paging served ${n} of ${twins}`);
      paging.push(performance.now() - t0);
    }
    return { importMs, twins, times, paging };
  } finally {
    await emulator.close();
  }
}

export async function run(): Promise<object> {
  const dist = 'dist';
  if (!existsSync(join(dist, 'index.html'))) throw new Error('No dist/: run `npm run build` first.');
  const site = await startStaticServer(dist);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    // ---- open → sample graph drawn, fresh profile each time ----
    const opens: { drawnMs: number; bannerMs: number; offOrigin: number }[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const urls: string[] = [];
      context.on('request', (r) => urls.push(r.url()));
      progress(`open ${i + 1}/${OPEN_RUNS}`);
      const t0 = performance.now();
      await page.goto(`${site.url}/`);
      const run = page.locator('[data-region="query"]').getByRole('button', { name: 'Run', exact: true });
      await run.waitFor();
      await run.click();
      await page.getByTestId('graph-counts').filter({ hasText: /^19 twins · 24 relationships/ }).waitFor({ timeout: 60_000 });
      const drawnMs = performance.now() - t0;
      await page.getByRole('status', { name: 'In-browser data' }).filter({ hasText: 'Demo data lives in this browser' }).waitFor();
      const bannerMs = performance.now() - t0;
      opens.push({ drawnMs: round(drawnMs, 0), bannerMs: round(bannerMs, 0), offOrigin: urls.filter((u) => !u.startsWith(site.url) && !u.startsWith('data:') && !u.startsWith('blob:')).length });
      await context.close();
    }

    // ---- the same queries, worker vs Node ----
    const sizes = [];
    for (const buildings of SIZES) {
      const graph = ndjson(buildings);
      const qs = queries(buildings);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${site.url}/`);
      await page.getByRole('status', { name: 'In-browser data' }).filter({ hasText: 'Demo data lives in this browser' }).waitFor({ timeout: 60_000 });
      page.on('console', (m) => { if (m.type() === 'error') progress(`page: ${m.text()}`); });
      progress(`${graph.twins} twins in the worker`);
      const worker = await inWorker(page, graph.text, qs);
      await context.close();
      progress(`${graph.twins} twins in Node`);
      const node = await inNode(graph.text, qs);
      if (worker.twins !== graph.twins + 19 || node.twins !== graph.twins) {
        throw new Error(`twin counts: worker ${worker.twins} (with the 19 of the sample), node ${node.twins}, expected ${graph.twins}`);
      }
      const cases = [...qs.map((q) => q.name), 'paging through all twins (1,000 per page, total)'].map((name) => {
        const w = stats(name.startsWith('paging') ? worker.paging : worker.times[name]!);
        const n = stats(name.startsWith('paging') ? node.paging : node.times[name]!);
        return { name, worker: w, node: n, ratioP50: round(w.p50 / Math.max(n.p50, 0.001)), ratioP95: round(w.p95 / Math.max(n.p95, 0.001)) };
      });
      sizes.push({
        twins: { worker: worker.twins, node: node.twins },
        relationships: graph.relationships,
        importMs: { worker: round(worker.importMs, 0), node: round(node.importMs, 0) },
        cases,
      });
    }
    const drawn = opens.map((o) => o.drawnMs).sort((a, b) => a - b);
    return {
      note: 'Worker = the in-browser emulator on SQLite WASM (OPFS, opfs-sahpool) in headless Chromium, timed in the page around the worker transport; Node = the Node emulator (better-sqlite3, :memory:) timed by a client in the same process over loopback. The worker graph also holds the 19 sample twins. The open time includes one click on Run as soon as it shows.',
      openToSampleGraphDrawnMs: { runs: opens, median: drawn[Math.floor(drawn.length / 2)] },
      firstScreenJs: firstScreen(dist),
      sizes,
    };
  } finally {
    await browser.close();
    await site.close();
  }
}
