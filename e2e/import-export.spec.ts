import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { createEmulator } from '../src/emulator/server';
import type { RunningEmulator } from '../src/emulator/server';
import { AdtClient } from '../src/web/adt-client';
import { exportInstance } from '../src/web/api/import-export-run';
import type { GraphFile } from '../src/web/api/import-export';
import { startAzurite } from '../src/test-support/azurite';
import type { Azurite } from '../src/test-support/azurite';
import { test, expect } from './fixtures';

// The round trip deletes everything, so it runs against an emulator of its own (serving the same built app), never
// the suite's shared one.
let emulator: RunningEmulator;
let base: string;
let client: AdtClient;

test.beforeAll(async () => {
  emulator = await createEmulator({ httpPort: 0, port: 0, seed: 'sample', appDir: 'dist', dataDir: 'test-results/emulator-data', quiet: true });
  base = emulator.httpUrl as string;
  client = new AdtClient({ baseUrl: base });
});

test.afterAll(async () => {
  await emulator.close();
});

async function openPanel(page: Page) {
  await page.goto(`${base}/`);
  await page.getByRole('tab', { name: 'Import / export' }).click();
}

async function exportFile(page: Page, format: 'JSON (ADT Explorer graph)' | 'NDJSON (ADT bulk import)'): Promise<{ name: string; text: string }> {
  await page.getByLabel('Whole instance').check();
  await page.getByRole('region', { name: 'Export' }).getByLabel('Format').selectOption({ label: format });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
  await expect(page.getByText(/^Exported \d+ models, \d+ twins, \d+ relationships\.$/)).toBeVisible();
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

async function deleteEverything(page: Page) {
  await page.getByRole('button', { name: 'Delete everything…' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm deleting everything' });
  const go = confirm.getByRole('button', { name: 'Delete all models, twins and relationships' });
  await confirm.getByLabel('Environment name').fill('not the name');
  await expect(go).toBeDisabled();
  const name = await page.getByTestId('ie-environment-name').textContent();
  await confirm.getByLabel('Environment name').fill(name ?? '');
  await go.click();
  await expect(page.getByText(/^Delete job .+: succeeded$/)).toBeVisible();
}

async function importFile(page: Page, file: { name: string; text: string }, expectCounts: RegExp) {
  await page.getByLabel('Graph file').setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: Buffer.from(file.text) });
  await expect(page.locator('.ie-plan').getByText(expectCounts)).toBeVisible();
  await expect(page.getByRole('img', { name: /^Preview of \d+ twins and \d+ relationships$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.locator('.ie-summary')).toContainText(/Import finished: .* 0 failed\./);
}

function size(g: GraphFile) {
  return { models: g.models.length, twins: g.twins.length, relationships: g.relationships.length };
}

test.describe('import and export', () => {
  test('export, delete everything, import again: every model, twin, relationship and property comes back', async ({ page }) => {
    const before = await exportInstance(client);
    expect(size(before)).toEqual({ models: 8, twins: 19, relationships: 24 });
    // The sample has what ADT Explorer loses: components and relationship properties.
    expect(before.twins.find((t) => t.$dtId === 'room-101')?.thermostat).toMatchObject({ $metadata: {}, setpoint: 21 });
    expect(before.relationships.find((r) => r.$relationshipId === 'room-101-servedBy-hvac-1')?.priority).toBe(1);

    await openPanel(page);
    const json = await exportFile(page, 'JSON (ADT Explorer graph)');
    const ndjson = await exportFile(page, 'NDJSON (ADT bulk import)');
    expect(json.name).toMatch(/\.json$/);
    expect(JSON.parse(json.text)).toMatchObject({ digitalTwinsFileInfo: { fileVersion: '1.0.0' } });
    expect(ndjson.name).toMatch(/\.ndjson$/);
    expect(ndjson.text.split('\n')[0]).toBe('{"Section":"Header"}');

    for (const file of [json, ndjson]) {
      await deleteEverything(page);
      expect(size(await exportInstance(client))).toEqual({ models: 0, twins: 0, relationships: 0 });
      await importFile(page, file, /8 models, 19 twins, 24 relationships\./);
      // The delete job's outcome belongs to the delete; beside the import's report it would read as current.
      await expect(page.getByText(/^Delete job .+: succeeded$/)).toHaveCount(0);
      await expect(page.getByText(/^Exported \d+ models/)).toHaveCount(0);
      expect(await exportInstance(client)).toEqual(before);
      await page.getByRole('button', { name: 'Clear' }).click();
    }
  });

  test('Excel: export in ADT Explorer\'s sheet, delete everything, import the workbook: identical twins, relationships, their properties and components', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const before = await exportInstance(client);
    await openPanel(page);
    await page.getByLabel('Whole instance').check();
    await page.getByRole('region', { name: 'Export' }).getByLabel('Format').selectOption({ label: 'Excel (ADT Explorer sheet)' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    await expect(page.getByText(/^Exported 8 models, 19 twins, 24 relationships\.$/)).toBeVisible();
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    await deleteEverything(page);
    expect(size(await exportInstance(client))).toEqual({ models: 0, twins: 0, relationships: 0 });
    await page.getByLabel('Graph file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
    await expect(page.locator('.ie-plan').getByText(/8 models, 19 twins, 24 relationships\./)).toBeVisible();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.locator('.ie-summary')).toContainText(/Import finished: .* 0 failed\./);
    expect(await exportInstance(client)).toEqual(before);
    await page.screenshot({ path: 'test-results-w18/excel-import-1280x720.png' });
  });

  test('existing twins are skipped unless asked; components are filled in and links to existing twins work', async ({ page }) => {
    const file: GraphFile & Record<string, unknown> = {
      digitalTwinsFileInfo: { fileVersion: '1.0.0' },
      digitalTwinsGraph: {
        digitalTwins: [
          // No thermostat component in the file: the model requires it, and the import adds it.
          { $dtId: 'e2e-room', $metadata: { $model: 'dtmi:twinscope:sample:Room;1' }, name: 'Imported room', occupancy: 2 },
          { $dtId: 'room-101', $metadata: { $model: 'dtmi:twinscope:sample:Room;1' }, name: 'Renamed by import', thermostat: { $metadata: {} } },
        ],
        // hvac-1 is not in the file: it already exists in the instance.
        relationships: [{ $sourceId: 'e2e-room', $relationshipId: 'e2e-served', $relationshipName: 'servedBy', $targetId: 'hvac-1', priority: 9 }],
      },
      digitalTwinsModels: [],
    } as unknown as GraphFile & Record<string, unknown>;
    const upload = { name: 'partial.json', text: JSON.stringify(file) };

    await openPanel(page);
    await page.getByLabel('Graph file').setInputFiles({ name: upload.name, mimeType: 'application/json', buffer: Buffer.from(upload.text) });
    const plan = page.getByRole('table', { name: 'Import plan' });
    await expect(plan.getByRole('row', { name: /^Twins/ })).toHaveText(/Twins\s*1\s*0 updated\s*1/);
    await expect(page.getByText(/Relationships connect to 1 twin\(s\) already in the instance: hvac-1/)).toBeVisible();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.locator('.ie-summary')).toHaveText('Import finished: 2 created, 0 updated, 0 reused, 1 skipped, 0 failed.');
    await expect(page.getByRole('table', { name: 'Import report' })).toContainText('room-101');

    const created = await client.getDigitalTwin('e2e-room');
    expect(created.body.thermostat).toMatchObject({ $metadata: {} });
    expect((await client.getRelationship('e2e-room', 'e2e-served')).body).toMatchObject({ $targetId: 'hvac-1', priority: 9 });
    expect((await client.getDigitalTwin('room-101')).body.name).toBe('Room 101');

    await page.getByLabel('Update twins and relationships that already exist').check();
    await expect(plan.getByRole('row', { name: /^Twins/ })).toHaveText(/Twins\s*0\s*2 updated\s*0/);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.locator('.ie-summary')).toHaveText('Import finished: 1 created, 2 updated, 0 reused, 0 skipped, 0 failed.');
    expect((await client.getDigitalTwin('room-101')).body.name).toBe('Renamed by import');
  });

  test('a broken file is reported next to the file picker', async ({ page }) => {
    await openPanel(page);
    await page.getByLabel('Graph file').setInputFiles({
      name: 'broken.ndjson', mimeType: 'application/x-ndjson',
      buffer: Buffer.from('{"Section":"Header"}\n{"fileVersion":"1.0.0"}\n{"Section":"Twins"}\n{"$dtId":"x"}\n'),
    });
    await expect(page.getByRole('alert').filter({ hasText: 'broken.ndjson: Line 4:' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import', exact: true })).toHaveCount(0);
  });
});

test.describe('import jobs on the emulator', () => {
  test("over 1,000 items go through an import job, with the emulator's own blobs and no storage account", async ({ page }) => {
    const MODEL = 'dtmi:e2e:bulk:Thing;1';
    const lines: unknown[] = [
      { Section: 'Header' },
      { fileVersion: '1.0.0', author: 'e2e', organization: 'twinscope' },
      { Section: 'Models' },
      { '@id': MODEL, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', contents: [{ '@type': 'Property', name: 'n', schema: 'integer' }] },
      { Section: 'Twins' },
      ...Array.from({ length: 1001 }, (_, i) => ({ $dtId: `bulk-${i}`, $metadata: { $model: MODEL }, n: i })),
    ];
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(`${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
    await openPanel(page);
    await page.getByLabel('Graph file').setInputFiles({ name: 'bulk.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')) });
    await page.getByLabel('Import job (uploads NDJSON to blob storage)').check();
    const input = page.getByLabel('Input blob URL (SAS with write and read)');
    await expect(input).toHaveValue(new RegExp(`^${base}/_emulator/blobs/import-[a-z0-9]+\\.ndjson$`));
    await expect(page.getByLabel('Output blob URL (SAS with create and write)')).toHaveValue(/\/_emulator\/blobs\/import-[a-z0-9]+-log\.ndjson$/);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText(/^Import job .+: succeeded$/)).toBeVisible({ timeout: 30_000 });
    // Checked through the service: every twin is there, and the NDJSON the app uploaded is in the emulator's blobs.
    expect((await client.getDigitalTwin('bulk-1000')).body).toMatchObject({ n: 1000 });
    const uploaded = await (await fetch(await input.inputValue())).text();
    expect(uploaded.split('\n').filter((l) => l.includes('"$dtId"'))).toHaveLength(1001);
    // The blob upload and the log download are ordinary, complete requests, and the request log shows them.
    expect(failed).toEqual([]);
    await page.getByRole('tab', { name: 'Request log' }).click();
    const log = page.getByTestId('request-log');
    await expect(log.getByRole('button', { name: /^PUT\s*\/_emulator\/blobs\/import-[a-z0-9]+\.ndjson\s*201/ })).toBeVisible();
    await expect(log.getByRole('button', { name: /^GET\s*\/_emulator\/blobs\/import-[a-z0-9]+-log\.ndjson\s*200/ })).toBeVisible();
  });

  test.describe('with Azurite as the storage account', () => {
    let storage: Azurite;
    test.beforeAll(async () => {
      test.setTimeout(90_000);
      // Permissive CORS on the blob service, as a user sets it on a storage account for a web app.
      storage = await startAzurite({ cors: true });
      await storage.container('imports');
    });
    test.afterAll(async () => {
      await storage.stop();
    });
    // The built app's CSP lets the page reach Azure Blob Storage (https://*.blob.core.windows.net), not an Azurite on
    // another loopback port; a user running Azurite adds its origin to connect-src (README, Static deployment).
    test.use({ bypassCSP: true });

    test('an import job from the panel with Azurite SAS URLs: the app uploads the input, the job reads it and writes its log', async ({ page }) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      const MODEL = 'dtmi:e2e:azurite:Thing;1';
      const lines: unknown[] = [
        { Section: 'Header' }, { fileVersion: '1.0.0', author: 'e2e', organization: 'twinscope' },
        { Section: 'Models' },
        { '@id': MODEL, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', contents: [{ '@type': 'Property', name: 'n', schema: 'integer' }] },
        { Section: 'Twins' },
        ...Array.from({ length: 1200 }, (_, i) => ({ $dtId: `azurite-${i}`, $metadata: { $model: MODEL }, n: i })),
      ];
      const failed: string[] = [];
      page.on('requestfailed', (r) => failed.push(`${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
      await openPanel(page);
      await page.getByLabel('Graph file').setInputFiles({ name: 'azurite.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')) });
      await page.getByLabel('Import job (uploads NDJSON to blob storage)').check();
      // On the emulator the panel folds its own scratch URLs away; open them to give the storage account's instead.
      await page.getByText("Blob URLs: the emulator's own scratch blobs").click();
      // The app writes the input and reads the log back, so both SAS URLs may read, create and write.
      await page.getByLabel('Input blob URL (SAS with write and read)').fill(storage.sasUrl('imports', 'panel-input.ndjson', 'rcw'));
      await page.getByLabel('Output blob URL (SAS with create and write)').fill(storage.sasUrl('imports', 'panel-log.ndjson', 'rcw'));
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(page.getByText(/^Import job .+: succeeded$/)).toBeVisible({ timeout: 60_000 });
      await page.screenshot({ path: 'test-results-w18/azurite-import-1440x900.png' });

      // Checked in the storage account and through the service.
      const uploaded = await storage.read('imports', 'panel-input.ndjson');
      expect(uploaded?.split('\n').filter((l) => l.includes('"$dtId"'))).toHaveLength(1200);
      const log = (await storage.read('imports', 'panel-log.ndjson'))!.trim().split('\n').map((l) => JSON.parse(l) as { details: unknown });
      expect(log.at(-1)?.details).toEqual({ status: 'Succeeded' });
      expect((await client.getDigitalTwin('azurite-1199')).body).toMatchObject({ n: 1199 });
      expect(failed).toEqual([]);
    });
  });

  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`a 30,004-item file defaults to an import job, says why, and the choice and its preview are in view (${size.width}×${size.height})`, async ({ page }) => {
      await page.setViewportSize(size);
      const MODEL = `dtmi:e2e:big${size.width}:Thing;1`;
      const lines: unknown[] = [
        { Section: 'Header' },
        { fileVersion: '1.0.0', author: 'e2e', organization: 'twinscope' },
        { Section: 'Models' },
        ...['A', 'B', 'C'].map((n) => ({ '@id': MODEL.replace('Thing', `Thing${n}`), '@type': 'Interface', '@context': 'dtmi:dtdl:context;3' })),
        { '@id': MODEL, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', contents: [{ '@type': 'Property', name: 'n', schema: 'integer' }] },
        { Section: 'Twins' },
        ...Array.from({ length: 30_000 }, (_, i) => ({ $dtId: `big${size.width}-${i}`, $metadata: { $model: MODEL }, n: i })),
      ];
      await openPanel(page);
      await page.getByLabel('Graph file').setInputFiles({ name: 'big.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')) });
      const job = page.getByLabel('Import job (uploads NDJSON to blob storage)');
      await expect(job).toBeChecked();
      await expect(page.getByLabel('Item by item')).not.toBeChecked();
      await expect(page.getByText(/^Import job chosen because the file is large: .*30,004 separate requests/)).toBeInViewport();
      await expect(job).toBeInViewport();
      await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeInViewport();
      // The preview of 150 unrelated twins is a readable grid, not a strip a few pixels tall.
      const preview = page.getByRole('img', { name: /^Preview of 150 twins and 0 relationships$/ });
      const box = await preview.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThan(300);
      const column = await page.locator('.ie-section--import').boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual((column?.x ?? 0) + (column?.width ?? 0) + 1);

      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(page.getByText(/^Import job .+: succeeded$/)).toBeVisible({ timeout: 60_000 });
      expect((await client.getDigitalTwin(`big${size.width}-29999`)).body).toMatchObject({ n: 29_999 });
    });
  }
});
