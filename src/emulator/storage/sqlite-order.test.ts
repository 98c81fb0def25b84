import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DigitalTwin, Relationship } from '../../shared/adt';
import { SqliteStore } from './sqlite';

/** The ordered reads the query engine's keyset paging relies on (QuerySource.*InOrder). */

const twin = (id: string, model: string): DigitalTwin => ({ $dtId: id, $etag: `W/"${id}"`, $metadata: { $model: model } });
const rel = (source: string, id: string, target: string): Relationship =>
  ({ $relationshipId: id, $etag: 'W/"r"', $sourceId: source, $relationshipName: 'n', $targetId: target });
const A = 'dtmi:x:A;1';
const B = 'dtmi:x:B;1';
const ids = (twins: Iterable<DigitalTwin>) => [...twins].map((t) => t.$dtId);
const keys = (rels: Iterable<Relationship>) => [...rels].map((r) => `${r.$sourceId}/${r.$relationshipId}`);

describe('SqliteStore ordered reads', () => {
  it('iterates twins, twins of models and relationships in code-unit order from any key, also after a reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinscope-order-'));
    const path = join(dir, 'store.db');
    try {
      const store = new SqliteStore({ path });
      // Written out of order; 1,500 twins so the ordered index spans several blocks.
      const all = Array.from({ length: 1500 }, (_, i) => `t${(i * 7919) % 1500}`);
      store.batch(() => {
        all.forEach((id, i) => store.putTwin(twin(id, i % 3 === 0 ? B : A)));
        store.putTwin(twin('T0', A));
        for (const [s, r, t] of [['t9', 'b', 't1'], ['t10', 'z', 't2'], ['t9', 'a', 't3'], ['T0', 'x', 't4']] as const) store.putRelationship(rel(s, r, t));
      });
      store.putTwin(twin('Zed', B));
      store.deleteTwin('t100');
      store.putTwin(twin('t5', B));
      const expected = [...all.filter((id) => id !== 't100'), 'T0', 'Zed'].sort();
      const ofB = expected.filter((id) => id === 'Zed' || id === 't5' || (all.indexOf(id) % 3 === 0 && id !== 't5'));

      const check = (s: SqliteStore) => {
        expect(ids(s.twinsInOrder())).toEqual(expected);
        expect(ids(s.twinsInOrder('t2'))).toEqual(expected.filter((id) => id >= 't2'));
        expect(ids(s.twinsOfModelsInOrder([A, B]))).toEqual(expected);
        expect(ids(s.twinsOfModelsInOrder([B], 't3'))).toEqual(ofB.filter((id) => id >= 't3'));
        expect(keys(s.relationshipsInOrder())).toEqual(['T0/x', 't10/z', 't9/a', 't9/b']);
        expect(keys(s.relationshipsInOrder({ sourceId: 't9', relationshipId: 'b' }))).toEqual(['t9/b']);
        expect(s.relationshipCount()).toBe(4);
      };
      check(store);
      store.close();
      const reopened = new SqliteStore({ path });
      check(reopened);
      reopened.deleteRelationship('T0', 'x');
      expect(keys(reopened.relationshipsInOrder())).toEqual(['t10/z', 't9/a', 't9/b']);
      reopened.deleteTwin('T0');
      expect(ids(reopened.twinsInOrder()).slice(0, 2)).toEqual(['Zed', 't0']);
      reopened.deleteAllData();
      expect([ids(reopened.twinsInOrder()), keys(reopened.relationshipsInOrder()), reopened.relationshipCount()]).toEqual([[], [], 0]);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
