import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DigitalTwin, Relationship } from '../../shared/adt';
import { SqliteStore } from './sqlite';

const twin = (id: string, model = 'dtmi:x:A;1'): DigitalTwin => ({ $dtId: id, $etag: `W/"${id}"`, $metadata: { $model: model } });
const rel = (source: string, id: string, target: string): Relationship =>
  ({ $relationshipId: id, $etag: 'W/"r"', $sourceId: source, $relationshipName: 'n', $targetId: target });

describe('SqliteStore', () => {
  it('keeps the in-memory indexes in step with writes', () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      store.putTwin(twin('a'));
      store.putTwin(twin('b', 'dtmi:x:B;1'));
      store.putRelationship(rel('a', 'r1', 'b'));
      expect([...store.twinsOfModels(['dtmi:x:B;1'])].map((t) => t.$dtId)).toEqual(['b']);
      expect([...store.incoming('b')].map((r) => r.$relationshipId)).toEqual(['r1']);
      // Re-pointing a relationship moves it between incoming lists; re-modelling a twin moves it between models.
      store.putTwin(twin('c'));
      store.putRelationship(rel('a', 'r1', 'c'));
      expect(store.incomingCount('b')).toBe(0);
      expect(store.incomingCount('c')).toBe(1);
      store.putTwin(twin('b', 'dtmi:x:A;1'));
      expect([...store.twinsOfModels(['dtmi:x:B;1'])]).toEqual([]);
      expect([...store.allRelationships()]).toHaveLength(1);
      expect(() => store.putRelationship(rel('a', 'r2', 'missing'))).toThrow();
      expect(store.getRelationship('a', 'r2')).toBeUndefined();
      expect(store.deleteAllData()).toEqual({ models: 0, twins: 3, relationships: 1 });
      expect(store.twinCount()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('rolls a failed batch back in the file and in the mirror', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinscope-store-'));
    const path = join(dir, 'store.db');
    try {
      const store = new SqliteStore({ path });
      store.putTwin(twin('kept'));
      expect(() => store.batch(() => {
        store.putTwin(twin('a'));
        store.putRelationship(rel('a', 'r', 'nowhere'));
      })).toThrow();
      expect(store.getTwin('a')).toBeUndefined();
      expect(store.getTwin('kept')).toBeDefined();
      store.batch(() => {
        store.putTwin(twin('x'));
        store.putTwin(twin('y'));
        store.putRelationship(rel('x', 'r', 'y'));
      });
      store.close();
      const reopened = new SqliteStore({ path });
      expect([...reopened.allTwins()].map((t) => t.$dtId).sort()).toEqual(['kept', 'x', 'y']);
      expect(reopened.getRelationship('x', 'r')?.$targetId).toBe('y');
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
