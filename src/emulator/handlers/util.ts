import { isRecord } from '../../shared/json';
import { ApiError } from '../errors';
import type { HandlerResponse, RequestContext } from './context';
import { errors } from './messages';

// Node 20 and browsers both have crypto.randomUUID and performance.now as globals.
declare const crypto: { randomUUID(): string };
declare const performance: { now(): number };

/**
 * A timestamp with ADT's 7 fractional digits. JavaScript clocks give milliseconds; the extra digits come from the
 * sub-millisecond part of the monotonic clock so that two writes in the same millisecond still differ.
 */
export function adtNow(): string {
  const iso = new Date().toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  const sub = Math.floor((performance.now() % 1) * 10000).toString().padStart(4, '0');
  return `${iso.slice(0, 23)}${sub}Z`;
}

/** Model upload and job times use the `+00:00` offset form in real responses. */
export function adtOffsetNow(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 23)}0000+00:00`;
}

export function newEtag(): string {
  return `W/"${crypto.randomUUID()}"`;
}

export function uuid(): string {
  return crypto.randomUUID();
}

/** The handlers' name for the shared JSON-object test. */
export const isObject = isRecord;

export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

// ---- conditional requests ----------------------------------------------------------------------------------------

const ETAG_SYNTAX = /^(W\/)?"[^"]*"$/;

/** Opaque part of an entity tag, so that `W/"x"` and `"x"` compare equal (weak comparison, RFC 9110 §8.8.3.2). */
function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/**
 * Checks `If-Match` against the current ETag (undefined when the resource does not exist).
 * Bad syntax is a 400 (checked before anything else, as ADT does); a well-formed value that does not hold is a 412.
 */
export function checkIfMatch(ctx: RequestContext, currentEtag: string | undefined): void {
  const value = ctx.header('if-match');
  if (value === undefined) return;
  const tag = value.trim();
  if (tag !== '*' && !ETAG_SYNTAX.test(tag)) throw errors.badIfMatch();
  if (currentEtag === undefined) throw errors.etagMismatch(tag);
  if (tag !== '*' && opaque(tag) !== opaque(currentEtag)) throw errors.etagMismatch(tag);
}

export function validateIfMatchSyntax(ctx: RequestContext): void {
  const value = ctx.header('if-match');
  if (value === undefined) return;
  const tag = value.trim();
  if (tag !== '*' && !ETAG_SYNTAX.test(tag)) throw errors.badIfMatch();
}

/** `If-None-Match` is only allowed as `*`. Returns whether it was given. */
export function ifNoneMatchStar(ctx: RequestContext): boolean {
  const value = ctx.header('if-none-match');
  if (value === undefined) return false;
  if (value.trim() !== '*') throw errors.badIfNoneMatch();
  return true;
}

// ---- bodies ------------------------------------------------------------------------------------------------------

export function requireObjectBody(ctx: RequestContext, what: string): Record<string, unknown> {
  if (!isObject(ctx.body)) throw errors.invalidArgument(`The request body must be a JSON object describing the ${what}.`);
  return ctx.body;
}

// ---- paging ------------------------------------------------------------------------------------------------------

interface PageToken { o: number; n: number }

export function pageSizeFrom(ctx: RequestContext, maxSize: number): number | undefined {
  const raw = ctx.header('max-items-per-page');
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw errors.invalidArgument(`Invalid max-items-per-page header value ${raw}. The value must be a positive integer.`);
  }
  return Math.min(n, maxSize);
}

function encodeToken(t: PageToken): string {
  return btoa(JSON.stringify(t)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeToken(raw: string): PageToken {
  try {
    const t = JSON.parse(atob(raw.replace(/-/g, '+').replace(/_/g, '/'))) as unknown;
    if (isObject(t) && Number.isInteger(t['o']) && Number.isInteger(t['n']) && (t['o'] as number) >= 0 && (t['n'] as number) >= 1) {
      return { o: t['o'] as number, n: t['n'] as number };
    }
  } catch {
    // fall through to the error below
  }
  throw errors.invalidArgument('The continuation token provided is invalid. Use the nextLink returned by the previous page.');
}

/**
 * One page of a list operation: `{ value, nextLink }` with an absolute nextLink (the same query plus a
 * `continuationToken`), and `nextLink: null` on the last page, as the live service answers.
 */
export function pageOf<T>(ctx: RequestContext, items: readonly T[], defaultSize: number, maxSize: number): HandlerResponse {
  const token = ctx.query.get('continuationToken');
  const start = token ? decodeToken(token) : undefined;
  const size = pageSizeFrom(ctx, maxSize) ?? start?.n ?? defaultSize;
  const offset = start?.o ?? 0;
  const value = items.slice(offset, offset + size);
  let nextLink: string | null = null;
  if (offset + size < items.length) {
    const query = new URLSearchParams();
    for (const [k, v] of ctx.query) if (k !== 'continuationToken') query.append(k, v);
    query.set('continuationToken', encodeToken({ o: offset + size, n: size }));
    nextLink = `${ctx.baseUrl}${ctx.path}?${query.toString()}`;
  }
  return { status: 200, body: { value, nextLink } };
}

export function ok(body: unknown, headers?: Record<string, string>): HandlerResponse {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}

export function noContent(headers?: Record<string, string>): HandlerResponse {
  return headers ? { status: 204, headers } : { status: 204 };
}

export { ApiError };

/** A request made from inside the emulator (seeding, import jobs), to reuse the handlers' checks. */
export function syntheticRequest(host: string, params: Record<string, string>, body: unknown): RequestContext {
  return { method: 'PUT', path: '', params, query: new URLSearchParams(), header: () => undefined, body, baseUrl: '', host };
}
