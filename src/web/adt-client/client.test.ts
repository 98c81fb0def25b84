import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_VERSION } from '../../shared/adt';
import type { RequestLogEntry, TokenProvider } from './client';
import { AdtClient } from './client';
import { AdtError } from './errors';
import { adtError, collect, empty, failure, fakeFetch, json } from './test-helpers';
import type { FakeHandler } from './test-helpers';

const BASE = 'https://inst.api.wcus.digitaltwins.azure.net';
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-payload-4711.sig';
const tokenProvider: TokenProvider = { getToken: async () => TOKEN };

function setup(handler: FakeHandler, extra: Partial<ConstructorParameters<typeof AdtClient>[0]> = {}) {
  const fake = fakeFetch(handler);
  const logs: RequestLogEntry[] = [];
  const client = new AdtClient({
    baseUrl: BASE, fetch: fake.fetch, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 4 },
    onRequestLog: (e) => logs.push(e), ...extra,
  });
  return { client, calls: fake.calls, logs };
}



afterEach(() => { vi.useRealTimers(); });

describe('URLs, encoding and api-version', () => {
  it('percent-encodes DTMIs and ids in paths and always sends api-version', async () => {
    const { client, calls } = setup(() => json({ id: 'dtmi:a:b;1', decommissioned: false, uploadTime: 't' }));
    await client.getModel('dtmi:a:b;1', { includeModelDefinition: true });
    expect(calls[0]!.url).toBe(`${BASE}/models/dtmi%3Aa%3Ab%3B1?includeModelDefinition=true&api-version=${API_VERSION}`);
    expect(calls[0]!.method).toBe('GET');
  });

  it('encodes slashes, spaces, ? and # in twin, relationship and component ids', async () => {
    const { client, calls } = setup(() => json({ $dtId: 'x', $metadata: { $model: 'm' } }));
    await client.getDigitalTwin('a b/c?d#e');
    await client.getRelationship('t/1', 'r 2');
    await client.getComponent('t%1', 'comp/x');
    expect(calls.map((c) => c.url)).toEqual([
      `${BASE}/digitaltwins/a%20b%2Fc%3Fd%23e?api-version=${API_VERSION}`,
      `${BASE}/digitaltwins/t%2F1/relationships/r%202?api-version=${API_VERSION}`,
      `${BASE}/digitaltwins/t%251/components/comp%2Fx?api-version=${API_VERSION}`,
    ]);
  });

  it('repeats dependenciesFor, honours a custom api-version and a trailing slash on baseUrl', async () => {
    const { client, calls } = setup(() => json({ value: [], nextLink: null }), { baseUrl: `${BASE}/`, apiVersion: '2022-05-31' });
    await collect(client.listModels({ dependenciesFor: ['dtmi:a;1', 'dtmi:b;1'], includeModelDefinition: true }));
    expect(calls[0]!.url).toBe(`${BASE}/models?dependenciesFor=dtmi%3Aa%3B1&dependenciesFor=dtmi%3Ab%3B1&includeModelDefinition=true&api-version=2022-05-31`);
  });

  it('maps every operation to the documented method and path', async () => {
    const { client, calls } = setup((call) => {
      if (call.method === 'GET' && /\/(models|eventroutes|imports|deletions|relationships|incomingrelationships)\?/.test(call.url)) {
        return json({ value: [], nextLink: null });
      }
      if (call.url.includes('/query')) return json({ value: [], continuationToken: null });
      return call.method === 'DELETE' || call.method === 'PATCH' ? empty() : json({});
    });
    await client.createModels([{ '@id': 'dtmi:a;1' }]);
    await client.decommissionModel('dtmi:a;1');
    await client.deleteModel('dtmi:a;1');
    await client.upsertDigitalTwin('t', { $metadata: { $model: 'dtmi:a;1' } });
    await client.updateDigitalTwin('t', [{ op: 'add', path: '/x', value: 1 }]);
    await client.deleteDigitalTwin('t');
    await client.updateComponent('t', 'c', []);
    await client.upsertRelationship('t', 'r', { $targetId: 'u', $relationshipName: 'has' });
    await client.updateRelationship('t', 'r', []);
    await client.deleteRelationship('t', 'r');
    await collect(client.listRelationships('t', { relationshipName: 'has' }));
    await collect(client.listIncomingRelationships('t'));
    await collect(client.queryTwins('SELECT * FROM digitaltwins'));
    await client.publishTelemetry('t', { a: 1 }, 'm1');
    await client.publishComponentTelemetry('t', 'c', { a: 1 }, 'm2');
    await client.upsertEventRoute('route', 'live', 'true');
    await client.getEventRoute('route');
    await collect(client.listEventRoutes());
    await client.deleteEventRoute('route');
    await client.createImportJob('job', { inputBlobUri: 'https://in', outputBlobUri: 'https://out' });
    await client.getImportJob('job');
    await collect(client.listImportJobs());
    await client.cancelImportJob('job');
    await client.deleteImportJob('job');
    await client.createDeleteJob({ timeoutInMinutes: 30 });
    await client.getDeleteJob('d1');
    await collect(client.listDeleteJobs());
    const q = `api-version=${API_VERSION}`;
    expect(calls.map((c) => `${c.method} ${c.url.slice(BASE.length)}`)).toEqual([
      `POST /models?${q}`, `PATCH /models/dtmi%3Aa%3B1?${q}`, `DELETE /models/dtmi%3Aa%3B1?${q}`,
      `PUT /digitaltwins/t?${q}`, `PATCH /digitaltwins/t?${q}`, `DELETE /digitaltwins/t?${q}`,
      `PATCH /digitaltwins/t/components/c?${q}`,
      `PUT /digitaltwins/t/relationships/r?${q}`, `PATCH /digitaltwins/t/relationships/r?${q}`, `DELETE /digitaltwins/t/relationships/r?${q}`,
      `GET /digitaltwins/t/relationships?relationshipName=has&${q}`, `GET /digitaltwins/t/incomingrelationships?${q}`,
      `POST /query?${q}`, `POST /digitaltwins/t/telemetry?${q}`, `POST /digitaltwins/t/components/c/telemetry?${q}`,
      `PUT /eventroutes/route?${q}`, `GET /eventroutes/route?${q}`, `GET /eventroutes?${q}`, `DELETE /eventroutes/route?${q}`,
      `PUT /jobs/imports/job?${q}`, `GET /jobs/imports/job?${q}`, `GET /jobs/imports?${q}`, `POST /jobs/imports/job/cancel?${q}`,
      `DELETE /jobs/imports/job?${q}`, `POST /jobs/deletions?timeoutInMinutes=30&${q}`, `GET /jobs/deletions/d1?${q}`, `GET /jobs/deletions?${q}`,
    ]);
    expect(JSON.parse(calls[1]!.body!)).toEqual([{ op: 'replace', path: '/decommissioned', value: true }]);
    expect(JSON.parse(calls[15]!.body!)).toEqual({ endpointName: 'live', filter: 'true' });
    expect(JSON.parse(calls[19]!.body!)).toEqual({ inputBlobUri: 'https://in', outputBlobUri: 'https://out' });
  });
});

describe('headers', () => {
  it('sends If-Match, If-None-Match and the right content types', async () => {
    const { client, calls } = setup((c) => (c.method === 'PATCH' || c.method === 'DELETE' ? empty() : json({})));
    await client.upsertDigitalTwin('t', { $metadata: { $model: 'm' } }, { ifNoneMatch: '*' });
    await client.updateDigitalTwin('t', [{ op: 'replace', path: '/p', value: 2 }], { ifMatch: 'W/"e1"' });
    await client.deleteRelationship('t', 'r', { ifMatch: '*' });
    await client.getDigitalTwin('t');
    const [put, patch, del, get] = calls;
    expect(put!.headers['if-none-match']).toBe('*');
    expect(put!.headers['if-match']).toBeUndefined();
    expect(put!.headers['content-type']).toBe('application/json');
    expect(patch!.headers['content-type']).toBe('application/json-patch+json');
    expect(patch!.headers['if-match']).toBe('W/"e1"');
    expect(JSON.parse(patch!.body!)).toEqual([{ op: 'replace', path: '/p', value: 2 }]);
    expect(del!.headers['if-match']).toBe('*');
    expect(get!.headers['content-type']).toBeUndefined();
    expect(get!.headers['if-match']).toBeUndefined();
  });

  it('sends a W3C traceparent, new span per request', async () => {
    const { client, calls } = setup(() => json({}));
    await client.getEventRoute('a');
    await client.getEventRoute('b');
    const re = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
    const [a, b] = calls.map((c) => re.exec(c.headers.traceparent ?? ''));
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(a![1]).not.toBe(b![1]);
    expect(a![2]).not.toBe(b![2]);
  });

  it('sends Authorization only when the provider yields a token, x-adt-host only when configured', async () => {
    const direct = setup(() => json({}), { tokenProvider: { getToken: async () => null } });
    await direct.client.getEventRoute('a');
    expect(direct.calls[0]!.headers.authorization).toBeUndefined();
    expect(direct.calls[0]!.headers['x-adt-host']).toBeUndefined();

    const proxied = setup(() => json({}), { baseUrl: 'http://localhost:4000/api/proxy', adtHost: 'inst.api.wcus.digitaltwins.azure.net', tokenProvider });
    await proxied.client.getEventRoute('a');
    expect(proxied.calls[0]!.url).toBe(`http://localhost:4000/api/proxy/eventroutes/a?api-version=${API_VERSION}`);
    expect(proxied.calls[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(proxied.calls[0]!.headers['x-adt-host']).toBe('inst.api.wcus.digitaltwins.azure.net');
  });

  it('asks the token provider on every attempt, passing the signal', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const { client } = setup((_c, i) => (i === 0 ? adtError(429, 'TooManyRequests', 'slow', { 'retry-after-ms': '1' }) : json({})), {
      tokenProvider: { getToken: async (s) => { signals.push(s); return TOKEN; } },
    });
    const controller = new AbortController();
    await client.getEventRoute('a', { signal: controller.signal });
    expect(signals).toEqual([controller.signal, controller.signal]);
  });

  it('sets Message-Id and Telemetry-Source-Time on telemetry, generating them when absent', async () => {
    const { client, calls } = setup(() => empty());
    const r1 = await client.publishTelemetry('t', { temp: 1 }, 'msg-1', { sourceTime: new Date('2024-01-02T03:04:05Z') });
    const r2 = await client.publishComponentTelemetry('t', 'c', { temp: 2 });
    expect(r1.messageId).toBe('msg-1');
    expect(calls[0]!.headers['message-id']).toBe('msg-1');
    expect(calls[0]!.headers['telemetry-source-time']).toBe('2024-01-02T03:04:05.000Z');
    expect(calls[1]!.headers['message-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls[1]!.headers['message-id']).toBe(r2.messageId);
    expect(Number.isNaN(Date.parse(calls[1]!.headers['telemetry-source-time']!))).toBe(false);
    expect(JSON.parse(calls[1]!.body!)).toEqual({ temp: 2 });
  });

  it('sends operation-id on delete jobs and returns the Operation-Location', async () => {
    const { client, calls } = setup(() => json({ id: 'op1', status: 'notstarted' }, {
      status: 202, headers: { 'operation-location': `${BASE}/jobs/deletions/op1?api-version=${API_VERSION}` },
    }));
    const res = await client.createDeleteJob({ operationId: 'op1' });
    expect(calls[0]!.headers['operation-id']).toBe('op1');
    expect(res.body.id).toBe('op1');
    expect(res.operationLocation).toBe(`${BASE}/jobs/deletions/op1?api-version=${API_VERSION}`);
  });
});

describe('values and etags', () => {
  it('returns body and etag from GET/PUT, etag from PATCH', async () => {
    const twin = { $dtId: 't', $etag: 'W/"body"', $metadata: { $model: 'm' } };
    const { client } = setup((c, i) => {
      if (c.method === 'PATCH') return empty(204, { etag: 'W/"patched"' });
      return i === 0 ? json(twin, { headers: { etag: 'W/"header"' } }) : json(twin);
    });
    const got = await client.getDigitalTwin('t');
    expect(got).toEqual({ body: twin, etag: 'W/"header"' });
    // Without an exposed ETag header (a CORS gateway), the body's $etag is used.
    const put = await client.upsertDigitalTwin('t', { $metadata: { $model: 'm' } });
    expect(put.etag).toBe('W/"body"');
    expect(await client.updateDigitalTwin('t', [])).toEqual({ etag: 'W/"patched"' });
    expect(await client.updateComponent('t', 'c', [])).toEqual({ etag: 'W/"patched"' });
    expect(await client.updateRelationship('t', 'r', [])).toEqual({ etag: 'W/"patched"' });
  });
});

describe('paging', () => {
  it('follows nextLink verbatim, re-adding a missing api-version, and yields every item', async () => {
    const link1 = `${BASE}/models?continuationToken=abc%2B%3D%3D&api-version=${API_VERSION}`;
    const link2 = `${BASE}/models?continuationToken=def`;
    const { client, calls } = setup((_c, i) => json([
      { value: [{ id: 'a' }, { id: 'b' }], nextLink: link1 },
      { value: [{ id: 'c' }], nextLink: link2 },
      { value: [], nextLink: null },
    ][i]));
    const ids = (await collect(client.listModels())).map((m) => m.id);
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(calls.map((c) => c.url)).toEqual([`${BASE}/models?api-version=${API_VERSION}`, link1, `${link2}&api-version=${API_VERSION}`]);
  });

  it('through the proxy, rewrites the nextLink origin to the proxy base and keeps x-adt-host', async () => {
    const proxyBase = 'http://localhost:4000/api/proxy';
    const { client, calls } = setup((_c, i) => json(i === 0
      ? { value: [{ $relationshipId: 'r1' }], nextLink: `${BASE}/digitaltwins/t/relationships?relationshipName=has&continuationToken=x1&api-version=${API_VERSION}` }
      : { value: [{ $relationshipId: 'r2' }], nextLink: null }), { baseUrl: proxyBase, adtHost: 'inst.api.wcus.digitaltwins.azure.net' });
    const rels = await collect(client.listRelationships('t', { relationshipName: 'has' }));
    expect(rels.map((r) => r.$relationshipId)).toEqual(['r1', 'r2']);
    expect(calls[1]!.url).toBe(`${proxyBase}/digitaltwins/t/relationships?relationshipName=has&continuationToken=x1&api-version=${API_VERSION}`);
    expect(calls[1]!.headers['x-adt-host']).toBe('inst.api.wcus.digitaltwins.azure.net');
  });

  it('never sends the token to a foreign origin named by a nextLink', async () => {
    const { client, calls } = setup((_c, i) => json(i === 0
      ? { value: [1], nextLink: 'https://evil.example.com/steal?x=1' }
      : { value: [2], nextLink: null }), { tokenProvider });
    await collect(client.listEventRoutes());
    expect(calls[1]!.url).toBe(`${BASE}/steal?x=1&api-version=${API_VERSION}`);
  });

  it('byPage exposes pages, sends maxPageSize as max-items-per-page, and resumes from a continuationToken', async () => {
    const link = `${BASE}/eventroutes?continuationToken=p2&api-version=${API_VERSION}`;
    const { client, calls } = setup((c) => json(c.url === link
      ? { value: [{ id: 'r3' }], nextLink: null }
      : { value: [{ id: 'r1' }, { id: 'r2' }], nextLink: link }));
    const pages = await collect(client.listEventRoutes().byPage({ maxPageSize: 2 }));
    expect(pages.map((p) => p.value.map((r) => r.id))).toEqual([['r1', 'r2'], ['r3']]);
    expect(pages[0]!.continuationToken).toBe(link);
    expect(pages[1]!.continuationToken).toBeNull();
    expect(calls.every((c) => c.headers['max-items-per-page'] === '2')).toBe(true);

    const resumed = await collect(client.listEventRoutes({ maxItemsPerPage: 5 }).byPage({ continuationToken: link }));
    expect(resumed.map((p) => p.value.length)).toEqual([1]);
    expect(calls.at(-1)!.url).toBe(link);
    expect(calls.at(-1)!.headers['max-items-per-page']).toBe('5');
  });

  it('query paging sends the continuation token with the query and exposes queryCharge', async () => {
    const { client, calls } = setup((_c, i) => json(
      [{ value: [{ $dtId: 'a' }], continuationToken: 'tok+/1' }, { value: [{ $dtId: 'b' }], continuationToken: null }][i],
      { headers: { 'query-charge': i === 0 ? '5.58' : '1' } },
    ));
    const pages = await collect(client.queryTwins('SELECT * FROM digitaltwins', { maxItemsPerPage: 1 }).byPage());
    expect(pages).toEqual([
      { value: [{ $dtId: 'a' }], continuationToken: 'tok+/1', queryCharge: 5.58 },
      { value: [{ $dtId: 'b' }], continuationToken: null, queryCharge: 1 },
    ]);
    expect(JSON.parse(calls[0]!.body!)).toEqual({ query: 'SELECT * FROM digitaltwins' });
    expect(JSON.parse(calls[1]!.body!)).toEqual({ query: 'SELECT * FROM digitaltwins', continuationToken: 'tok+/1' });
    expect(calls[0]!.headers['max-items-per-page']).toBe('1');
  });

  it('is lazy and stops at the first page when the caller breaks', async () => {
    const { client, calls } = setup(() => json({ value: [{ $dtId: 'a' }, { $dtId: 'b' }], continuationToken: 'more' }));
    const it = client.queryTwins('SELECT * FROM digitaltwins');
    expect(calls).toHaveLength(0);
    for await (const _twin of it) break;
    expect(calls).toHaveLength(1);
  });
});

describe('errors', () => {
  it('parses the ADT error body with details and request id', async () => {
    const { client } = setup(() => new Response(JSON.stringify({
      error: { code: 'ValidationFailed', message: 'Invalid twin specified', details: [{ code: 'ValidationFailed', message: 'dtmi:x;1 does not exist.' }] },
    }), { status: 400, headers: { 'x-ms-request-id': 'req-42' } }));
    const err = await client.upsertDigitalTwin('t w', { $metadata: { $model: 'dtmi:x;1' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdtError);
    const e = err as AdtError;
    expect([e.status, e.code, e.message, e.requestId, e.method]).toEqual([400, 'ValidationFailed', 'Invalid twin specified', 'req-42', 'PUT']);
    expect(e.details).toEqual([{ code: 'ValidationFailed', message: 'dtmi:x;1 does not exist.' }]);
    expect(e.url).toBe(`${BASE}/digitaltwins/t%20w?api-version=${API_VERSION}`);
  });

  it('falls back to x-ms-error-code, then to the status text', async () => {
    const { client } = setup((_c, i) => (i === 0
      ? new Response('<html>oops</html>', { status: 404, statusText: 'Not Found', headers: { 'x-ms-error-code': 'DigitalTwinNotFound' } })
      : new Response('', { status: 409, statusText: 'Conflict' })));
    const a = await failure(client.getDigitalTwin('x'));
    expect([a.status, a.code, a.message]).toEqual([404, 'DigitalTwinNotFound', 'Not Found']);
    const b = await failure(client.deleteModel('x'));
    expect([b.status, b.code, b.message]).toEqual([409, 'Conflict', 'Conflict']);
  });

  it('wraps a transport failure as NetworkError and an invalid JSON success as InvalidResponse', async () => {
    const { client } = setup((c) => {
      if (c.url.includes('/eventroutes/')) return new Response('{not json', { status: 200 });
      throw new TypeError('fetch failed');
    }, { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    const net = await failure(client.createModels([]));
    expect([net.status, net.code]).toEqual([0, 'NetworkError']);
    const bad = await failure(client.getEventRoute('r'));
    expect(bad.code).toBe('InvalidResponse');
  });
});

describe('retry', () => {
  it('retries a 429 after the Retry-After seconds and not before', async () => {
    vi.useFakeTimers();
    const { client, calls } = setup((_c, i) => (i === 0 ? adtError(429, 'QuotaReachedError', 'slow down', { 'retry-after': '2' }) : json({ value: [], continuationToken: null })));
    const done = collect(client.queryTwins('SELECT * FROM digitaltwins'));
    await vi.advanceTimersByTimeAsync(1900);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await done;
    expect(calls).toHaveLength(2);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    vi.useFakeTimers({ now: new Date('2024-05-01T00:00:00Z') });
    const { client, calls } = setup((_c, i) => (i === 0
      ? adtError(503, 'ServiceUnavailable', 'busy', { 'retry-after': 'Wed, 01 May 2024 00:00:05 GMT' })
      : json({ id: 'r' })));
    const done = client.getEventRoute('r');
    await vi.advanceTimersByTimeAsync(4900);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect((await done).id).toBe('r');
    expect(calls).toHaveLength(2);
  });

  it('retries a 429 on POST /models (nothing was done) but never a 503', async () => {
    const throttled = setup((_c, i) => (i === 0 ? adtError(429, 'TooManyRequests', 'x', { 'retry-after': '0' }) : json([{ id: 'dtmi:a;1' }], { status: 201 })));
    expect(await throttled.client.createModels([{}])).toEqual([{ id: 'dtmi:a;1' }]);
    expect(throttled.calls).toHaveLength(2);

    const unavailable = setup(() => adtError(503, 'ServiceUnavailable', 'x', { 'retry-after': '0' }));
    const err = await failure(unavailable.client.createModels([{}]));
    expect(err.status).toBe(503);
    expect(unavailable.calls).toHaveLength(1);

    const patch = setup(() => adtError(503, 'ServiceUnavailable', 'x'));
    await expect(patch.client.updateDigitalTwin('t', [])).rejects.toBeInstanceOf(AdtError);
    expect(patch.calls).toHaveLength(1);
  });

  it('gives up after maxRetries with the last error, and never retries other 4xx/5xx', async () => {
    const { client, calls } = setup(() => adtError(429, 'TooManyRequests', 'still busy'));
    const err = await failure(client.getDigitalTwin('t'));
    expect([err.status, err.message]).toEqual([429, 'still busy']);
    expect(calls).toHaveLength(4);

    const other = setup(() => adtError(500, 'InternalServerError', 'boom'));
    await expect(other.client.getDigitalTwin('t')).rejects.toMatchObject({ status: 500 });
    expect(other.calls).toHaveLength(1);
  });

  it('surfaces a Retry-After beyond maxRetryAfterMs instead of waiting', async () => {
    const { client, calls } = setup(() => adtError(429, 'TooManyRequests', 'later', { 'retry-after': '3600' }));
    const err = await failure(client.getDigitalTwin('t'));
    expect(err.retryAfterMs).toBe(3_600_000);
    expect(calls).toHaveLength(1);
  });

  it('retries network failures of safe requests with back-off', async () => {
    const { client, calls } = setup((_c, i) => {
      if (i < 2) throw new TypeError('fetch failed');
      return json({ id: 'r' });
    });
    expect((await client.getEventRoute('r')).id).toBe('r');
    expect(calls).toHaveLength(3);
  });
});

describe('abort', () => {
  it('does not call fetch when the signal is already aborted', async () => {
    const { client, calls } = setup(() => json({}));
    const controller = new AbortController();
    controller.abort();
    await expect(client.getDigitalTwin('t', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toHaveLength(0);
  });

  it('rejects with the abort reason during the request and during a retry wait', async () => {
    const inflight = new AbortController();
    const hanging = setup((c) => new Promise<Response>((_r, reject) => {
      c.signal!.addEventListener('abort', () => reject(c.signal!.reason));
    }));
    const p = hanging.client.getDigitalTwin('t', { signal: inflight.signal });
    inflight.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(hanging.logs[0]!.error).toBe('aborted');

    const waiting = new AbortController();
    const throttled = setup(() => adtError(429, 'TooManyRequests', 'x', { 'retry-after': '30' }));
    const q = throttled.client.getDigitalTwin('t', { signal: waiting.signal });
    await vi.waitFor(() => expect(throttled.calls).toHaveLength(1));
    const started = Date.now();
    waiting.abort();
    await expect(q).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(throttled.calls).toHaveLength(1);
  });
});

describe('request log', () => {
  it('logs every attempt with redacted headers; bodies only when logBodies() is true', async () => {
    let bodies = false;
    const { client, logs } = setup((_c, i) => (i === 0 ? adtError(429, 'TooManyRequests', 'x', { 'retry-after': '0' }) : json({ ok: 1 }, { headers: { etag: 'W/"1"' } })), {
      tokenProvider, logBodies: () => bodies,
    });
    await client.upsertEventRoute('r', 'live', 'true');
    expect(logs).toHaveLength(2);
    expect(logs.map((l) => [l.method, l.status, l.attempt])).toEqual([['PUT', 429, 1], ['PUT', 200, 2]]);
    expect(logs[0]!.requestHeaders.authorization).toBe('[redacted]');
    expect(logs[0]!.error).toBe('TooManyRequests: x');
    expect(logs[1]!.responseHeaders.etag).toBe('W/"1"');
    expect(logs[1]!.requestBody).toBeUndefined();
    expect(logs[1]!.responseBody).toBeUndefined();
    expect(logs[0]!.id).not.toBe(logs[1]!.id);
    expect(logs[1]!.durationMs).toBeGreaterThanOrEqual(0);

    bodies = true;
    await client.upsertEventRoute('r', 'live', 'true');
    expect(JSON.parse(logs[2]!.requestBody!)).toEqual({ endpointName: 'live', filter: 'true' });
    expect(JSON.parse(logs[2]!.responseBody!)).toEqual({ ok: 1 });
  });

  it('keeps the token out of every log entry and error, even when the server echoes it', async () => {
    const errors: unknown[] = [];
    const { client, logs } = setup((c) => {
      const auth = c.headers.authorization ?? '';
      if (c.url.includes('/query')) {
        return new Response(JSON.stringify({ error: { code: 'BadRequest', message: `bad ${auth}`, details: [{ code: 'x', message: auth }] } }), {
          status: 400, headers: { 'x-echo': auth, 'x-ms-error-code': auth },
        });
      }
      if (c.url.includes('/eventroutes?')) return json({ value: [], nextLink: `${BASE}/eventroutes?token=${TOKEN}` });
      return json({ echoed: auth }, { headers: { 'x-echo': auth } });
    }, { tokenProvider, logBodies: () => true });
    await client.getEventRoute('r');
    await collect(client.queryTwins('SELECT *')).catch((e: unknown) => errors.push(e));
    await client.listEventRoutes().byPage().next();
    const twoPages = client.listEventRoutes().byPage();
    await twoPages.next();
    await twoPages.next();
    const throwing = setup(() => { throw new TypeError(`connect failed ${TOKEN}`); }, { tokenProvider, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    await throwing.client.getEventRoute('r').catch((e: unknown) => errors.push(e));

    expect(errors).toHaveLength(2);
    expect(logs.length).toBeGreaterThanOrEqual(4);
    const serialised = JSON.stringify([...logs, ...throwing.logs]) + errors.map((e) => {
      const err = e as AdtError;
      return JSON.stringify({ ...err, message: err.message, stack: err.stack, details: err.details, url: err.url });
    }).join();
    expect(serialised).toContain('[redacted]');
    expect(serialised).not.toContain(TOKEN);
    expect(serialised).not.toContain('secret-payload-4711');
  });

  it('a throwing log sink does not break the call', async () => {
    const { client } = setup(() => json({ id: 'r' }), { onRequestLog: () => { throw new Error('sink'); } });
    expect((await client.getEventRoute('r')).id).toBe('r');
  });
});
