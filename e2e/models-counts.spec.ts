import type { RunningEmulator } from '../src/emulator/server';
import { test, expect } from './fixtures';
import { API, startOwnEmulator } from './support/emulator';

// Past the tree's one-query scan (20,000 twins) every count shown must still be exact, or marked as a lower bound:
// never "19999+ twins", nor "0+ twins" for a model with 5,000. Its own emulator: other specs count the shared one.
const BIG = 'dtmi:e2e:counts:Big;1';
const MID = 'dtmi:e2e:counts:Mid;1';
const ONE = 'dtmi:e2e:counts:One;1';
const plan: [string, number][] = [[BIG, 15_001], [MID, 5_000], [ONE, 1]];
let emulator: RunningEmulator;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  emulator = await startOwnEmulator({ seed: 'none' });
  const base = emulator.httpUrl as string;
  const res = await fetch(`${base}/models?${API}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(plan.map(([id]) => ({ '@id': id, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3' }))),
  });
  expect(res.status).toBe(201);
  const jobs = plan.flatMap(([model, n]) => Array.from({ length: n }, (_, i) => `${model.split(':')[3]?.split(';')[0]}-${i}`).map((id) => ({ id, model })));
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const r = await fetch(`${base}/digitaltwins/${job.id}?${API}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ $metadata: { $model: job.model } }) });
      if (r.status >= 300) throw new Error(`PUT ${job.id}: ${r.status}`);
    }
  }));
});

test.afterAll(async () => {
  await emulator?.close();
});

test('above 20,000 twins the models tree shows exact counts per model and marks the total as a lower bound', async ({ page }) => {
  await page.goto(`${emulator.httpUrl}/`);
  const row = (id: string) => page.locator(`[role="treeitem"][data-model-id="${id}"]`);
  await expect(row(BIG)).toContainText('15,001 twins', { timeout: 30_000 });
  await expect(row(MID)).toContainText('5,000 twins');
  await expect(row(ONE)).toContainText('1 twin');
  await expect(page.getByTestId('models-summary')).toContainText('≥ 20,000 twins');
  await expect(page.locator('.models-tree')).not.toContainText('+ twin');
});
