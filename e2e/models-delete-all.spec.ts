import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { startOwnEmulator, API } from './support/emulator';
import type { RunningEmulator } from '../src/emulator/server';
import { parseDtdlText } from '../src/shared/dtdl';
import { orderByDependencies, batches } from '../src/shared/dtdl';
import { realEstateCoreFiles } from '../src/test-support/shared-dir';

// Delete all on RealEstateCore (767 models): dependency layers deleted in parallel, with progress and a Cancel.
// Its own emulator, so the shared one keeps the sample models.
let emulator: RunningEmulator;
const docs = realEstateCoreFiles().flatMap((f) => parseDtdlText(readFileSync(f, 'utf8')).documents);

async function uploadOntology() {
  for (const batch of batches(orderByDependencies(docs).ordered)) {
    const res = await fetch(`${emulator.httpUrl}/models?${API}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    expect(res.status).toBe(201);
  }
}

async function modelCount(): Promise<number> {
  let n = 0;
  let url: string | null = `${emulator.httpUrl}/models?${API}`;
  while (url) {
    const page = await (await fetch(url)).json() as { value: unknown[]; nextLink?: string | null };
    n += page.value.length;
    url = page.nextLink ?? null;
  }
  return n;
}

test.beforeAll(async () => {
  emulator = await startOwnEmulator({ seed: 'none' });
});

test.afterAll(async () => {
  await emulator?.close();
});

test('deletes all 767 models in parallel dependency layers, with progress', async ({ page }) => {
  test.setTimeout(180_000);
  await uploadOntology();
  await page.goto(`${emulator.httpUrl}/`);
  await expect(page.getByTestId('models-summary')).toHaveText(/^767 models/);
  let inFlight = 0;
  let maxInFlight = 0;
  page.on('request', (r) => { if (r.method() === 'DELETE') maxInFlight = Math.max(maxInFlight, ++inFlight); });
  const durations: number[] = [];
  page.on('requestfinished', (r) => { if (r.method() === 'DELETE') { inFlight--; durations.push(r.timing().responseEnd); } });
  page.on('requestfailed', (r) => { if (r.method() === 'DELETE') inFlight--; });
  await page.getByRole('button', { name: 'Delete all' }).click();
  const started = Date.now();
  await page.getByRole('alertdialog', { name: 'Confirm deleting all models' }).getByRole('button', { name: 'Delete all 767 models' }).click();
  const report = page.getByTestId('models-report');
  await expect(report.getByRole('status')).toHaveText('767 deleted', { timeout: 150_000 });
  const ms = Date.now() - started;
  console.log(`Delete all through the UI: 767 RealEstateCore models in ${ms} ms, at most ${maxInFlight} DELETEs in flight`);
  durations.sort((a, b) => a - b);
  console.log(`DELETE durations: median ${durations[durations.length >> 1]?.toFixed(0)} ms, p95 ${durations[Math.floor(durations.length * 0.95)]?.toFixed(0)} ms`);
  expect(maxInFlight).toBeGreaterThan(1);
  expect(maxInFlight).toBeLessThanOrEqual(8);
  await expect(page.getByTestId('models-summary')).toHaveText(/^0 models/);
  expect(await modelCount()).toBe(0);
});

test('Cancel stops a delete all: the rest of the models stay, and the report says how many', async ({ page }) => {
  test.setTimeout(180_000);
  await uploadOntology();
  await page.goto(`${emulator.httpUrl}/`);
  await expect(page.getByTestId('models-summary')).toHaveText(/^767 models/);
  await page.getByRole('button', { name: 'Delete all' }).click();
  await page.getByRole('alertdialog', { name: 'Confirm deleting all models' }).getByRole('button', { name: 'Delete all 767 models' }).click();
  const report = page.getByTestId('models-report');
  await expect(report.getByRole('status')).toHaveText(/^[1-9]\d* of 767/);
  await report.getByRole('button', { name: 'Cancel' }).click();
  await expect(report.getByRole('status')).toHaveText(/^\d+ deleted, \d+ not attempted$/);
  const text = await report.getByRole('status').textContent() ?? '';
  const deleted = Number(/^(\d+) deleted/.exec(text)?.[1]);
  expect(deleted).toBeGreaterThan(0);
  expect(deleted).toBeLessThan(767);
  expect(await modelCount()).toBe(767 - deleted);
  await expect(page.getByTestId('models-summary')).toHaveText(new RegExp(`^${767 - deleted} models`));
});
