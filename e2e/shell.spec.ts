import { test, expect } from './fixtures';

test.describe('app shell', () => {
  test('loads the workspace on the local emulator with no console errors', async ({ page, consoleErrors }) => {
    await page.goto('/');
    await expect(page.getByLabel('Environment')).toHaveValue('local');
    await expect(page.getByRole('tab', { name: 'Models' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Twins' })).toBeVisible();
    // Graph and query regions are named for assistive technology; their rows go to the toolbar and the query bar.
    await expect(page.getByRole('region', { name: 'Graph' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Query' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
    // The inspector starts as a strip and opens when asked for (or when something is selected).
    await page.getByRole('button', { name: 'Expand inspector' }).click();
    await expect(page.getByRole('heading', { name: 'Inspector' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Request log' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Events' })).toBeVisible();
    await expect(page.getByTestId('graph-counts')).toHaveText(/^\d[\d,]* twins? · \d[\d,]* relationships?$/);
    expect(consoleErrors).toEqual([]);
  });

  test('Monaco loads lazily and takes typing in the query region', async ({ page }) => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto('/');
    const editor = page.locator('[data-region="query"] .monaco-editor');
    await expect(editor).toBeVisible();
    // Bundled, not from a CDN: every script came from our own origin.
    const origin = new URL(page.url()).origin;
    expect(scripts.filter((u) => !u.startsWith(origin))).toEqual([]);
    expect(scripts.some((u) => /MonacoEditor/.test(u))).toBe(true);

    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type("SELECT T FROM DIGITALTWINS T WHERE T.name = 'Room 1'");
    await expect(editor.locator('.view-lines')).toContainText("SELECT T FROM DIGITALTWINS T WHERE T.name = 'Room 1'".replace(/ /g, '\u00a0'));
  });

  test('switches theme, and remembers the choice after a reload', async ({ page }) => {
    await page.goto('/');
    const html = page.locator('html');
    await page.getByLabel('Theme').selectOption('dark');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(page.locator('[data-region="query"] .monaco-editor')).toHaveClass(/vs-dark/);
    await page.getByLabel('Theme').selectOption('high-contrast');
    await expect(html).toHaveAttribute('data-theme', 'high-contrast');
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'high-contrast');
    await expect(page.getByLabel('Theme')).toHaveValue('high-contrast');
    await page.getByLabel('Theme').selectOption('light');
    await expect(html).toHaveAttribute('data-theme', 'light');
  });

  test('keyboard focus follows the layout: skip link, connection bar, then the panels', async ({ page }) => {
    await page.goto('/');
    // Tab only once the shell has rendered; before that the document has nothing focusable.
    await expect(page.getByRole('separator', { name: 'Resize left panel' })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to graph and query' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Environment')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Add instance…' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Theme')).toBeFocused();
    await page.keyboard.press('Tab');
    // The left panel's tab list is one stop (roving tabindex); arrow keys move within it.
    await expect(page.getByRole('tab', { name: 'Models' })).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Twins' })).toBeFocused();
    await expect(page.getByRole('tab', { name: 'Twins' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Tab');
    // The panel's own collapse button, then the first resize handle, between the left panel and the centre.
    await expect(page.getByRole('button', { name: 'Collapse models and twins' })).toBeFocused();
    await page.keyboard.press('Tab');
    // Then the selected tab's content, in reading order.
    await expect(page.getByLabel('Search twins')).toBeFocused();
  });

  test('resizing a region with the keyboard changes its size', async ({ page }) => {
    await page.goto('/');
    const left = page.locator('[data-region="models"]');
    const before = (await left.boundingBox())?.width ?? 0;
    await page.getByRole('separator', { name: 'Resize left panel' }).focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await left.boundingBox())?.width ?? 0).toBeGreaterThan(before + 10);
  });
});
