import type { Page, Route } from '@playwright/test';
import { test, expect } from './fixtures';
import { replaceEditorText } from './support/query-editor';

// Failures are simulated in the browser (Playwright routes and offline mode), so the service's data is never
// changed by a failed call; the one successful save at the end is undone.

const API = 'api-version=2023-10-31';

/** An ADT-shaped error response. */
function adtError(route: Route, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return route.fulfill({
    status,
    contentType: 'application/json; charset=utf-8',
    headers: { 'x-ms-error-code': code, ...headers },
    body: JSON.stringify({ error: { code, message } }),
  });
}

/** Intercepts the calls to one API path (and method); everything else goes through untouched. */
async function intercept(page: Page, path: string, method: string, handler: (route: Route) => Promise<void>) {
  await page.route((url) => url.pathname === path, (route) => (route.request().method() === method ? handler(route) : route.fallback()));
}

const queryEditor = (page: Page) => page.locator('[data-region="query"] .monaco-editor');


/** Monaco renders spaces as non-breaking spaces. */
const shown = (text: string) => text.replace(/ /g, '\u00a0');

async function run(page: Page) {
  await page.locator('[data-region="query"]').getByRole('button', { name: 'Run', exact: true }).click();
}

test.describe('failures keep the user\'s work', () => {
  test('query: a 5xx, a 429 storm, offline and an expired sign-in each say what happened and keep the query', async ({ page, context, allowConsoleError }) => {
    allowConsoleError(/status of (500|429|401)/);
    allowConsoleError(/ERR_INTERNET_DISCONNECTED|Failed to fetch/);
    const QUERY = "SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinscope:sample:Room;1')";
    await page.goto('/');
    await replaceEditorText(page, queryEditor(page), QUERY);
    const error = page.getByTestId('query-error');
    const draftKept = () => expect(page.locator('[data-region="query"] .view-lines')).toContainText(shown(QUERY));

    // A 5xx: the service's message next to the editor.
    await intercept(page, '/query', 'POST', (r) => adtError(r, 500, 'InternalServerError', 'The service failed on purpose.'));
    await run(page);
    await expect(error).toContainText('InternalServerError');
    await expect(error).toContainText('The service failed on purpose.');
    await draftKept();
    await page.unrouteAll();

    // A short 429 storm: retried after Retry-After without the user doing anything, and the query succeeds.
    let throttled = 0;
    await intercept(page, '/query', 'POST', (r) => (++throttled <= 2 ? adtError(r, 429, 'TooManyRequests', 'Slow down.', { 'retry-after': '1' }) : r.fallback()));
    await run(page);
    await expect(page.getByTestId('graph-counts')).toHaveText(/^6 twins/);
    await expect(error).toHaveCount(0);
    expect(throttled).toBeGreaterThanOrEqual(3);
    await page.unrouteAll();

    // A storm that does not end: after the retries, the throttling is reported; the query is still there.
    let storm = 0;
    await intercept(page, '/query', 'POST', (r) => { storm++; return adtError(r, 429, 'TooManyRequests', 'Rate limit reached.', { 'retry-after': '1' }); });
    await run(page);
    await expect(error).toContainText('TooManyRequests', { timeout: 15_000 });
    expect(storm).toBe(4); // the first try and three retries
    await draftKept();
    await page.unrouteAll();

    // Offline: the network failure is reported (after the retries a read may make), the query is still there.
    await context.setOffline(true);
    await run(page);
    await expect(error).toContainText('NetworkError: Could not reach the service: you may be offline', { timeout: 15_000 });
    await draftKept();
    await context.setOffline(false);
    await run(page);
    await expect(page.getByTestId('graph-counts')).toHaveText(/^6 twins/);
    await expect(error).toHaveCount(0);

    // The sign-in expired: a 401 says to sign in again; the query stays for when that is done.
    await intercept(page, '/query', 'POST', (r) => adtError(r, 401, 'Unauthorized', 'The access token has expired.'));
    await run(page);
    await expect(error).toContainText('Your sign-in has expired or was refused. Sign in again to run the query.');
    await draftKept();
  });

  test('inspector: a patch survives a 503, offline and a 401, is retried through a 429, and is saved once', async ({ page, context, request, allowConsoleError }) => {
    allowConsoleError(/status of (503|429|401)/);
    allowConsoleError(/ERR_INTERNET_DISCONNECTED|Failed to fetch/);
    const twin = 'room-302';
    const before = await (await request.get(`/digitaltwins/${twin}?${API}`)).json() as { occupancy: number };
    const target = before.occupancy + 40;

    await page.goto(`/?env=local&query=${encodeURIComponent(`SELECT * FROM DIGITALTWINS T WHERE T.$dtId = '${twin}'`)}`);
    await expect(page.getByTestId('graph-counts')).toHaveText('1 twin · 0 relationships');
    await page.getByRole('tab', { name: 'Twins' }).click();
    await page.getByRole('listbox', { name: 'Twins' }).getByRole('option', { name: new RegExp(`^${twin} \\(`) }).click();
    const panel = page.locator('[data-region="inspector"]');
    await panel.getByRole('tab', { name: 'Patch' }).click();
    const PATCH = `[{"op": "replace", "path": "/occupancy", "value": ${target}}]`;
    await replaceEditorText(page, panel.locator('.monaco-editor'), PATCH);
    await expect(panel.getByTestId('preview-after')).toContainText(`"occupancy": ${target}`);
    const save = panel.getByRole('button', { name: 'Save patch' });
    const errorNote = panel.getByRole('alert', { name: 'Patch error' });
    const draftKept = async () => {
      await expect(panel.locator('.view-lines')).toContainText(shown(PATCH));
      await expect(save).toBeEnabled();
    };

    // A 503 on PATCH is not retried (a patch is not safe to repeat blindly); the error sits next to Save.
    let patches = 0;
    await intercept(page, `/digitaltwins/${twin}`, 'PATCH', (r) => { patches++; return adtError(r, 503, 'ServiceUnavailable', 'Try again later.'); });
    await save.click();
    await expect(errorNote).toContainText('503 ServiceUnavailable');
    expect(patches).toBe(1);
    await draftKept();
    await page.unrouteAll();

    // Offline.
    await context.setOffline(true);
    await save.click();
    await expect(errorNote).toContainText('NetworkError: Could not reach the service: you may be offline');
    await draftKept();
    await context.setOffline(false);

    // An expired sign-in.
    await intercept(page, `/digitaltwins/${twin}`, 'PATCH', (r) => adtError(r, 401, 'Unauthorized', 'The access token has expired.'));
    await save.click();
    await expect(errorNote).toContainText('401 Unauthorized: The access token has expired. Your sign-in has expired or was refused. Sign in again');
    await draftKept();
    await page.unrouteAll();

    // Throttled once: the service did not act, so the client retries after Retry-After and the save goes through.
    let throttled = 0;
    await intercept(page, `/digitaltwins/${twin}`, 'PATCH', (r) => (++throttled === 1 ? adtError(r, 429, 'TooManyRequests', 'Slow down.', { 'retry-after': '1' }) : r.fallback()));
    await save.click();
    await expect(panel.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    expect(throttled).toBe(2);
    const after = await (await request.get(`/digitaltwins/${twin}?${API}`)).json() as { occupancy: number };
    expect(after.occupancy).toBe(target);

    const undo = await request.patch(`/digitaltwins/${twin}?${API}`, {
      data: JSON.stringify([{ op: 'replace', path: '/occupancy', value: before.occupancy }]),
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(undo.status()).toBe(204);
  });

  test('DTDL editor: a model survives a 5xx, offline and a 401 on upload', async ({ page, context, allowConsoleError }) => {
    allowConsoleError(/status of (500|401)/);
    allowConsoleError(/ERR_INTERNET_DISCONNECTED|Failed to fetch/);
    await page.goto('/');
    await page.getByRole('button', { name: 'New model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Models workspace' });
    const editor = dialog.getByTestId('dtdl-editor');
    const MODEL = '{"@id": "dtmi:e2e:failures:Draft;1", "@type": "Interface", "@context": "dtmi:dtdl:context;3", "displayName": "Draft kept"}';
    await replaceEditorText(page, editor.locator('.monaco-editor'), MODEL);
    const upload = dialog.getByRole('button', { name: /^Upload/ });
    const result = dialog.getByTestId('editor-upload-result');
    const draftKept = () => expect(editor.locator('.view-lines')).toContainText(shown('"displayName": "Draft kept"'));

    await intercept(page, '/models', 'POST', (r) => adtError(r, 500, 'InternalServerError', 'The service failed on purpose.'));
    await upload.click();
    await expect(result).toContainText('The service failed on purpose.');
    await draftKept();
    await page.unrouteAll();

    await context.setOffline(true);
    await upload.click();
    await expect(result).toContainText('Upload failed: Could not reach the service: you may be offline');
    await draftKept();
    await context.setOffline(false);

    await intercept(page, '/models', 'POST', (r) => adtError(r, 401, 'Unauthorized', 'The access token has expired.'));
    await upload.click();
    await expect(result).toContainText('The access token has expired.');
    await draftKept();
  });
});
