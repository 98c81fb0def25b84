import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { replaceEditorText } from './support/query-editor';
import { FakeAdt } from './support/fake-adt';
import { FakeEntra } from './support/fake-entra';

/**
 * Sign-in end to end: the app's real MSAL code against a fake Entra ID (login.microsoftonline.com answered by
 * Playwright routing) and a fake ADT instance behind the proxy. config.json is replaced so the app starts with a
 * client id and an ADT environment in the fake tenant.
 */

const HOST = 'test.api.wcus.digitaltwins.azure.net';
const QUERY = 'SELECT T.caller FROM DIGITALTWINS T';

interface Harness {
  entra: FakeEntra;
  adt: FakeAdt;
  console: string[];
  /** API calls (emulator or proxy) made by any page or frame other than the test's main page. */
  strayApiCalls: string[];
}

const API_PATH = /^\/(models|digitaltwins|query|eventroutes|jobs|_emulator|api\/proxy)(\/|$)/i;

async function setUp(context: BrowserContext, page: Page): Promise<Harness> {
  const entra = new FakeEntra();
  const adt = new FakeAdt(HOST, (token) => {
    const issued = entra.issued.find((t) => t.accessToken === token);
    return issued ? `token #${issued.index}` : 'unknown token';
  });
  await entra.install(context);
  await adt.install(context);
  await context.route('**/config.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({
      msal: { clientId: entra.clientId, authority: entra.authority, cacheLocation: 'sessionStorage' },
      proxyUrl: '/api/proxy',
      environments: [
        { id: 'local', label: 'Local emulator', kind: 'emulator', endpoint: '', color: '#2e7d32' },
        { id: 'test-adt', label: 'Test instance', kind: 'adt', endpoint: HOST, tenantId: entra.tenantId, color: '#b00020' },
      ],
    }),
  }));
  const console: string[] = [];
  // Every page of the context, the sign-in popup included.
  context.on('console', (msg) => console.push(msg.text()));
  const strayApiCalls: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!API_PATH.test(url.pathname)) return;
    let frame;
    try {
      frame = request.frame();
    } catch {
      return; // service-worker requests have no frame; the app has none
    }
    if (frame !== page.mainFrame()) strayApiCalls.push(`${request.method()} ${url.pathname} from ${frame.url()}`);
  });
  return { entra, adt, console, strayApiCalls };
}

/** Clicks a sign-in button and waits for the popup MSAL opens to finish and close. */
async function signInWithPopup(page: Page, button: string): Promise<void> {
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: button, exact: true }).click();
  const opened = await popup;
  await opened.waitForEvent('close', { timeout: 15_000 });
}

async function expectNoSecrets(page: Page, h: Harness): Promise<void> {
  const secrets = h.entra.secrets();
  expect(secrets.length).toBeGreaterThan(0);
  const html = await page.content();
  const text = await page.evaluate(() => document.body.innerText);
  for (const secret of secrets) {
    expect(html, 'the DOM holds no token').not.toContain(secret);
    expect(text).not.toContain(secret);
    for (const line of h.console) expect(line, 'the console shows no token').not.toContain(secret);
  }
}

test.describe('sign-in with MSAL against a fake Entra ID', () => {
  test('on a real instance nothing runs by itself: the start query waits for Run, because queries are billed', async ({ page, context }) => {
    const h = await setUp(context, page);
    await page.goto('/?env=test-adt');
    await signInWithPopup(page, 'Sign in');
    await expect(page.getByTestId('signed-in-account')).toHaveText(h.entra.username);
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
    const starts = () => h.adt.calls.filter((c) => c.method === 'POST' && c.path === '/query' && (c.body ?? '').includes('SELECT * FROM DIGITALTWINS'));
    // A negative: give a start query that would run by itself the time to do so.
    await page.waitForTimeout(1500);
    expect(starts()).toHaveLength(0);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => starts().length).toBe(1);
  });

  test('sign in, then the query through the proxy carries the token, which never shows in the request log or console', async ({ page, context }) => {
    const h = await setUp(context, page);
    await page.goto(`/?env=test-adt&query=${encodeURIComponent(QUERY)}`);
    await expect(page.getByLabel('Environment')).toHaveValue('test-adt');
    await page.getByRole('tab', { name: 'Request log' }).click();
    await page.getByLabel('Record bodies').check();

    await signInWithPopup(page, 'Sign in');
    await expect(page.getByTestId('signed-in-account')).toHaveText(h.entra.username);

    // The deep link's query runs once a client with a token exists.
    await expect(page.getByTestId('query-rows')).toContainText('token #1');
    const token = h.entra.issued[0]!.accessToken;
    const queries = h.adt.calls.filter((c) => c.method === 'POST' && c.path === '/query');
    expect(queries.length).toBeGreaterThan(0);
    for (const call of h.adt.calls) {
      expect(call.authorization).toBe(`Bearer ${token}`);
      expect(call.host).toBe(HOST);
    }

    // What MSAL sent: the ADT scope, PKCE and a nonce (MSAL itself checks the echoed state and the ID token's nonce).
    const authorize = h.entra.authorizeRequests[0]!.params;
    expect(authorize.get('scope')?.split(' ')).toContain('https://digitaltwins.azure.net/.default');
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('nonce')).toBeTruthy();
    expect(h.entra.tokenRequests.map((r) => r.form.get('grant_type'))).toEqual(['authorization_code']);
    expect(h.entra.unexpected).toEqual([]);
    // The popup only handed the response back: no copy of the app ran in it.
    expect(h.strayApiCalls).toEqual([]);

    // The request log: every row expanded, bodies recorded, and still no token.
    const log = page.getByTestId('request-log');
    await expect(log.getByRole('button', { name: /POST \/api\/proxy\/query/ }).first()).toBeVisible();
    const rows = log.locator('li');
    const count = await rows.count();
    let proxied = 0;
    const expanded: string[] = [];
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      const summary = row.getByRole('button').first();
      const toAdt = /\/api\/proxy\//.test(await summary.innerText());
      await summary.click();
      await expect(row.locator('.log-details')).toBeVisible();
      if (toAdt) {
        proxied++;
        await expect(row.locator('dt', { hasText: /^authorization$/ })).toHaveCount(1);
        await expect(row.locator('.log-headers > div', { has: page.locator('dt', { hasText: /^authorization$/ }) }).locator('dd')).toHaveText('[redacted]');
      }
      expanded.push(await row.innerText());
      await expectNoSecrets(page, h);
    }
    expect(proxied).toBeGreaterThan(0);
    // Bodies were recorded: the deep link's query is there, the token is not.
    expect(expanded.some((text) => text.includes(`"query":"${QUERY}"`))).toBe(true);

    // "Copy as curl" of a call to ADT leaves a placeholder where the token was.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const queryRow = rows.filter({ has: page.getByRole('button', { name: /POST \/api\/proxy\/query/ }) }).first();
    const queryRowSummary = queryRow.getByRole('button').first();
    if ((await queryRowSummary.getAttribute('aria-expanded')) !== 'true') await queryRowSummary.click();
    await queryRow.getByRole('button', { name: 'Copy as curl' }).click();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toContain(`x-adt-host: ${HOST}`);
    expect(curl).toContain('Authorization: Bearer $ADT_TOKEN');
    for (const secret of h.entra.secrets()) expect(curl).not.toContain(secret);
    await expectNoSecrets(page, h);
  });

  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`closing the sign-in popup says "Sign-in was cancelled" at once and sign-in works again (${size.width}×${size.height})`, async ({ page, context }) => {
      await page.setViewportSize(size);
      const h = await setUp(context, page);
      h.entra.holdAuthorize = true;
      await page.goto('/?env=test-adt');
      const bar = page.getByRole('banner');
      const signIn = bar.getByRole('button', { name: 'Sign in', exact: true });
      const redirect = bar.getByRole('button', { name: 'Sign in (redirect)' });
      const barHeight = (await bar.boundingBox())?.height ?? 0;
      const popupOpened = page.waitForEvent('popup');
      await signIn.click();
      const popup = await popupOpened;
      await expect(popup.getByRole('heading', { name: 'Pick an account' })).toBeVisible();
      const closedAt = Date.now();
      await popup.close();
      // Well before MSAL's own 60 s timeout (`timed_out`).
      await expect(bar.getByRole('alert')).toHaveText('Sign-in was cancelled.', { timeout: 5_000 });
      expect(Date.now() - closedAt).toBeLessThan(5_000);
      await expect(signIn).toBeEnabled();
      await expect(redirect).toBeEnabled();
      await expect(bar).not.toContainText('aka.ms');
      // One line: the header keeps its height.
      expect((await bar.boundingBox())?.height ?? 0).toBeLessThanOrEqual(barHeight + 1);

      h.entra.holdAuthorize = false;
      await signInWithPopup(page, 'Sign in');
      await expect(page.getByTestId('signed-in-account')).toHaveText(h.entra.username);
      await expect(bar.getByRole('alert')).toHaveCount(0);
    });
  }

  test('silent renewal: after the access token expires, MSAL redeems the refresh token and the next call carries the new token', async ({ page, context }) => {
    const h = await setUp(context, page);
    // Short-lived, but longer than MSAL's 5-minute renewal margin, so the first token is used as issued.
    h.entra.expiresIn = 600;
    await page.clock.install();
    await page.goto(`/?env=test-adt&query=${encodeURIComponent(QUERY)}`);
    await signInWithPopup(page, 'Sign in');
    await expect(page.getByTestId('query-rows')).toContainText('token #1');
    const first = h.entra.issued[0]!;

    // A call before expiry reuses the cached token: no trip to the token endpoint.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => h.adt.tokens().filter((t) => t === first.accessToken).length).toBeGreaterThan(1);
    expect(h.entra.tokenRequests).toHaveLength(1);

    await page.clock.fastForward(11 * 60_000);
    const before = h.adt.calls.length;
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('query-rows')).toContainText('token #2');

    const refresh = h.entra.tokenRequests[1]!.form;
    expect(refresh.get('grant_type')).toBe('refresh_token');
    expect(refresh.get('refresh_token')).toBe(first.refreshToken);
    expect(refresh.get('scope')?.split(' ')).toContain('https://digitaltwins.azure.net/.default');
    expect(h.entra.tokenRequests).toHaveLength(2);
    // Silent: no second visit to the authorize endpoint, no popup.
    expect(h.entra.authorizeRequests).toHaveLength(1);
    const second = h.entra.issued[1]!;
    expect(second.grantType).toBe('refresh_token');
    const after = h.adt.tokens().slice(before);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((t) => t === second.accessToken)).toBe(true);
    await expect(page.getByTestId('signed-in-account')).toHaveText(h.entra.username);
    await expectNoSecrets(page, h);
  });

  test('when the refresh token is refused, MSAL renews silently in a hidden iframe that hands the code back', async ({ page, context, allowConsoleError }) => {
    allowConsoleError(/status of 400/);
    const h = await setUp(context, page);
    h.entra.expiresIn = 600;
    await page.clock.install();
    await page.goto(`/?env=test-adt&query=${encodeURIComponent(QUERY)}`);
    await signInWithPopup(page, 'Sign in');
    await expect(page.getByTestId('query-rows')).toContainText('token #1');

    h.entra.refuseRefreshTokens = true;
    await page.clock.fastForward(11 * 60_000);
    let popups = 0;
    page.on('popup', () => popups++);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('query-rows')).toContainText('token #2');

    expect(h.entra.tokenRequests.map((r) => r.form.get('grant_type'))).toEqual(['authorization_code', 'refresh_token', 'authorization_code']);
    const silent = h.entra.authorizeRequests[1]!.params;
    expect(silent.get('prompt')).toBe('none');
    expect(popups).toBe(0);
    // The iframe is gone again and made no API calls of its own.
    await expect(page.locator('iframe')).toHaveCount(0);
    expect(h.strayApiCalls).toEqual([]);
    expect(h.adt.tokens().slice(-1)).toEqual([h.entra.issued[1]!.accessToken]);
    await expectNoSecrets(page, h);
  });

  test('a 401 leads back to sign-in ("Sign in again"), and the pending query runs again with the new token', async ({ page, context, allowConsoleError }) => {
    allowConsoleError(/status of 401/);
    const h = await setUp(context, page);
    await page.goto(`/?env=test-adt&query=${encodeURIComponent(QUERY)}`);
    await signInWithPopup(page, 'Sign in');
    await expect(page.getByTestId('query-rows')).toContainText('token #1');

    // The service stops accepting the token (revoked, or the user's session ended).
    h.adt.revoked.add(h.entra.issued[0]!.accessToken);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const banner = page.locator('.signin-banner');
    await expect(banner).toContainText('Sign in again to run the query');
    await expect(page.getByTestId('query-error')).toContainText('sign-in has expired or was refused');
    const refused = h.adt.calls.filter((c) => c.authorization === `Bearer ${h.entra.issued[0]!.accessToken}` && c.method === 'POST').length;

    const callsBefore = h.adt.calls.length;
    await signInWithPopup(page, 'Sign in again');
    // The pending query runs by itself, with the token of the new sign-in.
    await expect(page.getByTestId('query-rows')).toContainText('token #2');
    await expect(banner).toHaveCount(0);
    expect(h.entra.authorizeRequests).toHaveLength(2);
    const second = h.entra.issued[1]!;
    expect(second.grantType).toBe('authorization_code');
    const retried = h.adt.calls.slice(callsBefore).filter((c) => c.method === 'POST' && c.path === '/query');
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((c) => c.authorization === `Bearer ${second.accessToken}`)).toBe(true);
    expect(refused).toBeGreaterThan(0);
    await expectNoSecrets(page, h);
  });

  test('a 401 on saving a patch asks to sign in again, and the save runs again with the new token and the current draft', async ({ page, context, allowConsoleError }) => {
    allowConsoleError(/status of 401/);
    const h = await setUp(context, page);
    h.adt.twins.set('pump-1', { $dtId: 'pump-1', $etag: 'W/"1"', $metadata: { $model: 'dtmi:e2e:Pump;1' }, speed: 10 });
    await page.goto(`/?env=test-adt&query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`);
    await signInWithPopup(page, 'Sign in');
    await expect(page.getByTestId('graph-counts')).toHaveText('1 twin · 0 relationships');
    await page.getByRole('tab', { name: 'Twins' }).click();
    await page.getByRole('listbox', { name: 'Twins' }).getByRole('option', { name: /^pump-1 \(/ }).click();
    const panel = page.locator('[data-region="inspector"]');
    await panel.getByRole('tab', { name: 'Patch' }).click();
    const editor = panel.locator('.monaco-editor');
    const typePatch = async (value: number) => {
      await replaceEditorText(page, editor, `[{"op": "replace", "path": "/speed", "value": ${value}}]`);
      await expect(panel.getByTestId('preview-after')).toContainText(`"speed": ${value}`);
    };
    await typePatch(20);

    h.adt.revoked.add(h.entra.issued[0]!.accessToken);
    await panel.getByRole('button', { name: 'Save patch' }).click();
    await expect(panel.getByRole('alert', { name: 'Patch error' })).toContainText('401');
    await expect(page.locator('.signin-banner')).toContainText('Sign in again');
    // The user changes the draft before signing in: the retry saves what the editor holds then.
    await typePatch(30);
    expect(h.adt.twins.get('pump-1')?.speed).toBe(10);

    const callsBefore = h.adt.calls.length;
    await signInWithPopup(page, 'Sign in again');
    await expect.poll(() => h.adt.twins.get('pump-1')?.speed).toBe(30);
    await expect(page.locator('.signin-banner')).toHaveCount(0);
    const patches = h.adt.calls.slice(callsBefore).filter((c) => c.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]!.authorization).toBe(`Bearer ${h.entra.issued[1]!.accessToken}`);
    await expectNoSecrets(page, h);
  });

  test('redirect sign-in returns to the deep link, signed in, and its query carries the token', async ({ page, context }) => {
    const h = await setUp(context, page);
    const link = `/?env=test-adt&query=${encodeURIComponent(QUERY)}`;
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in (redirect)', exact: true }).click();
    await expect(page.getByTestId('signed-in-account')).toHaveText(h.entra.username);
    await expect(page.getByTestId('query-rows')).toContainText('token #1');
    expect(h.entra.authorizeRequests).toHaveLength(1);
    expect(h.entra.tokenRequests.map((r) => r.form.get('grant_type'))).toEqual(['authorization_code']);
    // Back on the page that started the sign-in, with the response gone from the address bar.
    expect(new URL(page.url()).search).toBe(new URL(link, 'http://x').search);
    expect(new URL(page.url()).hash).toBe('');
    expect(h.adt.tokens().every((t) => t === h.entra.issued[0]!.accessToken)).toBe(true);
    await expectNoSecrets(page, h);
  });

  test('a 403 says which data-plane role is missing and does not ask to sign in again', async ({ page, context, allowConsoleError }) => {
    allowConsoleError(/status of 403/);
    const h = await setUp(context, page);
    await page.goto(`/?env=test-adt&query=${encodeURIComponent(QUERY)}`);
    await signInWithPopup(page, 'Sign in');
    await expect(page.getByTestId('query-rows')).toContainText('token #1');

    h.adt.forbidden = true;
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const error = page.getByTestId('query-error');
    await expect(error).toContainText('Forbidden');
    await expect(error).toContainText('Azure Digital Twins Data Reader');
    await expect(page.locator('.signin-banner')).toHaveCount(0);
    await expect(page.getByTestId('signed-in-account')).toHaveText(h.entra.username);
  });
});
