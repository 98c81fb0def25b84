import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { canvasShare, expectNoHiddenControls, THEMES, WINDOW_SIZES } from './support/layout';
import { typeQuery } from './support/query-editor';

// The sample graph the emulator seeds (src/emulator/seed/sample.ts): 19 twins, 24 relationships.
const SAMPLE = { twins: 19, relationships: 24 };

const drawnNodes = (page: Page) => page.locator('.graph-view').getAttribute('data-drawn-nodes').then(Number);

async function firstScreen(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('graph-counts')).toHaveText(`${SAMPLE.twins} twins · ${SAMPLE.relationships} relationships`);
  await expect.poll(() => drawnNodes(page)).toBe(SAMPLE.twins);
}

async function setTheme(page: Page, theme: string) {
  await page.getByLabel('Theme').selectOption(theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test.describe('the workspace layout', () => {
  test('no control is off-screen, cut off or covered, at five window sizes and in three themes', async ({ page }) => {
    test.setTimeout(120_000);
    for (const [i, size] of WINDOW_SIZES.entries()) {
      await page.setViewportSize(size);
      await firstScreen(page);
      const at = `${size.width}×${size.height}`;
      for (const theme of THEMES) {
        await setTheme(page, theme);
        await expectNoHiddenControls(page, `${at}, ${theme}, first screen`);
      }
      // The rest of the states in one theme per size, in turn, to keep the run short.
      const theme = THEMES[i % THEMES.length] ?? 'light';
      await setTheme(page, theme);
      await page.getByRole('button', { name: 'Queries ▾' }).click();
      await expect(page.getByRole('dialog', { name: 'Queries' })).toBeVisible();
      await expectNoHiddenControls(page, `${at}, ${theme}, query menu open`);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name: 'Queries' })).toHaveCount(0);

      await typeQuery(page, 'SELECT T.$dtId AS id, T.name, T.area FROM DIGITALTWINS T', true);
      await expect(page.getByTestId('query-rows').getByRole('table')).toBeVisible();
      await expectNoHiddenControls(page, `${at}, ${theme}, results open`);

      await page.getByRole('tab', { name: 'Twins' }).click();
      await page.getByRole('listbox', { name: 'Twins' }).getByRole('option', { name: /^room-101 \(/ }).click();
      await expect(page.getByTestId('inspector-twin-id')).toHaveText('room-101');
      await page.getByRole('tab', { name: 'Request log' }).click();
      await expect(page.getByTestId('request-log')).toBeVisible();
      await expectNoHiddenControls(page, `${at}, ${theme}, inspector, results and bottom panel open`);
      await page.evaluate(() => localStorage.clear());
    }
  });

  test('the graph canvas covers at least half of the window at 1440×900, and more with the side panels collapsed', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await firstScreen(page);
    const share = await canvasShare(page);
    expect(share).toBeGreaterThanOrEqual(0.5);
    await page.getByRole('button', { name: 'Collapse models and twins' }).click();
    await expect.poll(() => canvasShare(page)).toBeGreaterThan(share + 0.05);
    // A collapsed panel comes back from its strip, and the sizes are kept across a reload.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Expand models and twins' })).toBeVisible();
    await page.getByRole('button', { name: 'Expand models and twins' }).click();
    await expect(page.getByRole('tab', { name: 'Models' })).toBeVisible();
  });

  test('a dragged separator keeps its place after a reload', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await firstScreen(page);
    const left = page.locator('[data-region="models"]');
    const before = (await left.boundingBox())?.width ?? 0;
    const handle = await page.getByRole('separator', { name: 'Resize left panel' }).boundingBox();
    if (!handle) throw new Error('no separator');
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 120, handle.y + handle.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await left.boundingBox())?.width ?? 0).toBeGreaterThan(before + 80);
    const after = (await left.boundingBox())?.width ?? 0;
    await page.reload();
    await expect(page.getByRole('tab', { name: 'Models' })).toBeVisible();
    await expect.poll(async () => Math.round((await left.boundingBox())?.width ?? 0)).toBeGreaterThan(after - 4);
  });
});

test.describe('first screen and results beside the graph', () => {
  test('the sample graph is drawn on first load with no click', async ({ page }) => {
    const queries: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/query')) queries.push(r.postData() ?? '');
    });
    await firstScreen(page);
    expect(queries.some((q) => q.includes('"SELECT * FROM DIGITALTWINS"'))).toBe(true);
    await expect(page.getByTestId('query-status')).toContainText('start query');
  });

  test('a COUNT() shows its number large and leaves the graph as it was', async ({ page }) => {
    await firstScreen(page);
    await typeQuery(page, 'SELECT COUNT() FROM DIGITALTWINS', true);
    await expect(page.getByTestId('result-value')).toContainText(String(SAMPLE.twins));
    const size = await page.getByTestId('result-value').locator('.result-value__number').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(32);
    await expect(page.getByTestId('query-status')).toContainText('1 row ');
    await expect(page.getByTestId('graph-counts')).toHaveText(`${SAMPLE.twins} twins · ${SAMPLE.relationships} relationships`);
    expect(await drawnNodes(page)).toBe(SAMPLE.twins);
    // Closing the results gives the room back to the graph.
    await page.getByRole('button', { name: 'Close results' }).click();
    await expect(page.getByTestId('query-rows')).toHaveCount(0);
  });

  test('a projection opens a table showing at least 8 rows, beside the graph it leaves alone', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await firstScreen(page);
    await typeQuery(page, 'SELECT T.$dtId AS id, T.name FROM DIGITALTWINS T', true);
    const table = page.getByTestId('query-rows').getByRole('table');
    await expect(table.getByRole('row')).toHaveCount(SAMPLE.twins + 1);
    await expect(page.getByTestId('query-rows-count')).toHaveText(`${SAMPLE.twins} rows`);
    const fits = await page.getByTestId('query-rows').evaluate((el) => {
      const body = el.querySelector('.query-rows__body')?.getBoundingClientRect();
      const eighth = el.querySelectorAll('tbody tr')[7]?.getBoundingClientRect();
      return !!body && !!eighth && eighth.bottom <= body.bottom + 1;
    });
    expect(fits).toBe(true);
    await expect(page.getByTestId('graph-counts')).toHaveText(`${SAMPLE.twins} twins · ${SAMPLE.relationships} relationships`);
    expect(await drawnNodes(page)).toBe(SAMPLE.twins);
    // The graph keeps most of the width.
    const graph = await page.locator('[data-region="graph"]').boundingBox();
    const results = await page.locator('[data-region="results"]').boundingBox();
    expect(graph && results && graph.width > results.width).toBe(true);
  });
});
