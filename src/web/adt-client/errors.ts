import type { ErrorInfo } from '../../shared/adt';
import { HEADER } from '../../shared/adt';
import { isRecord } from '../../shared/json';

/**
 * The one error the client throws for a failed call: an ADT error body (`{ error: { code, message, details } }`),
 * or a transport failure (status 0, code `NetworkError`). Aborts are not wrapped: they reject with the signal's
 * reason so callers (TanStack Query, React effects) recognise a cancellation.
 */
export class AdtError extends Error {
  override readonly name = 'AdtError';
  readonly status: number;
  readonly code: string;
  readonly details: ErrorInfo[];
  readonly innerError: unknown;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly url: string;
  /** The server's Retry-After, in ms, when it sent one (429/503). */
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    status: number; code: string; message: string; method: string; url: string;
    details?: ErrorInfo[]; innerError?: unknown; requestId?: string; retryAfterMs?: number; cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.innerError = init.innerError;
    this.requestId = init.requestId;
    this.method = init.method;
    this.url = init.url;
    this.retryAfterMs = init.retryAfterMs;
  }
}


function toErrorInfo(v: unknown): ErrorInfo | undefined {
  if (!isRecord(v)) return undefined;
  const code = typeof v.code === 'string' ? v.code : undefined;
  const message = typeof v.message === 'string' ? v.message : undefined;
  if (code === undefined && message === undefined) return undefined;
  const info: ErrorInfo = { code: code ?? '', message: message ?? '' };
  if (Array.isArray(v.details)) {
    info.details = v.details.map(toErrorInfo).filter((d): d is ErrorInfo => d !== undefined);
  }
  if (isRecord(v.innererror)) info.innererror = v.innererror;
  return info;
}

/**
 * An RFC 7807 problem (application/problem+json) as ASP.NET writes it for a body it cannot bind: ADT answers a patch
 * of plain strings this way, with `title`, `status` and `errors` (a map from JSON path to messages) and no `error`
 * object. The title and every path with its messages become the error's message, so the UI says what was wrong.
 */
function problemInfo(p: Record<string, unknown>): ErrorInfo | undefined {
  if (typeof p.title !== 'string' && typeof p.detail !== 'string') return undefined;
  const details: ErrorInfo[] = [];
  if (isRecord(p.errors)) {
    for (const [path, messages] of Object.entries(p.errors)) {
      for (const m of Array.isArray(messages) ? messages : [messages]) {
        if (typeof m === 'string') details.push({ code: path === '' ? 'body' : path, message: m });
      }
    }
  }
  const head = [p.title, p.detail].filter((x): x is string => typeof x === 'string' && x !== '').join(' ');
  const message = details.length === 0 ? head : `${head} ${details.map((d) => `${d.code}: ${d.message}`).join(' ')}`;
  return { code: 'ValidationProblem', message };
}

/**
 * Builds the AdtError for a non-2xx response. Order of evidence: the ADT body's `error.code`/`message`, then the
 * `x-ms-error-code` header (declared by the spec, absent in recorded live traffic), then the HTTP status text.
 */
export function parseAdtError(o: {
  status: number; statusText: string; headers: Headers; bodyText: string; method: string; url: string; retryAfterMs?: number;
}): AdtError {
  let info: ErrorInfo | undefined;
  if (o.bodyText.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(o.bodyText);
      if (isRecord(parsed)) info = toErrorInfo(parsed.error) ?? problemInfo(parsed);
    } catch {
      // Not JSON (a gateway's HTML page, say): fall back to headers and status text below.
    }
  }
  const statusText = o.statusText || `HTTP ${o.status}`;
  const code = (info?.code || o.headers.get(HEADER.errorCode)) || statusText;
  const message = info?.message || statusText;
  return new AdtError({
    status: o.status,
    code,
    message,
    method: o.method,
    url: o.url,
    details: info?.details,
    innerError: info?.innererror,
    requestId: o.headers.get(HEADER.requestId) ?? undefined,
    retryAfterMs: o.retryAfterMs,
  });
}
