import type { DigitalTwin, Relationship } from '../../shared/adt';
import { parseQuery, queryStringLiteral } from '../../shared/query';
import type { AdtClient } from '../adt-client';

/** ADT's IN-list limit: a relationship query names at most this many source twins. */
export const IN_LIST_LIMIT = 50;
export const QUERY_PAGE_SIZE = 1000;

export function isTwin(value: unknown): value is DigitalTwin {
  return typeof value === 'object' && value !== null && typeof (value as { $dtId?: unknown }).$dtId === 'string'
    && typeof (value as { $metadata?: { $model?: unknown } }).$metadata?.$model === 'string';
}

export function isRelationship(value: unknown): value is Relationship {
  const v = value as Partial<Relationship> | null;
  return typeof v === 'object' && v !== null && typeof v.$relationshipId === 'string' && typeof v.$sourceId === 'string'
    && typeof v.$targetId === 'string';
}

/** Pulls twins and relationships out of query rows: bare documents (SELECT *) or projected collections (SELECT T, R). */
export function collectGraphItems(rows: readonly unknown[]): { twins: DigitalTwin[]; relationships: Relationship[]; other: unknown[] } {
  const twins: DigitalTwin[] = [];
  const relationships: Relationship[] = [];
  const other: unknown[] = [];
  for (const row of rows) {
    if (isTwin(row)) twins.push(row);
    else if (isRelationship(row)) relationships.push(row);
    else if (typeof row === 'object' && row !== null) {
      let found = false;
      for (const v of Object.values(row)) {
        if (isTwin(v)) {
          twins.push(v);
          found = true;
        } else if (isRelationship(v)) {
          relationships.push(v);
          found = true;
        }
      }
      if (!found) other.push(row);
    } else other.push(row);
  }
  return { twins, relationships, other };
}

/**
 * The queries that fetch the relationships among the given twins, in bulk: one per IN_LIST_LIMIT twins, never one
 * request per twin. With `alsoIncoming`, relationships that end at these twins are fetched too (for twins added to a
 * graph that already holds their neighbours). Each query is paged by the caller.
 */
export function relationshipQueries(twinIds: readonly string[], alsoIncoming = false): string[] {
  const queries: string[] = [];
  for (let i = 0; i < twinIds.length; i += IN_LIST_LIMIT) {
    const chunk = twinIds.slice(i, i + IN_LIST_LIMIT).map(queryStringLiteral).join(', ');
    queries.push(
      alsoIncoming
        ? `SELECT * FROM RELATIONSHIPS R WHERE R.$sourceId IN [${chunk}] OR R.$targetId IN [${chunk}]`
        : `SELECT * FROM RELATIONSHIPS R WHERE R.$sourceId IN [${chunk}]`,
    );
  }
  return queries;
}

export interface LoadProgress {
  twins: DigitalTwin[];
  relationships: Relationship[];
  other: unknown[];
  queryCharge: number;
}

/** Where a query stopped at the node budget: the rest of the cut page, and the token of the page after it. */
export interface ResumePoint {
  query: string;
  pending: unknown[];
  continuationToken: string | null;
}

export interface LoadResult {
  twins: number;
  relationships: number;
  rows: unknown[];
  truncated: boolean;
  queryCharge: number;
  resume: ResumePoint | null;
}

export interface LoadOptions {
  signal?: AbortSignal;
  budget?: number;
  onPage?: (p: LoadProgress) => void;
  pageSize?: number;
  /** Continue a query that the budget cut ("load more"). */
  resume?: ResumePoint;
  /** Twins already in the graph: relationships between them and the new twins are loaded too. */
  known?: ReadonlySet<string>;
}

/**
 * Runs a query page by page, then loads the relationships among the loaded twins in bulk.
 * When the twins are many, one paged scan of all relationships costs fewer requests than IN-list chunks, so the
 * cheaper plan is chosen from a COUNT: the request count stays O(N / page size).
 */
export async function loadQuery(client: AdtClient, query: string, options: LoadOptions = {}): Promise<LoadResult> {
  const budget = options.budget ?? Infinity;
  const pageSize = options.pageSize ?? QUERY_PAGE_SIZE;
  const known = options.known ?? new Set<string>();
  const twinIds = new Set<string>();
  const rows: unknown[] = [];
  let relationships = 0;
  let queryCharge = 0;
  let resume: ResumePoint | null = null;
  const emit = (p: LoadProgress) => options.onPage?.(p);

  // Returns false once the budget is spent, keeping what did not fit for "load more".
  const take = (values: unknown[], charge: number, nextToken: string | null): boolean => {
    const items = collectGraphItems(values);
    const room = Math.max(0, budget - twinIds.size);
    const twins = items.twins.slice(0, room);
    for (const t of twins) twinIds.add(t.$dtId);
    relationships += items.relationships.length;
    rows.push(...items.other);
    emit({ twins, relationships: items.relationships, other: items.other, queryCharge: charge });
    if (twins.length < items.twins.length) {
      const left = new Set(items.twins.slice(room));
      resume = { query, pending: values.filter((v) => left.has(v as DigitalTwin)), continuationToken: nextToken };
      return false;
    }
    return true;
  };

  let more = true;
  let startToken: string | undefined;
  if (options.resume) {
    more = take(options.resume.pending, 0, options.resume.continuationToken);
    startToken = options.resume.continuationToken ?? undefined;
    if (more && startToken === undefined) more = false;
  }
  if (more) {
    const pages = client.queryTwins(query, { signal: options.signal, maxItemsPerPage: pageSize }).byPage(startToken === undefined ? {} : { continuationToken: startToken });
    for await (const page of pages) {
      queryCharge += page.queryCharge ?? 0;
      if (!take(page.value, page.queryCharge ?? 0, page.continuationToken)) break;
    }
  }

  if (twinIds.size > 0) {
    const ids = [...twinIds];
    const all = new Set([...known, ...ids]);
    const alsoIncoming = known.size > 0;
    const chunkRequests = Math.ceil(ids.length / IN_LIST_LIMIT);
    let plan: string[] = relationshipQueries(ids, alsoIncoming);
    if (chunkRequests > 2) {
      const counted = await client.queryTwins<{ COUNT: number }>('SELECT COUNT() FROM RELATIONSHIPS', { signal: options.signal }).byPage().next();
      const total = counted.done ? 0 : (counted.value.value[0]?.COUNT ?? 0);
      if (!counted.done) queryCharge += counted.value.queryCharge ?? 0;
      if (Math.ceil(total / pageSize) + 1 < chunkRequests) plan = ['SELECT * FROM RELATIONSHIPS'];
    }
    for (const q of plan) {
      for await (const page of client.queryTwins<Relationship>(q, { signal: options.signal, maxItemsPerPage: pageSize }).byPage()) {
        queryCharge += page.queryCharge ?? 0;
        const rels = page.value.filter(
          (r) => isRelationship(r) && all.has(r.$sourceId) && all.has(r.$targetId) && (twinIds.has(r.$sourceId) || twinIds.has(r.$targetId)),
        );
        relationships += rels.length;
        emit({ twins: [], relationships: rels, other: [], queryCharge: page.queryCharge ?? 0 });
      }
    }
  }
  return { twins: twinIds.size, relationships, rows, truncated: resume !== null, queryCharge, resume };
}

/**
 * `SELECT COUNT()` for a `SELECT *` query, so a cut result can say "showing N of M". Other shapes (projections,
 * TOP) have no cheap exact twin count and get null.
 */
export function countQueryFor(query: string): string | null {
  const { ast, diagnostics } = parseQuery(query);
  if (diagnostics.some((d) => d.severity === 'error') || ast.select.mode !== 'all' || ast.select.top) return null;
  const s = ast.select.span;
  return `${query.slice(0, s.start)}SELECT COUNT()${query.slice(s.end)}`;
}

/**
 * The number of twins `query` (a `SELECT *`) matches, from its COUNT() query's first page: what a result cut at the
 * budget is out of. Undefined when the service returned no page, null when the page had no count.
 */
export async function countTwinsOf(client: AdtClient, query: string, signal?: AbortSignal): Promise<number | null | undefined> {
  const countQuery = countQueryFor(query);
  if (!countQuery) return undefined;
  const counted = await client.queryTwins<{ COUNT: number }>(countQuery, { signal }).byPage().next();
  return counted.done ? undefined : counted.value.value[0]?.COUNT ?? null;
}
