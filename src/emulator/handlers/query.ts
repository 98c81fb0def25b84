import { ApiError } from '../errors';
import { firstTooDeepParenthesis, MAX_QUERY_NESTING } from '../../shared/query';
import { executeQuery } from '../query-engine';
import type { Core, HandlerResponse, RequestContext } from './context';
import { errors } from './messages';
import { isObject, pageSizeFrom } from './util';

/** Query pages hold up to 1,000 items (https://learn.microsoft.com/azure/digital-twins/reference-service-limits); `max-items-per-page` can ask for fewer. */
export const QUERY_PAGE = 1000;
/** ADT's query execution limit (https://learn.microsoft.com/rest/api/digital-twins/dataplane/query/query-twins); beyond it a query ends with 400 TimeoutError. */
export const QUERY_TIMEOUT_MS = 60_000;

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
  if (spec.query !== undefined && spec.continuationToken === undefined) checkNesting(spec.query);
  const pageSize = pageSizeFrom(ctx, QUERY_PAGE) ?? QUERY_PAGE;
  const page = executeQuery(spec, core.store, { pageSize, timeoutMs: core.queryTimeoutMs ?? QUERY_TIMEOUT_MS });
  return {
    status: 200,
    body: { value: page.value, continuationToken: page.continuationToken },
    headers: { 'query-charge': String(page.charge) },
  };
}

/**
 * Parentheses nested deeper than MAX_QUERY_NESTING are refused before running the query: the shared parser is
 * recursive, and about 2,000 levels (well within the 8,000-character limit) overflowed its stack and answered 500
 * (found by src/emulator/reliability). Continuation tokens carry a query that passed this check, so only fresh
 * queries need it.
 */
function checkNesting(text: string): void {
  const at = firstTooDeepParenthesis(text);
  if (at !== undefined) {
    throw new ApiError(400, 'SqlQueryError',
      `SQL query is invalid: parentheses are nested deeper than ${MAX_QUERY_NESTING} levels (at character ${at}). See samples in https://aka.ms/adtv2query for the correct syntax.`);
  }
}
