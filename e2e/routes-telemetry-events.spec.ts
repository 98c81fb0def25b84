import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const TELEMETRY = 'microsoft.iot.telemetry';

function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
}

/** Opens the Events tab once, so the app is subscribed to the live stream before anything happens. */
async function subscribe(page: Page) {
  await page.goto('/');
  await openTab(page, 'Events');
  await expect(page.getByRole('status').filter({ hasText: 'Live: events appear as they happen' })).toBeVisible();
}

async function createRoute(page: Page, id: string, filter: string) {
  await openTab(page, 'Event routes');
  await page.getByRole('button', { name: 'New route' }).click();
  const form = page.getByRole('form', { name: 'New route' });
  await form.getByLabel('Route id').fill(id);
  await form.getByLabel('Endpoint').fill('live');
  await form.getByRole('textbox', { name: 'Filter', exact: true }).fill(filter);
  await expect(form.getByText('The filter is valid.')).toBeVisible();
  await form.getByRole('button', { name: 'Save route' }).click();
  await expect(page.getByRole('table', { name: 'Event routes' }).getByRole('row').filter({ hasText: id })).toBeVisible();
}

async function deleteRoute(page: Page, id: string) {
  await openTab(page, 'Event routes');
  await page.getByRole('button', { name: `Delete route ${id}` }).click();
  await page.getByRole('group', { name: `Confirm deleting ${id}` }).getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('table', { name: 'Event routes' }).getByRole('row').filter({ hasText: id })).toHaveCount(0);
}

async function sendTelemetry(page: Page, twinId: string, value: string): Promise<string> {
  await openTab(page, 'Telemetry');
  await page.getByLabel('Twin id').fill(twinId);
  const input = page.getByLabel('value', { exact: true });
  await expect(input).toBeVisible();
  await expect(page.getByLabel('Include value')).toBeChecked();
  await input.fill(value);
  const messageId = await page.getByLabel('Message-Id').inputValue();
  expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
  await page.getByRole('button', { name: 'Send telemetry' }).click();
  const history = page.getByRole('region', { name: 'Telemetry history' });
  await expect(history.getByRole('listitem').filter({ hasText: messageId })).toContainText('sent');
  return messageId;
}

test.describe('event routes, telemetry and live events', () => {
  test('a route with a filter carries telemetry to the live panel', async ({ page }) => {
    const route = unique('e2e-telemetry');
    await subscribe(page);
    await createRoute(page, route, `type = '${TELEMETRY}' AND $body.value >= 20`);
    try {
      const messageId = await sendTelemetry(page, 'sensor-101', '23.5');
      await openTab(page, 'Events');
      await page.getByLabel('Filter events by route').fill(route);
      const item = page.getByRole('list', { name: 'Live events' }).getByRole('listitem').filter({ hasText: 'sensor-101' });
      await expect(item).toHaveCount(1);
      await expect(item).toContainText('Telemetry');
      await expect(item).toContainText('"value":23.5');
      await expect(item).toContainText(route);
      await item.getByRole('button').click();
      const details = page.getByRole('region', { name: 'Event details' });
      await expect(details).toContainText(`"id": "${messageId}"`);
      await expect(details).toContainText('"dataschema": "dtmi:twinscope:sample:Sensor;1"');
    } finally {
      await deleteRoute(page, route);
    }
  });

  test('a filter that excludes the event sees nothing', async ({ page }) => {
    const route = unique('e2e-excluding');
    await subscribe(page);
    await createRoute(page, route, `type = '${TELEMETRY}' AND $body.value > 1000`);
    try {
      const messageId = await sendTelemetry(page, 'sensor-102', '5');
      await openTab(page, 'Events');
      // The sample's catch-all route proves the event happened; it arrived in the same publish as any other match.
      const list = page.getByRole('list', { name: 'Live events' });
      await page.getByLabel('Filter events by route').fill('live-all');
      const seen = list.getByRole('listitem').filter({ hasText: 'sensor-102' });
      await expect(seen).toHaveCount(1);
      await seen.getByRole('button').click();
      await expect(page.getByRole('region', { name: 'Event details' })).toContainText(messageId);
      await expect(seen).not.toContainText(route);
      await page.getByLabel('Filter events by route').fill(route);
      await expect(list.getByRole('listitem')).toHaveCount(0);
      await expect(page.getByText('No event matches the filters.')).toBeVisible();
    } finally {
      await deleteRoute(page, route);
    }
  });

  test('patching a twin shows Twin.Update with its patch', async ({ page }) => {
    await subscribe(page);
    const occupancy = 3 + Math.floor(Math.random() * 5);
    const res = await page.request.patch('/digitaltwins/room-102?api-version=2023-10-31', {
      headers: { 'content-type': 'application/json-patch+json' },
      data: [{ op: 'replace', path: '/occupancy', value: occupancy }],
    });
    expect(res.status()).toBe(204);
    await page.getByLabel('Filter events by type').selectOption({ label: 'Twin.Update' });
    await page.getByLabel('Filter events by twin').fill('room-102');
    const item = page.getByRole('list', { name: 'Live events' }).getByRole('listitem').filter({ hasText: `replace /occupancy = ${occupancy}` });
    await expect(item).toHaveCount(1);
    await item.getByRole('button').click();
    const details = page.getByRole('region', { name: 'Event details' });
    await expect(details).toContainText('"type": "Microsoft.DigitalTwins.Twin.Update"');
    await expect(details).toContainText('"path": "/occupancy"');
    await expect(details).toContainText(`"value": ${occupancy}`);
  });

  test('telemetry goes out every N seconds with random values in a range, and a send can be replayed', async ({ page }) => {
    await page.goto('/');
    await openTab(page, 'Telemetry');
    await page.getByLabel('Twin id').fill('hvac-2');
    await expect(page.getByLabel('airflow', { exact: true })).toBeVisible();
    await page.getByLabel('airflow minimum').fill('30');
    await page.getByLabel('airflow maximum').fill('40');
    await page.getByLabel('Interval in seconds').fill('0.5');
    await page.getByRole('button', { name: 'Start' }).click();
    const panel = page.getByRole('tabpanel');
    await expect(panel.getByRole('group', { name: 'Telemetry generator' })).toContainText(/every 0\.5 s: [3-9]\d* sent/);
    await panel.getByRole('button', { name: 'Stop sending telemetry to hvac-2' }).click();
    const history = page.getByRole('region', { name: 'Telemetry history' }).getByRole('listitem');
    const sent = await history.allTextContents();
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const text of sent) {
      const value = Number(/"airflow":([\d.]+)/.exec(text)?.[1]);
      expect(value).toBeGreaterThanOrEqual(30);
      expect(value).toBeLessThanOrEqual(40);
      expect(text).toContain('sent (auto)');
    }
    await history.first().getByRole('button', { name: /^Replay/ }).click();
    await expect(history).toHaveCount(sent.length + 1);
    await expect(history.first()).toContainText(/"airflow":[\d.]+/);
    await expect(history.first()).not.toContainText('(auto)');
  });

  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`a running generator shows in the status bar and survives tab switches (${size.width}×${size.height})`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto('/');
      await openTab(page, 'Telemetry');
      await page.getByLabel('Twin id').fill('sensor-101');
      await expect(page.getByLabel('value', { exact: true })).toBeVisible();
      await page.getByLabel('value minimum').fill('10');
      await page.getByLabel('value maximum').fill('20');
      await page.getByLabel('Interval in seconds').fill('1');
      await page.getByRole('button', { name: 'Start' }).click();

      const bar = page.locator('footer.status-bar');
      const barStop = bar.getByRole('button', { name: 'Stop sending telemetry to sensor-101' });
      await openTab(page, 'Request log');
      await expect(bar).toContainText(/Telemetry: to sensor-101 every 1 s: [1-9]\d* sent/);
      await expect(barStop).toBeInViewport({ ratio: 1 });

      // Back on the tab, the form is as it was left and the running loop can be stopped there too.
      await openTab(page, 'Telemetry');
      await expect(page.getByLabel('Twin id')).toHaveValue('sensor-101');
      await expect(page.getByLabel('value minimum')).toHaveValue('10');
      const panel = page.getByRole('tabpanel');
      await expect(panel.getByRole('group', { name: 'Telemetry generator' })).toContainText(/to sensor-101 every 1 s: [2-9]\d* sent/);

      await openTab(page, 'Events');
      await barStop.click();
      await expect(bar.getByRole('group', { name: 'Telemetry generator' })).toHaveCount(0);
      await openTab(page, 'Telemetry');
      const history = page.getByRole('region', { name: 'Telemetry history' }).getByRole('listitem');
      const count = await history.count();
      await page.waitForTimeout(1500);
      await expect(history).toHaveCount(count);
      await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
      await expect(page.getByLabel('Interval in seconds')).toHaveValue('1');
    });
  }

  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`a route to an endpoint the emulator does not offer is refused next to the field, before any request (${size.width}×${size.height})`, async ({ page }) => {
      await page.setViewportSize(size);
      const route = unique('e2e-noendpoint');
      await page.goto('/');
      await openTab(page, 'Event routes');
      await page.getByRole('button', { name: 'New route' }).click();
      const form = page.getByRole('form', { name: 'New route' });
      await form.getByLabel('Route id').fill(route);
      await form.getByLabel('Endpoint').fill('nope');
      const why = form.getByRole('alert').filter({ hasText: 'There is no endpoint "nope". The emulator offers:' });
      await expect(why).toContainText('live');
      await expect(why).toBeInViewport();
      await expect(form.getByLabel('Endpoint')).toHaveAttribute('aria-invalid', 'true');
      const puts: string[] = [];
      page.on('request', (r) => { if (r.method() === 'PUT' && r.url().includes('/eventroutes/')) puts.push(r.url()); });
      await form.getByRole('button', { name: 'Save route' }).click();
      await page.waitForTimeout(500);
      expect(puts).toEqual([]);
      await expect(page.getByRole('table', { name: 'Event routes' }).getByRole('row').filter({ hasText: route })).toHaveCount(0);
      await form.getByLabel('Endpoint').fill('live');
      await expect(why).toHaveCount(0);
      await form.getByRole('button', { name: 'Save route' }).click();
      await expect(page.getByRole('table', { name: 'Event routes' }).getByRole('row').filter({ hasText: route })).toBeVisible();
      await deleteRoute(page, route);
    });
  }

  test('test filter shows which sample events pass, and syntax errors are caught as one types', async ({ page }) => {
    await page.goto('/');
    await openTab(page, 'Event routes');
    await page.getByRole('button', { name: 'New route' }).click();
    const form = page.getByRole('form', { name: 'New route' });
    const filter = form.getByRole('textbox', { name: 'Filter', exact: true });
    await filter.fill("type = 'Microsoft.DigitalTwins.Twin.Update' OR");
    await expect(form.getByText(/at position \d+/)).toBeVisible();
    await expect(form.getByRole('button', { name: 'Test filter' })).toBeDisabled();
    await filter.fill("type = 'Microsoft.DigitalTwins.Twin.Update' OR type = 'Microsoft.DigitalTwins.Twin.Create'");
    await form.getByRole('button', { name: 'Test filter' }).click();
    const results = form.getByRole('table', { name: 'Filter test results' });
    await expect(results.getByRole('row').filter({ hasText: 'passes' })).toHaveCount(2);
    await expect(results.getByRole('row').filter({ hasText: 'filtered out' })).toHaveCount(5);
    // Completions offer event types after `type =`.
    await filter.fill('type = ');
    await filter.press('End');
    await filter.press('Control+Space');
    await form.getByRole('option', { name: /Twin\.Delete/ }).click();
    await expect(filter).toHaveValue("type = 'Microsoft.DigitalTwins.Twin.Delete'");
    await form.getByRole('button', { name: 'Cancel' }).click();
  });
});
