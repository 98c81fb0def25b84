import { afterEach, describe, expect, it } from 'vitest';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProxyOptions } from './index';
import { checkAdtHost, createAdtProxy } from './index';

const HOST = 'inst.api.wcus.digitaltwins.azure.net';
const TOKEN = 'Bearer eyJhbGciOi.user-own-token-9137.sig';

interface Upstream { url: string; method: string; headers: Record<string, string>; body: string | undefined; signal: AbortSignal | undefined }

function fakeUpstream(respond: (call: Upstream) => Response | Promise<Response>) {
  const calls: Upstream[] = [];
  const impl = async (input: string | URL | Request, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => { headers[k] = v; });
    const body = init?.body === undefined || init.body === null ? undefined : Buffer.from(init.body as Uint8Array).toString('utf8');
    const call = { url: String(input), method: init?.method ?? 'GET', headers, body, signal: init?.signal ?? undefined };
    calls.push(call);
    return respond(call);
  };
  return { fetch: impl as typeof fetch, calls };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

/** Mounts the proxy at /api/proxy/ the way the emulator does: the raw path after the prefix, without the query. */
async function startProxy(options: ProxyOptions): Promise<{ port: number; logs: string[] }> {
  const logs: string[] = [];
  const handler = createAdtProxy({ ...options, log: (l) => logs.push(l) });
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith('/api/proxy/')) { res.writeHead(404).end(); return; }
    const q = url.indexOf('?');
    void handler(req, res, (q >= 0 ? url.slice(0, q) : url).slice('/api/proxy'.length));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, logs };
}

function send(port: number, o: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: o.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('checkAdtHost', () => {
  it.each([
    'inst.api.wcus.digitaltwins.azure.net', 'a.digitaltwins.azure.net', 'My-Inst.API.WEU.DigitalTwins.Azure.NET',
    '  inst.api.wcus.digitaltwins.azure.net  ',
  ])('allows %s', (host) => {
    expect(checkAdtHost(host)).toEqual({ ok: true, host: host.trim().toLowerCase() });
  });

  it.each([
    'digitaltwins.azure.net.evil.com', 'xdigitaltwins.azure.net', 'digitaltwins.azure.net', 'evil.com', 'azure.net',
    'inst.digitaltwins.azure.com', 'localhost', '127.0.0.1', '169.254.169.254',
  ])('refuses %s with 403', (host) => {
    expect(checkAdtHost(host)).toMatchObject({ ok: false, status: 403 });
  });

  it.each([
    'evil.com#.digitaltwins.azure.net', 'evil.com/.digitaltwins.azure.net', 'evil.com?.digitaltwins.azure.net',
    'evil.com\\.digitaltwins.azure.net', 'user@inst.digitaltwins.azure.net', 'inst.digitaltwins.azure.net@evil.com',
    'inst.digitaltwins.azure.net:pass@evil.com', 'inst.digitaltwins.azure.net%2f@evil.com', 'inst.digitaltwins.azure.net:99999',
    'https://inst.digitaltwins.azure.net', '//inst.digitaltwins.azure.net', 'inst.digitaltwins.azure.net/path',
    'inst.digitaltwins.azure.net, evil.com', 'inst.digitaltwins.azure.net evil.com', 'inst.digitaltwins.azure.net\r\nx: y',
    '.digitaltwins.azure.net', 'inst.digitaltwins.azure.net.', 'a..digitaltwins.azure.net', '-a.digitaltwins.azure.net', 'a-.digitaltwins.azure.net',
    'inst.digitaltwins.azure.net\u3002evil.com', 'ｉｎｓｔ.digitaltwins.azure.net', 'inst.digitaltwins\u2024azure.net',
    '[::1]', '[::1].digitaltwins.azure.net', 'inst.digitaltwins.azure.net\u0000.evil.com', `${'a'.repeat(64)}.digitaltwins.azure.net`,
  ])('rejects the malformed %j with 400', (host) => {
    expect(checkAdtHost(host)).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses a port on the ADT suffix (403) and a missing header (400)', () => {
    expect(checkAdtHost('inst.digitaltwins.azure.net:443')).toMatchObject({ ok: false, status: 403 });
    expect(checkAdtHost('inst.digitaltwins.azure.net:8080')).toMatchObject({ ok: false, status: 403 });
    expect(checkAdtHost(undefined)).toMatchObject({ ok: false, status: 400 });
    expect(checkAdtHost('  ')).toMatchObject({ ok: false, status: 400 });
  });

  it('allows configured hosts exactly, with their port, and *.suffix wildcards', () => {
    const allow = ['adt.contoso.internal', 'localhost:8443', '*.apim.contoso.com'];
    expect(checkAdtHost('adt.contoso.internal', allow)).toMatchObject({ ok: true });
    expect(checkAdtHost('ADT.Contoso.Internal', allow)).toMatchObject({ ok: true });
    expect(checkAdtHost('localhost:8443', allow)).toMatchObject({ ok: true });
    expect(checkAdtHost('gw.apim.contoso.com', allow)).toMatchObject({ ok: true });
    expect(checkAdtHost('localhost', allow)).toMatchObject({ ok: false, status: 403 });
    expect(checkAdtHost('localhost:8444', allow)).toMatchObject({ ok: false, status: 403 });
    expect(checkAdtHost('adt.contoso.internal:8443', allow)).toMatchObject({ ok: false, status: 403 });
    expect(checkAdtHost('x.adt.contoso.internal', allow)).toMatchObject({ ok: false, status: 403 });
    expect(checkAdtHost('apim.contoso.com', allow)).toMatchObject({ ok: false, status: 403 });
    expect(checkAdtHost('evilapim.contoso.com', allow)).toMatchObject({ ok: false, status: 403 });
    expect(checkAdtHost('gw.apim.contoso.com:444', allow)).toMatchObject({ ok: false, status: 403 });
  });
});

describe('createAdtProxy over node:http', () => {
  it('forwards method, raw path, query, body and only the allowed headers', async () => {
    const up = fakeUpstream(() => new Response(null, { status: 204, headers: { etag: 'W/"e2"' } }));
    const { port } = await startProxy({ fetch: up.fetch });
    const res = await send(port, {
      method: 'PATCH',
      path: '/api/proxy/digitaltwins/a%20b%2Fc?api-version=2023-10-31&x=1',
      headers: {
        'x-adt-host': HOST, authorization: TOKEN, 'content-type': 'application/json-patch+json', 'if-match': 'W/"e1"',
        'if-none-match': '*', 'max-items-per-page': '10', 'message-id': 'm1', 'telemetry-source-time': '2024-01-01T00:00:00Z',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'operation-id': 'op1',
        cookie: 'session=abc', 'x-forwarded-for': '1.2.3.4', 'proxy-authorization': 'Basic eHg=', connection: 'keep-alive, x-secret',
        'x-secret': 'hop', 'x-custom': 'nope',
      },
      body: '[{"op":"add","path":"/p","value":1}]',
    });
    expect(res.status).toBe(204);
    expect(res.headers.etag).toBe('W/"e2"');
    expect(up.calls).toHaveLength(1);
    const call = up.calls[0]!;
    expect(call.url).toBe(`https://${HOST}/digitaltwins/a%20b%2Fc?api-version=2023-10-31&x=1`);
    expect(call.method).toBe('PATCH');
    expect(call.body).toBe('[{"op":"add","path":"/p","value":1}]');
    expect(call.headers).toEqual({
      authorization: TOKEN, 'content-type': 'application/json-patch+json', 'if-match': 'W/"e1"', 'if-none-match': '*',
      'max-items-per-page': '10', 'message-id': 'm1', 'telemetry-source-time': '2024-01-01T00:00:00Z',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'operation-id': 'op1',
    });
    expect(call.headers['x-adt-host']).toBeUndefined();
  });

  it('never injects an Authorization header of its own', async () => {
    const up = fakeUpstream(() => Response.json({ value: [], nextLink: null }));
    const { port } = await startProxy({ fetch: up.fetch });
    const res = await send(port, { path: '/api/proxy/models?api-version=2023-10-31', headers: { 'x-adt-host': HOST } });
    expect(res.status).toBe(200);
    expect(up.calls[0]!.headers.authorization).toBeUndefined();
    expect(up.calls[0]!.body).toBeUndefined();
  });

  it('streams status, body and ADT headers back, dropping cookies, HSTS, CORS and hop-by-hop headers', async () => {
    const nextLink = `https://${HOST}/query?continuationToken=x`;
    const up = fakeUpstream(() => new Response(JSON.stringify({ value: [1], continuationToken: 'c', nextLink }), {
      status: 202,
      headers: {
        'content-type': 'application/json; charset=utf-8', etag: 'W/"e"', 'query-charge': '5.58',
        'operation-location': `https://${HOST}/jobs/deletions/op?api-version=2023-10-31`, 'retry-after': '7',
        'x-ms-request-id': 'r1', traceresponse: '00-a-b-01', 'set-cookie': 'track=1', 'strict-transport-security': 'max-age=2592000',
        'access-control-allow-origin': '*', 'keep-alive': 'timeout=99',
      },
    }));
    const { port } = await startProxy({ fetch: up.fetch });
    const res = await send(port, { method: 'POST', path: '/api/proxy/query', headers: { 'x-adt-host': HOST, 'content-type': 'application/json' }, body: '{"query":"SELECT"}' });
    expect(res.status).toBe(202);
    // nextLinks pass through untouched: the client re-bases them.
    expect(JSON.parse(res.body)).toEqual({ value: [1], continuationToken: 'c', nextLink });
    expect(res.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8', etag: 'W/"e"', 'query-charge': '5.58',
      'operation-location': `https://${HOST}/jobs/deletions/op?api-version=2023-10-31`, 'retry-after': '7',
      'x-ms-request-id': 'r1', traceresponse: '00-a-b-01',
    });
    for (const dropped of ['set-cookie', 'strict-transport-security', 'access-control-allow-origin']) {
      expect(res.headers[dropped]).toBeUndefined();
    }
    // Node's own server may add its keep-alive header; the upstream's must not come through.
    expect(res.headers['keep-alive']).not.toBe('timeout=99');
    expect(up.calls[0]!.url).toBe(`https://${HOST}/query`);
  });

  it('passes ADT error responses through unchanged', async () => {
    const body = JSON.stringify({ error: { code: 'DigitalTwinNotFound', message: 'There is no digital twin instance that exists with the ID x.' } });
    const up = fakeUpstream(() => new Response(body, { status: 404, headers: { 'content-type': 'application/json' } }));
    const { port } = await startProxy({ fetch: up.fetch });
    const res = await send(port, { path: '/api/proxy/digitaltwins/x', headers: { 'x-adt-host': HOST } });
    expect([res.status, res.body]).toEqual([404, body]);
  });

  it('answers 400 for a missing or malformed x-adt-host and 403 for a host off the list, ADT-shaped, without calling upstream', async () => {
    const up = fakeUpstream(() => new Response('should not happen'));
    const { port } = await startProxy({ fetch: up.fetch });
    const missing = await send(port, { path: '/api/proxy/models', headers: { authorization: TOKEN } });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'MissingArgument' } });
    expect(missing.headers['x-ms-error-code']).toBe('MissingArgument');

    const malformed = await send(port, { path: '/api/proxy/models', headers: { 'x-adt-host': 'evil.com#.digitaltwins.azure.net' } });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({ error: { code: 'InvalidArgument' } });

    for (const host of ['digitaltwins.azure.net.evil.com', 'inst.digitaltwins.azure.net:8443', 'localhost']) {
      const denied = await send(port, { path: '/api/proxy/models', headers: { 'x-adt-host': host, authorization: TOKEN } });
      expect(denied.status).toBe(403);
      expect(JSON.parse(denied.body)).toMatchObject({ error: { code: 'Forbidden' } });
    }
    // A duplicated header arrives joined with ", " and is refused as well.
    const dup = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/proxy/models', headers: { 'x-adt-host': [HOST, 'evil.com'] } }, (r) => { r.resume(); resolve(r.statusCode ?? 0); });
      req.on('error', reject);
      req.end();
    });
    expect(dup).toBe(400);
    expect(up.calls).toHaveLength(0);
  });

  it('keeps a path that looks like userinfo on the validated host', async () => {
    const up = fakeUpstream(() => new Response('x'));
    const handler = createAdtProxy({ fetch: up.fetch });
    const server = createServer((req, res) => void handler(req, res, '@evil.com/models'));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const res = await send(port, { path: '/x', headers: { 'x-adt-host': HOST } });
    // '/@evil.com/models' is a path on HOST, never a userinfo: the request still goes to HOST.
    expect(res.status).toBe(200);
    expect(new URL(up.calls[0]!.url).host).toBe(HOST);
  });

  it('uses a query given inside pathAfterPrefix instead of the one in req.url', async () => {
    const up = fakeUpstream(() => new Response('{}'));
    const handler = createAdtProxy({ fetch: up.fetch });
    const server = createServer((req, res) => void handler(req, res, 'models/dtmi%3Aa%3B1?api-version=2023-10-31'));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await send((server.address() as AddressInfo).port, { path: '/api/proxy/ignored?other=1', headers: { 'x-adt-host': HOST } });
    expect(up.calls[0]!.url).toBe(`https://${HOST}/models/dtmi%3Aa%3B1?api-version=2023-10-31`);
  });

  it('answers 502 when upstream fails, 504 on timeout, 413 past the body limit, 405 for other methods', async () => {
    const up = fakeUpstream((call) => {
      if (call.url.includes('/slow')) {
        return new Promise<Response>((_r, reject) => call.signal!.addEventListener('abort', () => reject(new Error('aborted'))));
      }
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    });
    const { port, logs } = await startProxy({ fetch: up.fetch, timeoutMs: 50, maxBodyBytes: 16 });
    const bad = await send(port, { path: '/api/proxy/models', headers: { 'x-adt-host': HOST, authorization: TOKEN } });
    expect(bad.status).toBe(502);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { code: 'BadGateway' } });
    expect(JSON.parse(bad.body).error.message).toContain('ENOTFOUND');

    const slow = await send(port, { path: '/api/proxy/slow', headers: { 'x-adt-host': HOST, authorization: TOKEN } });
    expect(slow.status).toBe(504);
    expect(JSON.parse(slow.body)).toMatchObject({ error: { code: 'GatewayTimeout' } });

    const big = await send(port, { method: 'POST', path: '/api/proxy/models', headers: { 'x-adt-host': HOST }, body: 'x'.repeat(100) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ error: { code: 'PayloadTooLarge' } });

    const trace = await send(port, { method: 'TRACE', path: '/api/proxy/models', headers: { 'x-adt-host': HOST } });
    expect(trace.status).toBe(405);
    expect(up.calls).toHaveLength(2);
    expect(logs.some((l) => l.includes('-> 502'))).toBe(true);
    expect(logs.some((l) => l.includes('-> 504'))).toBe(true);
  });

  it('keeps the Authorization value out of every log line, even when upstream errors echo it', async () => {
    const up = fakeUpstream((call) => {
      if (call.url.includes('/boom')) throw new TypeError(`connect failed for ${call.headers.authorization}`);
      return new Response('{}', { headers: { 'x-echo': call.headers.authorization ?? '' } });
    });
    const { port, logs } = await startProxy({ fetch: up.fetch });
    await send(port, { path: '/api/proxy/digitaltwins/x', headers: { 'x-adt-host': HOST, authorization: TOKEN } });
    const boom = await send(port, { path: '/api/proxy/boom', headers: { 'x-adt-host': HOST, authorization: TOKEN } });
    await send(port, { path: '/api/proxy/x', headers: { 'x-adt-host': 'evil.com', authorization: TOKEN } });
    expect(logs).toHaveLength(3);
    expect(logs.join('\n')).not.toContain('user-own-token-9137');
    expect(logs[0]).toMatch(/^proxy GET inst\.api\.wcus\.digitaltwins\.azure\.net\/digitaltwins\/x -> 200 \d+ms$/);
    expect(boom.status).toBe(502);
    expect(boom.body).not.toContain('user-own-token-9137');
  });
});

describe('createAdtProxy against a real upstream socket', () => {
  it('streams a chunked upstream response through', async () => {
    const upstream = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', etag: 'W/"up"', 'x-seen-auth': req.headers.authorization ?? 'none' });
      res.write('{"value":[');
      setTimeout(() => res.end('1,2,3],"nextLink":null}'), 20);
    });
    servers.push(upstream);
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const upPort = (upstream.address() as AddressInfo).port;
    // The proxy only speaks https; this fetch maps the ADT host onto the local plain-http upstream.
    const mapped: typeof fetch = (input, init) => globalThis.fetch(String(input).replace(`https://${HOST}`, `http://127.0.0.1:${upPort}`), init);
    const { port } = await startProxy({ fetch: mapped });
    const res = await send(port, { path: '/api/proxy/models?api-version=2023-10-31', headers: { 'x-adt-host': HOST, authorization: TOKEN } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ value: [1, 2, 3], nextLink: null });
    expect(res.headers.etag).toBe('W/"up"');
    expect(res.headers['x-seen-auth']).toBe(TOKEN);
  });
});
