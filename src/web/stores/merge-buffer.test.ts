import { describe, expect, it } from 'vitest';
import type { DigitalTwin, Relationship } from '../../shared/adt';
import { EMPTY_GRAPH, mergeIntoGraph, type GraphModel, type MergeMode } from './graph-model';
import { createMergeBuffer, type DocumentDelta } from './merge-buffer';

const twin = (id: string): DigitalTwin => ({ $dtId: id, $etag: 'W/"1"', $metadata: { $model: 'dtmi:x:T;1' } }) as DigitalTwin;
const rel = (s: string, t: string): Relationship => ({ $relationshipId: `${s}-${t}`, $sourceId: s, $targetId: t, $relationshipName: 'r' }) as Relationship;

function harness() {
  let clock = 0;
  let model: GraphModel = mergeIntoGraph(EMPTY_GRAPH, { twinIds: ['old'] });
  const calls: MergeMode[] = [];
  const buffer = createMergeBuffer(
    (delta: DocumentDelta, mode: MergeMode) => {
      calls.push(mode);
      model = mergeIntoGraph(model, { twinIds: [...(delta.twins ?? [])].map((t) => t.$dtId), edges: delta.relationships ?? [] }, mode);
    },
    250,
    () => clock,
  );
  return { buffer, calls, tick: (ms: number) => (clock += ms), model: () => model };
}

describe('createMergeBuffer', () => {
  it('merges the first page at once, then at most once per interval, and everything on flush', () => {
    const h = harness();
    h.buffer.add({ twins: [twin('a')] }, 'replace');
    expect([...h.model().twinIds]).toEqual(['a']);
    for (let i = 0; i < 10; i++) {
      h.tick(20);
      h.buffer.add({ twins: [twin(`p${i}`)], relationships: [rel('a', `p${i}`)] }, 'overlay');
    }
    // 200 ms of pages after the first: still one merge.
    expect(h.calls).toEqual(['replace']);
    h.tick(60);
    h.buffer.add({ twins: [twin('late')] }, 'overlay');
    expect(h.calls).toEqual(['replace', 'overlay']);
    expect(h.model().twinIds.size).toBe(12);
    h.buffer.add({ twins: [twin('last')] }, 'overlay');
    h.buffer.flush();
    expect(h.model().twinIds.size).toBe(13);
    expect(h.model().edges.size).toBe(10);
    h.buffer.flush();
    expect(h.calls).toEqual(['replace', 'overlay', 'overlay']);
  });

  it('never folds a replace into pending overlay pages', () => {
    const h = harness();
    h.buffer.add({ twins: [twin('a')] }, 'overlay');
    h.buffer.add({ twins: [twin('b')] }, 'overlay');
    h.buffer.add({ twins: [twin('c')] }, 'replace');
    h.buffer.flush();
    expect(h.calls).toEqual(['overlay', 'overlay', 'replace']);
    expect([...h.model().twinIds]).toEqual(['c']);
  });
});
