import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page, Route } from '@playwright/test';
import type { RunningEmulator } from '../src/emulator/server';
import { test, expect } from './fixtures';
import { API, startOwnEmulator } from './support/emulator';
import { FakeEntra } from './support/fake-entra';
import { HOSTILE, installTripwires, tripwireReport, withoutCsp } from './support/tripwires';
import { replaceEditorText, typeQuery } from './support/query-editor';

// Hostile twins must not leak into the suite's shared emulator (other specs count twins), so this spec has its own.
let emulator: RunningEmulator;
let base: string;

const MODEL = 'dtmi:e2e:xss:Thing;1';
const TWIN_A = HOSTILE.img;
const TWIN_B = `${HOSTILE.style}${HOSTILE.svg}`;
const MISSING = HOSTILE.script;
const REL = HOSTILE.anchor;

const hostileModel = {
  '@id': MODEL,
  '@type': 'Interface',
  '@context': 'dtmi:dtdl:context;3',
  displayName: `Thing ${HOSTILE.img}`,
  description: `About ${HOSTILE.script}`,
  contents: [
    { '@type': 'Property', name: 'label', schema: 'string', displayName: HOSTILE.style },
    { '@type': 'Property', name: 'link', schema: 'string', description: HOSTILE.iframe },
    { '@type': 'Relationship', name: 'feeds', displayName: HOSTILE.svg, properties: [{ '@type': 'Property', name: 'note', schema: 'string' }] },
  ],
};

/** The test's own writes, straight to the service. */
async function api(method: 'PUT' | 'POST' | 'DELETE', path: string, data?: unknown) {
  const res = await fetch(`${base}${path}?${API}`, {
    method,
    ...(data === undefined ? {} : { body: JSON.stringify(data), headers: { 'content-type': 'application/json' } }),
  });
  expect(res.status, `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
}

const twinPath = (id: string) => `/digitaltwins/${encodeURIComponent(id)}`;

async function createHostileTwins() {
  await api('PUT', twinPath(TWIN_A), { $metadata: { $model: MODEL }, label: HOSTILE.script, link: HOSTILE.jsUrl });
  await api('PUT', twinPath(TWIN_B), { $metadata: { $model: MODEL }, label: HOSTILE.iframe, link: HOSTILE.anchor });
  await api('PUT', `${twinPath(TWIN_A)}/relationships/${encodeURIComponent(REL)}`, {
    $targetId: TWIN_B, $relationshipName: 'feeds', note: HOSTILE.img,
  });
}


async function expectNothingRan(page: Page, dialogs: string[]) {
  expect(await tripwireReport(page)).toEqual({ pwned: undefined, injected: [] });
  expect(dialogs).toEqual([]);
}

test.beforeAll(async () => {
  emulator = await startOwnEmulator();
  base = emulator.httpUrl as string;
  await api('POST', '/models', [hostileModel]);
});

test.afterAll(async () => {
  await emulator.close();
});

test.describe('untrusted data is shown as text, never run', () => {
  test('the tripwires catch markup that is interpreted (so the checks below can fail)', async ({ page }) => {
    const { dialogs } = await installTripwires(page);
    const stripped = await withoutCsp(page);
    await page.goto(`${base}/`);
    await expect(page.getByTestId('graph-counts')).toBeVisible();
    expect(stripped()).toBe(true);
    await page.evaluate((html) => {
      const div = document.createElement('div');
      div.innerHTML = html;
      document.body.append(div);
    }, HOSTILE.img);
    await expect.poll(async () => (await tripwireReport(page)).pwned).toBe('img');
    expect((await tripwireReport(page)).injected).toContain('<img onerror>');
    expect(dialogs).toEqual([]);
  });

  test('hostile ids, values, model names, relationship ids and echoed errors in every panel', async ({ page, allowConsoleError }) => {
    // Telemetry for a missing twin: the 404 is expected, its echoed id is the payload.
    allowConsoleError(/status of 404/);
    // The query the service rejects below.
    allowConsoleError(/status of 400/);
    const { dialogs } = await installTripwires(page);
    const stripped = await withoutCsp(page);
    await page.goto(`${base}/`);
    expect(stripped()).toBe(true);

    // Events: subscribe first, so the writes below arrive on the live stream with their hostile ids.
    await page.getByRole('tab', { name: 'Events' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Live: events appear as they happen' })).toBeVisible();
    await createHostileTwins();
    const events = page.getByRole('list', { name: 'Live events' });
    await expect(events).toContainText(TWIN_A);
    await expect(events).toContainText(TWIN_B);
    await events.getByRole('button').filter({ hasText: TWIN_A }).first().click();
    await expect(page.getByRole('region', { name: 'Event details' })).toContainText(JSON.stringify(TWIN_A));

    // Graph (canvas labels) and twins list.
    await typeQuery(page, `SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, '${MODEL}')`, true);
    await expect(page.getByTestId('graph-counts')).toHaveText('2 twins · 1 relationship');
    await page.getByRole('tab', { name: 'Twins' }).click();
    const list = page.getByRole('listbox', { name: 'Twins' });
    await expect(list.getByRole('option')).toHaveCount(2);
    await expect(list).toContainText(TWIN_A);
    await expect(list).toContainText(TWIN_B);

    // Inspector: id, values in the form and the JSON view, the relationship with its hostile id.
    await list.getByRole('option').filter({ hasText: TWIN_A }).click();
    const inspector = page.locator('[data-region="inspector"]');
    await expect(page.getByTestId('inspector-twin-id')).toHaveText(TWIN_A);
    await expect(inspector.getByTestId('prop-/label').getByRole('textbox')).toHaveValue(HOSTILE.script);
    await expect(inspector.getByTestId('prop-/link').getByRole('textbox')).toHaveValue(HOSTILE.jsUrl);
    await inspector.getByRole('tab', { name: 'JSON' }).click();
    await expect(inspector.getByTestId('inspector-json')).toContainText(JSON.stringify(HOSTILE.script));
    await inspector.getByRole('tab', { name: 'Relationships' }).click();
    const outgoing = inspector.getByRole('list', { name: 'Outgoing relationships' });
    await expect(outgoing).toContainText(`feeds →${TWIN_B}`);
    await outgoing.getByRole('button', { name: `Inspect relationship feeds ${REL}` }).click();
    await expect(inspector.getByRole('heading', { name: /Relationship feeds/ })).toBeVisible();
    await expect(inspector.getByRole('button', { name: `Show twin ${TWIN_B}` })).toBeVisible();
    await expect(inspector.getByLabel(/note/)).toHaveValue(HOSTILE.img);

    // An error that echoes input: telemetry for a twin that does not exist; the service's 404 repeats the id.
    await page.getByRole('tab', { name: 'Telemetry' }).click();
    await page.getByLabel('Twin id').fill(MISSING);
    await expect(page.getByRole('alert').filter({ hasText: `ID ${MISSING}` })).toBeVisible();

    // Query results: table and JSON.
    await typeQuery(page, `SELECT T.$dtId AS id, T.label, T.link FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, '${MODEL}')`, true);
    const rows = page.getByTestId('query-rows');
    await expect(rows.getByRole('table')).toContainText(TWIN_A);
    await expect(rows.getByRole('table')).toContainText(HOSTILE.iframe);
    await expect(rows.getByRole('table')).toContainText(HOSTILE.anchor);
    await rows.getByLabel('JSON').check();
    await expect(rows.locator('pre')).toContainText(JSON.stringify(HOSTILE.jsUrl));

    // A query the service rejects, its error shown next to the editor.
    await typeQuery(page, `SELECT * FROM DIGITALTWINS WHERE $dtId = '${HOSTILE.img}' AND`, true);
    await expect(page.getByTestId('query-error')).toBeVisible();

    // Models: tree, details (display name, description, contents) and the workspace dialog.
    await page.getByRole('tab', { name: 'Models' }).click();
    const item = page.getByRole('treeitem', { name: `Thing ${HOSTILE.img} (${MODEL})` });
    await expect(item).toBeVisible();
    await item.click();
    await page.getByRole('group', { name: 'Selected model' }).getByRole('button', { name: 'Details' }).click();
    const dialog = page.getByRole('dialog', { name: 'Models workspace' });
    await expect(dialog.getByRole('heading', { name: `Thing ${HOSTILE.img}` })).toBeVisible();
    await expect(dialog).toContainText(`About ${HOSTILE.script}`);
    await dialog.getByRole('button', { name: 'Close models workspace' }).click();

    // Request log: hostile ids in paths and bodies.
    await page.getByRole('tab', { name: 'Request log' }).click();
    await page.getByLabel('Record bodies').check();
    await typeQuery(page, `SELECT * FROM DIGITALTWINS T WHERE T.label = '${HOSTILE.iframe}'`, true);
    await expect(page.getByTestId('graph-counts')).toHaveText(/^1 twin/);
    const log = page.getByTestId('request-log');
    await expect(log).toContainText(`GET/digitaltwins/${TWIN_A}/relationships/${REL}`);
    // The newest query is the graph's relationship query for the twin found, whose body carries TWIN_B's id.
    await log.getByRole('button', { name: /POST \/query/ }).first().click();
    await expect(log).toContainText(`IN ['${TWIN_B.replace(/"/g, '\\"')}']`);

    await expectNothingRan(page, dialogs);
    // The page is still whole: the CSS payload did not hide it.
    await expect(page.getByRole('heading', { name: 'Graph' })).toBeVisible();
  });
});

test.describe('Content Security Policy', () => {
  test('the built index.html ships a strict policy', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta, 'CSP meta in index.html').not.toBeNull();
    const policy = (meta?.[1] ?? '').replace(/&#39;/g, "'");
    const directive = (name: string) => policy.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    // 'wasm-unsafe-eval' lets the in-browser emulator compile SQLite's WebAssembly; it allows no JavaScript eval.
    expect(directive('script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy.split(/[\s;]+/)).not.toContain("'unsafe-eval'");
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('worker-src').split(' ')).toEqual(expect.arrayContaining(["'self'", 'blob:']));
    // No inline script in the page itself: every script has a src.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });

  test('query, graph, every Monaco editor, the inspector and the events tab run with zero violations', async ({ page, allowConsoleError }) => {
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const cspConsole: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspConsole.push(m.text());
    });
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));

    await page.goto(`${base}/`);
    // Query + graph.
    await typeQuery(page, "SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinscope:sample:Room;1')", true);
    await expect(page.getByTestId('graph-counts')).toHaveText(/^6 twins/);
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-region="graph"] canvas').length)).toBeGreaterThan(0);
    // Completions come from our language service (the editor worker is Monaco's own).
    await typeQuery(page, "SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('", false);
    await page.keyboard.press('Control+Space');
    await expect(page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'dtmi:' }).first()).toBeVisible();
    await page.keyboard.press('Escape');

    // The inspector's patch composer (Monaco, JSON) with a twin selected through the twins list.
    await page.getByRole('tab', { name: 'Twins' }).click();
    await page.getByRole('listbox', { name: 'Twins' }).getByRole('option', { name: /^room-101 \(/ }).click();
    const inspector = page.locator('[data-region="inspector"]');
    await inspector.getByRole('tab', { name: 'Patch' }).click();
    await replaceEditorText(page, inspector.locator('.monaco-editor'), '[{"op": "replace", "path": "/occupancy", "value": "many"}]');
    await expect(inspector.getByTestId('patch-problems')).toContainText('integer');

    // The DTDL editor in the models workspace: JSON language service in its worker, diagnostics on bad input.
    await page.getByRole('tab', { name: 'Models' }).click();
    await page.getByRole('button', { name: 'New model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Models workspace' });
    const dtdl = dialog.getByTestId('dtdl-editor');
    await replaceEditorText(page, dtdl.locator('.monaco-editor'), '{"@id": "dtmi:e2e:csp:X;1", "@type": "Interface", "@context": "dtmi:dtdl:context;3", "contents": [{"@type": "Property", "name": "p", "schema": "doubel"}]}');
    await expect(dtdl.locator('.squiggly-error').first()).toBeAttached();
    await dialog.getByRole('button', { name: 'Close models workspace' }).click();

    // The events tab: the live stream (EventSource, connect-src 'self').
    await page.getByRole('tab', { name: 'Events' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Live: events appear as they happen' })).toBeVisible();

    // Monaco's workers started from our own origin (worker-src), and nothing was refused.
    const origin = new URL(base).origin;
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect(workers.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:'))).toEqual([]);
    expect(workers.some((u) => /json\.worker/.test(u))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(cspConsole).toEqual([]);

    // The probe works and the policy is enforced: an injected inline script is refused and reported.
    allowConsoleError(/Executing inline script violates|Refused to execute inline script/);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([expect.stringMatching(/^script-src/)]);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  });
});

test.describe('tokens', () => {
  const HOST = 'tokens.api.wcus.digitaltwins.azure.net';
  const ECHO_TWIN = 'echo-my-token';

  /**
   * The app's real MSAL against a fake Entra ID; the proxy answered by forwarding to this spec's emulator, so an ADT
   * environment with a real bearer token sees real data. One twin id makes the "instance" answer with an error that
   * repeats the Authorization header, as a careless gateway might.
   */
  async function signedInToAdt(context: BrowserContext, page: Page) {
    const entra = new FakeEntra();
    await entra.install(context);
    await context.route('**/config.json', (route) => route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        msal: { clientId: entra.clientId, authority: entra.authority },
        proxyUrl: '/api/proxy',
        environments: [{ id: 'tokens-adt', label: 'Token test instance', kind: 'adt', endpoint: HOST, tenantId: entra.tenantId }],
      }),
    }));
    const proxied: string[] = [];
    await context.route('**/api/proxy/**', async (route: Route) => {
      const request = route.request();
      const url = new URL(request.url());
      const authorization = request.headers()['authorization'] ?? '';
      const accepted = entra.issued.some((t) => authorization === `Bearer ${t.accessToken}`);
      if (!accepted || request.headers()['x-adt-host'] !== HOST) return route.fulfill({ status: 401, body: '' });
      const path = url.pathname.replace(/^\/api\/proxy/, '');
      proxied.push(`${request.method()} ${path}`);
      if (path === `/digitaltwins/${ECHO_TWIN}`) {
        return route.fulfill({
          status: 404, contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'DigitalTwinNotFound', message: `No twin ${ECHO_TWIN} (request carried Authorization: ${authorization})` } }),
        });
      }
      const headers = { ...request.headers() };
      delete headers['authorization'];
      delete headers['x-adt-host'];
      const response = await route.fetch({ url: `${base}${path}${url.search}`, headers });
      return route.fulfill({ response });
    });
    const requestUrls: string[] = [];
    context.on('request', (r) => requestUrls.push(r.url()));
    const consoleLines: string[] = [];
    context.on('console', (m) => consoleLines.push(m.text()));
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));

    await page.goto(`${base}/?env=tokens-adt&query=${encodeURIComponent("SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinscope:sample:Room;1')")}`);
    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await (await popup).waitForEvent('close', { timeout: 15_000 });
    // The deep link's query ran through the proxy with the token.
    await expect(page.getByTestId('graph-counts')).toHaveText(/^6 twins/);
    expect(proxied.some((c) => c.startsWith('POST /query'))).toBe(true);
    return { entra, proxied, requestUrls, consoleLines, navigations };
  }

  test('no token reaches exported files, URLs, history, localStorage, error messages or the console', async ({ page, context, allowConsoleError }) => {
    allowConsoleError(/status of 404/);
    const h = await signedInToAdt(context, page);
    await page.getByRole('tab', { name: 'Request log' }).click();
    await page.getByLabel('Record bodies').check();

    // An export of the whole instance, in both formats.
    await page.getByRole('tab', { name: 'Import / export' }).click();
    await page.getByLabel('Whole instance').check();
    const files: string[] = [];
    for (const format of ['JSON (ADT Explorer graph)', 'NDJSON (ADT bulk import)']) {
      await page.getByRole('region', { name: 'Export' }).getByLabel('Format').selectOption({ label: format });
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
      files.push(await readFile(await download.path(), 'utf8'));
    }
    for (const file of files) expect(file).toContain('room-101');

    // An error that repeats the Authorization header: shown, with the token scrubbed.
    await page.getByRole('tab', { name: 'Telemetry' }).click();
    await page.getByLabel('Twin id').fill(ECHO_TWIN);
    const alert = page.getByRole('alert').filter({ hasText: `No twin ${ECHO_TWIN}` });
    await expect(alert).toContainText('Authorization: Bearer [redacted]');
    await page.getByRole('tab', { name: 'Request log' }).click();
    const failed = page.getByTestId('request-log').getByRole('button', { name: new RegExp(`GET /api/proxy/digitaltwins/${ECHO_TWIN}`) }).first();
    await failed.click();
    await expect(page.getByTestId('request-log')).toContainText('Bearer [redacted]');

    const secrets = h.entra.secrets();
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const address = await page.evaluate(() => ({ url: location.href, state: JSON.stringify(window.history.state) }));
    const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    const session = await page.evaluate(() => JSON.stringify({ ...sessionStorage }));
    const dom = await page.content();
    for (const secret of secrets) {
      for (const file of files) expect(file, 'exported file').not.toContain(secret);
      expect(address.url, 'address bar').not.toContain(secret);
      expect(address.state ?? '', 'history state').not.toContain(secret);
      for (const url of [...h.navigations, ...h.requestUrls]) expect(url, 'a navigated or requested URL').not.toContain(secret);
      expect(local, 'localStorage').not.toContain(secret);
      expect(dom, 'the page').not.toContain(secret);
      for (const line of h.consoleLines) expect(line, 'the console').not.toContain(secret);
    }
    // Where the token does live: MSAL's cache in sessionStorage (the default), and nowhere else above.
    expect(session).toContain(h.entra.issued[0]!.accessToken);
  });
});
