/**
 * Where each node was last drawn, by element id, so that the canvas can put nodes back where the user saw them: after
 * the canvas mounts again (a panel collapsed and reopened), or when a twin leaves the graph and comes back. Plain
 * module state rather than a reactive store: nothing renders from it, and it is written O(n) after every layout.
 */
export interface Point {
  x: number;
  y: number;
}

const positions = new Map<string, Point>();

export const graphPositions = {
  get: (id: string): Point | undefined => positions.get(id),
  /** The remembered positions of the given ids that have one. */
  pick(ids: Iterable<string>): Map<string, Point> {
    const out = new Map<string, Point>();
    for (const id of ids) {
      const p = positions.get(id);
      if (p) out.set(id, p);
    }
    return out;
  },
  set(id: string, p: Point): void {
    positions.set(id, { x: p.x, y: p.y });
  },
  clear(): void {
    positions.clear();
  },
  get size(): number {
    return positions.size;
  },
};
