import type { RunningEmulator } from '../src/emulator/server';
import { importGraph, portfolio } from '../bench/_bench-graph';
import { test, expect } from './fixtures';
import { startOwnEmulator } from './support/emulator';

// A realistic portfolio (sites, buildings, floors, rooms, equipment, sensors, with servedBy and feeds cross-links) is
// laid out along its containment; a graph with no hierarchy is not. Its own emulator: other specs count twins.
const TWINS = 900;
let emulator: RunningEmulator;
let base: string;
let relationships = 0;

test.beforeAll(async () => {
  emulator = await startOwnEmulator({ seed: 'none' });
  base = emulator.httpUrl as string;
  const p = portfolio(TWINS);
  relationships = p.relationships;
  await importGraph(base, TWINS, p.lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
});

test.afterAll(async () => {
  await emulator.close();
});

test('a portfolio graph is laid out as its containment tree, chosen automatically', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${base}/?query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`);
  const view = page.locator('.graph-view');
  await expect(view).toHaveAttribute('data-shown-twins', String(TWINS), { timeout: 60_000 });
  await expect(view).toHaveAttribute('data-shown-relationships', String(relationships));
  await expect(view).toHaveAttribute('data-layout-used', 'containment');
  // The one site is the tree's root, in the middle; its buildings on the first ring, floors on the next.
  const radius = await page.evaluate(`(() => {
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    const r = (id) => { const p = cy.getElementById(id).position(); const c = cy.getElementById('site-0').position(); return Math.hypot(p.x - c.x, p.y - c.y); };
    return { building: r('site-0-b0'), floor: r('site-0-b0-f0'), room: r('site-0-b0-f0-r0'), sensor: r('site-0-b0-f0-r0-t') };
  })()`) as { building: number; floor: number; room: number; sensor: number };
  expect(radius.building).toBeGreaterThan(0);
  expect(radius.floor).toBeGreaterThan(radius.building);
  expect(radius.room).toBeGreaterThan(radius.floor);
  expect(radius.sensor).toBeGreaterThan(radius.room);
  await page.screenshot({ path: 'test-results-w15/shots/containment-1440.png' });
  // Asked for by name on the same graph, the layout gives the same answer.
  // The layout picker sits in the toolbar's More menu when the panel is narrow.
  if (!(await page.getByLabel('Layout').isVisible())) await page.getByRole('button', { name: 'More', exact: true }).click();
  await page.getByLabel('Layout').selectOption('containment');
  await expect(page.getByTestId('layout-busy')).toBeHidden();
  await expect(view).toHaveAttribute('data-layout-used', 'containment');
});
