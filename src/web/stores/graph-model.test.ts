import { describe, expect, it } from 'vitest';
import type { Relationship } from '../../shared/adt';
import {
  EMPTY_GRAPH,
  countDrawable,
  drawableRelationships,
  hideElements,
  hideOthers,
  mergeIntoGraph,
  relationshipKey,
  removeFromGraph,
  selectElements,
  showAll,
} from './graph-model';

const rel = (s: string, t: string, id = `${s}-${t}`): Relationship => ({
  $relationshipId: id,
  $sourceId: s,
  $targetId: t,
  $relationshipName: 'contains',
});

describe('graph model', () => {
  it('overlays pages and counts only relationships with both ends present', () => {
    let g = mergeIntoGraph(EMPTY_GRAPH, { twinIds: ['a', 'b'], edges: [rel('a', 'b'), rel('b', 'c')] });
    expect(countDrawable(g)).toEqual({ twins: 2, relationships: 1 });
    g = mergeIntoGraph(g, { twinIds: ['c'] });
    expect(countDrawable(g)).toEqual({ twins: 3, relationships: 2 });
    expect(drawableRelationships({ twins: g.twinIds, relationships: g.edges }).map((r) => r.$relationshipId).sort()).toEqual(['a-b', 'b-c']);
    expect(g.revision).toBe(2);
  });

  it('replace starts over but keeps the selection of what is still there', () => {
    let g = mergeIntoGraph(EMPTY_GRAPH, { twinIds: ['a', 'b'] });
    g = selectElements(g, ['a', 'b']);
    g = hideElements(g, ['b']);
    g = mergeIntoGraph(g, { twinIds: ['a'] }, 'replace');
    expect([...g.twinIds]).toEqual(['a']);
    expect([...g.selection]).toEqual(['a']);
    expect(g.hidden.size).toBe(0);
  });

  it('keys relationships by source, because ids are unique per source only', () => {
    const g = mergeIntoGraph(EMPTY_GRAPH, { edges: [rel('a', 'b', 'r1'), rel('c', 'b', 'r1')] });
    expect(g.edges.size).toBe(2);
    expect(relationshipKey(rel('a', 'b', 'r1'))).toBe('a/relationships/r1');
  });

  it('removing a twin removes its relationships and its selection', () => {
    let g = mergeIntoGraph(EMPTY_GRAPH, { twinIds: ['a', 'b'], edges: [rel('a', 'b')] });
    g = selectElements(g, ['a', 'a/relationships/a-b']);
    g = removeFromGraph(g, ['b']);
    expect(g.edges.size).toBe(0);
    expect([...g.selection]).toEqual(['a']);
  });

  it('hides, hides others and shows all', () => {
    let g = mergeIntoGraph(EMPTY_GRAPH, { twinIds: ['a', 'b', 'c'] });
    g = selectElements(g, ['b']);
    g = hideElements(g, ['b']);
    expect([...g.hidden]).toEqual(['b']);
    expect(g.selection.size).toBe(0);
    g = hideOthers(g, ['a']);
    expect([...g.hidden].sort()).toEqual(['b', 'c']);
    g = showAll(g);
    expect(g.hidden.size).toBe(0);
  });

  it('selection ignores unknown ids and can be additive', () => {
    let g = mergeIntoGraph(EMPTY_GRAPH, { twinIds: ['a', 'b'] });
    g = selectElements(g, ['a', 'zzz']);
    expect([...g.selection]).toEqual(['a']);
    g = selectElements(g, ['b'], true);
    expect([...g.selection].sort()).toEqual(['a', 'b']);
    g = selectElements(g, ['b']);
    expect([...g.selection]).toEqual(['b']);
  });
});
