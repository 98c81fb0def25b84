/**
 * The emulator as a fetch-style service: `handle(request: Request): Promise<Response>` on the standard Request and
 * Response (https://fetch.spec.whatwg.org/), holding the whole pipeline — CORS preflights, auth, the api-version
 * check, body limits, JSON depth, dispatch and the one error exit. It imports nothing from Node, so the same code
 * serves node:http/node:https (http/node-adapter.ts) and a Web Worker on SQLite compiled to WebAssembly.
 */
import { SUPPORTED_API_VERSIONS } from '../../shared/adt';
import { ApiError } from '../errors';
import type { EventDispatcher } from '../events';
import { API_ROOTS } from '../handlers';
import type { Core, HandlerResponse, RequestContext } from '../handlers';
import type { Router } from './router';
import { liveStreamResponse, type LiveStreamOptions } from './live-stream';
import { SCRATCH_PREFIX, scratchBlobResponse, type ScratchBlobs } from './scratch-blobs';

/** Request payload limit of ADT: https://learn.microsoft.com/azure/digital-twins/reference-service-limits */
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
 * Bounds that keep one client, or one request, from exhausting the process. Every value is configurable
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

export interface ServiceOptions {
  core: Core;
  router: Router;
  dispatcher: EventDispatcher;
  authToken?: string;
  cors: boolean;
  limits?: Partial<ServerLimits>;
  /** The scratch blob store for import jobs (`/_emulator/blobs/*`). */
  scratchBlobs?: ScratchBlobs;
  liveStream?: LiveStreamOptions;
  /**
   * Answers GET/HEAD of paths outside the API (the SPA's files, when the Node server hosts it); undefined means
   * "not mine" and the request gets the API's 404.
   */
  serveApp?: (request: Request, path: string, headers: Record<string, string>) => Promise<Response | undefined>;
}

/**
 * What the pipeline answers, before it becomes a Response: hosts that write bytes themselves (node:http) take it as
 * it is, because constructing a Response around every small JSON body costs more than the rest of a twin GET.
 */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | ReadableStream<Uint8Array> | null;
}

export function toResponse(answer: Answer): Response {
  return new Response(answer.body as ConstructorParameters<typeof Response>[0], { status: answer.status, headers: answer.headers });
}

export interface EmulatorService {
  /** The service on the standard Request and Response. */
  handle(request: Request): Promise<Response>;
  /** The same pipeline, answering the plain form (see Answer). */
  answer(request: Request): Promise<Answer>;
  /**
   * Admission for requests a host serves itself next to the service (the Node server's ADT proxy): the same cap on
   * concurrent requests applies. Returns a release function, or the 429 to answer.
   */
  admit(request: Request): { release: () => void } | { refused: Answer };
  /** The headers every answer carries (request id, trace, CORS), for such requests. */
  commonHeaders(request: Request): Record<string, string>;
  /** The one error exit: an ApiError as ADT's error body, anything else as a logged 500. */
  errorResponse(request: Request, err: unknown): Answer;
}

/** The one place where requests come in and responses (including every error body) go out. */
export function createService(o: ServiceOptions): EmulatorService {
  const expectedAuth = o.authToken !== undefined ? utf8(`Bearer ${o.authToken}`) : undefined;

  function authorized(request: Request, url: URL): boolean {
    if (!expectedAuth) return true;
    const header = request.headers.get('authorization');
    // EventSource cannot send headers, so the live stream also takes the token as a query parameter.
    const given = utf8(header ?? (url.searchParams.has('access_token') ? `Bearer ${url.searchParams.get('access_token')}` : ''));
    return constantTimeEqual(given, expectedAuth);
  }

  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...o.limits };
  let inFlight = 0;
  const buffered = { bytes: 0 };

  function admit(request: Request): { release: () => void } | { refused: Answer } {
    if (inFlight >= limits.maxConcurrentRequests) {
      // Not reading the body: the host discards it once the response has ended.
      return { refused: errorResponse(request, throttled(`more than ${limits.maxConcurrentRequests} requests are in progress`)) };
    }
    inFlight++;
    let released = false;
    return { release: () => { if (!released) { released = true; inFlight--; } } };
  }

  function errorResponse(request: Request, err: unknown, common = commonHeaders(request, o.cors)): Answer {
    const apiError = err instanceof ApiError
      ? err
      : new ApiError(500, 'InternalServerError', 'The emulator failed to process the request. See its console for details.');
    if (!(err instanceof ApiError)) o.core.log(`internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return respond(common, {
      status: apiError.status,
      body: apiError.toBody(),
      // A validation problem body (rawBody) has no ADT error code, and the live service sends no x-ms-error-code with it.
      headers: apiError.rawBody === undefined ? { ...apiError.headers, 'x-ms-error-code': apiError.code } : { ...apiError.headers },
    });
  }

  async function answer(request: Request): Promise<Answer> {
    const common = commonHeaders(request, o.cors);
    const url = new URL(request.url);
    // The live stream stays open for as long as the app does; it would hold a slot forever.
    const counted = !url.pathname.startsWith('/_emulator/events');
    let release: (() => void) | undefined;
    if (counted) {
      const admission = admit(request);
      if ('refused' in admission) return admission.refused;
      release = admission.release;
    }
    const budget: BodyBudget = { limits, buffered, reserved: 0 };
    try {
      return await dispatch(request, url, common, budget);
    } catch (err) {
      return errorResponse(request, err, common);
    } finally {
      buffered.bytes -= budget.reserved;
      budget.reserved = 0;
      release?.();
    }
  }

  async function dispatch(request: Request, url: URL, common: Record<string, string>, budget: BodyBudget): Promise<Answer> {
    const method = request.method;
    const path = url.pathname;
    const headers = request.headers;

    if (method === 'OPTIONS' && o.cors && headers.has('origin') && headers.has('access-control-request-method')) {
      return {
        status: 204,
        body: null,
        headers: {
          ...common,
          'access-control-allow-methods': CORS_METHODS,
          'access-control-allow-headers': mergeHeaderList(CORS_ALLOW_HEADERS, headers.get('access-control-request-headers') ?? undefined),
          'access-control-max-age': '86400',
        },
      };
    }

    if (path.startsWith('/api/proxy/') || path === '/api/proxy') {
      throw new ApiError(404, 'NotFound', 'The proxy to Azure Digital Twins is not enabled on this server.');
    }

    if (path === '/_emulator/events' && method === 'GET') {
      if (!authorized(request, url)) throw unauthorized();
      return liveStreamResponse(url, o.dispatcher, common, request.signal, o.liveStream);
    }
    if (path.startsWith(SCRATCH_PREFIX) && o.scratchBlobs) {
      if (!authorized(request, url)) throw unauthorized();
      return scratchBlobResponse(o.scratchBlobs, request, decodeURIComponent(path.slice(SCRATCH_PREFIX.length)), common);
    }
    if (path === '/_emulator/endpoints' && method === 'GET') {
      if (!authorized(request, url)) throw unauthorized();
      // Names and kinds only: a webhook URL may carry a secret.
      return respond(common, { status: 200, body: { value: o.dispatcher.endpoints().map((e) => ({ name: e.name, kind: e.kind })) } });
    }
    if (path === '/_emulator/health' && method === 'GET') {
      return respond(common, { status: 200, body: { status: 'ok' } });
    }

    const root = path.split('/')[1]?.toLowerCase() ?? '';
    if (!API_ROOTS.has(root)) {
      if (o.serveApp && (method === 'GET' || method === 'HEAD')) {
        const page = await o.serveApp(request, path, common);
        if (page) {
          const pageHeaders: Record<string, string> = {};
          page.headers.forEach((value, name) => { pageHeaders[name] = value; });
          return { status: page.status, headers: pageHeaders, body: page.body };
        }
      }
      throw notFound(path);
    }

    if (!authorized(request, url)) throw unauthorized();
    const match = o.router.match(method, path);
    if (match.kind === 'none') throw notFound(path);
    if (match.kind === 'method-not-allowed') {
      throw new ApiError(405, 'MethodNotAllowed', `The method ${method} is not allowed on ${path}.`, undefined,
        { allow: match.allowed.join(', ') });
    }
    checkApiVersion(url);

    const limit = method === 'POST' && root === 'models' ? MODELS_BODY_LIMIT : BODY_LIMIT;
    const body = await readJsonBody(request, limit, budget);
    const traceparent = headers.get('traceparent');
    const ctx: RequestContext = {
      method,
      path,
      params: match.params,
      query: url.searchParams,
      header: (name) => headers.get(name) ?? undefined,
      body,
      baseUrl: url.origin,
      host: url.hostname,
      ...(traceparent !== null && TRACEPARENT.test(traceparent) ? { traceparent } : {}),
    };
    const result = await match.route.handler(ctx, o.core);
    return respond(common, result);
  }

  return {
    handle: async (request) => toResponse(await answer(request)),
    answer,
    admit,
    commonHeaders: (request) => commonHeaders(request, o.cors),
    errorResponse: (request, err) => errorResponse(request, err),
  };
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

function mergeHeaderList(base: string[], requested: string | undefined): string {
  const all = new Set(base);
  for (const h of (requested ?? '').split(',')) if (h.trim() !== '') all.add(h.trim().toLowerCase());
  return [...all].join(', ');
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

const encoder = new TextEncoder();
function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Compares without an early exit, so the time taken does not tell how much of a token was right. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let out = '';
  for (const b of buf) out += b.toString(16).padStart(2, '0');
  return out;
}

function commonHeaders(request: Request, cors: boolean): Record<string, string> {
  const incoming = request.headers.get('traceparent');
  const traced = incoming !== null ? TRACEPARENT.exec(incoming) : null;
  const traceId = traced ? traced[1]! : randomHex(16);
  const headers: Record<string, string> = {
    'strict-transport-security': 'max-age=2592000',
    'x-ms-request-id': crypto.randomUUID(),
    traceresponse: `00-${traceId}-${randomHex(8)}-01`,
  };
  const clientRequestId = request.headers.get('x-ms-client-request-id');
  if (clientRequestId !== null) headers['x-ms-client-request-id'] = clientRequestId;
  const origin = request.headers.get('origin');
  if (cors && origin !== null) {
    headers['access-control-allow-origin'] = origin;
    headers['access-control-expose-headers'] = CORS_EXPOSE_HEADERS.join(', ');
    headers['vary'] = 'Origin';
  }
  return headers;
}

/** The shared count of buffered body bytes, and what this request holds of it (released when it is answered). */
interface BodyBudget { limits: ServerLimits; buffered: { bytes: number }; reserved: number }

function reserve(budget: BodyBudget, bytes: number): void {
  if (budget.buffered.bytes + bytes > budget.limits.maxBufferedBodyBytes) {
    throw throttled('the request bodies being received exceed the memory budget');
  }
  budget.buffered.bytes += bytes;
  budget.reserved += bytes;
}

/** Reads and parses a JSON body within `limit` bytes; no body gives undefined. */
async function readJsonBody(request: Request, limit: number, budget: BodyBudget): Promise<unknown> {
  if (request.body === null) return undefined;
  const declared = request.headers.get('content-length');
  const length = declared !== null ? Number(declared) : undefined;
  if (length === 0) return undefined;
  if (length !== undefined && length > limit) throw tooLarge(length, limit);
  if (length !== undefined && Number.isFinite(length)) reserve(budget, length);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    // Keep reading (and dropping) past the limit so the client gets the 413 instead of a reset connection.
    if (size > limit) over = true;
    else {
      // A chunked body announces no size: it takes its share of the budget as it arrives.
      if (length === undefined) reserve(budget, value.length);
      chunks.push(value);
    }
  }
  if (over) throw tooLarge(size, limit);
  const text = decodeUtf8(chunks, size);
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

const decoder = new TextDecoder();
function decodeUtf8(chunks: Uint8Array[], size: number): string {
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  return decoder.decode(all);
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

/**
 * ADT answers throttling with 429 and Retry-After; `QuotaReachedError` is the one 429 code it documents
 * (https://learn.microsoft.com/azure/digital-twins/troubleshoot-error-codes).
 */
function throttled(reason: string): ApiError {
  return new ApiError(429, 'QuotaReachedError', `Too many requests: ${reason}. Retry after the time given in Retry-After.`,
    undefined, { 'retry-after': '1' });
}

function tooLarge(size: number, limit: number): ApiError {
  return new ApiError(413, 'PayloadTooLarge',
    `The request payload is ${size} bytes, larger than the limit of ${limit} bytes. See service limits https://aka.ms/adt-limits.`);
}

/** A handler's answer: JSON bodies carry their exact byte length. */
function respond(common: Record<string, string>, result: HandlerResponse): Answer {
  const headers: Record<string, string> = { ...common };
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = v;
  if (result.body === undefined || result.status === 204) {
    headers['content-length'] = '0';
    return { status: result.status, headers, body: null };
  }
  const payload = encoder.encode(JSON.stringify(result.body));
  headers['content-type'] ??= 'application/json; charset=utf-8';
  headers['content-length'] = String(payload.length);
  return { status: result.status, headers, body: payload };
}
