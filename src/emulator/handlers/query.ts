import { executeQuery } from '../query-engine';
import type { Core, HandlerResponse, RequestContext } from './context';
import { errors } from './messages';
import { isObject, pageSizeFrom } from './util';

/** Query pages hold up to 1,000 items (reference §3.6); `max-items-per-page` can ask for fewer. */
export const QUERY_PAGE = 1000;
const QUERY_TIMEOUT_MS = 60_000;

export function queryTwins(ctx: RequestContext, core: Core): HandlerResponse {
  const body = ctx.body === undefined ? {} : ctx.body;
  if (!isObject(body)) throw errors.invalidArgument('The request body must be a query specification: {"query": "..."}.');
  const spec: { query?: string; continuationToken?: string } = {};
  for (const key of ['query', 'continuationToken'] as const) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw errors.invalidArgument(`The ${key} of a query specification must be a string.`);
    spec[key] = value;
  }
  const pageSize = pageSizeFrom(ctx, QUERY_PAGE) ?? QUERY_PAGE;
  const page = executeQuery(spec, core.store, { pageSize, timeoutMs: QUERY_TIMEOUT_MS });
  return {
    status: 200,
    body: { value: page.value, continuationToken: page.continuationToken },
    headers: { 'query-charge': String(page.charge) },
  };
}
