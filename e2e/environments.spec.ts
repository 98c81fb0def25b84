import { test, expect } from './fixtures';

const HOST = 'e2e-one.api.weu.digitaltwins.azure.net';

test.describe('environments', () => {
  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`"Add instance" refuses what is not an ADT host and a second instance on a host, and Remove asks first (${size.width}×${size.height})`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto('/?env=local');
      const select = page.getByLabel('Environment', { exact: true });
      await page.getByRole('button', { name: 'Add instance…' }).click();
      let dialog = page.getByRole('dialog', { name: 'Add an Azure Digital Twins instance' });
      await dialog.getByLabel('Label').fill('Foo');
      await dialog.getByLabel('Host name').fill('https://example.com/foo');
      await dialog.getByRole('button', { name: 'Save' }).click();
      const error = dialog.getByRole('alert');
      await expect(error).toHaveText(/host name only, without "\/foo"/);
      await expect(error).toBeInViewport();
      await expect(dialog.getByLabel('Host name')).toHaveValue('https://example.com/foo');
      await dialog.getByLabel('Host name').fill('example.com');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(error).toHaveText(/example\.com is not an Azure Digital Twins host/);
      await dialog.getByLabel('Host name').fill(`https://${HOST}/`);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(select).toHaveValue(`adt:${HOST}`);

      // The same host again, under another label: refused, the first one stays as it was.
      await page.getByRole('button', { name: 'Add instance…' }).click();
      dialog = page.getByRole('dialog', { name: 'Add an Azure Digital Twins instance' });
      await dialog.getByLabel('Label').fill('Bar');
      await dialog.getByLabel('Host name').fill(HOST.toUpperCase());
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog.getByRole('alert')).toHaveText(`"Foo" already uses ${HOST}. Pick it under Environment, or edit it.`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(select.locator('option')).toContainText([`Foo (${HOST})`]);
      await expect(select.locator('option', { hasText: 'Bar' })).toHaveCount(0);

      // Remove asks; Cancel keeps it.
      await page.getByRole('button', { name: 'Remove', exact: true }).click();
      const confirm = page.getByRole('dialog', { name: 'Remove Foo?' });
      await expect(confirm).toContainText('The instance and its data are not touched.');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(select).toHaveValue(`adt:${HOST}`);
      await page.getByRole('button', { name: 'Remove', exact: true }).click();
      await page.getByRole('dialog', { name: 'Remove Foo?' }).getByRole('button', { name: 'Remove' }).click();
      await expect(select).toHaveValue('local');
      await expect(select.locator('option', { hasText: 'Foo' })).toHaveCount(0);
    });
  }

  test('a link to an unknown instance asks before adding it, and its query runs once it is open', async ({ page }) => {
    const host = 'e2e-linked.api.eus.digitaltwins.azure.net';
    await page.goto(`/?env=${host}&query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`);
    const notice = page.getByRole('alert').filter({ hasText: 'which is not one of your environments' });
    await expect(notice).toContainText(host);
    const select = page.getByLabel('Environment', { exact: true });
    await expect(select).toHaveValue('local');
    await expect(select.locator('option', { hasText: host })).toHaveCount(0);
    // Nothing was saved behind the user's back: a reload asks again.
    await page.reload();
    await expect(page.getByRole('alert').filter({ hasText: 'which is not one of your environments' })).toBeVisible();
    await page.getByRole('button', { name: 'Add and open' }).click();
    await expect(select).toHaveValue(`adt:${host}`);
    await expect(page.getByRole('alert').filter({ hasText: 'which is not one of your environments' })).toHaveCount(0);
  });

  test('a link naming no environment says so and stays on the local emulator without running its query', async ({ page }) => {
    // Run, this query would leave one twin on the graph.
    await page.goto(`/?env=bogus&query=${encodeURIComponent("SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'room-101'")}`);
    const notice = page.getByRole('alert').filter({ hasText: 'bogus' });
    await expect(notice).toHaveText(/The link names the environment bogus, which is neither one of your environments nor an Azure Digital Twins host name\. Showing Local emulator instead; its query was not run\./);
    await expect(page.getByLabel('Environment', { exact: true })).toHaveValue('local');
    await page.waitForTimeout(1500);
    await expect(page.getByTestId('graph-counts')).not.toHaveText(/^1 twin\b/);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
  });
});
