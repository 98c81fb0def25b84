import type { DigitalTwin, Relationship } from '../../../shared/adt';
import type { AdtClient } from '../../adt-client';
import { collectGraphItems, IN_LIST_LIMIT, QUERY_PAGE_SIZE } from '../../api/graph-loader';
import { queryStringLiteral } from '../../../shared/query';

export type ExpandDirection = 'out' | 'in' | 'both';

/** One MATCH query per direction and per IN_LIST_LIMIT twins of the frontier: never one request per twin. */
export function expandQueries(frontier: readonly string[], direction: ExpandDirection): string[] {
  const patterns = direction === 'both' ? ['(S)-[R]->(T)', '(S)<-[R]-(T)'] : direction === 'out' ? ['(S)-[R]->(T)'] : ['(S)<-[R]-(T)'];
  const queries: string[] = [];
  for (let i = 0; i < frontier.length; i += IN_LIST_LIMIT) {
    const ids = frontier.slice(i, i + IN_LIST_LIMIT).map(queryStringLiteral).join(', ');
    for (const p of patterns) queries.push(`SELECT T, R FROM DIGITALTWINS MATCH ${p} WHERE S.$dtId IN [${ids}]`);
  }
  return queries;
}

/**
 * Expands twins' neighbourhoods level by level (1 to `levels`), following relationships in the chosen direction.
 * Each level queries only the twins first reached at the previous level.
 */
export async function expandNeighbourhood(
  client: AdtClient,
  start: readonly string[],
  options: { direction: ExpandDirection; levels: number; signal?: AbortSignal; onPage?: (twins: DigitalTwin[], relationships: Relationship[]) => void },
): Promise<{ twins: number; relationships: number }> {
  const seen = new Set(start);
  let frontier = [...start];
  let twins = 0;
  let relationships = 0;
  for (let level = 0; level < options.levels && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const q of expandQueries(frontier, options.direction)) {
      for await (const page of client.queryTwins(q, { signal: options.signal, maxItemsPerPage: QUERY_PAGE_SIZE }).byPage()) {
        const items = collectGraphItems(page.value);
        for (const t of items.twins) {
          if (seen.has(t.$dtId)) continue;
          seen.add(t.$dtId);
          next.push(t.$dtId);
        }
        twins += items.twins.length;
        relationships += items.relationships.length;
        options.onPage?.(items.twins, items.relationships);
      }
    }
    frontier = next;
  }
  return { twins, relationships };
}
