import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { HEADER } from '../../shared/adt';
import { ApiError } from '../errors';

export interface ProxyOptions {
  /** Extra hosts besides `*.digitaltwins.azure.net`: exact `host` or `host:port`, or `*.suffix` wildcards. */
  allowHosts?: string[];
  fetch?: typeof fetch;
  /** Whole exchange, request to last body byte. Default 120 s (ADT queries time out at 60 s). */
  timeoutMs?: number;
  /** Request body cap. Default 32 MiB. */
  maxBodyBytes?: number;
  /** One line per proxied request: method, host, path, status, duration. Never headers. */
  log?: (line: string) => void;
}

const ADT_SUFFIX = '.digitaltwins.azure.net';
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/** Plain DNS names only: no userinfo, path, query, fragment, brackets, whitespace, or trailing dot. */
const HOST_RE = new RegExp(`^(${LABEL}(?:\\.${LABEL})*)(?::(\\d{1,5}))?$`);

/** Request headers the proxy passes on. Everything else (cookies, hop-by-hop, Host, x-adt-host) stays behind. */
const FORWARDED_REQUEST_HEADERS = [
  'authorization', 'content-type', 'accept', HEADER.ifMatch, HEADER.ifNoneMatch, HEADER.maxItemsPerPage, HEADER.messageId,
  HEADER.telemetrySourceTime, HEADER.traceparent, HEADER.tracestate, HEADER.operationId, HEADER.clientRequestId,
];

/**
 * Response headers that must not be copied: hop-by-hop ones, cookies, the upstream's CORS (the emulator answers CORS
 * itself), HSTS (ADT's would pin the emulator's host to https for a month), and the encoding/length pair, because
 * fetch has already decompressed the body.
 */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade',
  'set-cookie', 'strict-transport-security', 'alt-svc', 'content-encoding', 'content-length',
  'access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-headers',
  'access-control-allow-methods', 'access-control-expose-headers', 'access-control-max-age',
]);

const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']);

export type HostCheck = { ok: true; host: string } | { ok: false; status: 400 | 403; message: string };

/**
 * Validates an `x-adt-host` value. Accepted: `<labels>.digitaltwins.azure.net` without a port, or an entry of the
 * configured list. The value must be a bare DNS name (optionally `:port` for configured entries), so nothing like
 * `evil.com#.digitaltwins.azure.net`, `x.digitaltwins.azure.net@evil.com` or `digitaltwins.azure.net.evil.com` can
 * pass a suffix test and then mean a different host to a URL parser.
 */
export function checkAdtHost(raw: string | undefined, allowHosts: readonly string[] = []): HostCheck {
  if (raw === undefined || raw.trim() === '') {
    return { ok: false, status: 400, message: `The ${HEADER.adtHost} header is required: it names the Azure Digital Twins host to forward to.` };
  }
  const value = raw.trim().toLowerCase();
  const match = value.length <= 253 + 6 ? HOST_RE.exec(value) : null;
  if (!match) return { ok: false, status: 400, message: `The ${HEADER.adtHost} header must be a plain host name.` };
  const name = match[1]!;
  const port = match[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    return { ok: false, status: 400, message: `The ${HEADER.adtHost} header has an invalid port.` };
  }
  const allowed = (port === undefined && name.endsWith(ADT_SUFFIX) && name.length > ADT_SUFFIX.length)
    || allowHosts.some((entry) => {
      const e = entry.trim().toLowerCase();
      if (e.startsWith('*.')) return port === undefined && name.endsWith(e.slice(1)) && name.length > e.length - 1;
      return e === value;
    });
  return allowed
    ? { ok: true, host: value }
    : { ok: false, status: 403, message: `The host ${value} is not on the proxy's allow-list (*${ADT_SUFFIX} and configured hosts).` };
}

function sendError(res: ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(error.toBody());
  res.writeHead(error.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    [HEADER.errorCode]: error.code,
  });
  res.end(body);
}

/**
 * Reads the request body, or returns null past `limit`. An oversized body is still drained (not stored): leaving the
 * loop early would destroy the socket and the 413 would never reach the caller.
 */
async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size <= limit) chunks.push(buf);
  }
  if (size > limit) return null;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) { body.set(c, offset); offset += c.length; }
  return body;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * Handles a request under /api/proxy/*. `pathAfterPrefix` is the raw (still percent-encoded) path after the prefix,
 * with or without its query string; without one, the query of `req.url` is used.
 *
 * Response bodies are passed through byte for byte: absolute `nextLink`s still name the ADT host, and the app's
 * AdtClient re-bases them onto the proxy (keeping x-adt-host), which spares the proxy from parsing every JSON body.
 */
export function createAdtProxy(options: ProxyOptions = {}): (req: IncomingMessage, res: ServerResponse, pathAfterPrefix: string) => Promise<void> {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const allowHosts = options.allowHosts ?? [];
  const log = options.log;

  return async function proxy(req, res, pathAfterPrefix) {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const auth = headerValue(req.headers.authorization);
    const scrub = (text: string) => (auth ? text.split(auth).join('[redacted]') : text);
    let target = '';
    const finish = (status: number | string) => log?.(scrub(`proxy ${method} ${target || '-'} -> ${status} ${Date.now() - started}ms`));

    const rawHost = headerValue(req.headers[HEADER.adtHost]);
    const check = checkAdtHost(rawHost, allowHosts);
    if (!check.ok) {
      const err = check.status === 400
        ? new ApiError(400, rawHost === undefined || rawHost.trim() === '' ? 'MissingArgument' : 'InvalidArgument', check.message)
        : new ApiError(403, 'Forbidden', check.message);
      sendError(res, err);
      finish(err.status);
      return;
    }
    if (!ALLOWED_METHODS.has(method)) {
      sendError(res, new ApiError(405, 'MethodNotAllowed', `The proxy does not forward ${method} requests.`));
      finish(405);
      return;
    }

    let pathAndQuery = pathAfterPrefix.startsWith('/') ? pathAfterPrefix : `/${pathAfterPrefix}`;
    if (!pathAndQuery.includes('?')) {
      const q = (req.url ?? '').indexOf('?');
      if (q >= 0) pathAndQuery += (req.url ?? '').slice(q);
    }
    let url: URL;
    try {
      url = new URL(`https://${check.host}${pathAndQuery}`);
    } catch {
      url = new URL('https://invalid');
    }
    // The host was validated; this catches any path that a URL parser would read as a new authority.
    if (url.host !== check.host.replace(/:443$/, '')) {
      sendError(res, new ApiError(400, 'InvalidArgument', 'The proxied path is not valid.'));
      finish(400);
      return;
    }
    target = `${url.host}${url.pathname}`;

    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const v = headerValue(req.headers[name]);
      if (v !== undefined) headers[name] = v;
    }

    let body: Uint8Array<ArrayBuffer> | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      let read: Uint8Array<ArrayBuffer> | null;
      try {
        read = await readBody(req, maxBodyBytes);
      } catch {
        res.destroy();
        finish('client-closed');
        return;
      }
      if (read === null) {
        sendError(res, new ApiError(413, 'PayloadTooLarge', `The request body exceeds ${maxBodyBytes} bytes.`));
        finish(413);
        return;
      }
      if (read.length > 0) body = read;
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
    const onClose = () => { if (!res.writableFinished) controller.abort(); };
    res.on('close', onClose);

    try {
      let upstream: Response;
      try {
        upstream = await fetchImpl(url.href, { method, headers, body, signal: controller.signal, redirect: 'manual' });
      } catch (err) {
        if (timedOut) {
          sendError(res, new ApiError(504, 'GatewayTimeout', `${check.host} did not answer within ${timeoutMs} ms.`));
          finish(504);
        } else if (controller.signal.aborted) {
          finish('client-closed');
        } else {
          sendError(res, new ApiError(502, 'BadGateway', scrub(`Could not reach ${check.host}: ${describe(err)}`)));
          finish(502);
        }
        return;
      }

      const outHeaders: Record<string, string | string[]> = {};
      upstream.headers.forEach((value, name) => {
        if (!DROPPED_RESPONSE_HEADERS.has(name)) outHeaders[name] = value;
      });
      res.writeHead(upstream.status, outHeaders);
      if (upstream.body && method !== 'HEAD') {
        const reader = upstream.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            if (!res.write(value)) await once(res, 'drain', { signal: controller.signal });
          }
        } catch (err) {
          // Headers are out; the only honest signal left is a cut connection.
          res.destroy();
          finish(timedOut ? 'timeout-mid-body' : `aborted-mid-body: ${describe(err)}`);
          return;
        }
      }
      res.end();
      finish(upstream.status);
    } finally {
      clearTimeout(timer);
      res.off('close', onClose);
    }
  };
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  return code ? `${err.message} (${code})` : err.message;
}
