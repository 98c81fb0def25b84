import type cytoscape from 'cytoscape';

export const LAYOUT_NAMES = ['auto', 'force', 'hierarchical', 'containment', 'grid', 'concentric', 'circle'] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];

/** Cytoscape's force-directed layout (cose) runs on the main thread: beyond this size it would block the tab. */
export const FORCE_LAYOUT_MAX_NODES = 400;
/** Bigger graphs get d3-force in a worker (force-layout.worker.ts), up to this size. */
export const WORKER_FORCE_MAX_NODES = 20_000;
/** Up to this size `auto` picks the worker's force layout for a graph that is not a tree; beyond, a grid. */
export const AUTO_FORCE_MAX_NODES = 2_000;
export const HIERARCHICAL_MAX_NODES = 5000;

/** A layout as it will run: `force-worker` is the force layout computed off the main thread. */
export type ResolvedLayout = Exclude<LayoutName, 'auto'> | 'force-worker';

export interface GraphShape {
  nodes: number;
  edges: number;
  /** Every node has at most one incoming edge: a building-style tree (building → floor → room). */
  treeLike: boolean;
}

export function shapeOf(nodeIds: Iterable<string>, edges: Iterable<{ target: string }>): GraphShape {
  let nodes = 0;
  for (const _ of nodeIds) nodes++;
  const indegree = new Map<string, number>();
  let edgeCount = 0;
  let treeLike = true;
  for (const e of edges) {
    edgeCount++;
    const d = (indegree.get(e.target) ?? 0) + 1;
    indegree.set(e.target, d);
    if (d > 1) treeLike = false;
  }
  return { nodes, edges: edgeCount, treeLike: treeLike && edgeCount > 0 };
}

/** Picks a layout by size, so that nothing blocks the tab: big graphs get O(n) layouts or a worker. */
export function resolveLayout(requested: LayoutName, shape: GraphShape): ResolvedLayout {
  const fallback = shape.treeLike && shape.nodes <= HIERARCHICAL_MAX_NODES ? 'hierarchical' : 'grid';
  if (requested === 'force') return shape.nodes <= FORCE_LAYOUT_MAX_NODES ? 'force' : shape.nodes <= WORKER_FORCE_MAX_NODES ? 'force-worker' : fallback;
  if (requested === 'hierarchical' && shape.nodes > HIERARCHICAL_MAX_NODES) return 'grid';
  if (requested !== 'auto') return requested;
  if (shape.treeLike && shape.nodes <= HIERARCHICAL_MAX_NODES) return 'hierarchical';
  if (shape.nodes <= FORCE_LAYOUT_MAX_NODES) return 'force';
  if (shape.nodes <= AUTO_FORCE_MAX_NODES) return 'force-worker';
  return 'grid';
}

export function layoutOptions(name: Exclude<LayoutName, 'auto'>, nodes: number, { randomize = false } = {}): cytoscape.LayoutOptions {
  const animate = nodes <= 200;
  switch (name) {
    case 'force':
      // Edge length and repulsion sized for 22 px nodes with 12 px labels: compact enough that a few dozen twins fit
      // at a readable zoom, loose enough that labels do not run together. Cytoscape's cose options:
      // https://js.cytoscape.org/#layouts/cose
      return {
        name: 'cose',
        animate,
        randomize,
        // Counting labels in the node sizes spreads a few dozen twins over twice the area; the repulsion keeps
        // labels apart instead (measured on the sample: 351×323 units instead of 695×773).
        nodeDimensionsIncludeLabels: false,
        numIter: 600,
        idealEdgeLength: () => 60,
        nodeRepulsion: () => 10_000,
        gravity: 20,
        nodeOverlap: 10,
        componentSpacing: 60,
        fit: true,
        padding: 30,
      } as cytoscape.LayoutOptions;
    case 'hierarchical':
      return { name: 'breadthfirst', directed: true, spacingFactor: 1.1, animate, fit: true, padding: 30 };
    case 'concentric':
      return { name: 'concentric', animate, fit: true, padding: 30, minNodeSpacing: 8 };
    case 'circle':
      return { name: 'circle', animate, fit: true, padding: 30 };
    // Containment is computed in a worker (containment-layout.ts); should it reach here, a grid stands in.
    case 'containment':
    case 'grid':
      // Overlap avoidance measures every node's label: seconds at 10k nodes, for a layout that spaces them anyway.
      return { name: 'grid', animate: false, fit: true, padding: 30, avoidOverlap: nodes <= 2000, nodeDimensionsIncludeLabels: false, condense: nodes > 2000 } as cytoscape.LayoutOptions;
  }
}
