import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// The same layout engine the app runs in a worker, here in-process.
import ELK from 'elkjs/lib/elk.bundled.js';
import { parseDtdlText, parseInterfaces, validateModels, ModelIndex } from '../../../shared/dtdl';
import { realEstateCoreFiles } from '../../../test-support/shared-dir';
import { defaultCollapsed, foldBranches, modelGraphElements, neighbourhood } from './model-graph';
import { elkGraphOf, layoutFromElk, overlappingPairs, segmentsFor } from './model-layout';

const measure = (t: string) => t.length * 7;
const elk = new ELK();
const all = { extends: true, component: true, relationship: true };

function interfacesOf(docs: unknown[]) {
  const r = validateModels(docs, new ModelIndex());
  expect(r.ok).toBe(true);
  return r.interfaces;
}

function recInterfaces() {
  return interfacesOf(realEstateCoreFiles().flatMap((f) => parseDtdlText(readFileSync(f, 'utf8')).documents));
}

/** Where Cytoscape puts a segments edge's bend point (edge-distances: endpoints). */
function cytoscapePoint(start: { x: number; y: number }, end: { x: number; y: number }, w: number, d: number) {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const l = Math.hypot(dx, dy);
  return { x: start.x + w * dx + (-dy / l) * d, y: start.y + w * dy + (dx / l) * d };
}

describe('segmentsFor', () => {
  it('inverts Cytoscape\'s segment placement for every bend point', () => {
    const start = { x: 10, y: 100 };
    const end = { x: 210, y: 20 };
    const bends = [{ x: 10, y: 60 }, { x: 210, y: 60 }, { x: -40, y: 300 }];
    const seg = segmentsFor(start, end, bends);
    expect(seg).toBeDefined();
    bends.forEach((p, i) => {
      const back = cytoscapePoint(start, end, seg!.weights[i]!, seg!.distances[i]!);
      expect(back.x).toBeCloseTo(p.x, 6);
      expect(back.y).toBeCloseTo(p.y, 6);
    });
    expect(segmentsFor(start, start, bends)).toBeUndefined();
  });
});

describe('model graph layout with ELK', () => {
  it('places every relationship and component label clear of the nodes and of each other', async () => {
    const dir = fileURLToPath(new URL('../../../../e2e/fixtures/models/building/', import.meta.url));
    const { interfaces } = parseInterfaces(readdirSync(dir).filter((f) => f.endsWith('.json')).flatMap((f) => parseDtdlText(readFileSync(`${dir}${f}`, 'utf8')).documents));
    const g = modelGraphElements(interfaces, all, (id) => id);
    const layout = layoutFromElk(await elk.layout(elkGraphOf(g, measure)));
    const labelled = g.edges.filter((e) => e.kind !== 'extends' && e.label && e.source !== e.target);
    expect(labelled.length).toBeGreaterThanOrEqual(2);
    const boxes = new Map(layout.nodes);
    for (const e of labelled) {
      const label = layout.edges.get(e.id)?.label;
      expect(label, e.id).toBeDefined();
      expect(label!.width).toBeGreaterThan(e.label.length * 4);
      boxes.set(`label:${e.id}`, label!);
    }
    expect(overlappingPairs(boxes)).toEqual([]);
    // Extends edges carry no label.
    for (const e of g.edges.filter((x) => x.kind === 'extends')) expect(layout.edges.get(e.id)?.label).toBeUndefined();
  });

  it('lays out the building models without overlaps, supertypes above subtypes, every edge routed', async () => {
    // The end-to-end fixture's building models: extends, components and relationships, with a model used twice.
    const dir = fileURLToPath(new URL('../../../../e2e/fixtures/models/building/', import.meta.url));
    const { interfaces } = parseInterfaces(readdirSync(dir).filter((f) => f.endsWith('.json')).flatMap((f) => parseDtdlText(readFileSync(`${dir}${f}`, 'utf8')).documents));
    expect(interfaces.length).toBeGreaterThan(5);
    const g = modelGraphElements(interfaces, all, (id) => id);
    const layout = layoutFromElk(await elk.layout(elkGraphOf(g, measure)));
    expect(layout.nodes.size).toBe(g.nodes.length);
    expect(overlappingPairs(layout.nodes)).toEqual([]);
    for (const e of g.edges.filter((x) => x.source !== x.target)) {
      expect(layout.edges.has(e.id), e.id).toBe(true);
      if (e.kind === 'extends') expect(layout.nodes.get(e.target)!.y, e.id).toBeLessThan(layout.nodes.get(e.source)!.y);
    }
  });

  it('lays out all 767 RealEstateCore models without overlaps, and routes edges around nodes', async () => {
    const interfaces = recInterfaces();
    const g = modelGraphElements(interfaces, all, (id) => id.replace(/^dtmi:.*:/, ''));
    const started = performance.now();
    const layout = layoutFromElk(await elk.layout(elkGraphOf(g, measure)));
    console.log(`ELK layout of ${g.nodes.length} models and ${g.edges.length} edges in Node: ${Math.round(performance.now() - started)} ms, ${Math.round(layout.width)}×${Math.round(layout.height)}`);
    expect(layout.nodes.size).toBe(767);
    expect(overlappingPairs(layout.nodes)).toEqual([]);
    // Orthogonal routes: every segment is horizontal or vertical, and no segment crosses the inside of a node box.
    let crossings = 0;
    for (const e of g.edges) {
      const r = layout.edges.get(e.id);
      if (!r) continue;
      const s = layout.nodes.get(e.source)!;
      const t = layout.nodes.get(e.target)!;
      const pts = [{ x: s.x + r.sourceEndpoint.x, y: s.y + r.sourceEndpoint.y }, ...r.bends, { x: t.x + r.targetEndpoint.x, y: t.y + r.targetEndpoint.y }];
      for (let i = 1; i < pts.length; i++) {
        const a = pts[i - 1]!;
        const b = pts[i]!;
        expect(Math.min(Math.abs(a.x - b.x), Math.abs(a.y - b.y)), e.id).toBeLessThan(0.5);
        for (const [id, n] of layout.nodes) {
          if (id === e.source || id === e.target) continue;
          const inside = (x: number, y: number) => x > n.x - n.width / 2 + 1 && x < n.x + n.width / 2 - 1 && y > n.y - n.height / 2 + 1 && y < n.y + n.height / 2 - 1;
          const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
          if (inside(mid.x, mid.y) || inside(a.x, a.y)) crossings++;
        }
      }
    }
    expect(crossings).toBe(0);
  }, 60_000);
});

describe('large model graphs', () => {
  it('open with branches collapsed to about 60 models, each collapsed model counting what it hides', () => {
    const interfaces = recInterfaces();
    const collapsed = defaultCollapsed(interfaces);
    const { visible, hidden } = foldBranches(interfaces, collapsed);
    expect(visible.size).toBeLessThanOrEqual(60);
    expect(visible.size).toBeGreaterThan(10);
    // Every model is either visible or hidden under exactly the visible collapsed models (multi-parent models once).
    const hiddenTotal = [...hidden.values()].reduce((a, b) => a + b, 0);
    expect(visible.size + hiddenTotal).toBeGreaterThanOrEqual(767);
    for (const c of collapsed) expect(hidden.get(c), c).toBeGreaterThan(0);
    expect(Math.max(...hidden.values())).toBeGreaterThan(100);
    const g = modelGraphElements(interfaces, { ...all, collapsed }, (id) => id);
    expect(g.nodes.length).toBe(visible.size);
    expect(defaultCollapsed(interfaces.slice(0, 40))).toEqual(new Set());
  });

  it('focus shows a model with its supertypes, subtypes and direct component and relationship neighbours', () => {
    const interfaces = recInterfaces();
    const room = 'dtmi:digitaltwins:rec_3_3:core:Room;1';
    const n = neighbourhood(interfaces, room, all, 1);
    expect(n.has(room)).toBe(true);
    expect(n.has('dtmi:digitaltwins:rec_3_3:core:Space;1')).toBe(true);
    expect(n.has('dtmi:digitaltwins:rec_3_3:building:FoodHandlingRoom;1')).toBe(true);
    expect(n.has('dtmi:digitaltwins:rec_3_3:building:CookingRoom;1')).toBe(false);
    expect(n.size).toBeLessThan(120);
    const g = modelGraphElements(interfaces, { ...all, focusOf: room, collapsed: defaultCollapsed(interfaces) }, (id) => id);
    // Collapse does not apply inside a focus: the neighbourhood is shown whole.
    expect(g.nodes.map((x) => x.id).sort()).toEqual([...n].sort());
  });
});

describe('wrapped families', () => {
  it('a focus on Room lays out its 49 subtypes as a block, not a strip', async () => {
    const interfaces = recInterfaces();
    const g = modelGraphElements(interfaces, { ...all, focusOf: 'dtmi:digitaltwins:rec_3_3:core:Room;1' }, (id) => id.replace(/^dtmi:.*:/, ''));
    const started = performance.now();
    const layout = layoutFromElk(await elk.layout(elkGraphOf(g, measure, 2)));
    console.log(`Room focus: ${g.nodes.length} models in ${Math.round(performance.now() - started)} ms, ${Math.round(layout.width)}×${Math.round(layout.height)}`);
    expect(overlappingPairs(layout.nodes)).toEqual([]);
    expect(layout.width / layout.height).toBeLessThan(4);
    for (const e of g.edges) if (e.source !== e.target) expect(layout.edges.has(e.id), e.id).toBe(true);
  });
});
