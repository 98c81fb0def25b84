import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';

// A change made elsewhere (another user, a script, a device) reaches an open inspector through the live stream and
// the one cached copy of the twin; while the user edits, it is shown as a difference and never written over the edits.

const API = 'api-version=2023-10-31';
/** The bar: a change made elsewhere shows in an open inspector within 2 s. */
const WITHIN = { timeout: 2_000 };

async function getTwin(request: APIRequestContext, id: string): Promise<Record<string, unknown>> {
  const res = await request.get(`/digitaltwins/${encodeURIComponent(id)}?${API}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** A write the app did not make: straight to the service. */
async function patchElsewhere(request: APIRequestContext, id: string, patch: unknown[]) {
  const res = await request.patch(`/digitaltwins/${encodeURIComponent(id)}?${API}`, {
    data: JSON.stringify(patch),
    headers: { 'content-type': 'application/json-patch+json' },
  });
  expect(res.status(), await res.text()).toBe(204);
}

/** Subscribes to the live stream, loads the sample graph and opens a twin in the inspector. */
async function openInspector(page: Page, twinId: string) {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Live: events appear as they happen' })).toBeVisible();
  await page.locator('[data-region="query"]').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('graph-counts')).toHaveText(/^[1-9]\d* twins/);
  await page.getByRole('tab', { name: 'Twins' }).click();
  await page.getByLabel('Search twins').fill(twinId);
  await page.getByRole('listbox', { name: 'Twins' }).getByRole('option', { name: new RegExp(`^${twinId} \\(`) }).click();
  await expect(page.getByTestId('inspector-twin-id')).toHaveText(twinId);
}

const inspector = (page: Page) => page.locator('[data-region="inspector"]');

test.describe('an open inspector follows changes made elsewhere', () => {
  // Other specs use the sample graph too: each twin changed here gets its name and setpoint back.
  test.afterEach(async ({ request }) => {
    for (const [id, name, setpoint] of [['room-202', 'Room 202', 22], ['room-301', 'Room 301', 21]] as const) {
      await patchElsewhere(request, id, [{ op: 'replace', path: '/name', value: name }, { op: 'replace', path: '/thermostat/setpoint', value: setpoint }]);
    }
    await patchElsewhere(request, 'room-202', [{ op: 'replace', path: '/occupancy', value: 1 }]);
    const res = await request.patch(`/digitaltwins/room-101/relationships/room-101-servedBy-hvac-1?${API}`, {
      data: JSON.stringify([{ op: 'replace', path: '/priority', value: 1 }]),
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(res.status(), await res.text()).toBe(204);
  });

  test('the inspector, the twins list and the graph\'s value filter read one copy: a change elsewhere reaches all three', async ({ page, request }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openInspector(page, 'room-202');
    const panel = inspector(page);
    await patchElsewhere(request, 'room-202', [
      { op: 'replace', path: '/name', value: 'Room 202 agreed' },
      { op: 'replace', path: '/occupancy', value: 77 },
    ]);
    await expect(panel.getByTestId('prop-/occupancy').getByRole('textbox')).toHaveValue('77', WITHIN);
    // The twins list searches the same documents.
    await page.getByLabel('Search in').selectOption('any');
    await page.getByLabel('Search twins').fill('agreed');
    await expect(page.getByRole('listbox', { name: 'Twins' }).getByRole('option')).toHaveText([/room-202/], WITHIN);
    // So does the graph's value filter.
    await page.getByLabel('Filter twins by value').fill('occupancy = 77');
    await page.locator('.graph-filter').getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('graph-filter-count')).toHaveText('1 matching');
  });

  test('a relationship changed elsewhere shows in the open relationship inspector within 2 s', async ({ page, request }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openInspector(page, 'room-101');
    const panel = inspector(page);
    await panel.getByRole('tab', { name: 'Relationships' }).click();
    await panel.getByRole('list', { name: 'Outgoing relationships' }).getByRole('button', { name: 'Inspect relationship servedBy room-101-servedBy-hvac-1' }).click();
    const priority = panel.getByLabel(/priority/);
    await expect(priority).toHaveValue('1');
    const res = await request.patch(`/digitaltwins/room-101/relationships/room-101-servedBy-hvac-1?${API}`, {
      data: JSON.stringify([{ op: 'replace', path: '/priority', value: 5 }]),
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(res.status(), await res.text()).toBe(204);
    await expect(priority).toHaveValue('5', WITHIN);
  });

  test('a change made elsewhere shows in the open inspector within 2 s, with the new ETag', async ({ page, request }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openInspector(page, 'room-202');
    const panel = inspector(page);
    const name = panel.getByTestId('prop-/name').getByRole('textbox');
    await expect(name).toHaveValue('Room 202');
    const etagBefore = await panel.getByTestId('inspector-etag').textContent();

    await patchElsewhere(request, 'room-202', [{ op: 'replace', path: '/name', value: 'Room 202 (renamed elsewhere)' }]);
    await expect(name).toHaveValue('Room 202 (renamed elsewhere)', WITHIN);
    const server = await getTwin(request, 'room-202');
    await expect(panel.getByTestId('inspector-etag')).toHaveText(String(server.$etag), WITHIN);
    expect(server.$etag).not.toBe(etagBefore);
    await expect(panel.getByTestId('inspector-server-change')).toHaveCount(0);

    // The JSON view reads the same copy; a second change arrives too.
    await patchElsewhere(request, 'room-202', [{ op: 'replace', path: '/thermostat/setpoint', value: 17 }]);
    await expect(panel.getByTestId('prop-/thermostat/setpoint').getByRole('textbox')).toHaveValue('17', WITHIN);
    await panel.getByRole('tab', { name: 'JSON' }).click();
    await expect(panel.getByTestId('inspector-json')).toContainText('"name": "Room 202 (renamed elsewhere)"');
  });

  test('while the user edits, a change made elsewhere is shown as a difference and the edits stay', async ({ page, request }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openInspector(page, 'room-301');
    const panel = inspector(page);
    const name = panel.getByTestId('prop-/name').getByRole('textbox');
    const setpoint = panel.getByTestId('prop-/thermostat/setpoint').getByRole('textbox');
    await expect(name).toHaveValue('Room 301');
    await name.fill('Room 301, my edit');

    await patchElsewhere(request, 'room-301', [
      { op: 'replace', path: '/name', value: 'Room 301 (renamed elsewhere)' },
      { op: 'replace', path: '/thermostat/setpoint', value: 16 },
    ]);
    const notice = panel.getByTestId('inspector-server-change');
    await expect(notice).toBeVisible(WITHIN);
    await expect(notice).toContainText('Changed on the server');
    const changes = notice.getByRole('table', { name: 'Changed while you edit' });
    await expect(changes.getByRole('row').filter({ hasText: '/name' })).toContainText('"Room 301 (renamed elsewhere)"');
    await expect(changes.getByRole('row').filter({ hasText: '/name' })).toContainText('"Room 301"');
    await expect(changes.getByRole('row').filter({ hasText: '/thermostat/setpoint' })).toContainText('16');
    // Nothing the user typed is overwritten, and the form still shows the version the edit started from.
    await expect(name).toHaveValue('Room 301, my edit');
    await expect(setpoint).toHaveValue('21');

    // Moving to the server's version keeps the edit and takes the other changes.
    await notice.getByRole('button', { name: "Edit the server's version" }).click();
    await expect(notice).toHaveCount(0);
    await expect(name).toHaveValue('Room 301, my edit');
    await expect(setpoint).toHaveValue('16');

    // The edit then saves against the current ETag: no conflict, and the service has both changes.
    await panel.getByRole('button', { name: 'Review changes as patch' }).click();
    await panel.getByRole('button', { name: 'Save patch' }).click();
    await expect.poll(async () => (await getTwin(request, 'room-301')).name).toBe('Room 301, my edit');
    const thermostat = (await getTwin(request, 'room-301')).thermostat as Record<string, unknown>;
    expect(thermostat.setpoint).toBe(16);
  });
});
