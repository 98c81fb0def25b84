import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from './server';
import { buildingTwin, enc, startTestEmulator, TEST_IDS, TestApi, testModels } from './test-support';
import type { TestEmulator } from './test-support';

let t: TestEmulator;
let api: TestApi;
let appDir: string;

beforeAll(async () => {
  appDir = mkdtempSync(join(tmpdir(), 'twinscope-app-'));
  mkdirSync(join(appDir, 'assets'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>Twinscope</title>');
  writeFileSync(join(appDir, 'assets', 'main-AbCdEf12.js'), 'console.log(1)');
  writeFileSync(join(appDir, 'config.json'), '{"environments":[]}');
  t = await startTestEmulator({ appDir });
  api = t.api;
  expect((await api.post('/models', testModels)).status).toBe(201);
});
afterAll(async () => {
  await t.close();
  rmSync(appDir, { recursive: true, force: true });
});

function httpsGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; cert: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { rejectUnauthorized: false, headers }, (res) => {
      const cert = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cert }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('api-version', () => {
  it('is required: 400 MissingApiVersionParameter', async () => {
    const r = await api.get('/models', { noApiVersion: true });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.',
    });
  });

  it('accepts every published version, a repeated one, and refuses unknown ones', async () => {
    for (const v of ['2020-10-31', '2021-06-30-preview', '2022-05-31', '2023-02-27-preview', '2023-06-30', '2023-10-31']) {
      expect((await api.get(`/models?api-version=${v}`, { noApiVersion: true })).status, v).toBe(200);
    }
    expect((await api.get('/models?api-version=2023-10-31&api-version=2023-10-31', { noApiVersion: true })).status).toBe(200);
    const bad = await api.get('/models?api-version=2019-01-01', { noApiVersion: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('UnsupportedApiVersionValue');
  });
});

describe('common response headers', () => {
  it('sends HSTS, a request id, a traceresponse continuing the caller trace, and echoes the client request id', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const r = await api.get(`/models/${enc(TEST_IDS.room)}`, {
      headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01`, 'x-ms-client-request-id': 'abc-123' },
    });
    expect(r.headers.get('strict-transport-security')).toBe('max-age=2592000');
    expect(r.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('traceresponse')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(r.headers.get('x-ms-client-request-id')).toBe('abc-123');
    const other = await api.get('/models');
    expect(other.headers.get('traceresponse')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(other.headers.get('x-ms-request-id')).not.toBe(r.headers.get('x-ms-request-id'));
  });
});

describe('routing and errors', () => {
  it('unknown API paths are ADT-shaped 404s; wrong methods are 405 with Allow', async () => {
    const r = await api.get('/digitaltwins/a/b/c/d/e');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NotFound');
    const m = await api.call('POST', '/digitaltwins/x');
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toContain('GET');
    expect(m.body.error.code).toBe('MethodNotAllowed');
  });

  it('refuses bodies over 32 KB with 413 and an ADT error body, leaving the store unchanged', async () => {
    const big = buildingTwin({ TemperatureUnit: 'x'.repeat(33 * 1024) });
    const r = await api.put('/digitaltwins/too-big', big);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PayloadTooLarge');
    expect((await api.get('/digitaltwins/too-big')).status).toBe(404);
    // Also when the size is not announced up front (chunked).
    const chunked = await fetch(api.url('/digitaltwins/too-big'), {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: new Blob([JSON.stringify(big)]).stream(), duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await api.get('/digitaltwins/too-big')).status).toBe(404);
  });

  it('lets a model upload exceed 32 KB', async () => {
    const contents = Array.from({ length: 280 }, (_, i) => ({
      '@type': 'Property', name: `property${i}`, schema: 'string', description: `A long description of property number ${i}.`,
    }));
    const model = { '@id': 'dtmi:test:Large;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', contents };
    expect(JSON.stringify(model).length).toBeGreaterThan(32 * 1024);
    const r = await api.post('/models', [model]);
    expect(r.status).toBe(201);
  });

  it('malformed input never produces a 500 and never changes the store', async () => {
    const before = (await api.get('/models')).body.value.length;
    const inputs: [string, string, string][] = [
      ['PUT', '/digitaltwins/fuzz', '{'],
      ['PUT', '/digitaltwins/fuzz', '[]'],
      ['PUT', '/digitaltwins/fuzz', '"text"'],
      ['PUT', '/digitaltwins/fuzz', 'null'],
      ['PUT', '/digitaltwins/fuzz', '{"$metadata": {"$model": 5}}'],
      ['PUT', '/digitaltwins/fuzz', '{"$metadata": {"$model": "not a dtmi"}}'],
      ['PATCH', '/digitaltwins/fuzz', '{"op": "add"}'],
      ['PATCH', `/models/${enc(TEST_IDS.room)}`, 'nope'],
      ['POST', '/models', '[1, 2, 3]'],
      ['POST', '/models', '[{"@id": 5}]'],
      ['POST', '/models', '[null]'],
      ['POST', '/query', '{"query": 5}'],
      ['POST', '/query', '[]'],
      ['PUT', '/eventroutes/fuzz', '[]'],
      ['PUT', '/jobs/imports/fuzz', '{}'],
      ['PUT', '/digitaltwins/x/relationships/y', '{"$targetId": []}'],
      ['GET', '/digitaltwins/%E0%A4%A', ''],
    ];
    for (const [method, path, rawBody] of inputs) {
      const r = await api.call(method, path, rawBody === '' ? {} : { rawBody, headers: { 'content-type': 'application/json' } });
      expect(r.status, `${method} ${path} ${rawBody}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${method} ${path} ${rawBody}`).toBeLessThan(500);
      expect(typeof r.body.error.code).toBe('string');
      expect(typeof r.body.error.message).toBe('string');
    }
    expect((await api.get('/digitaltwins/fuzz')).status).toBe(404);
    expect((await api.get('/models')).body.value.length).toBe(before);
  });
});

describe('CORS', () => {
  it('answers preflights and exposes ETag, query-charge, Operation-Location, Retry-After', async () => {
    const pre = await fetch(api.url('/digitaltwins/x'), {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, if-match, x-custom' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(pre.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(pre.headers.get('access-control-allow-headers')).toContain('if-match');
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-custom');
    const r = await api.get(`/models/${enc(TEST_IDS.room)}`, { headers: { origin: 'http://localhost:5173' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const exposed = r.headers.get('access-control-expose-headers') ?? '';
    for (const h of ['ETag', 'query-charge', 'Operation-Location', 'Retry-After']) expect(exposed).toContain(h);
  });

  it('can be switched off', async () => {
    const other = await startTestEmulator({ cors: false });
    try {
      const r = await other.api.get('/models', { headers: { origin: 'http://example.com' } });
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await other.close();
    }
  });
});

describe('static app', () => {
  it('serves files with content types, and index.html for page routes but not for API or missing files', async () => {
    const index = await fetch(`${api.baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('Twinscope');
    const deep = await fetch(`${api.baseUrl}/graph/some-view`);
    expect(await deep.text()).toContain('Twinscope');
    const js = await fetch(`${api.baseUrl}/assets/main-AbCdEf12.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${api.baseUrl}/config.json`)).headers.get('content-type')).toBe('application/json; charset=utf-8');
    const missing = await fetch(`${api.baseUrl}/assets/missing.js`);
    expect(missing.status).toBe(404);
    const traversal = await fetch(`${api.baseUrl}/..%2f..%2fetc%2fpasswd`);
    expect(traversal.status).toBe(404);
    expect((await fetch(`${api.baseUrl}/models`)).status).toBe(400); // API path: api-version missing, not the app
  });
});

describe('HTTPS and auth', () => {
  it('serves HTTPS with a self-signed certificate kept in the data folder and reused', async () => {
    const r = await httpsGet(`${t.emulator.httpsUrl}/models?api-version=2023-10-31`);
    expect(r.status).toBe(200);
    expect(existsSync(join(t.dataDir, 'emulator-cert.pem'))).toBe(true);
    const pem = readFileSync(join(t.dataDir, 'emulator-cert.pem'), 'utf8');
    const again = await createEmulator({ quiet: true, dataDir: t.dataDir, httpPort: null });
    try {
      expect(readFileSync(join(t.dataDir, 'emulator-cert.pem'), 'utf8')).toBe(pem);
      const r2 = await httpsGet(`${again.httpsUrl}/models?api-version=2023-10-31`);
      expect(r2.cert).toBe(r.cert);
      expect(again.httpUrl).toBeNull();
    } finally {
      await again.close();
    }
  });

  it('refuses to listen on a non-loopback address without a token', async () => {
    await expect(createEmulator({ host: '0.0.0.0', quiet: true, dataDir: t.dataDir })).rejects.toThrow(/auth token/);
  });

  it('with a token, requires it on every API call (401 otherwise), accepts it on the live stream query', async () => {
    const secured = await startTestEmulator({ authToken: 's3cret', dataDir: t.dataDir });
    try {
      const none = await secured.api.get('/models');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(none.body.error.code).toBe('Unauthorized');
      expect((await secured.api.get('/models', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await secured.api.get('/models', { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
      expect((await fetch(`${secured.api.baseUrl}/_emulator/events`)).status).toBe(401);
      const controller = new AbortController();
      const live = await fetch(`${secured.api.baseUrl}/_emulator/events?access_token=s3cret`, { signal: controller.signal });
      expect(live.status).toBe(200);
      controller.abort();
    } finally {
      await secured.close();
    }
  });

  it('on loopback without a token accepts any bearer token or none', async () => {
    expect((await api.get('/models', { headers: { authorization: 'Bearer anything-at-all' } })).status).toBe(200);
    expect((await api.get('/models')).status).toBe(200);
  });
});

describe('persistence', () => {
  it('keeps models, twins, relationships and routes across a close and reopen of the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinscope-db-'));
    const db = join(dir, 'nested', 'emulator.db');
    try {
      const first = await startTestEmulator({ db, dataDir: dir });
      expect((await first.api.post('/models', testModels)).status).toBe(201);
      const twin = await first.api.put('/digitaltwins/kept', buildingTwin());
      await first.api.put('/digitaltwins/floor-x', { $metadata: { $model: TEST_IDS.floor } });
      expect((await first.api.put('/digitaltwins/kept/relationships/r', { $relationshipName: 'has', $targetId: 'floor-x' })).status).toBe(200);
      expect((await first.api.put('/eventroutes/kept-route', { endpointName: 'live', filter: 'true' })).status).toBe(204);
      expect((await first.api.patch(`/models/${enc(TEST_IDS.wing)}`, [{ op: 'replace', path: '/decommissioned', value: true }])).status).toBe(204);
      await first.close();

      const second = await startTestEmulator({ db, dataDir: dir });
      try {
        const got = await second.api.get('/digitaltwins/kept');
        expect(got.body).toEqual(twin.body);
        expect((await second.api.get('/digitaltwins/kept/relationships/r')).status).toBe(200);
        expect((await second.api.get('/digitaltwins/floor-x/incomingrelationships')).body.value).toHaveLength(1);
        expect((await second.api.get('/eventroutes/kept-route')).status).toBe(200);
        expect((await second.api.get(`/models/${enc(TEST_IDS.wing)}`)).body.decommissioned).toBe(true);
        // The model index was rebuilt: validation still knows the models.
        expect((await second.api.patch('/digitaltwins/kept', [{ op: 'replace', path: '/AverageTemperature', value: 'x' }])).status).toBe(400);
        expect((await second.api.patch('/digitaltwins/kept', [{ op: 'replace', path: '/AverageTemperature', value: 1 }])).status).toBe(204);
        expect((await second.api.delete(`/models/${enc(TEST_IDS.thermostat)}`)).status).toBe(409);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sample seed', () => {
  it('loads the building graph into an empty store once, with a live route', async () => {
    const seeded = await startTestEmulator({ seed: 'sample', dataDir: t.dataDir });
    try {
      const models = await seeded.api.get('/models');
      expect(models.body.value.length).toBe(8);
      const room = await seeded.api.get('/digitaltwins/room-101');
      expect(room.status).toBe(200);
      expect(room.body.thermostat.$metadata).toBeDefined();
      const rels = await seeded.api.get('/digitaltwins/room-101/relationships?relationshipName=servedBy');
      expect(rels.body.value[0].priority).toBe(1);
      expect((await seeded.api.get('/eventroutes/live-all')).body).toEqual({ id: 'live-all', endpointName: 'live', filter: 'true' });
    } finally {
      await seeded.close();
    }
  });
});

describe('CLI', () => {
  it('prints the listening line, documents its options, and shuts down on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinscope-cli-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--http-port', '0',
        '--db', ':memory:', '--data-dir', dir, '--quiet'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const deadline = Date.now() + 20_000;
      while (!/listening on http:/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(/^ADT emulator listening on https:\/\/127\.0\.0\.1:\d+$/m);
      const httpUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      expect((await new TestApi(httpUrl).get('/models')).status).toBe(200);
      const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);

      const help = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/main.ts', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      help.stdout.on('data', (c: Buffer) => (text += c.toString()));
      await new Promise((r) => help.on('exit', r));
      for (const option of ['--port', '--http-port', '--host', '--db', '--seed', '--endpoint', '--auth-token', '--app', '--proxy-allow', '--help']) {
        expect(text).toContain(option);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});

describe('proxy mount', () => {
  it('forwards /api/proxy/* to an allow-listed host (here the emulator itself over HTTPS)', async () => {
    const target = new URL(t.emulator.httpsUrl);
    const proxied = await startTestEmulator({ dataDir: t.dataDir, proxyAllowHosts: [`localhost:${target.port}`] });
    const previous = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    // The target's certificate is the emulator's self-signed one.
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    try {
      const r = await proxied.api.get(`/api/proxy/models/${enc(TEST_IDS.room)}`, { headers: { 'x-adt-host': `localhost:${target.port}` } });
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(TEST_IDS.room);
      const missing = await proxied.api.get('/api/proxy/models');
      expect(missing.status).toBe(400);
      expect(typeof missing.body.error.code).toBe('string');
      const refused = await proxied.api.get('/api/proxy/models', { headers: { 'x-adt-host': 'example.com' } });
      expect(refused.status).toBe(403);
    } finally {
      if (previous === undefined) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
      else process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = previous;
      await proxied.close();
    }
  });
});

describe('crash safety', () => {
  it('a kill -9 during a burst of writes loses no acknowledged write and leaves no broken row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinscope-crash-'));
    const db = join(dir, 'crash.db');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/main.ts', '--port', '0', '--http-port', '0',
        '--db', db, '--data-dir', dir, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const deadline = Date.now() + 20_000;
      while (!/listening on http:/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const crashApi = new TestApi(/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!);
      expect((await crashApi.post('/models', testModels)).status).toBe(201);
      expect((await crashApi.put('/digitaltwins/hub', buildingTwin())).status).toBe(200);

      const acknowledged: string[] = [];
      let stop = false;
      const writers = Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; !stop; i++) {
          const id = `w${w}-${i}`;
          try {
            const r = await crashApi.put(`/digitaltwins/${id}`, { $metadata: { $model: TEST_IDS.floor }, name: id });
            if (r.status !== 200) continue;
            const rel = await crashApi.put(`/digitaltwins/hub/relationships/${id}`, { $relationshipName: 'has', $targetId: id });
            acknowledged.push(id);
            if (rel.status === 200) acknowledged.push(`rel:${id}`);
          } catch {
            return; // the server is gone
          }
        }
      });
      const exited = new Promise((r) => child.on('exit', r));
      // Kill it mid-burst, once a fair number of writes were acknowledged (however slow the machine is).
      const burstDeadline = Date.now() + 15_000;
      while (acknowledged.length < 60 && Date.now() < burstDeadline) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      await exited;
      expect(acknowledged.length).toBeGreaterThan(10);

      const reopened = await startTestEmulator({ db, dataDir: dir });
      try {
        for (const id of acknowledged) {
          if (id.startsWith('rel:')) {
            expect((await reopened.api.get(`/digitaltwins/hub/relationships/${id.slice(4)}`)).status, id).toBe(200);
          } else {
            const twin = await reopened.api.get(`/digitaltwins/${id}`);
            expect(twin.status, id).toBe(200);
            expect(twin.body.name).toBe(id);
          }
        }
        // Every stored relationship has both of its twins.
        const rels = (await reopened.api.post('/query', { query: 'SELECT * FROM relationships' })).body.value as { $targetId: string }[];
        for (const r of rels) expect((await reopened.api.get(`/digitaltwins/${r.$targetId}`)).status).toBe(200);
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
