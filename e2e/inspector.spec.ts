import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { replaceEditorText } from './support/query-editor';

const API = 'api-version=2023-10-31';
const ROOM = 'dtmi:twinscope:sample:Room;1';

/** The test's own view of the service, independent of the app. */
async function getTwin(request: APIRequestContext, id: string) {
  const res = await request.get(`/digitaltwins/${encodeURIComponent(id)}?${API}`);
  return { status: res.status(), body: res.ok() ? ((await res.json()) as Record<string, unknown>) : null };
}

async function patchTwin(request: APIRequestContext, id: string, patch: unknown[]) {
  const res = await request.patch(`/digitaltwins/${encodeURIComponent(id)}?${API}`, {
    data: JSON.stringify(patch),
    headers: { 'content-type': 'application/json-patch+json' },
  });
  expect(res.status(), await res.text()).toBe(204);
}

/** Loads the sample graph with the Query panel's Run button and selects a twin through the twins list. */
async function loadAndSelect(page: Page, twinId: string) {
  await page.goto('/');
  await page.locator('[data-region="query"]').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('graph-counts')).toHaveText(/^[1-9]\d* twins/);
  await page.getByRole('tab', { name: 'Twins' }).click();
  await page.getByLabel('Search twins').fill(twinId);
  await page.getByRole('listbox', { name: 'Twins' }).getByRole('option', { name: new RegExp(`^${twinId} \\(`) }).click();
  await expect(page.getByTestId('inspector-twin-id')).toHaveText(twinId);
}

const inspector = (page: Page) => page.locator('[data-region="inspector"]');

/** Chromium reports an expected 412 response as a console error; only that message is forgiven. */
function forgive412(consoleErrors: string[]) {
  for (let i = consoleErrors.length - 1; i >= 0; i--) {
    if (/status of 412 \(Precondition Failed\)/.test(consoleErrors[i] ?? '')) consoleErrors.splice(i, 1);
  }
}

test.describe('inspector', () => {
  test('selecting a twin in the twins list fills the inspector', async ({ page, consoleErrors }) => {
    await loadAndSelect(page, 'room-101');
    const panel = inspector(page);
    await expect(panel.getByRole('button', { name: `Show model ${ROOM}` })).toBeVisible();
    await expect(panel.getByTestId('inspector-etag')).toHaveText(/^W\/".+"$|^".+"$/);
    // Inherited (Space) and own (Room) properties with values, the thermostat component, and set/unset marks.
    await expect(panel.getByTestId('prop-/name').getByRole('textbox')).toHaveValue('Room 101');
    await expect(panel.getByTestId('prop-/occupancy').getByRole('textbox')).toHaveValue(String((101 * 7) % 9));
    await expect(panel.getByTestId('prop-/name')).toContainText('from dtmi:twinscope:sample:Space;1');
    await expect(panel.getByTestId('prop-/thermostat/setpoint').getByRole('textbox')).toHaveValue('21');
    await expect(panel.getByTestId('prop-/thermostat/mode').getByRole('combobox')).toHaveValue('heat');
    await expect(panel.getByRole('group', { name: /Component thermostat/ })).toBeVisible();

    await panel.getByRole('tab', { name: 'JSON' }).click();
    await expect(panel.getByTestId('inspector-json')).toContainText('"$dtId": "room-101"');

    await panel.getByRole('tab', { name: 'Relationships' }).click();
    const outgoing = panel.getByRole('list', { name: 'Outgoing relationships' });
    await expect(outgoing.getByRole('button', { name: 'Show twin hvac-1' })).toBeVisible();
    await expect(outgoing.getByRole('button', { name: 'Show twin sensor-101' })).toBeVisible();
    const incoming = panel.getByRole('list', { name: 'Incoming relationships' });
    await expect(incoming.getByRole('button', { name: 'Show twin floor-1' })).toBeVisible();

    // Following a link selects the other twin, in the inspector and in the twins list.
    await outgoing.getByRole('button', { name: 'Show twin hvac-1' }).click();
    await expect(page.getByTestId('inspector-twin-id')).toHaveText('hvac-1');

    // Selecting a relationship shows its properties and its ends as links.
    await panel.getByRole('tab', { name: 'Relationships' }).click();
    await panel.getByRole('list', { name: 'Incoming relationships' }).getByRole('button', { name: 'Inspect relationship servedBy room-101-servedBy-hvac-1' }).click();
    await expect(panel.getByRole('heading', { name: /Relationship servedBy/ })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Show twin room-101' })).toBeVisible();
    await expect(panel.getByLabel(/priority/)).toHaveValue('1');

    // The twins list searches property values too.
    await page.getByLabel('Search in').selectOption('any');
    await page.getByLabel('Search twins').fill('harbour');
    await expect(page.getByTestId('twins-count')).toHaveText(/^1 of \d+ twins/);
    await expect(page.getByRole('listbox', { name: 'Twins' }).getByRole('option')).toHaveText([/building-1/]);
    expect(consoleErrors).toEqual([]);
  });

  test('a patch composed in the form and checked in Monaco is saved with If-Match', async ({ page, request, consoleErrors }) => {
    const original = (await getTwin(request, 'room-102')).body;
    await loadAndSelect(page, 'room-102');
    const panel = inspector(page);

    // Monaco validates against the model: a string is not an integer.
    await panel.getByRole('tab', { name: 'Patch' }).click();
    const editor = panel.locator('.monaco-editor');
    await replaceEditorText(page, editor, '[{"op": "replace", "path": "/occupancy", "value": "many"}]');
    await expect(panel.getByTestId('patch-problems')).toContainText('integer');
    await expect(panel.getByRole('button', { name: 'Save patch' })).toBeDisabled();

    // The property form turns edits into operations for the composer.
    await panel.getByRole('button', { name: 'Clear' }).click();
    await panel.getByRole('tab', { name: 'Properties' }).click();
    await panel.getByTestId('prop-/occupancy').getByRole('textbox').fill('17');
    await panel.getByTestId('prop-/thermostat/setpoint').getByRole('textbox').fill('19.5');
    await panel.getByRole('button', { name: 'Review changes as patch' }).click();
    await expect(panel.getByRole('tab', { name: /Patch/ })).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByTestId('preview-after')).toContainText('"occupancy": 17');
    await expect(panel.getByTestId('preview-before')).toContainText(`"occupancy": ${String(original?.occupancy)}`);
    await expect(panel.getByRole('table', { name: 'What the patch changes' })).toContainText('/thermostat/setpoint');

    const sent = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().includes('/digitaltwins/room-102'));
    await panel.getByRole('button', { name: 'Save patch' }).click();
    const patchRequest = await sent;
    expect(patchRequest.headers()['if-match']).toBe(original?.$etag);
    expect(patchRequest.postDataJSON()).toEqual([
      { op: 'replace', path: '/occupancy', value: 17 },
      { op: 'replace', path: '/thermostat/setpoint', value: 19.5 },
    ]);
    await expect(panel.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    const after = (await getTwin(request, 'room-102')).body;
    expect(after?.occupancy).toBe(17);
    expect((after?.thermostat as { setpoint: number }).setpoint).toBe(19.5);
    await expect(panel.getByTestId('inspector-etag')).toHaveText(String(after?.$etag));

    await patchTwin(request, 'room-102', [
      { op: 'replace', path: '/occupancy', value: original?.occupancy },
      { op: 'replace', path: '/thermostat/setpoint', value: (original?.thermostat as { setpoint: number }).setpoint },
    ]);
    expect(consoleErrors).toEqual([]);
  });

  test('a concurrent change gives a 412; the conflict screen reloads or re-applies without losing the patch', async ({ page, request, consoleErrors }) => {
    const original = (await getTwin(request, 'room-201')).body;
    await loadAndSelect(page, 'room-201');
    const panel = inspector(page);
    await panel.getByTestId('prop-/name').getByRole('textbox').fill('Mine');
    await panel.getByRole('button', { name: 'Review changes as patch' }).click();
    await expect(panel.getByTestId('preview-after')).toContainText('"name": "Mine"');

    // Someone else renames the room after the inspector loaded it.
    await patchTwin(request, 'room-201', [{ op: 'replace', path: '/name', value: 'Theirs' }]);
    await panel.getByRole('button', { name: 'Save patch' }).click();
    await expect(panel.getByRole('heading', { name: 'Someone else changed room-201 since you loaded it' })).toBeVisible();
    const changes = panel.getByRole('table', { name: 'Changes on the server' });
    await expect(changes).toContainText('/name');
    await expect(changes).toContainText(JSON.stringify(original?.name));
    await expect(changes).toContainText('"Theirs"');
    await expect(changes).toContainText('your patch writes this');

    // Reload: the twin is the server's again, and the patch is still there, now previewed against it.
    await panel.getByRole('button', { name: 'Reload the twin and keep editing' }).click();
    await expect(panel.getByTestId('preview-before')).toContainText('"name": "Theirs"');
    await expect(panel.getByTestId('preview-after')).toContainText('"name": "Mine"');

    // A second concurrent change, then re-apply.
    await patchTwin(request, 'room-201', [{ op: 'add', path: '/area', value: 99 }]);
    await panel.getByRole('button', { name: 'Save patch' }).click();
    await expect(panel.getByRole('table', { name: 'Changes on the server' })).toContainText('/area');
    await panel.getByRole('button', { name: 'Re-apply my patch' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    const saved = (await getTwin(request, 'room-201')).body;
    expect(saved?.name).toBe('Mine');
    expect(saved?.area).toBe(99);
    await patchTwin(request, 'room-201', [{ op: 'replace', path: '/name', value: original?.name }, { op: 'replace', path: '/area', value: original?.area }]);
    forgive412(consoleErrors);
    expect(consoleErrors).toEqual([]);
  });

  test('creates and deletes twins and relationships, updating the graph without a reload', async ({ page, request, consoleErrors }) => {
    const id = `e2e-room-${Date.now()}`;
    await loadAndSelect(page, 'floor-1');
    const counts = page.getByTestId('graph-counts');
    const before = await counts.textContent();
    const panel = inspector(page);

    // Create a twin from a model, with initial values; the component is initialised.
    await panel.getByRole('button', { name: 'New twin…' }).click();
    // The model picker reads as names; the DTMI is on hover.
    const room = panel.getByLabel('Model').locator(`option[value="${ROOM}"]`);
    await expect(room).toHaveText('Room');
    await expect(room).toHaveAttribute('title', ROOM);
    expect(await panel.getByLabel('Model').locator('option').allTextContents()).not.toContainEqual(expect.stringContaining('dtmi:'));
    await panel.getByLabel('Model').selectOption(ROOM);
    await panel.getByLabel('Twin id').fill(id);
    await panel.getByLabel(/^name/).fill('E2E Room');
    await panel.getByLabel(/^occupancy/).fill('2');
    await panel.getByLabel(/^thermostat › mode/).selectOption('cool');
    await panel.getByRole('button', { name: 'Create twin' }).click();
    await expect(page.getByTestId('inspector-twin-id')).toHaveText(id);
    const created = (await getTwin(request, id)).body;
    expect(created).toMatchObject({ name: 'E2E Room', occupancy: 2, $metadata: { $model: ROOM }, thermostat: { mode: 'cool', $metadata: {} } });
    await expect(counts).not.toHaveText(String(before));

    // Creating it again is refused next to the id field.
    await panel.getByRole('button', { name: 'New twin…' }).click();
    await panel.getByLabel('Twin id').fill(id);
    await panel.getByRole('button', { name: 'Create twin' }).click();
    await expect(panel.getByText(`A twin with the id ${id} already exists.`)).toBeVisible();
    await panel.getByRole('button', { name: 'Cancel' }).click();
    forgive412(consoleErrors);

    // A relationship: the names offered are the source model's (inherited included) that accept the target.
    await panel.getByRole('button', { name: 'Add relationship…' }).first().click();
    await panel.getByLabel('Target twin').fill('hvac-1');
    const names = panel.getByLabel('Relationship', { exact: true });
    await expect(names.locator('option')).toHaveText([/^servedBy/]);
    await panel.getByLabel(/^priority/).fill('3');
    await panel.getByRole('button', { name: 'Create relationship' }).click();
    await expect(panel.getByText(`Created servedBy ${id} → hvac-1.`)).toBeVisible();
    const relUrl = `/digitaltwins/${id}/relationships/${id}-servedBy-hvac-1?${API}`;
    const rel = await request.get(relUrl);
    expect(rel.status()).toBe(200);
    expect(await rel.json()).toMatchObject({ $relationshipName: 'servedBy', $targetId: 'hvac-1', priority: 3 });
    await panel.getByRole('button', { name: 'Done' }).click();

    // An incoming relationship made elsewhere, so the twin has relationships on both sides.
    const incoming = await request.put(`/digitaltwins/floor-1/relationships/floor-1-hasRoom-${id}?${API}`, {
      data: { $targetId: id, $relationshipName: 'hasRoom' },
    });
    expect(incoming.status()).toBe(200);

    // Delete the outgoing relationship from the twin's relationship list.
    await panel.getByRole('tab', { name: 'Relationships' }).click();
    await panel.getByRole('button', { name: `Delete relationship ${id}-servedBy-hvac-1` }).click();
    await panel.getByRole('button', { name: `Confirm delete relationship ${id}-servedBy-hvac-1` }).click();
    await expect(panel.getByRole('list', { name: 'Outgoing relationships' })).toContainText('None.');
    expect((await request.get(relUrl)).status()).toBe(404);

    // Delete the twin: the confirmation names the relationship that goes with it, which is deleted first.
    await panel.getByRole('button', { name: 'Delete twin…' }).click();
    await expect(panel.getByTestId('delete-summary')).toHaveText(`Delete twin ${id} and the 1 relationship attached to it?`);
    await panel.getByRole('button', { name: 'Delete twin and 1 relationship' }).click();
    await expect(page.getByTestId('inspector-twin-id')).toHaveCount(0);
    // The confirmation takes the inspector's place while it deletes, so the twin id goes at once: wait for the deletes.
    await expect.poll(async () => (await getTwin(request, id)).status).toBe(404);
    expect((await request.get(`/digitaltwins/floor-1/relationships/floor-1-hasRoom-${id}?${API}`)).status()).toBe(404);
    await expect(counts).toHaveText(String(before));
    expect(consoleErrors).toEqual([]);
  });

  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`a relationship to a twin that does not exist cannot be created, and the form says why next to the target (${size.width}×${size.height})`, async ({ page, allowConsoleError }) => {
      // The check is a GET of the typed id; Chromium logs its 404 as a console error.
      allowConsoleError(/status of 404 \(Not Found\)/);
      await page.setViewportSize(size);
      await loadAndSelect(page, 'room-101');
      const panel = inspector(page);
      await panel.getByRole('button', { name: 'Add relationship…' }).first().click();
      const create = panel.getByRole('button', { name: 'Create relationship' });
      await panel.getByLabel('Target twin').fill('no-such-twin');
      const why = panel.getByRole('alert').filter({ hasText: 'No twin has this id' });
      await expect(why).toBeVisible();
      await expect(create).toBeDisabled();
      await expect(panel.getByLabel('Target twin')).toHaveAttribute('aria-invalid', 'true');
      const field = await panel.getByLabel('Target twin').boundingBox();
      const note = await why.boundingBox();
      expect((note?.y ?? 0) - ((field?.y ?? 0) + (field?.height ?? 0))).toBeLessThan(40);
      await panel.getByLabel('Target twin').fill('hvac-1');
      await expect(why).toHaveCount(0);
      await expect(create).toBeEnabled();
    });
  }
});
