// The static site on its own: `dist/` served by a plain static file server (as a storage account serves it), no
// emulator and no proxy. The app falls back to the emulator in this browser (a Web Worker on SQLite compiled to
// WebAssembly, persisted in OPFS), and every request stays on the static origin.
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startStaticServer, type StaticServer } from './support/static-server';

const API = 'api-version=2023-10-31';
let site: StaticServer;

test.beforeAll(async () => {
  site = await startStaticServer('dist');
});
test.afterAll(async () => {
  await site.close();
});

/** Every URL the context asks for, page and workers alike. */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  return urls;
}

function expectOnlyStaticOrigin(urls: string[]): void {
  const away = urls.filter((u) => !u.startsWith(`${site.url}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(away, 'requests that left the static origin').toEqual([]);
  expect(urls.length).toBeGreaterThan(0);
}

/** Calls the in-browser emulator from the page, as another client of the same store would. */
async function call(page: Page, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return page.evaluate(async ({ method, path, body, headers }) => {
    const api = (globalThis as unknown as { twinscopeInBrowser: { fetch: typeof fetch; origin: string } }).twinscopeInBrowser;
    const res = await api.fetch(`${api.origin}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  }, { method, path, body, headers });
}

const banner = (page: Page) => page.getByRole('status', { name: 'In-browser data' });
const inspector = (page: Page) => page.locator('[data-region="inspector"]');

async function openAndDraw(page: Page) {
  await page.goto(`${site.url}/`);
  await expect(page.getByLabel('Environment')).toHaveValue('in-browser');
  await expect(banner(page)).toContainText('Demo data lives in this browser');
  await page.locator('[data-region="query"]').getByRole('button', { name: 'Run', exact: true }).click();
}

async function select(page: Page, twinId: string) {
  await page.getByRole('tab', { name: 'Twins' }).click();
  await page.getByLabel('Search twins').fill(twinId);
  await page.getByRole('listbox', { name: 'Twins' }).getByRole('option', { name: new RegExp(`^${twinId} \\(`) }).click();
  await expect(page.getByTestId('inspector-twin-id')).toHaveText(twinId);
}

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  test(`at ${size.width}×${size.height} the sample graph is drawn from the in-browser emulator, with no request leaving the site`, async ({ page, context }) => {
    const urls = recordRequests(context);
    await page.setViewportSize(size);
    await openAndDraw(page);
    await expect(page.getByTestId('graph-counts')).toHaveText(/^19 twins · 24 relationships/);
    await expect(page.locator('[data-region="graph"] canvas').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Reset demo data' })).toBeInViewport();
    expectOnlyStaticOrigin(urls);
    // The static host was asked for files only: no API call reached it.
    // (Built chunks may be named after a module, e.g. /assets/models-….js: those are files.)
    expect(site.requests.filter((r) => !/^\w+ \/assets\//.test(r) && /\/(models|digitaltwins|query|eventroutes|_emulator)/i.test(r))).toEqual([]);
  });
}

test('queries page, patches carry If-Match and a stale one gets 412, relationships, routes, telemetry and live events all work; a reload keeps the data; Reset restores the sample', async ({ page, context, consoleErrors }) => {
  test.setTimeout(120_000);
  const urls = recordRequests(context);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openAndDraw(page);
  await expect(page.getByTestId('graph-counts')).toHaveText(/^19 twins/);

  // Paging: 1,100 more twins make the app's query take two pages of 1,000 (a continuation token the worker made).
  const created = await page.evaluate(async (api) => {
    const t = (globalThis as unknown as { twinscopeInBrowser: { fetch: typeof fetch; origin: string } }).twinscopeInBrowser;
    let ok = 0;
    for (let i = 0; i < 1100; i++) {
      const res = await t.fetch(`${t.origin}/digitaltwins/bulk-${String(i).padStart(4, '0')}?${api}`, {
        method: 'PUT', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ $metadata: { $model: 'dtmi:twinscope:sample:Sensor;1' } }),
      });
      if (res.status === 200) ok++;
    }
    return ok;
  }, API);
  expect(created).toBe(1100);
  await page.getByRole('tab', { name: 'Request log' }).click();
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.locator('[data-region="query"]').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('graph-counts')).toHaveText(/^1,?119 twins/);
  const pageOne = await call(page, 'POST', `/query?${API}`, { query: 'SELECT * FROM DIGITALTWINS' }, { 'max-items-per-page': '1000' });
  expect((pageOne.body?.value as unknown[]).length).toBe(1000);
  expect(typeof pageOne.body?.continuationToken).toBe('string');
  const pageTwo = await call(page, 'POST', `/query?${API}`, { continuationToken: pageOne.body?.continuationToken });
  expect((pageTwo.body?.value as unknown[]).length).toBe(119);
  expect(pageTwo.body?.continuationToken ?? null).toBeNull();

  // A patch from the inspector carries If-Match; a change made meanwhile makes it 412 and the conflict screen shows.
  await select(page, 'room-201');
  const panel = inspector(page);
  await panel.getByTestId('prop-/name').getByRole('textbox').fill('Mine');
  await panel.getByRole('button', { name: 'Review changes as patch' }).click();
  const theirs = await call(page, 'PATCH', `/digitaltwins/room-201?${API}`, [{ op: 'replace', path: '/name', value: 'Theirs' }]);
  expect(theirs.status).toBe(204);
  await panel.getByRole('button', { name: 'Save patch' }).click();
  await expect(panel.getByRole('heading', { name: 'Someone else changed room-201 since you loaded it' })).toBeVisible();
  await panel.getByRole('button', { name: 'Re-apply my patch' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const stale = await call(page, 'PATCH', `/digitaltwins/room-201?${API}`, [{ op: 'replace', path: '/name', value: 'x' }], { 'if-match': 'W/"stale"' });
  expect(stale.status).toBe(412);
  expect((stale.body?.error as { code: string }).code).toBe('PreconditionFailed');
  for (let i = consoleErrors.length - 1; i >= 0; i--) {
    if (/status of 412/.test(consoleErrors[i] ?? '')) consoleErrors.splice(i, 1);
  }

  // A relationship made in the inspector.
  await select(page, 'room-202');
  await panel.getByRole('button', { name: 'Add relationship…' }).first().click();
  await panel.getByLabel('Target twin').fill('hvac-1');
  await panel.getByLabel(/^priority/).fill('4');
  await panel.getByRole('button', { name: 'Create relationship' }).click();
  await expect(panel.getByText('Created servedBy room-202 → hvac-1.')).toBeVisible();
  await panel.getByRole('button', { name: 'Done' }).click();

  // A route with a filter carries telemetry to the live events panel.
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Live: events appear as they happen' })).toBeVisible();
  await page.getByRole('tab', { name: 'Event routes' }).click();
  await page.getByRole('button', { name: 'New route' }).click();
  const form = page.getByRole('form', { name: 'New route' });
  await form.getByLabel('Route id').fill('static-telemetry');
  await form.getByLabel('Endpoint').fill('live');
  await form.getByRole('textbox', { name: 'Filter', exact: true }).fill("type = 'microsoft.iot.telemetry'");
  await expect(form.getByText('The filter is valid.')).toBeVisible();
  await form.getByRole('button', { name: 'Save route' }).click();
  await expect(page.getByRole('table', { name: 'Event routes' }).getByRole('row').filter({ hasText: 'static-telemetry' })).toBeVisible();
  await page.getByRole('tab', { name: 'Telemetry' }).click();
  await page.getByLabel('Twin id').fill('sensor-101');
  await page.getByLabel('value', { exact: true }).fill('42.5');
  await page.getByRole('button', { name: 'Send telemetry' }).click();
  await page.getByRole('tab', { name: 'Events' }).click();
  const live = page.getByRole('list', { name: 'Live events' }).getByRole('listitem').filter({ hasText: 'static-telemetry' });
  await expect(live.filter({ hasText: '"value":42.5' })).toHaveCount(1);

  // After a reload the data written before is still there: no fresh seed.
  await page.reload();
  await expect(banner(page)).toContainText('Demo data lives in this browser');
  await expect.poll(async () => (await call(page, 'GET', `/digitaltwins/room-201?${API}`)).body?.name).toBe('Mine');
  expect((await call(page, 'GET', `/digitaltwins/room-202/relationships/room-202-servedBy-hvac-1?${API}`)).status).toBe(200);
  expect((await call(page, 'GET', `/eventroutes/static-telemetry?${API}`)).status).toBe(200);
  expect((await call(page, 'GET', `/digitaltwins/bulk-0000?${API}`)).status).toBe(200);

  // Reset demo data: the sample as on a first visit.
  // The page reloads once the worker has restored the sample.
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Reset demo data' }).click();
  await reloaded;
  await expect(banner(page)).toContainText('Demo data lives in this browser');
  await expect.poll(async () => (await call(page, 'GET', `/digitaltwins/room-201?${API}`)).body?.name, { timeout: 20_000 }).toBe('Room 201');
  expect((await call(page, 'GET', `/digitaltwins/bulk-0000?${API}`)).status).toBe(404);
  expect((await call(page, 'GET', `/digitaltwins/room-202/relationships/room-202-servedBy-hvac-1?${API}`)).status).toBe(404);
  await page.locator('[data-region="query"]').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('graph-counts')).toHaveText(/^19 twins · 24 relationships/);

  expectOnlyStaticOrigin(urls);
});

test('a second tab does not open the store under the first: it says so plainly', async ({ page, context }) => {
  await openAndDraw(page);
  await expect(page.getByTestId('graph-counts')).toHaveText(/^19 twins/);
  const second = await context.newPage();
  await second.goto(`${site.url}/`);
  await expect(banner(second)).toContainText('open in another tab');
  await expect(second.getByRole('button', { name: 'Reset demo data' })).toBeDisabled();
  // When the first tab goes, the second takes the store over.
  await page.close();
  await expect(banner(second)).toContainText('Demo data lives in this browser', { timeout: 20_000 });
  await second.close();
});

test('where the worker has no OPFS the data lives in the tab, and the banner says so and why', async ({ page }) => {
  // The emulator's worker script, served with OPFS taken away from its scope before anything else runs (as in a
  // browser without the origin private file system): https://developer.mozilla.org/docs/Web/API/StorageManager/getDirectory
  await page.route(/\/assets\/emulator\.worker-[^/]+\.js$/, async (route) => {
    const response = await route.fetch();
    const body = `Object.defineProperty(StorageManager.prototype, 'getDirectory', { value: undefined });\n${await response.text()}`;
    await route.fulfill({ response, body });
  });
  await page.goto(`${site.url}/`);
  await expect(banner(page)).toContainText('Demo data lives in this tab only and is lost when you close it');
  await expect(banner(page)).toContainText('no origin private file system (OPFS)');
  await expect(banner(page)).toHaveClass(/in-browser-banner--warning/);
  // Everything else works as before: the sample is there, in memory.
  await page.locator('[data-region="query"]').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('graph-counts')).toHaveText(/^19 twins/);
});
