import { describe, expect, it } from 'vitest';
import { AdtClient } from '../../adt-client';
import { fakeFetch, json } from '../../adt-client/test-helpers';
import { expandNeighbourhood, expandQueries } from './expand';

// A chain a -> b -> c -> d, answered by a tiny MATCH interpreter over the query text.
const edges = [['a', 'b'], ['b', 'c'], ['c', 'd']] as const;
const twin = (id: string) => ({ $dtId: id, $metadata: { $model: 'dtmi:t:T;1' } });

function server() {
  return fakeFetch((call) => {
    const query = (JSON.parse(call.body ?? '{}') as { query: string }).query;
    const ids = new Set([...query.matchAll(/'([^']+)'/g)].map((m) => m[1]));
    const outgoing = query.includes('-[R]->');
    const rows = edges
      .filter(([s, t]) => ids.has(outgoing ? s : t))
      .map(([s, t]) => ({ T: twin(outgoing ? t : s), R: { $relationshipId: `${s}-${t}`, $sourceId: s, $targetId: t, $relationshipName: 'next' } }));
    return json({ value: rows, continuationToken: null });
  });
}

describe('expandQueries', () => {
  it('uses MATCH in the asked direction, chunked by the IN-list limit', () => {
    expect(expandQueries(['x'], 'out')).toEqual(["SELECT T, R FROM DIGITALTWINS MATCH (S)-[R]->(T) WHERE S.$dtId IN ['x']"]);
    expect(expandQueries(['x'], 'both')).toHaveLength(2);
    expect(expandQueries(Array.from({ length: 120 }, (_, i) => `t${i}`), 'in')).toHaveLength(3);
  });
});

describe('expandNeighbourhood', () => {
  it('follows outgoing relationships level by level', async () => {
    const { fetch, calls } = server();
    const seen: string[] = [];
    await expandNeighbourhood(new AdtClient({ baseUrl: 'http://e', fetch }), ['a'], {
      direction: 'out', levels: 2, onPage: (twins) => seen.push(...twins.map((t) => t.$dtId)),
    });
    expect(seen).toEqual(['b', 'c']);
    expect(calls).toHaveLength(2);
  });

  it('follows incoming relationships and stops when nothing new is reached', async () => {
    const { fetch, calls } = server();
    const seen: string[] = [];
    await expandNeighbourhood(new AdtClient({ baseUrl: 'http://e', fetch }), ['c'], {
      direction: 'in', levels: 10, onPage: (twins) => seen.push(...twins.map((t) => t.$dtId)),
    });
    expect(seen).toEqual(['b', 'a']);
    expect(calls).toHaveLength(3); // the third level finds nothing new, so the loop ends
  });
});
