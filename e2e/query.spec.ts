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
    await expect(page.getByTestId('query-status')).toContainText('1 row ');
    await expect(page.getByTestId('query-status')).not.toContainText('1 rows');
    const row = page.getByTestId('request-log').getByRole('button', { name: /POST \/query/ }).first();
    await row.click();
    await expect(page.getByTestId('request-log')).toContainText('"query":"SELECT COUNT() FROM DIGITALTWINS"');
    await expect(page.getByTestId('request-log')).not.toContainText(/Bearer\s+\S/);
  });
});

test.describe('query results', () => {
  test('the node budget cuts the result, the status bar says so, and load more continues', async ({ page }) => {
    await page.goto('/');
    // The node budget sits in the query menu.
    await page.getByRole('button', { name: 'Queries ▾' }).click();
    await page.getByLabel('Node budget').fill('5');
    await page.keyboard.press('Escape');
    await typeQuery(page, 'SELECT * FROM DIGITALTWINS');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByTestId('graph-counts')).toHaveText(/^5 twins/);
    await expect(page.getByTestId('graph-cut')).toHaveText('· showing 5 of 19 twins');
    // The cut is said in the query bar too, next to Load more, both in view.
    await expect(page.getByTestId('query-status')).toContainText('cut at the budget of 5 twins');
    await expect(page.getByRole('button', { name: 'Load more' })).toBeInViewport();
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect(page.getByTestId('graph-counts')).toHaveText(/^10 twins/);
    await page.getByRole('button', { name: 'Queries ▾' }).click();
    await page.getByLabel('Node budget').fill('100');
    await page.keyboard.press('Escape');
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
    // The rows open beside the graph; the graph drawn on first load stays as it was.
    await expect(page.getByTestId('graph-counts')).toHaveText('19 twins · 24 relationships');
  });

  test('relationship rows open in the results area, and the graph keeps its twins', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('graph-counts')).toHaveText('19 twins · 24 relationships');
    await typeQuery(page, "SELECT R FROM RELATIONSHIPS R WHERE R.$relationshipName = 'hasFloor'", true);
    await expect(page.getByRole('heading', { name: 'Relationships' })).toBeVisible();
    await expect(page.getByTestId('query-rows-count')).toHaveText('3 rows');
    await expect(page.getByTestId('query-rows').getByRole('table')).toContainText('building-1');
    await expect(page.getByTestId('graph-counts')).toHaveText('19 twins · 24 relationships');
  });
});

test.describe('query bar', () => {
  test('history and saved queries live in a menu that keeps the bar one row', async ({ page }) => {
    await page.goto('/');
    const long = `SELECT * FROM DIGITALTWINS T WHERE T.name = '${'a very long name '.repeat(12)}'`;
    await typeQuery(page, long, true);
    await expect(page.getByTestId('query-status')).toContainText('0 twins');
    await typeQuery(page, 'SELECT * FROM DIGITALTWINS', true);
    await expect(page.getByTestId('query-status')).toContainText('19 twins');
    // The bar did not grow with the history: the status and the menu stay on the first row, beside Run.
    const run = await page.getByRole('button', { name: 'Run', exact: true }).boundingBox();
    const menu = await page.getByRole('button', { name: 'Queries ▾' }).boundingBox();
    expect(run && menu && Math.abs(run.y - menu.y) < 4).toBe(true);
    await page.getByRole('button', { name: 'Queries ▾' }).click();
    const history = page.getByTestId('query-history');
    await expect(history.getByRole('button')).toHaveCount(2);
    const dialog = await page.getByRole('dialog', { name: 'Queries' }).boundingBox();
    expect(dialog && dialog.x >= 0 && dialog.x + dialog.width <= 1280).toBe(true);
    // Picking from the history puts the query in the editor.
    await history.getByRole('button').nth(1).click();
    await expect(page.locator('[data-region="query"] .view-lines')).toContainText('a\u00a0very\u00a0long');
  });

  test('the draft is kept per environment across a reload', async ({ page }) => {
    await page.goto('/');
    const draft = "SELECT * FROM DIGITALTWINS T WHERE T.name = 'Floor 2'";
    await typeQuery(page, draft);
    await page.reload();
    await expect(page.locator('[data-region="query"] .view-lines')).toContainText(draft.replace(/ /g, '\u00a0'));
  });

  test('the start query is drawn on load and can be changed; a deep link wins', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('graph-counts')).toHaveText('19 twins · 24 relationships');
    await typeQuery(page, "SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinscope:sample:Floor;1')");
    await page.getByRole('button', { name: 'Queries ▾' }).click();
    await page.getByRole('button', { name: 'Use as start query' }).click();
    await expect(page.getByTestId('start-query')).toContainText('Floor;1');
    await page.reload();
    await expect(page.getByTestId('graph-counts')).toHaveText('3 twins · 0 relationships');
    await page.goto(`/?env=local&query=${encodeURIComponent("SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'building-1'")}`);
    await expect(page.getByTestId('graph-counts')).toHaveText('1 twin · 0 relationships');
  });

  test('the completion list is not cut off by the one-line bar, and finds a model id without dtmi:', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('graph-counts')).toHaveText('19 twins · 24 relationships');
    await typeQuery(page, "SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('Room");
    await page.keyboard.press('Control+Space');
    const row = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'dtmi:twinscope:sample:Room;1' });
    await expect(row).toBeVisible();
    // Nothing covers the list: the row is what sits at its own centre, below the query bar.
    const bar = await page.locator('[data-region="query"]').boundingBox();
    const box = await row.boundingBox();
    if (!bar || !box) throw new Error('no boxes');
    const hit = await page.evaluate(([x, y]) => !!document.elementFromPoint(x as number, y as number)?.closest('.suggest-widget'), [box.x + box.width / 2, box.y + box.height / 2]);
    expect(hit).toBe(true);
    await expect(page.locator('.suggest-widget .monaco-list-row')).not.toHaveCount(0);
    expect(box.y + box.height).toBeGreaterThan(bar.y);
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-region="query"] .view-lines')).toContainText("IS_OF_MODEL('dtmi:twinscope:sample:Room;1')");
  });

  test("the graph filter's placeholder is a condition the sample matches", async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('graph-counts')).toHaveText('19 twins · 24 relationships');
    const filter = page.getByLabel('Filter twins by value');
    const placeholder = await filter.getAttribute('placeholder');
    expect(placeholder).toBeTruthy();
    await filter.fill(placeholder ?? '');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('graph-filter-count')).toHaveText(/^[1-9]\d* matching/);
  });
});
