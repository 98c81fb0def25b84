/**
 * The model graph's layout: the graph handed to ELK (the Eclipse Layout Kernel, https://eclipse.dev/elk/) and what
 * comes back, turned into what Cytoscape draws. Pure, so it is tested without a worker or a canvas.
 *
 * ELK's layered algorithm puts each extends edge between two layers (supertypes above their subtypes) and routes
 * every edge orthogonally around the nodes; Cytoscape then draws each edge through ELK's bend points as a
 * "segments" edge (https://js.cytoscape.org/#style/segments-edges).
 */
import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api';
import type { ModelGraphElements } from './model-graph';

export const NODE_HEIGHT = 30;
/** Edge labels are drawn at 10 px (node labels at 12 px, which is what `measure` measures). */
const EDGE_LABEL_HEIGHT = 14;
const EDGE_LABEL_SCALE = 10 / 12;
const NODE_PADDING_X = 20;
const MIN_NODE_WIDTH = 60;

export interface NodeBox { x: number; y: number; width: number; height: number }

export interface EdgeRoute {
  /** Offsets of the edge's ends from the centres of its source and target (Cytoscape's source-/target-endpoint). */
  sourceEndpoint: ElkPoint;
  targetEndpoint: ElkPoint;
  /** Cytoscape segment-weights and segment-distances for the bend points, relative to the line between the ends. */
  weights: number[];
  distances: number[];
  /** The bend points themselves, in model coordinates (for tests and for checking the drawing). */
  bends: ElkPoint[];
  /** Where ELK placed the edge's label (its box, centre and size), clear of nodes and of other labels. */
  label?: NodeBox;
}

export interface ModelLayout {
  /** Node centres and sizes (Cytoscape positions are centres; ELK's are top-left corners). */
  nodes: Map<string, NodeBox>;
  edges: Map<string, EdgeRoute>;
  width: number;
  height: number;
}

/** The node label's width in pixels; the caller measures with the canvas font, tests pass a fixed estimate. */
export type MeasureText = (text: string) => number;

export const nodeLabel = (n: { label: string; hidden: number }): string => (n.hidden > 0 ? `${n.label}  +${n.hidden}` : n.label);

/**
 * The ELK graph for the model graph. Layered with orthogonal routing; extends edges get the highest priority so
 * the inheritance hierarchy decides the layers, and relationships (which may form cycles) bend around it.
 * Options: https://eclipse.dev/elk/reference/algorithms/org-eclipse-elk-layered.html
 */
export function elkGraphOf(elements: ModelGraphElements, measure: MeasureText, aspectRatio = 1.6): ElkNode {
  const big = elements.nodes.length > 300;
  // Wrapping lengthens the layering; on the whole of a large ontology it costs ELK ten times the time (4 s -> 35 s
  // for 767 models), so it is for the views a person reads: focus, lineage and collapsed overviews.
  const wraps = big ? [] : wrapEdges(elements, aspectRatio);
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'UP',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.aspectRatio': String(aspectRatio),
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': '40',
      'elk.spacing.nodeNode': '20',
      'elk.spacing.edgeNode': '12',
      'elk.spacing.edgeEdge': '8',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.layered.spacing.edgeNodeBetweenLayers': '16',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      // Hundreds of models: fewer crossing-minimisation sweeps keep the layout within a second or two.
      'elk.layered.thoroughness': big ? '3' : '7',
      // Edges into one model share its attachment point: the 49 subtypes of Room meet it in one trunk, not a wedge.
      // A handful of models reads better with separate edges (their labels would run together on a shared trunk), and
      // on the whole of a large ontology merging costs several times the layout time, so only in between.
      'elk.layered.mergeEdges': elements.nodes.length > 30 && !big ? 'true' : 'false',
      // Labels given to ELK get room of their own between the layers, so they never sit on a node, an edge or each
      // other; a label drawn at the edge's midpoint afterwards did (https://eclipse.dev/elk/reference/options/org-eclipse-elk-edgeLabels-placement.html).
      'elk.edgeLabels.placement': 'CENTER',
      'elk.spacing.edgeLabel': '2',
    },
    children: elements.nodes.map((n) => ({
      id: n.id,
      width: Math.max(MIN_NODE_WIDTH, Math.ceil(measure(nodeLabel(n))) + NODE_PADDING_X),
      height: NODE_HEIGHT,
    })),
    edges: [
      ...elements.edges.map((e): ElkExtendedEdge => ({
        id: e.id,
        sources: [e.source],
        targets: [e.target],
        layoutOptions: e.kind === 'extends' ? { 'elk.layered.priority.direction': '10' } : {},
        // A large ontology's labels are unreadable at its overview's zoom and would widen every layer: not placed.
        ...(e.label && e.kind !== 'extends' && !big
          ? { labels: [{ id: `${e.id}|label`, text: e.label, width: Math.ceil(measure(e.label) * EDGE_LABEL_SCALE) + 4, height: EDGE_LABEL_HEIGHT }] }
          : {}),
      })),
      ...wraps,
    ],
  };
}

/** Ids of the layout-only edges that wrap long rows of subtypes; they are never drawn. */
export const WRAP_EDGE_PREFIX = 'wrap|';

/**
 * A layered layout puts all direct subtypes of a model in one layer: Room's 49 subtypes make a row 8,000 px wide.
 * Subtypes without subtypes of their own are therefore wrapped into rows of about sqrt(n) models, by layout-only
 * edges from each model to the one a row above it, so that a large family forms a block near the canvas's shape.
 */
export function wrapEdges(elements: ModelGraphElements, aspectRatio: number): ElkExtendedEdge[] {
  const parentsWithKids = new Set<string>();
  const firstParent = new Map<string, string>();
  for (const e of elements.edges) {
    if (e.kind !== 'extends') continue;
    parentsWithKids.add(e.target);
    if (!firstParent.has(e.source)) firstParent.set(e.source, e.target);
  }
  const leavesOf = new Map<string, string[]>();
  for (const n of elements.nodes) {
    const p = firstParent.get(n.id);
    if (p === undefined || parentsWithKids.has(n.id)) continue;
    const list = leavesOf.get(p);
    if (list) list.push(n.id);
    else leavesOf.set(p, [n.id]);
  }
  const out: ElkExtendedEdge[] = [];
  // Cell sizes of a typical model box: ~170 px wide with spacing, ~80 px per layer.
  const shape = Math.max(0.5, Math.min(aspectRatio, 3)) * (80 / 170);
  for (const [parent, leaves] of leavesOf) {
    const perRow = Math.max(4, Math.ceil(Math.sqrt(leaves.length * shape)));
    if (leaves.length <= perRow) continue;
    for (let i = perRow; i < leaves.length; i++) {
      out.push({ id: `${WRAP_EDGE_PREFIX}${parent}|${i}`, sources: [leaves[i] as string], targets: [leaves[i - perRow] as string] });
    }
  }
  return out;
}

/**
 * Cytoscape's segments edge places bend point i at `start + w * (end - start) + d * n`, where n is the unit normal
 * (-dy, dx) / |end - start| of the line between the edge's two endpoints (with edge-distances: endpoints).
 * This inverts that for ELK's absolute bend points.
 */
export function segmentsFor(start: ElkPoint, end: ElkPoint, bends: readonly ElkPoint[]): { weights: number[]; distances: number[] } | undefined {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const len2 = dx * dx + dy * dy;
  if (len2 < 1) return undefined;
  const len = Math.sqrt(len2);
  const weights: number[] = [];
  const distances: number[] = [];
  for (const p of bends) {
    const px = p.x - start.x;
    const py = p.y - start.y;
    weights.push((px * dx + py * dy) / len2);
    distances.push((px * -dy + py * dx) / len);
  }
  return { weights, distances };
}

/** Reads ELK's result: node boxes (as centres), edge routes, and the size of the drawing. */
export function layoutFromElk(result: ElkNode): ModelLayout {
  const nodes = new Map<string, NodeBox>();
  for (const c of result.children ?? []) {
    const width = c.width ?? 0;
    const height = c.height ?? 0;
    nodes.set(c.id, { x: (c.x ?? 0) + width / 2, y: (c.y ?? 0) + height / 2, width, height });
  }
  const edges = new Map<string, EdgeRoute>();
  for (const e of (result.edges ?? []) as ElkExtendedEdge[]) {
    const section = e.sections?.[0];
    const source = nodes.get(e.sources[0] ?? '');
    const target = nodes.get(e.targets[0] ?? '');
    if (!section || !source || !target || e.sources[0] === e.targets[0]) continue;
    // Edges of the root graph are in the root's coordinates, as are its children.
    const bends = section.bendPoints ?? [];
    const seg = segmentsFor(section.startPoint, section.endPoint, bends);
    if (!seg) continue;
    const l = e.labels?.[0];
    edges.set(e.id, {
      sourceEndpoint: { x: section.startPoint.x - source.x, y: section.startPoint.y - source.y },
      targetEndpoint: { x: section.endPoint.x - target.x, y: section.endPoint.y - target.y },
      weights: seg.weights,
      distances: seg.distances,
      bends,
      ...(l && l.x !== undefined && l.y !== undefined
        ? { label: { x: l.x + (l.width ?? 0) / 2, y: l.y + (l.height ?? 0) / 2, width: l.width ?? 0, height: l.height ?? 0 } }
        : {}),
    });
  }
  return { nodes, edges, width: result.width ?? 0, height: result.height ?? 0 };
}

/** Pairs of nodes whose boxes overlap (for tests of a layout: a readable layout has none). */
export function overlappingPairs(nodes: ReadonlyMap<string, NodeBox>): [string, string][] {
  const list = [...nodes.entries()].sort((a, b) => a[1].x - a[1].width / 2 - (b[1].x - b[1].width / 2));
  const out: [string, string][] = [];
  for (let i = 0; i < list.length; i++) {
    const [ia, a] = list[i] as [string, NodeBox];
    for (let j = i + 1; j < list.length; j++) {
      const [ib, b] = list[j] as [string, NodeBox];
      if (b.x - b.width / 2 >= a.x + a.width / 2) break;
      if (Math.abs(a.y - b.y) < (a.height + b.height) / 2) out.push([ia, ib]);
    }
  }
  return out;
}
