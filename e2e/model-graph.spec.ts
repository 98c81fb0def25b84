import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startOwnEmulator, API } from './support/emulator';
import type { RunningEmulator } from '../src/emulator/server';
import { parseDtdlText } from '../src/shared/dtdl';
import { orderByDependencies, batches } from '../src/shared/dtdl';
import { realEstateCoreFiles } from '../src/test-support/shared-dir';
import type { ModelGraphSnapshot } from '../src/web/features/models/ModelGraph';

const SIZES = [{ width: 1280, height: 720 }, { width: 1440, height: 900 }, { width: 1920, height: 1080 }];
const SHOTS = process.env.MODEL_GRAPH_SHOTS; // a folder: also save screenshots there, to look at

async function openModelGraph(page: Page, url = '/') {
  await page.goto(url);
  await expect(page.getByTestId('models-summary')).toBeVisible();
  await page.getByRole('button', { name: 'Model graph' }).click();
  const dialog = page.getByRole('dialog', { name: 'Models workspace' });
  await expect(dialog.getByTestId('model-graph-layout')).toContainText('laid out in', { timeout: 30_000 });
  return dialog;
}

async function snapshot(page: Page): Promise<ModelGraphSnapshot> {
  return page.locator('.models-graph__canvas').evaluate((el) => (el as unknown as { modelGraphSnapshot: () => ModelGraphSnapshot }).modelGraphSnapshot());
}

function overlaps(s: ModelGraphSnapshot): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.nodes.length; i++) {
    for (let j = i + 1; j < s.nodes.length; j++) {
      const a = s.nodes[i]!;
      const b = s.nodes[j]!;
      if (a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5) out.push(`${a.id} × ${b.id}`);
    }
  }
  return out;
}

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
}

test.describe('model graph', () => {
  test('opens laid out: no two models overlap, they spread over the canvas, edges are drawn', async ({ page }) => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const dialog = await openModelGraph(page);
      const canvas = await dialog.locator('.models-graph__canvas').boundingBox();
      if (!canvas) throw new Error('no canvas');
      const s = await snapshot(page);
      expect(s.nodes.length).toBeGreaterThan(5);
      expect(overlaps(s)).toEqual([]);
      const xs = s.nodes.flatMap((n) => [n.x1, n.x2]);
      const ys = s.nodes.flatMap((n) => [n.y1, n.y2]);
      // Spread: the drawing spans most of the canvas in at least one direction, and is not a pile in a corner.
      const spanX = Math.max(...xs) - Math.min(...xs);
      const spanY = Math.max(...ys) - Math.min(...ys);
      expect(Math.max(spanX / canvas.width, spanY / canvas.height), `spread at ${size.width}×${size.height}`).toBeGreaterThan(0.6);
      // Every node lies inside the canvas, and the labels are drawn at a readable zoom.
      for (const n of s.nodes) {
        expect(n.x1).toBeGreaterThanOrEqual(-1);
        expect(n.x2).toBeLessThanOrEqual(canvas.width + 1);
        expect(n.y1).toBeGreaterThanOrEqual(-1);
        expect(n.y2).toBeLessThanOrEqual(canvas.height + 1);
      }
      expect(s.zoom).toBeGreaterThan(0.5);
      expect(s.edges.filter((e) => e.kind === 'extends').length).toBeGreaterThan(0);
      expect(s.edges.filter((e) => e.kind === 'relationship').length).toBeGreaterThan(0);
      // Labels are display names, not DTMIs.
      expect(s.nodes.filter((n) => n.label.startsWith('dtmi:'))).toEqual([]);
      if (SHOTS) {
        for (const theme of ['light', 'dark'] as const) {
          await setTheme(page, theme);
          await page.waitForTimeout(150);
          await page.screenshot({ path: `${SHOTS}/model-graph-sample-${size.width}x${size.height}-${theme}.png` });
        }
      }
    }
  });

  test('keeps "only supertypes and subtypes" when another model is picked', async ({ page }) => {
    const dialog = await openModelGraph(page);
    const lineage = dialog.getByRole('checkbox', { name: 'Only supertypes and subtypes of the selected model' });
    const counts = dialog.getByTestId('model-graph-counts');
    await dialog.getByLabel('Find a model in the graph').fill('Room');
    await dialog.getByRole('listbox', { name: 'Matching models' }).getByRole('option').first().click();
    await lineage.check();
    const forRoom = await counts.textContent();
    await dialog.getByRole('tab', { name: 'Details' }).click();
    const picker = dialog.getByLabel('Model', { exact: true });
    const other = await picker.locator('option').evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => o.value).find((v) => /Thermostat/.test(v)));
    await picker.selectOption(other ?? '');
    await dialog.getByRole('tab', { name: 'Model graph' }).click();
    await expect(lineage).toBeChecked();
    await expect(counts).not.toHaveText(forRoom ?? '');
  });
});

test.describe('model graph at RealEstateCore scale (767 models)', () => {
  let emulator: RunningEmulator;

  test.beforeAll(async () => {
    emulator = await startOwnEmulator({ seed: 'none' });
    const docs = realEstateCoreFiles().flatMap((f) => parseDtdlText(readFileSync(f, 'utf8')).documents);
    for (const batch of batches(orderByDependencies(docs).ordered)) {
      const res = await fetch(`${emulator.httpUrl}/models?${API}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
      expect(res.status).toBe(201);
    }
  });

  test.afterAll(async () => {
    await emulator?.close();
  });

  test('opens collapsed and readable, finds a model, focuses on its neighbourhood, and lays out all 767', async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    const started = Date.now();
    const dialog = await openModelGraph(page, `${emulator.httpUrl}/`);
    const first = await snapshot(page);
    console.log(`RealEstateCore model graph: first layout of ${first.nodes.length} models in ${first.layoutMs} ms (open to drawn ${Date.now() - started} ms)`);
    expect(first.nodes.length).toBeLessThanOrEqual(60);
    expect(overlaps(first)).toEqual([]);
    expect(first.zoom).toBeGreaterThan(0.5);
    await expect(dialog.getByText(/in collapsed branches/)).toBeVisible();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/model-graph-rec-overview-1440x900-light.png` });

    // Search reveals a model deep in a collapsed branch and centres on it.
    await dialog.getByLabel('Find a model in the graph').fill('CookingRoom');
    await dialog.getByLabel('Find a model in the graph').press('Enter');
    await expect(dialog.getByTestId('model-graph-layout')).toContainText('laid out in', { timeout: 30_000 });
    await expect.poll(async () => (await snapshot(page)).nodes.some((n) => n.id === 'dtmi:digitaltwins:rec_3_3:building:CookingRoom;1')).toBe(true);
    const canvas = await dialog.locator('.models-graph__canvas').boundingBox();
    const found = (await snapshot(page)).nodes.find((n) => n.id === 'dtmi:digitaltwins:rec_3_3:building:CookingRoom;1')!;
    expect(Math.abs((found.x1 + found.x2) / 2 - canvas!.width / 2)).toBeLessThan(canvas!.width / 4);

    // Focus: Room, its supertypes, subtypes and direct neighbours only.
    await dialog.getByLabel('Find a model in the graph').fill('dtmi:digitaltwins:rec_3_3:core:Room;1');
    await dialog.getByLabel('Find a model in the graph').press('Enter');
    await dialog.getByRole('checkbox', { name: 'Focus on the selected model' }).check();
    await expect(dialog.getByTestId('model-graph-layout')).toContainText('laid out in', { timeout: 30_000 });
    const focused = await snapshot(page);
    expect(focused.nodes.map((n) => n.id)).toContain('dtmi:digitaltwins:rec_3_3:core:Space;1');
    expect(focused.nodes.length).toBeLessThan(120);
    expect(overlaps(focused)).toEqual([]);
    expect(focused.edges.some((e) => e.bends > 0)).toBe(true);
    if (SHOTS) {
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await dialog.getByRole('button', { name: 'Fit' }).click();
        for (const theme of ['light', 'dark'] as const) {
          await setTheme(page, theme);
          await page.waitForTimeout(200);
          await page.screenshot({ path: `${SHOTS}/model-graph-rec-focused-${size.width}x${size.height}-${theme}.png` });
        }
      }
      await page.setViewportSize({ width: 1440, height: 900 });
      await setTheme(page, 'light');
    }

    // The whole ontology: every branch open, laid out off the main thread, with no overlaps.
    await dialog.getByRole('checkbox', { name: 'Focus on the selected model' }).uncheck();
    await dialog.getByRole('button', { name: 'Expand all' }).click();
    await expect(dialog.getByTestId('model-graph-counts')).toContainText('767 models');
    await expect(dialog.getByTestId('model-graph-layout')).toContainText('laid out in', { timeout: 90_000 });
    const whole = await snapshot(page);
    console.log(`RealEstateCore model graph: all ${whole.nodes.length} models and ${whole.edges.length} edges laid out in ${whole.layoutMs} ms`);
    expect(whole.nodes).toHaveLength(767);
    expect(overlaps(whole)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/model-graph-rec-all-1440x900-light.png` });
  });
});
