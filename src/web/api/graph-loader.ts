import type { DigitalTwin, Relationship } from '../../shared/adt';
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

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The queries that fetch the relationships among the given twins, in bulk: one per IN_LIST_LIMIT source twins,
 * never one request per twin. Each query is paged by the caller.
 */
export function relationshipQueries(twinIds: readonly string[]): string[] {
  const queries: string[] = [];
  for (let i = 0; i < twinIds.length; i += IN_LIST_LIMIT) {
    const chunk = twinIds.slice(i, i + IN_LIST_LIMIT).map(quote).join(', ');
    queries.push(`SELECT * FROM RELATIONSHIPS R WHERE R.$sourceId IN [${chunk}]`);
  }
  return queries;
}

export interface LoadProgress {
  twins: DigitalTwin[];
  relationships: Relationship[];
  other: unknown[];
  queryCharge: number;
}

/**
 * Runs a query page by page, then loads the relationships among the loaded twins in bulk.
 * When the twins are many, one paged scan of all relationships costs fewer requests than IN-list chunks, so the
 * cheaper plan is chosen from a COUNT: the request count stays O(N / page size).
 */
export async function loadQuery(
  client: AdtClient,
  query: string,
  options: { signal?: AbortSignal; budget?: number; onPage?: (p: LoadProgress) => void; pageSize?: number } = {},
): Promise<{ twins: number; relationships: number; rows: unknown[]; truncated: boolean; queryCharge: number }> {
  const budget = options.budget ?? Infinity;
  const pageSize = options.pageSize ?? QUERY_PAGE_SIZE;
  const twinIds = new Set<string>();
  const rows: unknown[] = [];
  let relationships = 0;
  let queryCharge = 0;
  let truncated = false;
  const emit = (p: LoadProgress) => options.onPage?.(p);

  for await (const page of client.queryTwins(query, { signal: options.signal, maxItemsPerPage: pageSize }).byPage()) {
    queryCharge += page.queryCharge ?? 0;
    const items = collectGraphItems(page.value);
    const room = budget - twinIds.size;
    const twins = items.twins.slice(0, Math.max(0, room));
    if (twins.length < items.twins.length) truncated = true;
    for (const t of twins) twinIds.add(t.$dtId);
    relationships += items.relationships.length;
    rows.push(...items.other);
    emit({ twins, relationships: items.relationships, other: items.other, queryCharge: page.queryCharge ?? 0 });
    if (truncated) break;
  }

  if (twinIds.size > 0) {
    const ids = [...twinIds];
    const chunkRequests = Math.ceil(ids.length / IN_LIST_LIMIT);
    let plan: string[] = relationshipQueries(ids);
    if (chunkRequests > 2) {
      const counted = await client.queryTwins<{ COUNT: number }>('SELECT COUNT() FROM RELATIONSHIPS', { signal: options.signal }).byPage().next();
      const total = counted.done ? 0 : (counted.value.value[0]?.COUNT ?? 0);
      if (!counted.done) queryCharge += counted.value.queryCharge ?? 0;
      if (Math.ceil(total / pageSize) + 1 < chunkRequests) plan = ['SELECT * FROM RELATIONSHIPS'];
    }
    for (const q of plan) {
      for await (const page of client.queryTwins<Relationship>(q, { signal: options.signal, maxItemsPerPage: pageSize }).byPage()) {
        queryCharge += page.queryCharge ?? 0;
        const rels = page.value.filter((r) => isRelationship(r) && twinIds.has(r.$sourceId) && twinIds.has(r.$targetId));
        relationships += rels.length;
        emit({ twins: [], relationships: rels, other: [], queryCharge: page.queryCharge ?? 0 });
      }
    }
  }
  return { twins: twinIds.size, relationships, rows, truncated, queryCharge };
}
