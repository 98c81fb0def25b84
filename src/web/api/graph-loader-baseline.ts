import type { Relationship } from '../../shared/adt';
import type { AdtClient } from '../adt-client';
import { collectGraphItems, IN_LIST_LIMIT, isRelationship, type LoadProgress } from './graph-loader';
import { queryStringLiteral } from '../../shared/query';

/** ADT Explorer fetches the relationships of 100 twins per request. */
export const BASELINE_RELATIONSHIP_BATCH = 100;

/**
 * ADT Explorer's loading strategy, kept only as the baseline that `npm run bench` measures side by side with ours
 * (open the app with `?loader=baseline`): after every page of twins, fetch their relationships 100 twins per request
 * (two IN lists of 50, the service's IN limit) and draw and lay out the graph again.
 */
export async function loadQueryBaseline(
  client: AdtClient,
  query: string,
  options: { signal?: AbortSignal; onPage?: (p: LoadProgress) => void; pageSize?: number } = {},
): Promise<{ twins: number; relationships: number }> {
  let twins = 0;
  let relationships = 0;
  for await (const page of client.queryTwins(query, { signal: options.signal, maxItemsPerPage: options.pageSize ?? 1000 }).byPage()) {
    const items = collectGraphItems(page.value);
    twins += items.twins.length;
    options.onPage?.({ twins: items.twins, relationships: [], other: items.other, queryCharge: page.queryCharge ?? 0 });
    const ids = items.twins.map((t) => t.$dtId);
    for (let i = 0; i < ids.length; i += BASELINE_RELATIONSHIP_BATCH) {
      const batch = ids.slice(i, i + BASELINE_RELATIONSHIP_BATCH);
      const lists: string[] = [];
      for (let j = 0; j < batch.length; j += IN_LIST_LIMIT) lists.push(`R.$sourceId IN [${batch.slice(j, j + IN_LIST_LIMIT).map(queryStringLiteral).join(', ')}]`);
      const q = `SELECT * FROM RELATIONSHIPS R WHERE ${lists.join(' OR ')}`;
      for await (const relPage of client.queryTwins<Relationship>(q, { signal: options.signal }).byPage()) {
        const rels = relPage.value.filter(isRelationship);
        relationships += rels.length;
        options.onPage?.({ twins: [], relationships: rels, other: [], queryCharge: relPage.queryCharge ?? 0 });
      }
    }
  }
  return { twins, relationships };
}
