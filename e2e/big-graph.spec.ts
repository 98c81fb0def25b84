import AxeBuilder from '@axe-core/playwright';
import type { RunningEmulator } from '../src/emulator/server';
import { test, expect } from './fixtures';
import { API, startOwnEmulator } from './support/emulator';

// A graph past the large-graph threshold (3,000 elements) takes the other drawing path: elements added in slices
// with their style computed as they go, cheap edges, labels only on the selection, a force layout in a worker. This checks that path draws
// everything and stays usable. It has its own emulator: other specs count the shared one's twins.
const TWINS = 1500;
const MODEL = 'dtmi:e2e:big:Node;1';
const OTHER = 'dtmi:e2e:big:Other;1';
/** Every third twin is an Other; the rest are Nodes. */
const modelOf = (i: number) => (i % 3 === 2 ? OTHER : MODEL);
const targetOf = (k: number) => {
  const i = Math.floor(k / 2);
  return k % 2 === 0 ? (i + 1) % TWINS : (i * 37 + 11) % TWINS === i ? (i + 2) % TWINS : (i * 37 + 11) % TWINS;
};
let emulator: RunningEmulator;
let base: string;

async function put(path: string, body: unknown) {
  const res = await fetch(`${base}${path}?${API}`, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (res.status >= 300) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
}

async function inParallel(jobs: (() => Promise<void>)[], width = 16) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) await jobs[next++]!();
  }));
}

test.beforeAll(async () => {
  emulator = await startOwnEmulator({ seed: 'none' });
  base = emulator.httpUrl as string;
  const res = await fetch(`${base}/models?${API}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([MODEL, OTHER].map((id) => ({
      '@id': id, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3',
      contents: [{ '@type': 'Property', name: 'value', schema: 'double' }, { '@type': 'Relationship', name: 'next' }],
    }))),
  });
  expect(res.status).toBe(201);
  await inParallel(Array.from({ length: TWINS }, (_, i) => () => put(`/digitaltwins/n${i}`, { $metadata: { $model: modelOf(i) }, value: i })));
  // Two relationships per twin: a ring and a long link, so the graph is not a tree.
  await inParallel(Array.from({ length: TWINS * 2 }, (_, k) => () => put(`/digitaltwins/n${Math.floor(k / 2)}/relationships/r${k}`, { $targetId: `n${targetOf(k)}`, $relationshipName: 'next' })));
});

test.afterAll(async () => {
  await emulator.close();
});

test('a graph past the large-graph threshold is drawn in full, and a twin picked in the list is selected and labelled', async ({ page }) => {
  await page.goto(`${base}/?query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`);
  await expect(page.getByTestId('graph-counts')).toHaveText(`${TWINS.toLocaleString('en-US')} twins · ${(TWINS * 2).toLocaleString('en-US')} relationships`);
  await expect(page.locator('.graph-view')).toHaveAttribute('data-drawn-nodes', String(TWINS), { timeout: 30_000 });
  await expect(page.locator('.graph-view')).toHaveAttribute('data-drawn-edges', String(TWINS * 2));

  // Drawn, not just added: the canvases hold painted pixels (a renderer left inside a batch would paint nothing).
  await expect.poll(() => page.evaluate(`(() => {
    let painted = 0;
    for (const canvas of document.querySelectorAll('.graph-canvas canvas')) {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    }
    return painted;
  })()`)).toBeGreaterThan(2_000);

  // `auto` lays out a graph of this size with the force layout, computed in a worker: not on the grid it starts on.
  const distinctX = () => page.evaluate(`new Set(document.querySelector('.graph-canvas')._cyreg.cy.nodes().map((n) => Math.round(n.position('x')))).size`);
  expect(await distinctX()).toBeGreaterThan(300);
  // The layout picker sits in the toolbar's More menu when the panel is narrow.
  if (!(await page.getByLabel('Layout').isVisible())) await page.getByRole('button', { name: 'More', exact: true }).click();
  await page.getByLabel('Layout').selectOption('grid');
  await expect.poll(distinctX).toBeLessThanOrEqual(150);
  await page.getByLabel('Layout').selectOption('force');
  await expect.poll(distinctX).toBeGreaterThan(300);
  await expect(page.getByTestId('layout-busy')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Twins' }).click();
  await page.getByRole('searchbox', { name: 'Search twins' }).fill('n1234');
  await page.getByRole('listbox', { name: 'Twins' }).getByRole('option', { name: /^n1234 \(/ }).click();
  await expect(page.getByRole('button', { name: 'Hide selected' })).toBeEnabled();
  // Big graphs label only the selection. The canvas is not in the DOM, so ask Cytoscape what it would draw.
  const drawn = await page.evaluate(`(() => {
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    const selected = cy.$(':selected');
    const other = cy.getElementById('n1');
    return {
      selected: selected.map((n) => n.id()),
      selectedLabel: selected.pstyle('label').strValue,
      otherLabel: other.pstyle('label').strValue,
      edgeCurve: cy.edges()[0].pstyle('curve-style').strValue,
      nodeColour: other.pstyle('background-color').strValue,
    };
  })()`);
  expect(drawn).toMatchObject({ selected: ['n1234'], selectedLabel: 'n1234', otherLabel: '', edgeCurve: 'haystack' });
  expect((drawn as { nodeColour: string }).nodeColour).toMatch(/^rgb\(/);
});

test('a highlight on a big graph is a spotlight over the canvas: only the matches are drawn again, and the canvas stays usable', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${base}/?query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`);
  await expect(page.locator('.graph-view')).toHaveAttribute('data-drawn-edges', String(TWINS * 2), { timeout: 30_000 });
  await expect(page.getByTestId('layout-busy')).toHaveCount(0, { timeout: 30_000 });
  await page.getByLabel('Filter twins by value').fill('value < 30');
  await page.locator('.graph-filter').getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('graph-filter-count')).toHaveText('30 matching');
  const spot = page.getByTestId('graph-spotlight');
  await expect(spot).toHaveAttribute('data-matches', '30');
  const state = () => page.evaluate(`(() => {
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    const spot = document.querySelector('[data-testid="graph-spotlight"]')._cyreg.cy;
    const n = spot.nodes()[0];
    const twin = cy.getElementById(n.id());
    return {
      dimmedOnCanvas: cy.elements('.dimmed').length,
      copies: spot.nodes().length,
      zoom: [cy.zoom(), spot.zoom()],
      pan: [cy.pan(), spot.pan()],
      at: [twin.renderedPosition(), n.renderedPosition()],
      id: n.id(),
    };
  })()`) as Promise<{ dimmedOnCanvas: number; copies: number; zoom: number[]; pan: { x: number; y: number }[]; at: { x: number; y: number }[]; id: string }>;
  const first = await state();
  // The big canvas was not restyled: nothing on it is dimmed.
  expect(first).toMatchObject({ dimmedOnCanvas: 0, copies: 30 });
  // Copies sit exactly over their twins, and follow the viewport.
  expect(first.at[1]).toEqual(first.at[0]);
  const box = (await page.locator('.graph-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await expect.poll(async () => { const s = await state(); return s.zoom[0] !== first.zoom[0] && s.zoom[1] === s.zoom[0] && s.pan[1]!.x === s.pan[0]!.x; }).toBe(true);
  // The veil takes no pointer events: a click on a highlighted twin reaches the canvas below and selects a twin there
  // (in this dense graph, the one drawn on top at that point).
  const now = await state();
  await page.mouse.click(box.x + now.at[0]!.x, box.y + now.at[0]!.y);
  await expect(page.getByTestId('inspector-twin-id')).toHaveText(/^n\d+$/);
  // Another filter takes the spotlight away.
  await page.getByLabel('Filter twins by value').fill('');
  await page.locator('.graph-filter').getByRole('button', { name: 'Apply' }).click();
  await expect(spot).toBeHidden();
  expect(await page.evaluate(`document.querySelector('[data-testid="graph-spotlight"]')._cyreg.cy.nodes().length`)).toBe(0);
});

test('above the overview threshold the graph is an overview by model; picked models or every twin can still be drawn', async ({ page }) => {
  // The threshold is a remembered preference; 4,000 puts this 4,500-element graph above it.
  await page.addInitScript(`localStorage.setItem('twinscope.graph', JSON.stringify({ state: { labelProperty: {}, webgl: false, overviewAbove: 4000 }, version: 1 }))`);
  await page.goto(`${base}/?query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`);
  const view = page.locator('.graph-view');
  await expect(view).toHaveAttribute('data-view', 'overview', { timeout: 30_000 });
  await expect(view).toHaveAttribute('data-shown-twins', String(TWINS));
  await expect(view).toHaveAttribute('data-shown-relationships', String(TWINS * 2));
  // Two models, and one edge per (source model, target model) pair that occurs.
  const pairs = new Set(Array.from({ length: TWINS * 2 }, (_, k) => `${modelOf(Math.floor(k / 2))} ${modelOf(targetOf(k))}`));
  await expect(view).toHaveAttribute('data-drawn-nodes', '2');
  await expect(view).toHaveAttribute('data-drawn-edges', String(pairs.size));
  await expect(page.getByTestId('graph-overview')).toContainText('Overview by model of 1,500 twins and 3,000 relationships');
  // With the figures: 4,500 elements at about 3.3 KB each.
  await expect(page.getByTestId('graph-overview')).toContainText('(about 15 MB on the canvas, and seconds for every redraw)');
  // The status bar still counts what the graph holds, not what the canvas draws.
  await expect(page.getByTestId('graph-counts')).toHaveText('1,500 twins · 3,000 relationships');
  await expect(page.getByRole('button', { name: 'Draw selected models' })).toBeDisabled();

  // Pick the Other model on the canvas, then draw its twins.
  const box = await page.locator('.graph-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const at = (await page.evaluate(`(() => {
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    return cy.getElementById(${JSON.stringify(`overview:${OTHER}`)}).renderedPosition();
  })()`)) as { x: number; y: number };
  await page.mouse.click(box.x + at.x, box.y + at.y);
  // The models list mirrors the canvas selection (it is the keyboard's way to pick).
  await page.locator('.graph-overview-models summary').click();
  const { violations } = await new AxeBuilder({ page }).include('.graph-view').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await expect(page.getByRole('checkbox', { name: 'Other (500)' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Node (1,000)' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Draw 1 selected model' }).click();
  const others = Array.from({ length: TWINS }, (_, i) => i).filter((i) => modelOf(i) === OTHER);
  const among = Array.from({ length: TWINS * 2 }, (_, k) => k).filter((k) => modelOf(Math.floor(k / 2)) === OTHER && modelOf(targetOf(k)) === OTHER);
  await expect(view).toHaveAttribute('data-view', 'focus');
  await expect(view).toHaveAttribute('data-drawn-nodes', String(others.length));
  await expect(view).toHaveAttribute('data-drawn-edges', String(among.length));
  await expect(page.getByTestId('graph-overview')).toContainText(`Drawing the twins of 1 model: ${others.length} twins`);

  await page.getByRole('button', { name: 'Back to the overview' }).click();
  await expect(view).toHaveAttribute('data-view', 'overview');
  await expect(view).toHaveAttribute('data-drawn-nodes', '2');
  // Picking from the list selects on the canvas too.
  await page.locator('.graph-overview-models summary').click();
  await page.getByRole('checkbox', { name: 'Node (1,000)' }).check();
  await expect(page.getByRole('button', { name: 'Draw 1 selected model' })).toBeEnabled();
  expect(await page.evaluate(`document.querySelector('.graph-canvas')._cyreg.cy.$('node.overview:selected').map((n) => n.data('model'))`)).toEqual([MODEL]);
  await page.getByRole('button', { name: 'Draw every twin' }).click();
  await expect(view).toHaveAttribute('data-view', 'twins');
  await expect(view).toHaveAttribute('data-drawn-nodes', String(TWINS), { timeout: 30_000 });
  await expect(view).toHaveAttribute('data-drawn-edges', String(TWINS * 2));
});
