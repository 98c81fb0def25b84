import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

type Theme = 'light' | 'dark' | 'high-contrast';

/**
 * Serious and critical axe findings on the page as it is now, one line each, so a failure names what to fix.
 * `only` limits the rules: a theme changes colours and nothing else, so the other themes need only color-contrast.
 * `within` limits the scan to the part of the page that changed since the full scan (axe is slow on a big DOM).
 */
async function seriousViolations(page: Page, screen: string, only: string[] | undefined, within: string | undefined): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (only) builder.withRules(only);
  if (within) builder.include(within);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${screen}: ${v.id} (${v.impact}) ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

async function loadGraph(page: Page, theme: Theme) {
  await page.goto(`/?env=local&query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`);
  await page.getByLabel('Theme').selectOption(theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  await expect(page.getByTestId('graph-counts')).toHaveText(/^[1-9]\d* twins/);
  await expect(page.locator('[data-region="query"] .monaco-editor')).toBeVisible();
}

for (const theme of ['light', 'dark', 'high-contrast'] as const) {
  test(`no serious or critical axe findings on the main screens (${theme} theme)`, async ({ page }) => {
    const found: string[] = [];
    const rules = theme === 'light' ? undefined : ['color-contrast'];
    const scan = async (screen: string, within?: string) => found.push(...(await seriousViolations(page, screen, rules, within)));
    await loadGraph(page, theme);
    await scan('shell with graph');

    // The inspector with a twin selected, through the twins list.
    await page.getByRole('tab', { name: 'Twins' }).click();
    await page.getByRole('listbox', { name: 'Twins' }).getByRole('option', { name: /^room-101 \(/ }).click();
    const inspector = page.locator('[data-region="inspector"]');
    await expect(page.getByTestId('inspector-twin-id')).toHaveText('room-101');
    await expect(inspector.getByTestId('prop-/name').getByRole('textbox')).toHaveValue('Room 101');
    await scan('twins list + inspector', '[data-region="models"], [data-region="inspector"]');
    await inspector.getByRole('tab', { name: 'Patch' }).click();
    await expect(inspector.locator('.monaco-editor')).toBeVisible();
    await scan('inspector patch composer', '[data-region="inspector"]');

    // Each bottom tab.
    for (const tab of ['Events', 'Event routes', 'Telemetry', 'Import / export', 'Request log']) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
      await expect(page.locator('#bottom-tabpanel .editor-loading')).toHaveCount(0);
      await scan(`bottom tab ${tab}`, '#bottom-tabpanel');
    }

    // The models workspace dialog: details, the DTDL editor, the model graph.
    await page.getByRole('tab', { name: 'Models' }).click();
    await page.locator('[role="treeitem"][data-model-id="dtmi:twinscope:sample:Room;1"]').first().click();
    await page.getByRole('group', { name: 'Selected model' }).getByRole('button', { name: 'Details' }).click();
    const dialog = page.getByRole('dialog', { name: 'Models workspace' });
    await expect(dialog.getByLabel('Model', { exact: true })).toHaveValue('dtmi:twinscope:sample:Room;1');
    await scan('models workspace: details', 'dialog[open]');
    await dialog.getByRole('tab', { name: 'DTDL editor' }).click();
    await expect(dialog.getByTestId('dtdl-editor').locator('.monaco-editor')).toBeVisible();
    await scan('models workspace: DTDL editor', 'dialog[open]');
    await dialog.getByRole('tab', { name: 'Model graph' }).click();
    await scan('models workspace: model graph', 'dialog[open]');
    await dialog.getByRole('button', { name: 'Close models workspace' }).click();

    // The environment dialog.
    await page.getByRole('button', { name: 'Add instance…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await scan('environment dialog', 'dialog[open]');

    expect(found).toEqual([]);
  });
}

test('the graph selection has a keyboard path through the twins list', async ({ page }) => {
  await page.goto(`/?env=local&query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`);
  await expect(page.getByTestId('graph-counts')).toHaveText(/^[1-9]\d* twins/);
  await expect(page.getByRole('separator', { name: 'Resize left panel' })).toBeVisible();

  // From the top of the page: skip link, environment, add instance, theme, then the left panel's tabs.
  const models = page.getByRole('tab', { name: 'Models' });
  for (let i = 0; i < 10 && !(await models.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(models).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Twins' })).toHaveAttribute('aria-selected', 'true');

  // Past the panel's collapse button into the search box, narrow the list, then on to the list itself.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Collapse models and twins' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Search twins')).toBeFocused();
  await page.keyboard.type('room-2');
  await expect(page.getByTestId('twins-count')).toHaveText(/^2 of \d+ twins/);
  const list = page.getByRole('listbox', { name: 'Twins' });
  for (let i = 0; i < 4 && !(await list.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(list).toBeFocused();

  // Arrow keys move the selection; the inspector and the graph follow.
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('option', { selected: true })).toHaveText(/^room-201/);
  await expect(page.getByTestId('inspector-twin-id')).toHaveText('room-201');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('inspector-twin-id')).toHaveText('room-202');
  await expect(list).toHaveAttribute('aria-activedescendant', /twins-row-1/);
  await expect(page.getByTestId('twins-count')).toContainText('1 selected');
  // The graph's own selection is the same twin: the canvas marks it and expanding starts from it.
  await expect(page.getByRole('button', { name: 'Expand', exact: true })).toBeEnabled();

  // Shift+Arrow extends the selection; the inspector switches to the multi-selection view.
  await page.keyboard.press('Shift+ArrowUp');
  await expect(page.getByTestId('twins-count')).toContainText('2 selected');
});
