import type { Page } from '@playwright/test';
import type { RunningEmulator } from '../src/emulator/server';
import { test, expect } from './fixtures';
import { startOwnEmulator } from './support/emulator';

// The graph canvas as a user meets it: what is placed stays placed, labels are readable in every theme, the toolbar
// is one row, the legend names the models, and the keyboard reaches and moves the selection. It has its own
// emulator, because it creates a relationship that other specs would count.
let emulator: RunningEmulator;
let base: string;

test.beforeAll(async () => {
  emulator = await startOwnEmulator();
  base = emulator.httpUrl as string;
});

test.afterAll(async () => {
  await emulator.close();
});

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
const THEMES = ['light', 'dark', 'high-contrast'] as const;
const SAMPLE_QUERY = `/?query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`;

type Positions = Record<string, { x: number; y: number }>;

const positions = (page: Page) =>
  page.evaluate(`(() => {
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    return Object.fromEntries(cy.nodes().map((n) => [n.id(), { x: n.position('x'), y: n.position('y') }]));
  })()`) as Promise<Positions>;

/** Loads the sample and waits until its layout has settled: the same positions twice, 400 ms apart. */
async function loadSample(page: Page, theme?: string) {
  if (theme) await page.addInitScript(`localStorage.setItem('twinscope.preferences', JSON.stringify({ state: { theme: ${JSON.stringify(theme)} }, version: 1 }))`);
  await page.goto(`${base}${SAMPLE_QUERY}`);
  await expect(page.getByTestId('graph-counts')).toHaveText(/^19 twins · 2\d relationships$/);
  await expect(page.locator('.graph-view')).toHaveAttribute('data-drawn-nodes', '19');
  await expect(page.getByTestId('layout-busy')).toHaveCount(0);
  let last = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify(await positions(page));
      const settled = now === last;
      last = now;
      return settled;
    }, { intervals: [400] })
    .toBe(true);
}

function expectSamePositions(after: Positions, before: Positions) {
  for (const [id, p] of Object.entries(before)) {
    const q = after[id];
    expect(q, `node ${id} still drawn`).toBeDefined();
    expect(Math.hypot(q!.x - p.x, q!.y - p.y), `node ${id} moved`).toBeLessThan(0.5);
  }
}

test('creating a relationship, switching the theme and resizing the window move no node; Re-layout does', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await loadSample(page);
  // A node the user placed by hand stays where it was dropped.
  const box = (await page.locator('.graph-canvas').boundingBox())!;
  const start = (await page.evaluate(`(() => { const n = document.querySelector('.graph-canvas')._cyreg.cy.getElementById('sensor-101'); return n.renderedPosition(); })()`)) as { x: number; y: number };
  await page.mouse.move(box.x + start.x, box.y + start.y);
  await page.mouse.down();
  await page.mouse.move(box.x + start.x + 40, box.y + start.y + 25, { steps: 5 });
  await page.mouse.up();
  const before = await positions(page);

  // Create a relationship through the inspector, as a user would.
  await page.getByRole('tab', { name: 'Twins' }).click();
  await page.getByLabel('Search twins').fill('room-101');
  await page.getByRole('listbox', { name: 'Twins' }).getByRole('option', { name: /^room-101 \(/ }).click();
  const panel = page.locator('[data-region="inspector"]');
  await expect(page.getByTestId('inspector-twin-id')).toHaveText('room-101');
  await panel.getByRole('button', { name: 'Add relationship…' }).first().click();
  await panel.getByLabel('Target twin').fill('hvac-2');
  await panel.getByRole('button', { name: 'Create relationship' }).click();
  await expect(panel.getByText('Created servedBy room-101 → hvac-2.')).toBeVisible();
  await expect.poll(() => page.evaluate(`document.querySelector('.graph-canvas')._cyreg.cy.edges('[source = "room-101"][target = "hvac-2"]').length`)).toBe(1);
  await page.waitForTimeout(500);
  expectSamePositions(await positions(page), before);

  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.waitForTimeout(300);
  expectSamePositions(await positions(page), before);

  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForTimeout(300);
  expectSamePositions(await positions(page), before);

  // Re-layout is the explicit way to move everything.
  await page.getByRole('button', { name: 'Re-layout' }).click();
  await expect
    .poll(async () => {
      const after = await positions(page);
      return Object.entries(before).filter(([id, p]) => Math.hypot(after[id]!.x - p.x, after[id]!.y - p.y) > 5).length;
    })
    .toBeGreaterThan(5);
});

/** WCAG 2.x relative luminance and contrast ratio: https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio */
function luminance(rgb: string): number {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  if (!m) throw new Error(`not a colour: ${rgb}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

interface LabelLook {
  node: { color: string; outline: string; outlineWidth: number; fontSize: number };
  edge: { color: string; outline: string; outlineWidth: number; fontSize: number };
  canvas: string;
  zoom: number;
}

/** What Cytoscape draws a label with, from the stylesheet in use, and the colour of the canvas behind it. */
const labelLook = (page: Page) =>
  page.evaluate(`(() => {
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    const look = (el) => ({
      color: el.style('color'),
      outline: el.style('text-outline-color'),
      outlineWidth: parseFloat(el.style('text-outline-width')),
      fontSize: parseFloat(el.style('font-size')),
    });
    let bgEl = document.querySelector('.graph-canvas');
    let canvas = 'rgba(0, 0, 0, 0)';
    while (bgEl) {
      const c = getComputedStyle(bgEl).backgroundColor;
      if (c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c)) { canvas = c; break; }
      bgEl = bgEl.parentElement;
    }
    return { node: look(cy.nodes().first()), edge: look(cy.edges().first()), canvas, zoom: cy.zoom() };
  })()`) as Promise<LabelLook>;

function expectReadable(look: LabelLook, where: string) {
  for (const kind of ['node', 'edge'] as const) {
    const l = look[kind];
    expect(contrast(l.color, look.canvas), `${where}: ${kind} label ${l.color} on canvas ${look.canvas}`).toBeGreaterThanOrEqual(4.5);
    expect(l.outlineWidth, `${where}: ${kind} label outline`).toBeGreaterThan(0);
    expect(contrast(l.color, l.outline), `${where}: ${kind} label ${l.color} on its outline ${l.outline}`).toBeGreaterThanOrEqual(4.5);
  }
  // At the default zoom, node labels are drawn at least 9 px high.
  expect(look.node.fontSize * look.zoom, `${where}: node label size at zoom ${look.zoom}`).toBeGreaterThanOrEqual(9);
}

for (const theme of THEMES) {
  test(`labels meet WCAG AA contrast and are at least 9 px at the default zoom: ${theme}`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await loadSample(page, theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expectReadable(await labelLook(page), theme);
  });
}

test('labels stay readable when the theme is switched live with the graph drawn', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await loadSample(page, 'light');
  expectReadable(await labelLook(page), 'light');
  for (const theme of ['dark', 'high-contrast', 'light'] as const) {
    await page.getByLabel('Theme').selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect.poll(async () => contrast((await labelLook(page)).node.color, (await labelLook(page)).canvas)).toBeGreaterThanOrEqual(4.5);
    expectReadable(await labelLook(page), `after switching to ${theme}`);
  }
});

for (const size of SIZES) {
  test(`the graph toolbar is one row with every control inside it and uncovered at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await loadSample(page);
    const toolbar = page.getByRole('toolbar', { name: 'Graph' });
    const tb = (await toolbar.boundingBox())!;
    const controls = toolbar.locator('button:visible, select:visible, input:visible');
    const count = await controls.count();
    expect(count).toBeGreaterThanOrEqual(8);
    let rowTop: number | null = null;
    for (let i = 0; i < count; i++) {
      const c = controls.nth(i);
      const b = (await c.boundingBox())!;
      const name = (await c.getAttribute('aria-label')) ?? (await c.textContent());
      expect(b.x, `${name} starts inside the toolbar`).toBeGreaterThanOrEqual(tb.x - 0.5);
      expect(b.x + b.width, `${name} ends inside the toolbar`).toBeLessThanOrEqual(tb.x + tb.width + 0.5);
      expect(b.x + b.width, `${name} inside the window`).toBeLessThanOrEqual(size.width);
      rowTop ??= b.y;
      expect(Math.abs(b.y + b.height / 2 - (rowTop + b.height / 2)), `${name} on the first row`).toBeLessThan(b.height);
      const uncovered = await c.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return !!hit && (hit === el || el.contains(hit));
      });
      expect(uncovered, `${name} is not covered`).toBe(true);
    }
    expect(tb.height).toBeLessThan(44);
  });
}

test('the legend lists the models drawn with their count and hides and shows; pickers name models by display name', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await loadSample(page);
  const legend = page.getByTestId('graph-legend');
  await expect(legend).toBeVisible();
  await expect(legend.locator('li[data-legend-key="dtmi:twinscope:sample:Room;1"]')).toHaveText(/Room\s*6/);
  await expect(legend.locator('li[data-legend-key="dtmi:twinscope:sample:Building;1"]')).toHaveText(/Building\s*1/);
  await expect(legend.locator('li[data-legend-key="dtmi:twinscope:sample:Room;1"]')).toHaveAttribute('title', 'dtmi:twinscope:sample:Room;1');
  // The swatch has the colour the canvas gives the model's nodes.
  const canvasColour = await page.evaluate(`document.querySelector('.graph-canvas')._cyreg.cy.getElementById('room-101').style('background-color')`);
  const swatchColour = await legend.locator('li[data-legend-key="dtmi:twinscope:sample:Room;1"] svg > *').evaluate((el) => getComputedStyle(el).fill);
  expect(swatchColour.replace(/\s/g, '')).toBe(String(canvasColour).replace(/\s/g, ''));

  await page.getByRole('button', { name: 'Legend', exact: true }).click();
  await expect(legend).toHaveCount(0);
  await page.getByRole('button', { name: 'Legend', exact: true }).click();
  await expect(legend).toBeVisible();

  await page.getByRole('button', { name: 'More' }).click();
  const picker = page.getByLabel('Label model');
  await expect(picker).toBeVisible();
  const options = await picker.locator('option').evaluateAll((els) => els.map((o) => ({ text: o.textContent, title: o.getAttribute('title') })));
  expect(options).toContainEqual({ text: 'HVAC unit', title: 'dtmi:twinscope:sample:HVAC;1' });
  expect(options.some((o) => o.text?.startsWith('dtmi:'))).toBe(false);
  await picker.selectOption({ label: 'Room' });
  await page.getByLabel('Label property').selectOption('name');
  await expect
    .poll(() => page.evaluate(`document.querySelector('.graph-canvas')._cyreg.cy.getElementById('room-101').data('label')`))
    .not.toBe('room-101');
  await page.getByLabel('Label property').selectOption('$dtId');
});

test('the canvas is reached with Tab, arrows move the selection to the neighbour that way, Enter opens the inspector', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await loadSample(page);
  const canvas = page.locator('.graph-canvas');
  for (let i = 0; i < 80; i++) {
    if (await canvas.evaluate((el) => document.activeElement === el)) break;
    await page.keyboard.press('Tab');
  }
  await expect(canvas).toBeFocused();

  const selected = () => page.evaluate(`document.querySelector('.graph-canvas')._cyreg.cy.$('node:selected').map((n) => n.id())`) as Promise<string[]>;
  await page.keyboard.press('ArrowRight');
  await expect.poll(selected).toHaveLength(1);

  // From building-1 (the sample's hub), each arrow picks a neighbour whose position lies in that direction, if any.
  await page.evaluate(`(() => { const cy = document.querySelector('.graph-canvas')._cyreg.cy; cy.$(':selected').unselect(); cy.getElementById('building-1').select(); })()`);
  const moves = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] } as const;
  let moved = 0;
  for (const [key, [vx, vy]] of Object.entries(moves)) {
    await page.evaluate(`(() => { const cy = document.querySelector('.graph-canvas')._cyreg.cy; cy.$(':selected').unselect(); cy.getElementById('building-1').select(); })()`);
    const info = (await page.evaluate(`(() => {
      const cy = document.querySelector('.graph-canvas')._cyreg.cy;
      const b = cy.getElementById('building-1');
      const p = b.position();
      return b.neighborhood('node').map((n) => ({ id: n.id(), dx: n.position('x') - p.x, dy: n.position('y') - p.y }));
    })()`)) as { id: string; dx: number; dy: number }[];
    const ahead = info.filter((n) => (n.dx * vx + n.dy * vy) / Math.hypot(n.dx, n.dy) >= 0.5);
    await page.keyboard.press(key);
    const now = await selected();
    expect(now).toHaveLength(1);
    if (ahead.length > 0) {
      expect(ahead.map((n) => n.id), `${key} from building-1`).toContain(now[0]);
      moved++;
    }
  }
  expect(moved).toBeGreaterThanOrEqual(2);

  const target = (await selected())[0]!;
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector-twin-id')).toHaveText(target);
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-region="inspector"]'))).toBe(true);

  // With the inspector collapsed by hand and the selection unchanged, Enter still brings it back.
  await page.getByRole('button', { name: 'Collapse inspector' }).click();
  await expect(page.getByTestId('inspector-twin-id')).toBeHidden();
  await canvas.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector-twin-id')).toHaveText(target);
  await expect(page.getByTestId('inspector-twin-id')).toBeInViewport();
});

test('opening the inspector on a selection keeps the graph centred and the selected twin in view; no node moves', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await loadSample(page);
  await expect(page.getByRole('button', { name: 'Collapse inspector' })).toBeHidden();
  await page.getByRole('button', { name: 'Fit' }).click();
  const before = await positions(page);
  // The twin drawn furthest right: the inspector opening beside the canvas would cover it if the left edge stayed put.
  const pick = (await page.evaluate(`(() => {
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    const right = cy.nodes().max((n) => n.renderedPosition('x')).ele;
    return { id: right.id() };
  })()`)) as { id: string };
  await page.evaluate(`document.querySelector('.graph-canvas')._cyreg.cy.getElementById(${JSON.stringify(pick.id)}).select()`);
  await expect(page.getByTestId('inspector-twin-id')).toHaveText(pick.id);
  await expect(page.getByRole('button', { name: 'Collapse inspector' })).toBeVisible();
  await expect.poll(async () => page.evaluate(`(() => {
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    const b = cy.getElementById(${JSON.stringify(pick.id)}).renderedBoundingBox({ includeLabels: false });
    return b.x1 >= 0 && b.x2 <= cy.width() && b.y1 >= 0 && b.y2 <= cy.height();
  })()`)).toBe(true);
  expect(await positions(page)).toEqual(before);
});

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  test(`at ${size.width}×${size.height} the first fit and Fit leave the legend's corner to the legend: no twin under it`, async ({ page }) => {
    await page.setViewportSize(size);
    await loadSample(page);
    const legend = page.getByTestId('graph-legend');
    await expect(legend).toBeVisible();
    const underLegend = async () => {
      const l = (await legend.boundingBox())!;
      const c = (await page.locator('.graph-canvas').boundingBox())!;
      return page.evaluate(`(() => {
        const cy = document.querySelector('.graph-canvas')._cyreg.cy;
        const l = ${JSON.stringify({ x1: l.x - c.x, y1: l.y - c.y, x2: l.x - c.x + l.width, y2: l.y - c.y + l.height })};
        return cy.nodes().filter((n) => {
          const b = n.renderedBoundingBox({ includeLabels: true });
          return b.x2 > l.x1 && b.x1 < l.x2 && b.y2 > l.y1 && b.y1 < l.y2;
        }).map((n) => n.id());
      })()`) as Promise<string[]>;
    };
    expect(await underLegend()).toEqual([]);
    // A narrower canvas (the inspector open) makes the fit width-bound: the graph then reaches the legend's corner
    // unless the fit leaves it out.
    await page.getByRole('button', { name: 'Expand inspector' }).click();
    await expect(page.getByRole('button', { name: 'Collapse inspector' })).toBeVisible();
    await page.getByRole('button', { name: 'Fit' }).click();
    expect(await underLegend()).toEqual([]);
    // A grid fills its bounding box, top-right corner included: what Fit does there decides.
    await page.evaluate(`document.querySelector('.graph-canvas')._cyreg.cy.layout({ name: 'grid', fit: false, animate: false }).run()`);
    await page.getByRole('button', { name: 'Fit' }).click();
    expect(await underLegend()).toEqual([]);
  });
}
