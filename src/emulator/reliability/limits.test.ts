import { request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '../../shared/adt';
import { BODY_LIMIT, MAX_JSON_DEPTH, MODELS_BODY_LIMIT } from '../http/app';
import { QUERY_PAGE } from '../handlers/query';
import { buildingTwin, seedTestGraph, startTestEmulator, TEST_IDS, testModels } from '../test-support';
import type { TestEmulator } from '../test-support';
import { dumpStore } from './dump';
import { isAdtError, rawRequest } from './raw-http';

/** Resource limits, so that no request can exhaust the emulator: body sizes, the query time limit, the cap on concurrent requests, bounded answers. */

const V = `api-version=${API_VERSION}`;

/** A request whose body is sent later (or never): it holds its server slot until then. */
function openRequest(baseUrl: string, method: string, path: string, contentLength: number, first: string):
  { req: ClientRequest; answer: Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }> } {
  const { hostname, port } = new URL(baseUrl);
  let req!: ClientRequest;
  const answer = new Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }>((resolve, reject) => {
    req = request({ host: hostname, port, method, path: `${path}?${V}`, agent: false,
      headers: { 'content-type': 'application/json', 'content-length': contentLength } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
  });
  req.write(first);
  req.flushHeaders();
  return { req, answer };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
  await seedTestGraph(t.api);
});
afterAll(async () => {
  await t.close();
});

describe('body size limits', () => {
  it('accepts a twin body of exactly 32 KB and refuses one byte more with 413 PayloadTooLarge', async () => {
    const body = JSON.stringify(buildingTwin({ TemperatureUnit: 'kelvin' }));
    const exact = body + ' '.repeat(BODY_LIMIT - Buffer.byteLength(body));
    expect(Buffer.byteLength(exact)).toBe(32 * 1024);
    const ok = await t.api.call('PUT', '/digitaltwins/limit-exact', { rawBody: exact });
    expect(ok.status).toBe(200);
    const over = await t.api.call('PUT', '/digitaltwins/limit-over', { rawBody: `${exact} ` });
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('PayloadTooLarge');
    expect((await t.api.get('/digitaltwins/limit-over')).status).toBe(404);
    expect((await t.api.delete('/digitaltwins/limit-exact')).status).toBe(204);
  });

  it('refuses a declared model upload over the model limit at once, without reading the body', async () => {
    const started = Date.now();
    const r = await rawRequest(t.emulator.httpUrl!,
      `POST /models?${V} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${MODELS_BODY_LIMIT + 1}\r\n\r\n[`);
    expect(r.status).toBe(413);
    expect(isAdtError(r.body)).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels, and accepts it at the limit`, async () => {
    const nested = (n: number) => `${'{"a":'.repeat(n - 1)}{}${'}'.repeat(n - 1)}`;
    // At the limit the body parses, and the handler refuses it for what it says, not for its depth.
    const at = await t.api.call('POST', '/digitaltwins/building-1/telemetry', { rawBody: nested(MAX_JSON_DEPTH), headers: { 'message-id': 'm' } });
    expect(at.status).toBe(204);
    const over = await t.api.call('POST', '/digitaltwins/building-1/telemetry', { rawBody: nested(MAX_JSON_DEPTH + 1), headers: { 'message-id': 'm' } });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toContain(`deeper than ${MAX_JSON_DEPTH}`);
    // Brackets inside strings are text, not nesting.
    const inString = await t.api.post('/digitaltwins/building-1/telemetry', { text: '['.repeat(1000) }, { headers: { 'message-id': 'm' } });
    expect(inString.status).toBe(204);
  });
});

describe('bounded answers', () => {
  it('a huge max-items-per-page is capped at the page limit, and paging continues', async () => {
    const ids = Array.from({ length: QUERY_PAGE + 20 }, (_, i) => `page-${i}`);
    await Promise.all(Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; i < ids.length; i += 8) await t.api.put(`/digitaltwins/${ids[i]}`, { $metadata: { $model: TEST_IDS.floor } });
    }));
    const r = await t.api.post('/query', { query: "SELECT * FROM digitaltwins T WHERE STARTSWITH(T.$dtId, 'page-')" },
      { headers: { 'max-items-per-page': '1000000000' } });
    expect(r.status).toBe(200);
    expect(r.body.value).toHaveLength(QUERY_PAGE);
    expect(typeof r.body.continuationToken).toBe('string');
    const rest = await t.api.post('/query', { continuationToken: r.body.continuationToken });
    expect(rest.body.value).toHaveLength(20);
    const models = await t.api.get('/models', { headers: { 'max-items-per-page': '99999999999999999999' } });
    expect(models.status).toBe(200);
  }, 60_000);

  it('an IN list past the limit is refused before it runs', async () => {
    const list = Array.from({ length: 3000 }, (_, i) => `'${i}'`).join(',');
    const r = await t.api.post('/query', { query: `SELECT * FROM digitaltwins T WHERE T.$dtId IN [${list}]` });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('SqlQueryError');
  });
});

describe('the query time limit', () => {
  it('ends a pathological query with 400 TimeoutError, as ADT does, and keeps serving', async () => {
    const slow = await startTestEmulator({ dataDir: t.dataDir, limits: { queryTimeoutMs: 300 } });
    try {
      expect((await slow.api.post('/models', testModels)).status).toBe(201);
      // 12 twins, every one `near` every other: a 10-hop MATCH has 11^10 paths to walk.
      const n = 12;
      for (let i = 0; i < n; i++) expect((await slow.api.put(`/digitaltwins/b${i}`, buildingTwin())).status).toBe(200);
      const pairs = Array.from({ length: n * n }, (_, k) => [Math.floor(k / n), k % n] as const).filter(([a, b]) => a !== b);
      await Promise.all(Array.from({ length: 8 }, async (_, w) => {
        for (let k = w; k < pairs.length; k += 8) {
          const [a, b] = pairs[k]!;
          await slow.api.put(`/digitaltwins/b${a}/relationships/near-${b}`, { $relationshipName: 'near', $targetId: `b${b}` });
        }
      }));
      const started = Date.now();
      const r = await slow.api.post('/query', { query: "SELECT COUNT() FROM DIGITALTWINS MATCH (a)-[:near*..10]->(b) WHERE a.$dtId = 'b0'" });
      const took = Date.now() - started;
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('TimeoutError');
      expect(took).toBeLessThan(5000);
      const fine = await slow.api.post('/query', { query: "SELECT COUNT() FROM DIGITALTWINS MATCH (a)-[:near]->(b) WHERE a.$dtId = 'b0'" });
      expect(fine.status).toBe(200);
      expect(fine.body.value).toEqual([{ COUNT: n - 1 }]);
    } finally {
      await slow.close();
    }
  }, 60_000);
});

describe('the cap on concurrent requests', () => {
  it('answers 429 QuotaReachedError with Retry-After beyond the cap, does not count the live stream, and recovers', async () => {
    const capped = await startTestEmulator({ dataDir: t.dataDir, limits: { maxConcurrentRequests: 3 } });
    const live = new AbortController();
    try {
      const stream = await fetch(`${capped.api.baseUrl}/_emulator/events`, { signal: live.signal });
      expect(stream.status).toBe(200);
      const body = JSON.stringify({ $metadata: { $model: 'dtmi:none;1' } });
      const stalled = Array.from({ length: 3 }, (_, i) =>
        openRequest(capped.api.baseUrl, 'PUT', `/digitaltwins/stalled-${i}`, Buffer.byteLength(body), body.slice(0, 5)));
      // Let the server see the three requests before the fourth.
      await sleep(300);
      const refused = await capped.api.get('/models');
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('QuotaReachedError');
      expect(refused.headers.get('retry-after')).toBe('1');
      for (const s of stalled) s.req.end(body.slice(5));
      const answers = await Promise.all(stalled.map((s) => s.answer));
      // The stalled requests themselves were served (their model does not exist: 400).
      expect(answers.map((a) => a.status)).toEqual([400, 400, 400]);
      expect((await capped.api.get('/models')).status).toBe(200);
    } finally {
      live.abort();
      await capped.close();
    }
  });

  it('refuses a body that would take the buffered bytes over their budget, and frees the budget afterwards', async () => {
    const capped = await startTestEmulator({ dataDir: t.dataDir, limits: { maxBufferedBodyBytes: 100_000 } });
    try {
      const big = JSON.stringify([{ '@id': 'dtmi:budget:A;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;3',
        description: 'x'.repeat(60_000) }]);
      const first = openRequest(capped.api.baseUrl, 'POST', '/models', Buffer.byteLength(big), big.slice(0, 100));
      await sleep(300);
      const second = await capped.api.call('POST', '/models', { rawBody: big.replace('A;1', 'B;1') });
      expect(second.status).toBe(429);
      expect(second.body.error.code).toBe('QuotaReachedError');
      first.req.end(big.slice(100));
      const answered = await first.answer;
      expect(answered.status).toBeLessThan(500);
      // The budget is released when the first response closes, just after the client saw it.
      await sleep(50);
      const third = await capped.api.call('POST', '/models', { rawBody: big.replace('A;1', 'C;1') });
      expect(third.status).not.toBe(429);
    } finally {
      await capped.close();
    }
  });
});

describe('malformed HTTP and stalled clients', () => {
  it('answers what Node refuses to parse with ADT-shaped errors, times out a stalled body with 408, and changes nothing', async () => {
    const strict = await startTestEmulator({ dataDir: t.dataDir, limits: { requestTimeoutMs: 800 } });
    try {
      await seedTestGraph(strict.api);
      const before = await dumpStore(strict.api);
      const url = strict.emulator.httpUrl!;
      const get = (extra: string) => `GET /models?${V} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;
      const cases: [string, string | Buffer, number][] = [
        ['garbage request line', 'HELLO\r\n\r\n', 400],
        ['bad HTTP version', `GET /models?${V} HTTP/9.9\r\nHost: x\r\n\r\n`, 400],
        ['space in the target', `GET /mod els?${V} HTTP/1.1\r\nHost: x\r\n\r\n`, 400],
        ['control byte in a header', get('X-Bad: a\u0001b\r\n'), 400],
        ['header without a colon', get('NoColonHere\r\n'), 400],
        ['headers over 16 KB', get(`X-Big: ${'a'.repeat(20_000)}\r\n`), 431],
        ['bad chunk size', `PUT /digitaltwins/x?${V} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`, 400],
        ['two different Content-Lengths', `PUT /digitaltwins/x?${V} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`, 400],
        ['Content-Length and chunked together', `PUT /digitaltwins/x?${V} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400],
        ['negative Content-Length', `PUT /digitaltwins/x?${V} HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n`, 400],
      ];
      for (const [name, bytes, status] of cases) {
        const r = await rawRequest(url, bytes);
        expect(r.status, name).toBe(status);
        expect(isAdtError(r.body), `${name}: ${r.body}`).toBe(true);
      }
      const started = Date.now();
      const stalled = await rawRequest(url,
        `PUT /digitaltwins/stalled?${V} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"$metadata":`,
        { timeoutMs: 8000 });
      expect(stalled.status).toBe(408);
      expect(isAdtError(stalled.body)).toBe(true);
      expect(Date.now() - started).toBeLessThan(6000);
      expect(await dumpStore(strict.api)).toEqual(before);
    } finally {
      await strict.close();
    }
  }, 30_000);
});
