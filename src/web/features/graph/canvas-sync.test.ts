import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import type { DigitalTwin, Relationship } from '../../../shared/adt';
import { contentOf } from '../../stores/graph-model';
import { applyPositions, applySync, planSync, wantedOverview, wantedTwins } from './canvas-sync';
import { summarise } from './overview';

const twin = (id: string, model = 'dtmi:x:Room;1', extra: Record<string, unknown> = {}): DigitalTwin =>
  ({ $dtId: id, $etag: 'W/"1"', $metadata: { $model: model }, ...extra }) as DigitalTwin;
const rel = (id: string, s: string, t: string): Relationship => ({ $relationshipId: id, $sourceId: s, $targetId: t, $relationshipName: 'next' }) as Relationship;
const always = () => true;

describe('planSync and applySync', () => {
  it('adds what is missing, removes what is not wanted, and patches changed data in place', async () => {
    const cy = cytoscape({ headless: true });
    const first = contentOf({ twins: [twin('a'), twin('b'), twin('c')], relationships: [rel('1', 'a', 'b'), rel('2', 'b', 'c')] });
    const plan = planSync(cy, wantedTwins(first, {}));
    expect(plan.nodes).toHaveLength(3);
    expect(plan.edges).toHaveLength(2);
    expect((await applySync(cy, plan, false, always)).ok).toBe(true);
    expect(cy.nodes().length).toBe(3);
    expect(cy.edges().length).toBe(2);

    // c leaves, d arrives, a is labelled by a property now: only those change.
    const b = cy.getElementById('b');
    const second = contentOf({ twins: [twin('a', 'dtmi:x:Room;1', { name: 'Lobby' }), twin('b'), twin('d')], relationships: [rel('1', 'a', 'b'), rel('3', 'b', 'd')] });
    const next = planSync(cy, wantedTwins(second, { 'dtmi:x:Room;1': 'name' }));
    expect(next.removeIds.sort()).toEqual(['b/relationships/2', 'c']);
    expect(next.nodes.map((n) => n.data.id)).toEqual(['d']);
    expect(next.edges.map((e) => e.data.id)).toEqual(['b/relationships/3']);
    expect(cy.getElementById('a').data('label')).toBe('Lobby');
    // The restyle hook runs when the canvas holds only what stays.
    let heldAtRestyle: string[] = [];
    await applySync(cy, next, false, always, () => {
      heldAtRestyle = cy.elements().map((el) => el.id()).sort();
    });
    expect(heldAtRestyle).toEqual(['a', 'a/relationships/1', 'b']);
    expect(cy.nodes().map((n) => n.id()).sort()).toEqual(['a', 'b', 'd']);
    // Kept elements are the same objects: their position and selection survive.
    expect(cy.getElementById('b')).toBe(b);
  });

  it('places a fresh graph on a grid when asked, and stops when superseded', async () => {
    const cy = cytoscape({ headless: true });
    const ids = Array.from({ length: 2000 }, (_, i) => `t${i}`);
    const graph = contentOf({ twins: ids.map((id) => twin(id)) });
    const { ok, gridExtent } = await applySync(cy, planSync(cy, wantedTwins(graph, {})), true, always);
    expect(ok).toBe(true);
    // 2,000 nodes: 45 columns, 40 apart.
    expect(gridExtent).toEqual({ width: 44 * 40, height: 44 * 40 });
    expect(cy.getElementById('t46').position()).toEqual({ x: 40, y: 40 });

    const other = cytoscape({ headless: true });
    let calls = 0;
    const result = await applySync(other, planSync(other, wantedTwins(graph, {})), false, () => ++calls < 2);
    expect(result.ok).toBe(false);
    expect(other.nodes().length).toBeLessThan(2000);
  });

  it('moves nodes to the positions a layout computed and reports their rectangle', async () => {
    const cy = cytoscape({ headless: true, elements: [{ data: { id: 'a' } }, { data: { id: 'b' } }] });
    const rect = await applyPositions(cy, cy.nodes(), Float32Array.from([-10, 5, 30, -20]), always);
    expect(rect).toEqual({ x1: -10, y1: -20, x2: 30, y2: 5 });
    expect(cy.getElementById('b').position()).toEqual({ x: 30, y: -20 });
  });
});

describe('wantedOverview', () => {
  it('labels models and relationship kinds with their counts', () => {
    const graph = contentOf({
      twins: [twin('a'), twin('b'), twin('f', 'dtmi:x:Floor;1')],
      relationships: [rel('1', 'f', 'a'), rel('2', 'f', 'b')],
    });
    const wanted = wantedOverview(summarise(graph));
    expect([...wanted.nodes.values()].map((n) => n.label).sort()).toEqual(['Floor · 1', 'Room · 2']);
    expect([...wanted.edges.values()].map((e) => e.label)).toEqual(['next · 2']);
    expect(wanted.classes).toBe('overview');
  });
});
