import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { sampleModels } from '../src/emulator/seed/sample';
import { realEstateCoreDir } from '../src/test-support/shared-dir';

const API = 'api-version=2023-10-31';
const FIXTURES = fileURLToPath(new URL('./fixtures/models', import.meta.url));
const B = 'dtmi:e2e:building:';
const BUILDING_FILES = ['a-lab.json', 'b-room.json', 'c-climate.json', 'd-space.json', 'e-assets.json', 'f-kiosk.json', 'g-existing-thermostat.json']
  .map((f) => join(FIXTURES, 'building', f));

// One emulator serves the whole run, so these steps build on each other and the last one restores the sample models.
test.describe.configure({ mode: 'serial' });

async function openModels(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('models-summary')).toBeVisible();
}

function treeItem(page: Page, id: string, parent?: string) {
  return page.locator(`[role="treeitem"][data-model-id="${id}"]${parent ? `[data-parent-id="${parent}"]` : ''}`);
}

async function openDetails(page: Page, id: string) {
  const item = treeItem(page, id).first();
  await item.click();
  await page.getByRole('group', { name: 'Selected model' }).getByRole('button', { name: 'Details' }).click();
  const dialog = page.getByRole('dialog', { name: 'Models workspace' });
  await expect(dialog.getByLabel('Model', { exact: true })).toHaveValue(id);
  return dialog;
}

test.describe('models workspace', () => {
  test('uploads a folder in dependency order, skips existing models and shows the inheritance tree', async ({ page }) => {
    await openModels(page);
    const posted: string[][] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/models') posted.push((r.postDataJSON() as { '@id': string }[]).map((m) => m['@id']));
    });
    await page.locator('input[aria-label="Model files"]').setInputFiles(BUILDING_FILES);
    const report = page.getByTestId('models-report');
    await expect(report.getByRole('status')).toHaveText('7 created, 1 skipped');
    await expect(report.locator('[data-status="skipped"]')).toContainText('dtmi:twinscope:sample:Thermostat;1');
    await expect(report.locator('[data-status="skipped"]')).toContainText('already exists');
    await expect(report.getByRole('progressbar')).toHaveAttribute('value', '8');

    // One call (at most 250 per call), parents and component schemas before the models that need them.
    expect(posted).toHaveLength(1);
    const order = posted[0] ?? [];
    expect(order).toHaveLength(7);
    const before = (a: string, b: string) => expect(order.indexOf(B + a), `${a} before ${b}`).toBeLessThan(order.indexOf(B + b));
    before('Space;1', 'Room;1');
    before('Climate;1', 'Room;1');
    before('Room;1', 'Lab;1');
    before('Asset;1', 'Lab;1');
    before('Asset;1', 'Desk;1');

    // The tree: Lab sits under both of its parents, at the right depth.
    await expect(treeItem(page, `${B}Space;1`)).toHaveAttribute('aria-level', '1');
    await expect(treeItem(page, `${B}Room;1`, `${B}Space;1`)).toHaveAttribute('aria-level', '2');
    await expect(treeItem(page, `${B}Lab;1`, `${B}Room;1`)).toHaveAttribute('aria-level', '3');
    await expect(treeItem(page, `${B}Lab;1`, `${B}Asset;1`)).toHaveAttribute('aria-level', '2');
    await expect(treeItem(page, `${B}Kiosk;1`, 'dtmi:twinscope:sample:Space;1')).toHaveAttribute('aria-level', '2');
    // Untrusted display names are text, not markup.
    await expect(page.getByRole('treeitem', { name: `Space <b>bold</b> (${B}Space;1)` })).toBeVisible();
    // Twin counts come from the instance, which holds the sample graph's rooms.
    await expect(treeItem(page, 'dtmi:twinscope:sample:Room;1')).toContainText(/[1-9]\d* twins/);
    await expect(treeItem(page, `${B}Room;1`)).toContainText('0 twins');

    // Collapsing Room hides Lab under it but not under Asset; search keeps a match's ancestors.
    await page.getByRole('button', { name: 'Collapse Room' }).first().click();
    await expect(treeItem(page, `${B}Lab;1`, `${B}Room;1`)).toHaveCount(0);
    await expect(treeItem(page, `${B}Lab;1`, `${B}Asset;1`)).toHaveCount(1);
    await page.getByLabel('Search models').fill('Lab');
    await expect(treeItem(page, `${B}Lab;1`)).toHaveCount(2);
    await expect(treeItem(page, `${B}Space;1`)).toHaveCount(1);
    await expect(treeItem(page, 'dtmi:twinscope:sample:Thermostat;1')).toHaveCount(0);
    await page.getByLabel('Search models').fill('');
  });

  test('shows resolved contents and usage of a model', async ({ page }) => {
    await openModels(page);
    const dialog = await openDetails(page, `${B}Room;1`);
    const rows = dialog.getByRole('region', { name: 'Resolved contents' }).getByRole('row');
    await expect(rows.filter({ hasText: 'capacity' })).toContainText('this model');
    await expect(rows.filter({ hasText: 'label' })).toContainText(`${B}Space;1`);
    await expect(rows.filter({ hasText: 'climate' })).toContainText(`${B}Climate;1`);
    await expect(rows.filter({ hasText: 'hasAsset' })).toContainText(`→ ${B}Asset;1`);
    const usage = dialog.getByRole('region', { name: 'Usage' });
    await expect(usage).toContainText(`Lab (${B}Lab;1)`);
    await expect(dialog.getByTestId('model-twin-count')).toHaveText('0 twins of exactly this model; 0 including the 1 model that extends it.');
    // A model that nothing extends gives one count, not a second one "including models that extend it".
    await dialog.getByLabel('Model', { exact: true }).selectOption(`${B}Lab;1`);
    await expect(dialog.getByTestId('model-twin-count')).toHaveText('0 twins of this model.');
    await expect(usage.locator('dt:has-text("Extended by") + dd')).toHaveText('no model');
    await dialog.getByLabel('Model', { exact: true }).selectOption(`${B}Space;1`);
    await expect(dialog.getByText('<img src=x onerror="window.__xss=1">')).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await dialog.getByRole('button', { name: 'Close models workspace' }).click();
    await expect(dialog).toBeHidden();
  });

  test('the editor shows diagnostics at the right place, keeps the text, and uploads valid models', async ({ page }) => {
    await openModels(page);
    await page.getByRole('button', { name: 'New model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Models workspace' });
    const editor = dialog.getByTestId('dtdl-editor');
    await expect(editor.locator('.monaco-editor')).toBeVisible();
    await dialog.locator('input[aria-label="Open a file in the editor"]').setInputFiles(join(FIXTURES, 'editor', 'invalid-room.json'));

    const problems = dialog.getByRole('region', { name: 'Problems' });
    await expect(problems.getByRole('heading')).toHaveText('Problems: 2 errors, 0 warnings');
    await expect(problems.getByRole('listitem').filter({ hasText: 'doubel' })).toContainText('Line 7, column 54');
    await expect(problems.getByRole('listitem').filter({ hasText: 'NoSuchParent' })).toContainText('Line 5, column 14');

    // The squiggle sits on the line that holds the bad schema.
    const badLine = editor.locator('.view-line', { hasText: 'doubel' });
    await expect(badLine).toBeVisible();
    const squiggles = editor.locator('.squiggly-error');
    await expect(squiggles).toHaveCount(2);
    const lineBox = await badLine.boundingBox();
    const boxes = await squiggles.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { y: r.y, height: r.height }; }));
    expect(lineBox).not.toBeNull();
    expect(boxes.some((b) => lineBox && Math.abs(b.y + b.height / 2 - (lineBox.y + lineBox.height / 2)) < lineBox.height / 2)).toBe(true);

    // Hover explains DTDL terms; completion offers schemas and fixes the typo.
    await editor.locator('.view-line span span', { hasText: /^"extends"$/ }).hover();
    await expect(page.locator('.monaco-hover').filter({ hasText: 'Interfaces whose contents this Interface inherits' })).toBeVisible();
    await editor.locator('.view-line span span', { hasText: /^"doubel"$/ }).click();
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: /^double/ });
    await expect(suggestion.first()).toBeVisible();
    await suggestion.first().click();
    await expect(problems.getByRole('heading')).toHaveText('Problems: 1 error, 0 warnings');
    await expect(editor.locator('.view-lines')).toContainText('"schema":\u00a0"double"');
    await page.keyboard.press('Control+Z');
    await expect(problems.getByRole('heading')).toHaveText('Problems: 2 errors, 0 warnings');

    // Upload refuses while there are errors, and the text stays.
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(dialog.getByTestId('editor-upload-result')).toHaveText('Not uploaded: fix the 2 errors first.');
    await expect(badLine).toBeVisible();

    // Validate + upload of a valid file with two models in the wrong order.
    await dialog.locator('input[aria-label="Open a file in the editor"]').setInputFiles(join(FIXTURES, 'editor', 'valid-sensor.json'));
    await expect(problems.getByRole('heading')).toHaveText('No problems');
    await dialog.getByRole('button', { name: 'Validate' }).click();
    await expect(dialog.getByTestId('validate-result')).toHaveText('Valid: 2 models.');
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(dialog.getByTestId('editor-upload-result')).toHaveText('Uploaded dtmi:e2e:editor:Device;1, dtmi:e2e:editor:CO2Sensor;1.');
    // Now the same ids exist: the editor says so and offers a new version.
    await expect(problems.getByRole('heading')).toHaveText('Problems: 0 errors, 2 warnings');
    await dialog.getByRole('button', { name: 'Raise version' }).click();
    await expect(editor.locator('.view-lines')).toContainText('dtmi:e2e:editor:Device;2');
    await expect(editor.locator('.view-lines')).toContainText('"extends": "dtmi:e2e:editor:Device;2"'.replace(/ /g, '\u00a0'));
  });

  test('a new version is uploaded and a twin is moved to it', async ({ page }) => {
    const put = await page.request.put(`/digitaltwins/e2e-room-1?${API}`, {
      data: { $metadata: { $model: `${B}Room;1` }, capacity: 4, climate: { $metadata: {} } },
    });
    expect(put.ok()).toBe(true);
    await openModels(page);
    const dialog = await openDetails(page, `${B}Room;1`);
    await expect(dialog.getByTestId('model-twin-count')).toHaveText('1 twin of exactly this model; 1 including the 1 model that extends it.');
    await dialog.getByRole('button', { name: 'New version' }).click();
    const editor = dialog.getByTestId('dtdl-editor');
    await expect(editor.locator('.view-lines')).toContainText(`${B}Room;2`);
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(dialog.getByTestId('editor-upload-result')).toHaveText(`Uploaded ${B}Room;2.`);
    const move = dialog.getByRole('region', { name: 'Move twins to the new version' });
    await expect(move.getByRole('checkbox', { name: 'e2e-room-1' })).toBeChecked();
    await move.getByRole('button', { name: 'Move 1 twin to the new version' }).click();
    await expect(move).toContainText('moved');
    const twin = await (await page.request.get(`/digitaltwins/e2e-room-1?${API}`)).json() as { $metadata: { $model: string } };
    expect(twin.$metadata.$model).toBe(`${B}Room;2`);
  });

  test('decommissions and deletes a model; a referenced model reports why it cannot be deleted', async ({ page, allowConsoleError }) => {
    // The browser logs the 409 of the refused delete; that error is the expected outcome here.
    allowConsoleError(/status of 409/);
    await openModels(page);
    const dialog = await openDetails(page, `${B}Desk;1`);
    // One click only asks: ADT cannot undo a decommission.
    await dialog.getByRole('button', { name: 'Decommission' }).click();
    const confirm = dialog.getByRole('alertdialog', { name: 'Confirm decommissioning the model' });
    await expect(confirm).toContainText('cannot be undone');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    const desk = await (await page.request.get(`/models/${encodeURIComponent(`${B}Desk;1`)}?${API}`)).json() as { decommissioned: boolean };
    expect(desk.decommissioned).toBe(false);
    await dialog.getByRole('button', { name: 'Decommission' }).click();
    await confirm.getByRole('button', { name: 'Decommission model' }).click();
    await expect(dialog.locator('.models-details__header')).toContainText('decommissioned');
    await expect(treeItem(page, `${B}Desk;1`)).toContainText('decommissioned');

    await dialog.getByLabel('Model', { exact: true }).selectOption(`${B}Asset;1`);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('alertdialog', { name: 'Confirm deleting the model' }).getByRole('button', { name: 'Delete model' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Delete failed');
    await expect(dialog.getByRole('alert')).toContainText(`${B}Desk;1`);

    await dialog.getByLabel('Model', { exact: true }).selectOption(`${B}Kiosk;1`);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('alertdialog', { name: 'Confirm deleting the model' }).getByRole('button', { name: 'Delete model' }).click();
    await expect(dialog.getByLabel('Model', { exact: true })).toHaveValue('');
    await expect(treeItem(page, `${B}Kiosk;1`)).toHaveCount(0);
  });

  test('the model graph shows extends, component and relationship edges, each switchable', async ({ page }) => {
    await openModels(page);
    await page.getByRole('button', { name: 'Model graph' }).click();
    const dialog = page.getByRole('dialog', { name: 'Models workspace' });
    await expect(dialog.locator('.models-graph__canvas canvas').first()).toBeVisible();
    await dialog.getByText('Edges as a list').click();
    const edges = dialog.getByRole('list', { name: 'Model graph edges' }).getByRole('listitem');
    // Room;1 and its new version Room;2 both draw these edges.
    await expect(edges.filter({ hasText: 'Room → Space <b>bold</b> (extends)' })).toHaveCount(2);
    await expect(edges.filter({ hasText: 'Room → Climate sensor (component climate)' })).toHaveCount(2);
    await expect(edges.filter({ hasText: 'Room → Asset (relationship hasAsset)' })).toHaveCount(2);
    await expect(edges.filter({ hasText: 'Room → Thermostat (component thermostat)' })).toHaveCount(1);
    const counts = dialog.getByTestId('model-graph-counts');
    await expect(counts).toContainText('· 3 component ·');
    const before = await counts.textContent();
    await dialog.getByRole('checkbox', { name: 'Component edges' }).uncheck();
    await expect(counts).toContainText('· 0 component ·');
    await expect(edges.filter({ hasText: '(component' })).toHaveCount(0);
    await dialog.getByRole('checkbox', { name: 'Component edges' }).check();
    await expect(counts).toHaveText(before ?? '');

    // Lineage of the selected model: only Lab's supertypes and subtypes remain.
    await dialog.getByRole('tab', { name: 'Details' }).click();
    await dialog.getByLabel('Model', { exact: true }).selectOption(`${B}Lab;1`);
    await dialog.getByRole('tab', { name: 'Model graph' }).click();
    await dialog.getByRole('checkbox', { name: 'Only supertypes and subtypes of the selected model' }).check();
    await expect(counts).toContainText('4 models');
  });

  test('uploads the RealEstateCore ontology (767 models) from a folder, in batches of at most 250', async ({ page }) => {
    test.setTimeout(180_000);
    const root = realEstateCoreDir();
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).map((f) => join(root, f));
    await openModels(page);
    const sizes: number[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/models') sizes.push((r.postDataJSON() as unknown[]).length);
    });
    const start = Date.now();
    await page.locator('input[aria-label="Model files"]').setInputFiles(files);
    await expect(page.getByTestId('models-report').getByRole('status')).toHaveText('767 created', { timeout: 150_000 });
    console.log(`RealEstateCore upload through the UI: 767 models in ${sizes.length} calls, ${Date.now() - start} ms`);
    expect(sizes).toEqual([250, 250, 250, 17]);
    await page.getByLabel('Search models').fill('CookingRoom');
    await expect(treeItem(page, 'dtmi:digitaltwins:rec_3_3:building:CookingRoom;1').first()).toBeVisible();
    await expect(treeItem(page, 'dtmi:digitaltwins:rec_3_3:building:CookingRoom;1').first()).toHaveAttribute('aria-level', /^[4-9]$/);
  });

  test('deletes all models in dependency order after confirmation', async ({ page }) => {
    test.setTimeout(180_000);
    await openModels(page);
    const summary = page.getByTestId('models-summary');
    await expect(summary).not.toHaveText(/^0 models/);
    await page.getByRole('button', { name: 'Delete all' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Confirm deleting all models' });
    await confirm.getByRole('button', { name: /^Delete all \d+ models$/ }).click();
    const report = page.getByTestId('models-report');
    await expect(report.getByRole('status')).toHaveText(/^\d+ deleted$/, { timeout: 120_000 });
    await expect(summary).toHaveText(/^0 models/);

    // Leave the instance as seeded for the specs that run after this one.
    expect((await page.request.delete(`/digitaltwins/e2e-room-1?${API}`)).ok()).toBe(true);
    expect((await page.request.post(`/models?${API}`, { data: sampleModels })).ok()).toBe(true);
  });
});
