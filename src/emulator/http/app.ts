import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { SUPPORTED_API_VERSIONS } from '../../shared/adt';
import { ApiError } from '../errors';
import type { EventDispatcher } from '../events';
import { API_ROOTS } from '../handlers';
import type { Core, HandlerResponse, RequestContext } from '../handlers';
import { serveLiveStream } from './live-stream';
import { SCRATCH_PREFIX, serveScratchBlob, type ScratchBlobs } from './scratch-blobs';
import type { Router } from './router';
import { serveStatic } from './static';

/** Request payload limit of ADT (reference §5.1). */
export const BODY_LIMIT = 32 * 1024;
/** A model upload carries up to 250 models of up to 1 MB each. */
export const MODELS_BODY_LIMIT = 250 * 1024 * 1024 + 64 * 1024;
/**
 * Deepest JSON nesting accepted in a request body: the default MaxDepth of ASP.NET's JSON readers, which ADT runs on.
 * Deeper documents overflowed the stack of the recursive validators and event builders (a 500 found by the fuzz tests
 * in src/emulator/reliability), and no DTDL schema (complex schemas nest at most 8 levels) or patch needs more.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Bounds that keep one client, or one request, from exhausting the process (issue 9). Every value is configurable
 * through EmulatorOptions.limits; tests lower them to reach them cheaply.
 */
export interface ServerLimits {
  /** API requests handled at once; beyond it 429 with Retry-After. The live event stream does not count. */
  maxConcurrentRequests: number;
  /**
   * Request body bytes buffered at once across all requests. One full-size model upload (250 MB) fits, two do not:
   * each becomes several times its size once parsed, and together they would run the heap out.
   */
  maxBufferedBodyBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxConcurrentRequests: 256,
  maxBufferedBodyBytes: 300 * 1024 * 1024,
};

const CORS_ALLOW_HEADERS = [
  'authorization', 'content-type', 'if-match', 'if-none-match', 'max-items-per-page', 'message-id',
  'telemetry-source-time', 'traceparent', 'tracestate', 'operation-id', 'x-ms-client-request-id', 'x-adt-host',
];
const CORS_EXPOSE_HEADERS = [
  'ETag', 'query-charge', 'Operation-Location', 'Operation-Id', 'Retry-After', 'traceresponse', 'x-ms-request-id',
  'x-ms-error-code', 'x-ms-client-request-id',
];
const CORS_METHODS = 'GET, PUT, POST, PATCH, DELETE, OPTIONS';

const CANONICAL: Record<string, string> = {
  etag: 'ETag',
  'operation-location': 'Operation-Location',
  'operation-id': 'Operation-Id',
  'retry-after': 'Retry-After',
};

export interface AppOptions {
  core: Core;
  router: Router;
  dispatcher: EventDispatcher;
  authToken?: string;
  appDir?: string;
  cors: boolean;
  proxy?: (req: IncomingMessage, res: ServerResponse, pathAfterPrefix: string) => Promise<void>;
  limits?: Partial<ServerLimits>;
  /** The scratch blob store for import jobs (`/_emulator/blobs/*`). */
  scratchBlobs?: ScratchBlobs;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** The one place where requests come in and responses (including every error body) go out. */
export function createRequestListener(o: AppOptions): Listener {
  const expectedAuth = o.authToken !== undefined ? Buffer.from(`Bearer ${o.authToken}`) : undefined;

  function authorized(req: IncomingMessage, url: URL): boolean {
    if (!expectedAuth) return true;
    const header = req.headers.authorization;
    // EventSource cannot send headers, so the live stream also takes the token as a query parameter.
    const given = Buffer.from(header ?? (url.searchParams.has('access_token') ? `Bearer ${url.searchParams.get('access_token')}` : ''));
    return given.length === expectedAuth.length && timingSafeEqual(given, expectedAuth);
  }

  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...o.limits };
  let inFlight = 0;
  const buffered = { bytes: 0 };

  return (req, res) => {
    const common = commonHeaders(req, o.cors);
    // The live stream stays open for as long as the app does; it would hold a slot forever.
    const counted = !(req.url ?? '').startsWith('/_emulator/events');
    if (counted) {
      if (inFlight >= limits.maxConcurrentRequests) {
        // Not reading the body: Node discards it once the response has ended.
        writeError(res, common, throttled(`more than ${limits.maxConcurrentRequests} requests are in progress`), o.core);
        return;
      }
      inFlight++;
      res.once('close', () => inFlight--);
    }
    const budget = { limits, buffered, reserved: 0 };
    res.once('close', () => {
      buffered.bytes -= budget.reserved;
      budget.reserved = 0;
    });
    handle(req, res, common, budget).catch((err: unknown) => {
      writeError(res, common, err, o.core);
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse, common: Record<string, string>, budget: BodyBudget): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;

    if (method === 'OPTIONS' && o.cors && req.headers.origin && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        ...common,
        'access-control-allow-methods': CORS_METHODS,
        'access-control-allow-headers': mergeHeaderList(CORS_ALLOW_HEADERS, req.headers['access-control-request-headers']),
        'access-control-max-age': '86400',
      });
      res.end();
      return;
    }

    if (path.startsWith('/api/proxy/') || path === '/api/proxy') {
      if (!o.proxy) throw new ApiError(404, 'NotFound', 'The proxy to Azure Digital Twins is not enabled on this server.');
      for (const [k, v] of Object.entries(common)) res.setHeader(k, v);
      // The proxy forwards the caller's own Azure token; the emulator's token does not apply to it.
      await o.proxy(req, res, path.slice('/api/proxy'.length) || '/');
      return;
    }

    if (path === '/_emulator/events' && method === 'GET') {
      if (!authorized(req, url)) throw unauthorized();
      for (const [k, v] of Object.entries(common)) res.setHeader(k, v);
      serveLiveStream(req, res, o.dispatcher);
      return;
    }
    if (path.startsWith(SCRATCH_PREFIX) && o.scratchBlobs) {
      if (!authorized(req, url)) throw unauthorized();
      await serveScratchBlob(o.scratchBlobs, req, res, decodeURIComponent(path.slice(SCRATCH_PREFIX.length)), common);
      return;
    }
    if (path === '/_emulator/endpoints' && method === 'GET') {
      if (!authorized(req, url)) throw unauthorized();
      // Names and kinds only: a webhook URL may carry a secret.
      send(res, common, { status: 200, body: { value: o.dispatcher.endpoints().map((e) => ({ name: e.name, kind: e.kind })) } });
      return;
    }
    if (path === '/_emulator/health' && method === 'GET') {
      send(res, common, { status: 200, body: { status: 'ok' } });
      return;
    }

    const root = path.split('/')[1]?.toLowerCase() ?? '';
    if (!API_ROOTS.has(root)) {
      if (o.appDir && (method === 'GET' || method === 'HEAD') && (await serveStatic(o.appDir, req, res, path, common))) return;
      throw notFound(path);
    }

    if (!authorized(req, url)) throw unauthorized();
    const match = o.router.match(method, path);
    if (match.kind === 'none') throw notFound(path);
    if (match.kind === 'method-not-allowed') {
      throw new ApiError(405, 'MethodNotAllowed', `The method ${method} is not allowed on ${path}.`, undefined,
        { allow: match.allowed.join(', ') });
    }
    checkApiVersion(url);

    const limit = method === 'POST' && root === 'models' ? MODELS_BODY_LIMIT : BODY_LIMIT;
    const body = await readJsonBody(req, limit, budget);
    const ctx: RequestContext = {
      method,
      path,
      params: match.params,
      query: url.searchParams,
      header: (name) => headerValue(req, name),
      body,
      baseUrl: baseUrlOf(req),
      host: hostNameOf(req),
      ...(validTraceparent(req.headers.traceparent) ? { traceparent: req.headers.traceparent as string } : {}),
    };
    const result = await match.route.handler(ctx, o.core);
    send(res, common, result);
  }
}

function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized',
    'The request is not authorized: send the emulator\'s token as "Authorization: Bearer <token>".', undefined,
    { 'www-authenticate': 'Bearer' });
}

function notFound(path: string): ApiError {
  return new ApiError(404, 'NotFound', `No resource or operation exists at ${path}. See the API reference https://aka.ms/adtv2api.`);
}

function checkApiVersion(url: URL): void {
  const versions = url.searchParams.getAll('api-version').filter((v) => v !== '');
  if (versions.length === 0) {
    throw new ApiError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  const supported: readonly string[] = SUPPORTED_API_VERSIONS;
  if (!versions.some((v) => supported.includes(v))) {
    throw new ApiError(400, 'UnsupportedApiVersionValue',
      `Unsupported api-version '${versions[0]}'. The supported api-versions are '${SUPPORTED_API_VERSIONS.join(', ')}'.`);
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function mergeHeaderList(base: string[], requested: string | undefined): string {
  const all = new Set(base);
  for (const h of (requested ?? '').split(',')) if (h.trim() !== '') all.add(h.trim().toLowerCase());
  return [...all].join(', ');
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

function validTraceparent(value: string | string[] | undefined): boolean {
  return typeof value === 'string' && TRACEPARENT.test(value);
}

function commonHeaders(req: IncomingMessage, cors: boolean): Record<string, string> {
  const incoming = req.headers.traceparent;
  const traceId = typeof incoming === 'string' && TRACEPARENT.test(incoming)
    ? TRACEPARENT.exec(incoming)![1]! : randomBytes(16).toString('hex');
  const headers: Record<string, string> = {
    'strict-transport-security': 'max-age=2592000',
    'x-ms-request-id': randomUUID(),
    traceresponse: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
  };
  const clientRequestId = req.headers['x-ms-client-request-id'];
  if (typeof clientRequestId === 'string') headers['x-ms-client-request-id'] = clientRequestId;
  const origin = req.headers.origin;
  if (cors && typeof origin === 'string') {
    headers['access-control-allow-origin'] = origin;
    headers['access-control-expose-headers'] = CORS_EXPOSE_HEADERS.join(', ');
    headers['vary'] = 'Origin';
  }
  return headers;
}

function baseUrlOf(req: IncomingMessage): string {
  const secure = (req.socket as TLSSocket).encrypted === true;
  const host = req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? ''}`;
  return `${secure ? 'https' : 'http'}://${host}`;
}

function hostNameOf(req: IncomingMessage): string {
  const host = req.headers.host ?? req.socket.localAddress ?? 'localhost';
  // Strip the port, keeping bracketed IPv6 literals whole.
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
}

/** The shared count of buffered body bytes, and what this request holds of it (released when the response closes). */
interface BodyBudget { limits: ServerLimits; buffered: { bytes: number }; reserved: number }

function reserve(budget: BodyBudget, bytes: number): void {
  if (budget.buffered.bytes + bytes > budget.limits.maxBufferedBodyBytes) {
    throw throttled('the request bodies being received exceed the memory budget');
  }
  budget.buffered.bytes += bytes;
  budget.reserved += bytes;
}

/** Reads and parses a JSON body within `limit` bytes; no body gives undefined. */
async function readJsonBody(req: IncomingMessage, limit: number, budget: BodyBudget): Promise<unknown> {
  const declared = req.headers['content-length'];
  const length = declared !== undefined ? Number(declared) : undefined;
  if (length === 0 || (length === undefined && req.headers['transfer-encoding'] === undefined)) return undefined;
  if (length !== undefined && length > limit) throw tooLarge(length, limit);
  if (length !== undefined && Number.isFinite(length)) reserve(budget, length);
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep reading (and dropping) past the limit so the client gets the 413 instead of a reset connection.
    if (size > limit) over = true;
    else {
      // A chunked body announces no size: it takes its share of the budget as it arrives.
      if (length === undefined) reserve(budget, chunk.length);
      chunks.push(chunk);
    }
  }
  if (over) throw tooLarge(size, limit);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const depth = jsonDepthExceeds(text, MAX_JSON_DEPTH);
  if (depth !== undefined) {
    throw new ApiError(400, 'InvalidArgument',
      `The request body is nested deeper than ${MAX_JSON_DEPTH} levels (at character ${depth}).`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError(400, 'InvalidArgument', `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * The offset where `text` opens its (max+1)-th nested array or object, or undefined when it stays within `max`.
 * A linear scan without recursion, so that it is safe on any input; brackets inside strings do not count.
 */
export function jsonDepthExceeds(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

/** ADT answers throttling with 429 and Retry-After; `QuotaReachedError` is the one 429 code it documents (§1.12). */
function throttled(reason: string): ApiError {
  return new ApiError(429, 'QuotaReachedError', `Too many requests: ${reason}. Retry after the time given in Retry-After.`,
    undefined, { 'retry-after': '1' });
}

function tooLarge(size: number, limit: number): ApiError {
  return new ApiError(413, 'PayloadTooLarge',
    `The request payload is ${size} bytes, larger than the limit of ${limit} bytes. See service limits https://aka.ms/adt-limits.`);
}

function send(res: ServerResponse, common: Record<string, string>, result: HandlerResponse): void {
  const headers: Record<string, string> = { ...common };
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[CANONICAL[k] ?? k] = v;
  if (result.body === undefined || result.status === 204) {
    headers['content-length'] = '0';
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(result.body);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(result.status, headers);
  res.end(payload);
}

function writeError(res: ServerResponse, common: Record<string, string>, err: unknown, core: Core): void {
  const apiError = err instanceof ApiError
    ? err
    : new ApiError(500, 'InternalServerError', 'The emulator failed to process the request. See its console for details.');
  if (!(err instanceof ApiError)) core.log(`internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  send(res, common, {
    status: apiError.status,
    body: apiError.toBody(),
    headers: { ...apiError.headers, 'x-ms-error-code': apiError.code },
  });
}
