/**
 * Where new nodes go when a graph already drawn grows (a twin or relationship created, an expansion, a live event):
 * next to the neighbours they already have on the canvas, in a free spot, while every node already placed stays
 * exactly where it is. Re-running the layout instead would move the user's arrangement; that is an explicit action.
 * Pure and O(new nodes × nearby cells), so it also suits a 10k-twin graph.
 */

export interface Point {
  x: number;
  y: number;
}

/** The distance kept between a new node and any other node. */
export const PLACEMENT_SPACING = 70;

/** A grid of occupied points, for "is anything within `spacing` of here" in O(1). */
class Occupancy {
  private readonly cells = new Map<string, Point[]>();
  constructor(private readonly spacing: number) {}
  private key(cx: number, cy: number) {
    return `${cx},${cy}`;
  }
  add(p: Point) {
    const k = this.key(Math.floor(p.x / this.spacing), Math.floor(p.y / this.spacing));
    const cell = this.cells.get(k);
    if (cell) cell.push(p);
    else this.cells.set(k, [p]);
  }
  free(p: Point): boolean {
    const cx = Math.floor(p.x / this.spacing);
    const cy = Math.floor(p.y / this.spacing);
    const min2 = this.spacing * this.spacing * 0.81;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) {
          if ((q.x - p.x) ** 2 + (q.y - p.y) ** 2 < min2) return false;
        }
      }
    }
    return true;
  }
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** The first free spot on rings around `centre`, starting at an angle of the node's own (so siblings fan out). */
function freeSpotNear(centre: Point, id: string, occupied: Occupancy, spacing: number): Point {
  const start = ((hash(id) % 360) * Math.PI) / 180;
  for (let ring = 1; ring < 200; ring++) {
    const radius = ring * spacing;
    const steps = Math.max(6, Math.round((2 * Math.PI * radius) / spacing));
    for (let s = 0; s < steps; s++) {
      const angle = start + (2 * Math.PI * s) / steps;
      const p = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
      if (occupied.free(p)) return p;
    }
  }
  return { x: centre.x + 200 * spacing, y: centre.y };
}

/**
 * Positions for `newIds`, given the nodes already placed and the edges of the whole graph. A node with placed
 * neighbours goes near their centre; a new component with no placed node starts to the right of everything drawn;
 * its other nodes then follow their neighbours. Nodes in `remembered` (placed before, e.g. a twin deleted and created
 * again, or the canvas mounted again) get that position back.
 */
export function placeNewNodes(
  placed: ReadonlyMap<string, Point>,
  newIds: readonly string[],
  edges: Iterable<readonly [string, string]>,
  remembered: ReadonlyMap<string, Point> = new Map(),
  spacing = PLACEMENT_SPACING,
): Map<string, Point> {
  const out = new Map<string, Point>();
  if (newIds.length === 0) return out;
  const isNew = new Set(newIds);
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  for (const [s, t] of edges) {
    if (s === t) continue;
    if (isNew.has(s)) link(s, t);
    if (isNew.has(t)) link(t, s);
  }
  const occupied = new Occupancy(spacing);
  let right = -Infinity;
  let top = Infinity;
  for (const p of placed.values()) {
    occupied.add(p);
    right = Math.max(right, p.x);
    top = Math.min(top, p.y);
  }
  const at = (id: string) => placed.get(id) ?? out.get(id);
  for (const id of newIds) {
    const p = remembered.get(id);
    if (p) {
      out.set(id, p);
      occupied.add(p);
    }
  }
  // Breadth first from what is placed: a node is placed once a neighbour is, so chains grow outwards.
  const pending = newIds.filter((id) => !out.has(id));
  const queue: string[] = [];
  const queued = new Set<string>();
  const enqueueReady = (ids: Iterable<string>) => {
    for (const id of ids) {
      if (out.has(id) || queued.has(id) || !isNew.has(id)) continue;
      if ((neighbours.get(id) ?? []).some((n) => at(n))) {
        queue.push(id);
        queued.add(id);
      }
    }
  };
  enqueueReady(pending);
  let nextComponent = 0;
  while (out.size < newIds.length) {
    const id = queue.shift();
    if (id === undefined) {
      // A new component with nothing placed next to it: start it to the right of the drawing.
      const seed = pending.find((p) => !out.has(p));
      if (seed === undefined) break;
      const origin = Number.isFinite(right) ? { x: right + 2 * spacing, y: top + nextComponent * 2 * spacing } : { x: 0, y: nextComponent * 2 * spacing };
      nextComponent++;
      const p = occupied.free(origin) ? origin : freeSpotNear(origin, seed, occupied, spacing);
      out.set(seed, p);
      occupied.add(p);
      right = Math.max(right, p.x);
      enqueueReady(neighbours.get(seed) ?? []);
      continue;
    }
    const around = (neighbours.get(id) ?? []).map(at).filter((p): p is Point => !!p);
    const centre = around.reduce((c, p) => ({ x: c.x + p.x / around.length, y: c.y + p.y / around.length }), { x: 0, y: 0 });
    const p = freeSpotNear(centre, id, occupied, spacing);
    out.set(id, p);
    occupied.add(p);
    enqueueReady(neighbours.get(id) ?? []);
  }
  return out;
}
