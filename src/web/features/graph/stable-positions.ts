import type cytoscape from 'cytoscape';
import { graphPositions } from '../../stores/graph-positions';
import { placeNewNodes, type Point } from './placement';
import type { Rect, SyncPlan } from './canvas-sync';

/**
 * The canvas keeps the user's arrangement: a sync that adds to a graph already drawn places only the new nodes (next
 * to their neighbours, or where they were last drawn) and moves nothing else. Only a canvas with nothing left on it
 * and little remembered gets a full layout; any other re-layout is the user's explicit action.
 */
export type Placement = { relayout: true } | { relayout: false; positions: Map<string, Point>; fitAll: boolean };

export function planPlacement(cy: cytoscape.Core, plan: SyncPlan): Placement {
  const removed = new Set(plan.removeIds);
  const placed = new Map<string, Point>();
  cy.nodes().forEach((n) => {
    if (!removed.has(n.id())) placed.set(n.id(), n.position());
  });
  const newIds = plan.nodes.map((n) => String(n.data.id));
  const remembered = graphPositions.pick(newIds);
  // A new graph (a different query): lay it out, unless most of it was drawn before and can go back in place.
  if (placed.size === 0 && remembered.size < newIds.length / 2) return { relayout: true };
  const edges = plan.edges.map((e) => [String(e.data.source), String(e.data.target)] as const);
  return { relayout: false, positions: placeNewNodes(placed, newIds, edges, remembered), fitAll: placed.size === 0 };
}

/** Sets the planned positions on the element definitions, so the nodes appear in place when they are added. */
export function presetPositions(plan: SyncPlan, positions: ReadonlyMap<string, Point>): void {
  for (const n of plan.nodes) {
    const p = positions.get(String(n.data.id));
    if (p) n.position = { x: p.x, y: p.y };
  }
}

/** Remembers where every node (or the given ones) is drawn now. */
export function rememberPositions(nodes: cytoscape.NodeCollection): void {
  nodes.forEach((n) => {
    graphPositions.set(n.id(), n.position());
  });
}

export function rectOf(points: Iterable<Point>): Rect | null {
  const rect = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  for (const p of points) {
    rect.x1 = Math.min(rect.x1, p.x);
    rect.y1 = Math.min(rect.y1, p.y);
    rect.x2 = Math.max(rect.x2, p.x);
    rect.y2 = Math.max(rect.y2, p.y);
  }
  return Number.isFinite(rect.x1) ? rect : null;
}

/** Keeps what the user drags where they dropped it, for the next mount and the next time the twin comes back. */
export function trackDrags(cy: cytoscape.Core): void {
  cy.on('dragfree', 'node', (e) => rememberPositions(e.target as cytoscape.NodeCollection));
}
