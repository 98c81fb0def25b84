// Graph load in headless Chromium: from "run" to drawn and interactive, for 1k, 10k and 50k twins of a realistic
// portfolio (about 1.9 relationships per twin; BENCH_GRAPH_SHAPE=random for the older ring graph), then 2 s of panning
// from empty background and 2 s of dragging a node (p50, p95 and worst frame, longest task, checked to have really
// panned the viewport / moved the node, never a box selection), measured side by side with ADT Explorer's loading strategy (relationships fetched 100 twins
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
import { benchGraph, importGraph, RECORD_FRAMES, STOP_FRAMES, type GraphShapeName } from './_bench-graph';
import { measureGraphActions, type GraphActions } from './_graph-actions';

/** portfolio (the default): sites, buildings, floors, rooms, equipment, sensors; random: the older ring graph. */
const SHAPE = (process.env.BENCH_GRAPH_SHAPE ?? 'portfolio') as GraphShapeName;
const SIZES = (process.env.BENCH_GRAPH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const RUN_TIMEOUT_MS = Number(process.env.BENCH_GRAPH_TIMEOUT_MS ?? 180_000);
const STRATEGIES = (process.env.BENCH_GRAPH_STRATEGIES ?? 'twinscope,twinscope-every-twin,adt-explorer').split(',') as RunResult['strategy'][];
/** The app's default: above this many elements it draws an overview by model (DEFAULT_OVERVIEW_ABOVE). */
const OVERVIEW_ABOVE = 60_000;
interface RunResult {
  /** twinscope: the app's defaults (an overview by model above 60k elements); twinscope-every-twin: every twin drawn
   * whatever the size; adt-explorer: ADT Explorer's loading strategy, every twin drawn. */
  strategy: 'twinscope' | 'twinscope-every-twin' | 'adt-explorer';
  /** The first click on a node until the inspector shows it, a highlight filter and a "hide the rest" filter. */
  actions?: GraphActions;
  /** What the canvas showed: every twin, or the overview by model. */
  view?: string;
  twins: number;
  relationships: number;
  loadMs: number | null;
  timedOut: boolean;
  queryRequests: number;
  heapMB: number;
  maxLongTaskMs: number;
  /** 2 s of panning from empty background, and 2 s of dragging one node, each checked to have happened. */
  pan?: Interaction;
  drag?: Interaction;
  /** Scrolling the twins list from top to bottom: median and worst frame, longest task, rows in the DOM at the end. */
  twinsList?: { medianFrameMs: number; worstFrameMs: number; maxLongTaskMs: number; rowsInDom: number; reachedEnd: boolean };
  /** The last sync and layout durations the app measured (performance.measure), to see where time goes. */
  phases?: Record<string, number>;
}

interface Interaction {
  frames: number;
  p50FrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  maxLongTaskMs: number;
  /** Cytoscape events seen: viewport changes for a pan, node drags for a drag. */
  events: number;
  /** How far the viewport (pan) or the node (drag) got from where it started, in screen pixels. */
  movedPx: number;
  /** True when the gesture did what it was meant to: no box selection, the viewport or node really moved. */
  happened: boolean;
}

/** Where to press: an empty background point for a pan (far from every node), a node near the centre for a drag. */
const PICK_POINT = (kind: 'pan' | 'drag') => `(() => {
  const cy = document.querySelector('.graph-canvas')._cyreg.cy;
  const w = cy.width(), h = cy.height();
  const nodes = cy.nodes(':visible');
  if (${JSON.stringify(kind)} === 'drag') {
    let best = null, bestD = Infinity;
    nodes.forEach((n) => {
      const p = n.renderedPosition();
      const d = (p.x - w / 2) ** 2 + (p.y - h / 2) ** 2;
      if (d < bestD) { bestD = d; best = n; }
    });
    if (!best) return null;
    const p = best.renderedPosition();
    return { x: p.x, y: p.y, id: best.id() };
  }
  const pts = nodes.map((n) => n.renderedPosition());
  let best = null, bestD = -1;
  for (let x = 20; x < Math.max(21, w - 260); x += 24) {
    for (let y = 20; y < Math.max(21, h - 160); y += 24) {
      let d = Infinity;
      for (const p of pts) { const dd = (p.x - x) ** 2 + (p.y - y) ** 2; if (dd < d) d = dd; }
      if (d > bestD) { bestD = d; best = { x, y }; }
    }
  }
  return best && { ...best, clearancePx: Math.round(Math.sqrt(bestD)) };
})()`;

const WATCH = (kind: 'pan' | 'drag') => `(() => {
  const cy = document.querySelector('.graph-canvas')._cyreg.cy;
  const w = (window.__watch = { events: 0, moved: 0, boxes: 0, selected: cy.$(':selected').length });
  const pan0 = { ...cy.pan() };
  w.off = () => { cy.off('viewport', w.onViewport); cy.off('drag', w.onDrag); cy.off('grab', w.onGrab); cy.off('boxstart', w.onBox); };
  w.onViewport = () => { if (${JSON.stringify(kind)} !== 'pan') return; w.events++; const p = cy.pan(); w.moved = Math.max(w.moved, Math.hypot(p.x - pan0.x, p.y - pan0.y)); };
  // The node measured is the one the press grabbed (a neighbour drawn on top may take the press).
  w.onGrab = (e) => { if (!w.grabbed) { w.grabbed = e.target; w.pos0 = { ...e.target.position() }; } };
  w.onDrag = () => { if (${JSON.stringify(kind)} !== 'drag' || !w.grabbed) return; w.events++; const p = w.grabbed.position(); w.moved = Math.max(w.moved, Math.hypot(p.x - w.pos0.x, p.y - w.pos0.y) * cy.zoom()); };
  w.onBox = () => { w.boxes++; };
  cy.on('viewport', w.onViewport); cy.on('drag', w.onDrag); cy.on('grab', w.onGrab); cy.on('boxstart', w.onBox);
})()`;

/** Waits until the page has run no long task for half a second (up to 30 s), so a gesture times itself, not leftovers. */
async function waitIdle(page: Page): Promise<void> {
  await page.evaluate(`new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      const log = window.__longTaskLog;
      const last = log.length ? log[log.length - 1].split('+').map(Number) : [0, 0];
      const idleFor = performance.now() - (last[0] + last[1]);
      if (idleFor > 500 || performance.now() - started > 30000) resolve(undefined);
      else setTimeout(check, 100);
    };
    check();
  })`);
}

async function interact(page: Page, kind: 'pan' | 'drag'): Promise<Interaction | undefined> {
  await waitIdle(page);
  const box = await page.locator('.graph-canvas').boundingBox();
  let at = (await page.evaluate(PICK_POINT(kind))) as { x: number; y: number; id?: string; clearancePx?: number } | null;
  if (kind === 'pan' && at && (at.clearancePx ?? 0) < 15) {
    // A canvas full of nodes has no empty background to press on: zoom out around the centre until it has.
    await page.evaluate(`(() => { const cy = document.querySelector('.graph-canvas')._cyreg.cy; cy.zoom({ level: cy.zoom() * 0.6, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }); })()`);
    await waitIdle(page);
    at = (await page.evaluate(PICK_POINT(kind))) as typeof at;
  }
  if (!box || !at) return undefined;
  await page.evaluate(WATCH(kind));
  await page.evaluate('window.__longTasks.length = 0');
  await page.evaluate(RECORD_FRAMES);
  const x0 = box.x + at.x;
  const y0 = box.y + at.y;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  // Two seconds of a slow loop: out to the right and down and back, as a hand does.
  const start = Date.now();
  while (Date.now() - start < 2000) {
    const t = (Date.now() - start) / 2000;
    const r = Math.sin(t * Math.PI);
    await page.mouse.move(x0 + 220 * r, y0 + 120 * r);
  }
  await page.mouse.up();
  const frames = (await page.evaluate(STOP_FRAMES)) as number[];
  if (process.env.BENCH_GRAPH_DEBUG) console.log(kind, JSON.stringify(at), JSON.stringify(box), await page.evaluate('JSON.stringify({ grabbed: window.__watch.grabbed && window.__watch.grabbed.id(), events: window.__watch.events })'));
  const watch = (await page.evaluate('(() => { const w = window.__watch; w.off(); return { events: w.events, moved: w.moved, boxes: w.boxes, selected: w.selected }; })()')) as {
    events: number; moved: number; boxes: number; selected: number;
  };
  const maxLongTaskMs = (await page.evaluate('Math.round(Math.max(0, ...window.__longTasks))')) as number;
  const q = (p: number) => round1(frames[Math.min(frames.length - 1, Math.floor(p * frames.length))] ?? 0);
  return {
    frames: frames.length,
    p50FrameMs: q(0.5),
    p95FrameMs: q(0.95),
    maxFrameMs: round1(frames[frames.length - 1] ?? 0),
    maxLongTaskMs,
    events: watch.events,
    movedPx: Math.round(watch.moved),
    happened: watch.boxes === 0 && watch.events > 0 && watch.moved > 50,
  };
}

async function measure(browser: Browser, appUrl: string, n: number, rels: number, strategy: RunResult['strategy']): Promise<RunResult> {
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
  // The node budget sits in the query menu.
  await page.getByRole('button', { name: 'Queries ▾' }).click();
  await page.getByLabel('Node budget').fill(String(n * 2));
  await page.keyboard.press('Escape');
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
    await page.locator(`.graph-view[data-shown-twins="${n}"][data-shown-relationships="${rels}"]`).waitFor({ timeout: RUN_TIMEOUT_MS });
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
  let pan: Interaction | undefined;
  let drag: Interaction | undefined;
  // The first click on a node (until the inspector names it), then a highlight and a "hide the rest" filter.
  let actions: GraphActions | undefined;
  if (!timedOut && view === 'twins' && strategy !== 'adt-explorer') {
    await waitIdle(page);
    actions = await measureGraphActions(page, SHAPE === 'random' ? 'value < 10' : "roomType = 'lab'");
    // Where the highlight's time goes: matching the twins, and drawing the spotlight (the last run of each).
    actions.phases = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('measure').filter((m) => m.name === 'twinscope:filter' || m.name === 'twinscope:spotlight').map((m) => [m.name, Math.round(m.duration)])),
    );
  }
  if (!timedOut) {
    await page.getByRole('button', { name: 'Fit' }).click();
    pan = await interact(page, 'pan');
    await page.getByRole('button', { name: 'Fit' }).click();
    drag = await interact(page, 'drag');
  }
  const twinsList = timedOut ? undefined : await scrollTwinsList(page, n);
  await context.close();
  return { strategy, twins: n, relationships: rels, view, loadMs, timedOut, queryRequests, heapMB, maxLongTaskMs, ...(actions ? { actions } : {}), ...(pan ? { pan } : {}), ...(drag ? { drag } : {}), ...(twinsList ? { twinsList } : {}), phases };
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
        const graph = benchGraph(n, SHAPE);
        imports[n] = await importGraph(base, n, graph.text);
        for (const strategy of STRATEGIES) {
          // Below the overview threshold the default already draws every twin: the same run twice.
          if (strategy === 'twinscope-every-twin' && n + graph.relationships <= OVERVIEW_ABOVE) continue;
          const r = await measure(browser, base, n, graph.relationships, strategy);
          results.push(r);
          const gesture = (g?: Interaction) => (g ? `p50 ${g.p50FrameMs} / p95 ${g.p95FrameMs} / max ${g.maxFrameMs} ms, task ${g.maxLongTaskMs} ms, moved ${g.movedPx} px${g.happened ? '' : ' (DID NOT HAPPEN)'}` : '-');
          console.log(`${String(n).padStart(6)} twins ${graph.relationships} rels  ${strategy.padEnd(20)} ${r.view ?? ''} ${r.timedOut ? `timed out (> ${RUN_TIMEOUT_MS} ms)` : `${r.loadMs} ms`}  ${r.queryRequests} requests  heap ${r.heapMB} MB  longest task ${r.maxLongTaskMs} ms  ${JSON.stringify(r.phases ?? {})}`);
          if (r.actions) console.log(`${' '.repeat(20)}first click → inspector ${r.actions.firstClick.ms} ms, highlight ${r.actions.highlight.ms} ms (${r.actions.highlight.matches} matching), hide the rest ${r.actions.hideRest.ms} ms (longest tasks ${r.actions.firstClick.maxLongTaskMs}/${r.actions.highlight.maxLongTaskMs}/${r.actions.hideRest.maxLongTaskMs} ms)`);
          console.log(`${' '.repeat(20)}pan: ${gesture(r.pan)}; drag: ${gesture(r.drag)}`);
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
  return { machine: { cpu: cpus()[0]?.model, cores: cpus().length }, graph: SHAPE, importMs: imports, results, ratios };
}
