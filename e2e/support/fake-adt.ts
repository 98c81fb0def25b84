import type { BrowserContext, Route } from '@playwright/test';

/**
 * A stand-in for a real Azure Digital Twins instance behind the app's proxy (`/api/proxy/*` with `x-adt-host`),
 * answered through Playwright request routing. It records the bearer token of every call, answers 401 to tokens the
 * test revoked (as ADT does for an expired or revoked token), and answers queries with a row naming the token it saw,
 * so the page shows which sign-in a result came from.
 */

export interface AdtCall {
  method: string;
  /** Path below /api/proxy, without the query string. */
  path: string;
  url: string;
  host: string | undefined;
  /** The raw Authorization header value. */
  authorization: string | undefined;
  body: string | null;
}

export class FakeAdt {
  readonly calls: AdtCall[] = [];
  readonly revoked = new Set<string>();
  /** While set, every call is refused with 403, as for a signed-in user without a data-plane role. */
  forbidden = false;
  /** Twins served by `SELECT * FROM DIGITALTWINS`, GET and PATCH (top-level replace/add/remove only). */
  readonly twins = new Map<string, Record<string, unknown>>();

  constructor(readonly host: string, private readonly tokenName: (token: string) => string) {}

  async install(context: BrowserContext): Promise<void> {
    await context.route('**/api/proxy/**', (route) => this.handle(route));
  }

  /** Bearer tokens of the calls so far, in order. */
  tokens(): (string | undefined)[] {
    return this.calls.map((c) => c.authorization?.replace(/^Bearer /, ''));
  }

  private async handle(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    const headers = request.headers();
    const call: AdtCall = {
      method: request.method(), path: url.pathname.replace(/^.*\/api\/proxy/, ''), url: request.url(),
      host: headers['x-adt-host'], authorization: headers['authorization'], body: request.postData(),
    };
    this.calls.push(call);
    const json = (body: unknown, status = 200, extra: Record<string, string> = {}) => route.fulfill({
      status, headers: { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': `req-${this.calls.length}`, ...extra }, body: JSON.stringify(body),
    });

    if (call.host !== this.host) return json({ error: { code: 'Forbidden', message: `x-adt-host ${call.host ?? '(none)'} is not this instance` } }, 403);
    const token = /^Bearer (.+)$/.exec(call.authorization ?? '')?.[1];
    if (!token || this.revoked.has(token)) {
      // What ADT answers to a missing, expired or revoked token: no body, a challenge header.
      return route.fulfill({ status: 401, headers: { 'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"' }, body: '' });
    }
    if (this.forbidden) {
      return json({ error: { code: 'Forbidden', message: 'The client does not have permission to perform this action on the instance.' } }, 403);
    }
    if (call.method === 'GET' && call.path === '/models') return json({ value: [], nextLink: null });
    if (call.method === 'GET' && call.path === '/eventroutes') return json({ value: [], nextLink: null });
    const twinPath = /^\/digitaltwins\/([^/]+)$/.exec(call.path);
    const twin = twinPath ? this.twins.get(decodeURIComponent(twinPath[1]!)) : undefined;
    if (twinPath && !twin) return json({ error: { code: 'DigitalTwinNotFound', message: 'There is no digital twin instance that exists with the ID.' } }, 404);
    if (twin && call.method === 'GET') return json(twin, 200, { etag: String(twin.$etag) });
    if (twin && call.method === 'PATCH') {
      if (headers['if-match'] && headers['if-match'] !== '*' && headers['if-match'] !== twin.$etag) {
        return json({ error: { code: 'PreconditionFailed', message: 'The ETag does not match.' } }, 412);
      }
      for (const op of JSON.parse(call.body ?? '[]') as { op: string; path: string; value?: unknown }[]) {
        const key = op.path.slice(1);
        if (op.op === 'remove') delete twin[key];
        else twin[key] = op.value;
      }
      twin.$etag = `W/"${Number(/\d+/.exec(String(twin.$etag))?.[0] ?? 0) + 1}"`;
      return route.fulfill({ status: 204, headers: { etag: String(twin.$etag) }, body: '' });
    }
    if (call.method === 'POST' && call.path === '/query') {
      const query = String((JSON.parse(call.body ?? '{}') as { query?: unknown }).query ?? '');
      if (/^SELECT \* FROM DIGITALTWINS$/i.test(query.trim()) && this.twins.size > 0) {
        return json({ value: [...this.twins.values()], continuationToken: null }, 200, { 'query-charge': '1' });
      }
      if (/COUNT\(\)/i.test(query)) return json({ value: [{ COUNT: 1 }], continuationToken: null }, 200, { 'query-charge': '1' });
      if (/RELATIONSHIPS/i.test(query) || /\$model/.test(query)) return json({ value: [], continuationToken: null }, 200, { 'query-charge': '1' });
      return json({ value: [{ caller: this.tokenName(token) }], continuationToken: null }, 200, { 'query-charge': '2.5' });
    }
    return json({ error: { code: 'NotFound', message: `The fake ADT instance does not serve ${call.method} ${call.path}` } }, 404);
  }
}
