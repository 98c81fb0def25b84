// Dev tool, not part of `npm run bench` (run.ts skips files starting with _): one graph load of N twins (and 2N
// relationships) in Chromium with a CPU profile, the long tasks and the app's performance measures.
//   N=50000 APP_DIR=dist npx tsx bench/_graph-profile.ts      (build with --minify false for readable names)
// OVERVIEW_ABOVE sets the overview threshold (0: draw every twin); SCREENSHOT=file.png keeps a picture;
// WEBGL=1 uses the WebGL renderer; HEAP=1 then prints the heap after a forced GC, without the edges, and without the
// nodes, which is how Cytoscape's cost per element was measured. ACTIONS=1 profiles the first click, a highlight and
// a "hide the rest" filter on the loaded portfolio graph instead of the load (see _graph-actions.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { createEmulator } from '../src/emulator/server';
import { benchGraph, importGraph } from './_bench-graph';
import { measureGraphActions } from './_graph-actions';

const N = Number(process.env.N ?? 50000);
const emulator = await createEmulator({ db: ':memory:', port: 0, httpPort: 0, appDir: process.env.APP_DIR ?? 'dist', seed: 'none', quiet: true, dataDir: mkdtempSync(join(tmpdir(), 'ts-prof-')) });
const base = emulator.httpUrl ?? '';
const graph = process.env.ACTIONS ? benchGraph(N, 'portfolio') : { text: undefined, twins: N, relationships: N * 2 };
await importGraph(base, N, graph.text);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', ...(process.env.WEBGL ? ['--enable-unsafe-swiftshader'] : [])] });
const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
const page = await context.newPage();
const prefs = { labelProperty: {}, webgl: !!process.env.WEBGL, ...(process.env.OVERVIEW_ABOVE ? { overviewAbove: Number(process.env.OVERVIEW_ABOVE) } : {}) };
await page.addInitScript(`localStorage.setItem('twinscope.graph', ${JSON.stringify(JSON.stringify({ state: prefs, version: 1 }))})`);
await page.addInitScript(`window.__lt=[];new PerformanceObserver((l)=>{for(const e of l.getEntries())window.__lt.push(Math.round(e.startTime)+'+'+Math.round(e.duration))}).observe({type:'longtask',buffered:true});`);
await page.goto(`${base}/`);
// The node budget sits in the query menu.
await page.getByRole('button', { name: 'Queries ▾' }).click();
await page.getByLabel('Node budget').fill(String(N * 2));
await page.keyboard.press('Escape');
await page.locator('[data-region="query"] .monaco-editor').click();
await page.keyboard.press('ControlOrMeta+A');
await page.keyboard.insertText('SELECT * FROM DIGITALTWINS');
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
await page.evaluate('window.__lt.length=0; performance.clearMeasures()');
if (!process.env.ACTIONS) await cdp.send('Profiler.start');
const t0 = Date.now();
await page.keyboard.press('ControlOrMeta+Enter');
await page.locator(`.graph-view[data-shown-twins="${graph.twins}"][data-shown-relationships="${graph.relationships}"]`).waitFor({ timeout: 300_000 });
await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
const loadMs = Date.now() - t0;
if (process.env.ACTIONS) {
  await page.waitForTimeout(3000);
  await page.evaluate('window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: "longtask" })');
  await cdp.send('Profiler.start');
  console.log(JSON.stringify(await measureGraphActions(page, "roomType = 'lab'")));
}
const { profile } = await cdp.send('Profiler.stop');
if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT });
const profilePath = join(tmpdir(), 'twinscope-graph.cpuprofile');
writeFileSync(profilePath, JSON.stringify(profile));
console.log(`CPU profile: ${profilePath} (open it in Chrome DevTools' Performance panel)`);
const heap = await page.evaluate('Math.round(performance.memory.usedJSHeapSize/1048576)');
console.log(JSON.stringify({ loadMs, heap, tasks: await page.evaluate('window.__lt'), marks: await page.evaluate(`performance.getEntriesByType('measure').filter(m=>m.name.startsWith('twinscope:')).map(m=>m.name+'@'+Math.round(m.startTime)+'+'+Math.round(m.duration))`) }));
if (process.env.HEAP) {
  const gcHeap = async () => { await cdp.send('HeapProfiler.collectGarbage'); return page.evaluate('Math.round(performance.memory.usedJSHeapSize/1048576)'); };
  console.log('after gc', await gcHeap());
  console.log(await page.evaluate(`(() => { const cy = document.querySelector('.graph-canvas')._cyreg.cy; const out = {};
    for (const el of [cy.edges()[5], cy.nodes()[5]]) { const p = el._private; const d = {};
      for (const [k, v] of Object.entries(p)) { d[k] = v && typeof v === 'object' ? (Array.isArray(v) ? 'arr' + v.length : Object.keys(v).length) : typeof v; }
      out[el.group()] = d; out[el.group() + 'StyleKeys'] = Object.keys(p.style).join(','); out[el.group() + 'rscratch'] = Object.keys(p.rscratch).join(','); }
    return JSON.stringify(out); })()`));
  await page.evaluate(`(() => { const cy = document.querySelector('.graph-canvas')._cyreg.cy; cy.edges().remove(); })()`);
  console.log('edges removed', await gcHeap());
  await page.evaluate(`(() => { const cy = document.querySelector('.graph-canvas')._cyreg.cy; cy.nodes().remove(); })()`);
  console.log('nodes removed', await gcHeap());
}
await browser.close();
await emulator.close();
