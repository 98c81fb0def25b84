import type cytoscape from 'cytoscape';

export type ArrowDirection = 'left' | 'right' | 'up' | 'down';

const VECTORS: Record<ArrowDirection, { x: number; y: number }> = {
  left: { x: -1, y: 0 },
  right: { x: 1, y: 0 },
  up: { x: 0, y: -1 },
  down: { x: 0, y: 1 },
};

export function arrowDirection(key: string): ArrowDirection | null {
  switch (key) {
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    default:
      return null;
  }
}

/**
 * The candidate that lies in the arrow's direction from `from` (screen coordinates: y grows downwards), within 60° of
 * it; nearer and better aligned candidates win. Null when none lies that way.
 */
export function pickInDirection<T extends { x: number; y: number }>(from: { x: number; y: number }, candidates: readonly T[], direction: ArrowDirection): T | null {
  const v = VECTORS[direction];
  let best: T | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    const dx = c.x - from.x;
    const dy = c.y - from.y;
    const dist = Math.hypot(dx, dy);
    if (dist === 0) continue;
    const cos = (dx * v.x + dy * v.y) / dist;
    if (cos < 0.5) continue;
    // A candidate straight ahead at twice the distance still beats one at 55° off the axis.
    const score = dist * (1 + 3 * (1 - cos));
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/**
 * The node an arrow key moves the selection to: the neighbour of `current` in that direction, else (a node with no
 * neighbour that way) the nearest visible node in that direction. With nothing selected, the node nearest the middle
 * of the view.
 */
export function nextNode(cy: cytoscape.Core, current: cytoscape.NodeSingular | null, direction: ArrowDirection): cytoscape.NodeSingular | null {
  const visible = cy.nodes(':visible');
  if (visible.empty()) return null;
  const candidatesOf = (nodes: cytoscape.NodeCollection) => nodes.map((n) => ({ node: n, ...n.position() }));
  if (!current || current.removed() || !current.visible()) {
    const ext = cy.extent();
    const middle = { x: (ext.x1 + ext.x2) / 2, y: (ext.y1 + ext.y2) / 2 };
    let best: cytoscape.NodeSingular | null = null;
    let bestDist = Infinity;
    visible.forEach((n) => {
      const p = n.position();
      const d = Math.hypot(p.x - middle.x, p.y - middle.y);
      if (d < bestDist) {
        bestDist = d;
        best = n;
      }
    });
    return best;
  }
  const from = current.position();
  const neighbour = pickInDirection(from, candidatesOf(current.neighborhood('node').filter(':visible')), direction);
  if (neighbour) return neighbour.node;
  return pickInDirection(from, candidatesOf(visible.not(current)), direction)?.node ?? null;
}
