// Graph load in headless Chromium: from "run" to drawn and interactive, for 1k, 10k and 50k twins with twice as
// many relationships, measured side by side with ADT Explorer's loading strategy (relationships fetched 100 twins
// per request, re-drawn and re-laid out after every page) in the same run on the same emulator. Above 60k elements
// the app draws an overview by model by default; `twinscope-every-twin` measures drawing every twin anyway.
// BENCH_GRAPH_WEBGL=1 switches on the app's WebGL renderer (through SwiftShader where there is no GPU: on this
// project's GPU-less machines it measured slower than canvas, 4.9 s vs 3.5 s at 10k twins).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createEmulator } from '../src/emulator/server';
import { importGraph, RECORD_FRAMES, STOP_FRAMES } from './_bench-graph';

const SIZES = (process.env.BENCH_GRAPH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const RUN_TIMEOUT_MS = Number(process.env.BENCH_GRAPH_TIMEOUT_MS ?? 180_000);
const STRATEGIES = (process.env.BENCH_GRAPH_STRATEGIES ?? 'twinscope,twinscope-every-twin,adt-explorer').split(',') as RunResult['strategy'][];
/** The app's default: above this many elements it draws an overview by model (DEFAULT_OVERVIEW_ABOVE). */
const OVERVIEW_ABOVE = 60_000;
interface RunResult {
  /** twinscope: the app's defaults (an overview by model above 60k elements); twinscope-every-twin: every twin drawn
   * whatever the size; adt-explorer: ADT Explorer's loading strategy, every twin drawn. */
  strategy: 'twinscope' | 'twinscope-every-twin' | 'adt-explorer';
  /** What the canvas showed: every twin, or the overview by model. */
  view?: string;
  twins: number;
  loadMs: number | null;
  timedOut: boolean;
  queryRequests: number;
  heapMB: number;
  maxLongTaskMs: number;
  panMedianFrameMs: number | null;
  /** Scrolling the twins list from top to bottom: median and worst frame, longest task, rows in the DOM at the end. */
  twinsList?: { medianFrameMs: number; worstFrameMs: number; maxLongTaskMs: number; rowsInDom: number; reachedEnd: boolean };
  /** The last sync and layout durations the app measured (performance.measure), to see where time goes. */
  phases?: Record<string, number>;
}

async function measure(browser: Browser, appUrl: string, n: number, strategy: RunResult['strategy']): Promise<RunResult> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page: Page = await context.newPage();
  let queryRequests = 0;
  page.on('request', (r) => {
    if (r.url().includes('/query?')) queryRequests++;
  });
  const prefs = { labelProperty: {}, webgl: !!process.env.BENCH_GRAPH_WEBGL, ...(strategy === 'twinscope' ? {} : { overviewAbove: 0 }) };
  await page.addInitScript(`localStorage.setItem('twinscope.graph', ${JSON.stringify(JSON.stringify({ state: prefs, version: 1 }))})`);
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    (window as unknown as { __longTaskLog: string[] }).__longTaskLog = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__longTasks.push(e.duration);
        (window as unknown as { __longTaskLog: string[] }).__longTaskLog.push(`${Math.round(e.startTime)}+${Math.round(e.duration)}`);
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${appUrl}/?${strategy === 'adt-explorer' ? 'loader=baseline' : ''}`);
  await page.getByLabel('Node budget').fill(String(n * 2));
  const editor = page.locator('[data-region="query"] .monaco-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText('SELECT * FROM DIGITALTWINS');
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks.length = 0;
  });
  queryRequests = 0;
  const t0 = Date.now();
  await page.keyboard.press('ControlOrMeta+Enter');
  let loadMs: number | null = null;
  let timedOut = false;
  try {
    // Drawn: every twin and relationship is on the canvas, or stands in the overview's counts.
    await page.locator(`.graph-view[data-shown-twins="${n}"][data-shown-relationships="${n * 2}"]`).waitFor({ timeout: RUN_TIMEOUT_MS });
    // Interactive: the main thread answers the next two frames.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    loadMs = Date.now() - t0;
  } catch {
    timedOut = true;
  }
  const view = (await page.locator('.graph-view').getAttribute('data-view')) ?? undefined;
  const heapMB = await page.evaluate(() => {
    const m = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return m ? Math.round(m.usedJSHeapSize / 2 ** 20) : -1;
  });
  const phases = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('twinscope:')).map((m) => [m.name, Math.round(m.duration)])),
  );
  if (process.env.BENCH_GRAPH_DEBUG) {
    console.log(await page.evaluate(() => JSON.stringify({
      tasks: (window as unknown as { __longTaskLog: string[] }).__longTaskLog,
      marks: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('twinscope:')).map((m) => `${m.name}@${Math.round(m.startTime)}+${Math.round(m.duration)}`),
    })));
  }
  const maxLongTaskMs = await page.evaluate(() => Math.round(Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks)));
  let panMedianFrameMs: number | null = null;
  if (!timedOut) {
    await page.getByRole('button', { name: 'Fit' }).click();
    const box = await page.locator('.graph-canvas').boundingBox();
    if (box) {
      await page.evaluate(RECORD_FRAMES);
      // Pan from an empty corner so the drag moves the viewport rather than a node.
      await page.mouse.move(box.x + 5, box.y + 5);
      await page.mouse.down();
      for (let i = 1; i <= 60; i++) await page.mouse.move(box.x + 5 + i * 4, box.y + 5 + i * 2);
      await page.mouse.up();
      const frames = (await page.evaluate(STOP_FRAMES)) as number[];
      panMedianFrameMs = frames.length ? round1(frames[Math.floor(frames.length / 2)] ?? 0) : null;
    }
  }
  const twinsList = timedOut ? undefined : await scrollTwinsList(page, n);
  await context.close();
  return { strategy, twins: n, view, loadMs, timedOut, queryRequests, heapMB, maxLongTaskMs, panMedianFrameMs, ...(twinsList ? { twinsList } : {}), phases };
}

/** Scrolls the loaded twins list to the end with the mouse wheel, recording every frame and long task meanwhile. */
async function scrollTwinsList(page: Page, n: number): Promise<RunResult['twinsList']> {
  await page.getByRole('tab', { name: 'Twins' }).click();
  const list = page.getByRole('listbox', { name: 'Twins' });
  await list.getByRole('option').first().waitFor();
  const box = await list.boundingBox();
  if (!box) return undefined;
  await page.evaluate('window.__longTasks.length = 0');
  await page.evaluate(RECORD_FRAMES);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // Wheel steps sized so that the whole list is crossed in about 120 steps, whatever its length.
  const step = Math.max(100, Math.ceil((n * 24) / 120));
  for (let i = 0; i < 130; i++) await page.mouse.wheel(0, step);
  await page.waitForTimeout(200);
  const frames = (await page.evaluate(STOP_FRAMES)) as number[];
  const listState = (await page.evaluate(`(() => {
    const el = document.querySelector('[role="listbox"][aria-label="Twins"]');
    return {
      maxLongTaskMs: Math.round(Math.max(0, ...window.__longTasks)),
      rowsInDom: el ? el.querySelectorAll('[role="option"]').length : -1,
      reachedEnd: el ? el.scrollTop + el.clientHeight >= el.scrollHeight - 2 : false,
    };
  })()`)) as { maxLongTaskMs: number; rowsInDom: number; reachedEnd: boolean };
  return { medianFrameMs: round1(frames[Math.floor(frames.length / 2)] ?? 0), worstFrameMs: round1(frames[frames.length - 1] ?? 0), ...listState };
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

export async function run(): Promise<object> {
  if (!existsSync('dist/index.html')) {
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--enable-precise-memory-info',
      ...(process.env.BENCH_GRAPH_WEBGL ? ['--enable-unsafe-swiftshader'] : [])],
  });
  const results: RunResult[] = [];
  const imports: Record<number, number> = {};
  try {
    for (const n of SIZES) {
      const emulator = await createEmulator({ db: ':memory:', port: 0, httpPort: 0, appDir: 'dist', seed: 'none', quiet: true, dataDir: mkdtempSync(join(tmpdir(), 'ts-bench-')) });
      try {
        const base = emulator.httpUrl ?? '';
        imports[n] = await importGraph(base, n);
        for (const strategy of STRATEGIES) {
          // Below the overview threshold the default already draws every twin: the same run twice.
          if (strategy === 'twinscope-every-twin' && n * 3 <= OVERVIEW_ABOVE) continue;
          const r = await measure(browser, base, n, strategy);
          results.push(r);
          console.log(`${String(n).padStart(6)} twins  ${strategy.padEnd(20)} ${r.view ?? ''} ${r.timedOut ? `timed out (> ${RUN_TIMEOUT_MS} ms)` : `${r.loadMs} ms`}  ${r.queryRequests} requests  heap ${r.heapMB} MB  longest task ${r.maxLongTaskMs} ms  pan median frame ${r.panMedianFrameMs ?? '-'} ms  ${JSON.stringify(r.phases ?? {})}`);
          if (r.twinsList) console.log(`${' '.repeat(20)}twins list scrolled to the end: ${r.twinsList.reachedEnd}, median frame ${r.twinsList.medianFrameMs} ms, worst ${r.twinsList.worstFrameMs} ms, longest task ${r.twinsList.maxLongTaskMs} ms, ${r.twinsList.rowsInDom} rows in the DOM`);
        }
      } finally {
        await emulator.close();
      }
    }
  } finally {
    await browser.close();
  }
  const ratios = SIZES.map((n) => {
    const ours = results.find((r) => r.twins === n && r.strategy === 'twinscope');
    const base = results.find((r) => r.twins === n && r.strategy === 'adt-explorer');
    const every = results.find((r) => r.twins === n && r.strategy === 'twinscope-every-twin') ?? ours;
    return {
      twins: n,
      everyTwinLoadTimeRatioBaselineOverOurs: every?.loadMs && base?.loadMs ? Math.round((base.loadMs / every.loadMs) * 100) / 100 : null,
      loadTimeRatioBaselineOverOurs: ours?.loadMs && base?.loadMs ? Math.round((base.loadMs / ours.loadMs) * 100) / 100 : base?.timedOut ? `baseline timed out after ${RUN_TIMEOUT_MS} ms` : null,
      requestRatioBaselineOverOurs: ours && base ? Math.round((base.queryRequests / Math.max(1, ours.queryRequests)) * 100) / 100 : null,
    };
  });
  return { machine: { cpu: cpus()[0]?.model, cores: cpus().length }, importMs: imports, results, ratios };
}
