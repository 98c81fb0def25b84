import { describe, expect, it } from 'vitest';
import type { DigitalTwin, Relationship } from '../../../shared/adt';
import { contentOf } from '../../stores/graph-model';
import { focusOn, isOverviewId, overviewEdgeWidth, overviewNodeId, overviewNodeSize, summarise } from './overview';

const ROOM = 'dtmi:x:Room;1';
const FLOOR = 'dtmi:x:Floor;1';
const twin = (id: string, model: string): DigitalTwin => ({ $dtId: id, $etag: 'W/"1"', $metadata: { $model: model } }) as DigitalTwin;
const rel = (id: string, s: string, t: string, name: string): Relationship => ({ $relationshipId: id, $sourceId: s, $targetId: t, $relationshipName: name }) as Relationship;

const graph = contentOf({
  twins: [twin('f1', FLOOR), twin('f2', FLOOR), twin('r1', ROOM), twin('r2', ROOM), twin('r3', ROOM)],
  relationships: [
    rel('a', 'f1', 'r1', 'contains'),
    rel('b', 'f1', 'r2', 'contains'),
    rel('c', 'f2', 'r3', 'contains'),
    rel('d', 'r1', 'r2', 'adjacentTo'),
    rel('e', 'f1', 'f2', 'above'),
    // Its target is not loaded: not drawable, so not counted.
    rel('f', 'f2', 'elsewhere', 'contains'),
  ],
});

describe('summarise', () => {
  it('counts twins per model and relationships per (source model, name, target model)', () => {
    const o = summarise(graph);
    expect(o.twins).toBe(5);
    expect(o.relationships).toBe(5);
    expect(Object.fromEntries(o.nodes.map((n) => [n.model, n.count]))).toEqual({ [FLOOR]: 2, [ROOM]: 3 });
    const edges = Object.fromEntries(o.edges.map((e) => [`${e.source} ${e.name} ${e.target}`, e.count]));
    expect(edges).toEqual({
      [`${overviewNodeId(FLOOR)} contains ${overviewNodeId(ROOM)}`]: 3,
      [`${overviewNodeId(ROOM)} adjacentTo ${overviewNodeId(ROOM)}`]: 1,
      [`${overviewNodeId(FLOOR)} above ${overviewNodeId(FLOOR)}`]: 1,
    });
    expect([...o.nodes, ...o.edges].every((e) => isOverviewId(e.id))).toBe(true);
    expect(new Set(o.edges.map((e) => e.id)).size).toBe(o.edges.length);
  });

  it('never confuses a twin id with an overview id', () => {
    expect(isOverviewId('room-1')).toBe(false);
    expect(isOverviewId(overviewNodeId(ROOM))).toBe(true);
  });
});

describe('focusOn', () => {
  it('keeps the twins of the chosen models and the relationships among them', () => {
    const rooms = focusOn(graph, new Set([ROOM]));
    expect([...rooms.twins.keys()].sort()).toEqual(['r1', 'r2', 'r3']);
    expect([...rooms.relationships.values()].map((r) => r.$relationshipId)).toEqual(['d']);
    const both = focusOn(graph, new Set([ROOM, FLOOR]));
    expect(both.relationships.size).toBe(5);
  });
});

describe('sizes', () => {
  it('grow with the count and stay within bounds', () => {
    expect(overviewNodeSize(1, 50_000)).toBeGreaterThanOrEqual(24);
    expect(overviewNodeSize(50_000, 50_000)).toBe(80);
    expect(overviewNodeSize(100, 50_000)).toBeLessThan(overviewNodeSize(10_000, 50_000));
    expect(overviewEdgeWidth(1, 100_000)).toBeLessThan(overviewEdgeWidth(100_000, 100_000));
    expect(overviewEdgeWidth(100_000, 100_000)).toBe(8);
  });
});
