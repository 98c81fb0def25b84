import type { APIRequestContext } from '@playwright/test';
import { typeQuery } from './support/query-editor';
import { test, expect } from './fixtures';

// The sample graph the emulator seeds: see src/emulator/seed.
async function sampleCounts(request: APIRequestContext) {
  const q = async (query: string) => {
    const res = await request.post('/query?api-version=2023-10-31', { data: { query } });
    expect(res.ok()).toBe(true);
    return ((await res.json()) as { value: { COUNT: number }[] }).value[0]?.COUNT ?? -1;
  };
  return { twins: await q('SELECT COUNT() FROM DIGITALTWINS'), relationships: await q('SELECT COUNT() FROM RELATIONSHIPS') };
}


test.describe('query → graph', () => {
  test('Ctrl+Enter runs the query and the status bar shows what the graph holds', async ({ page, request }) => {
    const expected = await sampleCounts(request);
    expect(expected.twins).toBeGreaterThan(5);
    await page.goto('/');
    await typeQuery(page, 'SELECT * FROM DIGITALTWINS');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByTestId('graph-counts')).toHaveText(`${expected.twins} twins · ${expected.relationships} relationships`);
    await expect(page.getByTestId('query-status')).toContainText(`${expected.twins} twins`);
    // The graph really drew them.
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-region="graph"] canvas').length)).toBeGreaterThan(0);
  });

  test('a bad query shows the service error next to the editor and keeps the text', async ({ page, allowConsoleError }) => {
    allowConsoleError(/status of 400/);
    await page.goto('/');
    await typeQuery(page, 'SELEC * FROM DIGITALTWINS');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('query-error')).toContainText('SqlQueryError');
    await expect(page.locator('[data-region="query"] .view-lines')).toContainText('SELEC');
    // The editor marks the mistake before the service is asked.
    await expect(page.locator('[data-region="query"] .squiggly-error').first()).toBeAttached();
  });

  test('completions offer the environment models inside IS_OF_MODEL', async ({ page }) => {
    await page.goto('/');
    await typeQuery(page, "SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('");
    await page.keyboard.press('Control+Space');
    await expect(page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'dtmi:' }).first()).toBeVisible();
  });

  test('a deep link opens the environment and runs the query', async ({ page }) => {
    const query = "SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'building-1'";
    await page.goto(`/?env=local&query=${encodeURIComponent(query)}`);
    await expect(page.getByTestId('graph-counts')).toHaveText('1 twin · 0 relationships');
  });

  test('the request log lists the query with its body only on demand and never a token', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('tab', { name: 'Request log' }).click();
    await page.getByLabel('Record bodies').check();
    await typeQuery(page, 'SELECT COUNT() FROM DIGITALTWINS');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByTestId('query-status')).toContainText('1 rows');
    const row = page.getByTestId('request-log').getByRole('button', { name: /POST \/query/ }).first();
    await row.click();
    await expect(page.getByTestId('request-log')).toContainText('"query":"SELECT COUNT() FROM DIGITALTWINS"');
    await expect(page.getByTestId('request-log')).not.toContainText(/Bearer\s+\S/);
  });
});

test.describe('query results', () => {
  test('the node budget cuts the result, the status bar says so, and load more continues', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Node budget').fill('5');
    await typeQuery(page, 'SELECT * FROM DIGITALTWINS');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByTestId('graph-counts')).toHaveText(/^5 twins/);
    await expect(page.getByTestId('graph-cut')).toHaveText('· showing 5 of 19 twins');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect(page.getByTestId('graph-counts')).toHaveText(/^10 twins/);
    await page.getByLabel('Node budget').fill('100');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect(page.getByTestId('graph-counts')).toHaveText('19 twins · 24 relationships');
    await expect(page.getByTestId('graph-cut')).toHaveCount(0);
  });

  test('projections go to a table that can also be seen as JSON', async ({ page }) => {
    await page.goto('/');
    await typeQuery(page, "SELECT R.name AS room, R.area FROM DIGITALTWINS R WHERE IS_OF_MODEL(R, 'dtmi:twinscope:sample:Room;1')");
    await page.keyboard.press('ControlOrMeta+Enter');
    const table = page.getByTestId('query-rows').getByRole('table');
    await expect(table.getByRole('columnheader')).toHaveText(['room', 'area']);
    await expect(table.getByRole('row')).toHaveCount(7);
    await expect(table).toContainText('Room 101');
    await page.getByTestId('query-rows').getByLabel('JSON').check();
    await expect(page.getByTestId('query-rows').locator('pre')).toContainText('"room": "Room 101"');
    await expect(page.getByTestId('graph-counts')).toHaveText('0 twins · 0 relationships');
  });
});
