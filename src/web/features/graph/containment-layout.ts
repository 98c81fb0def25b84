/**
 * Containment in big graphs: ADT graphs are almost always a hierarchy (site → building → floor → room → device) plus
 * cross-links. This finds the relationship names that form that hierarchy and lays it out as a radial tree, in O(n),
 * so it can run for 50k twins in a worker. Pure: plain arrays in, positions out.
 */

export interface ContainmentInput {
  nodes: number;
  /** source, target index pairs. */
  links: Uint32Array;
  /** The relationship name's index of each link. */
  names: Uint16Array;
  nameCount: number;
}

export interface Hierarchy {
  /** The relationship names (by index) that form the hierarchy, and whether each points parent → child. */
  names: { name: number; down: boolean }[];
  /** Each node's parent, or -1. */
  parent: Int32Array;
  /** The share of nodes with a parent or children: how much of the graph the tree shows. */
  coverage: number;
  depth: number;
}

/** Below this share of nodes in the tree, containment does not describe the graph: another layout fits better. */
export const MIN_COVERAGE = 0.6;

/**
 * Greedy, biggest relationship kind first: a kind joins the hierarchy when (in one direction) nearly every node it
 * reaches gets exactly one parent and it adds no cycle. Cross-links (a room served by two boxes) fail that test.
 */
export function findHierarchy(input: ContainmentInput): Hierarchy | null {
  const { nodes, links, names, nameCount } = input;
  const count = new Array<number>(nameCount).fill(0);
  for (let i = 0; i < names.length; i++) count[names[i] ?? 0]!++;
  const order = [...count.keys()].sort((a, b) => (count[b] ?? 0) - (count[a] ?? 0));
  const parent = new Int32Array(nodes).fill(-1);
  const chosen: Hierarchy['names'] = [];
  for (const name of order) {
    if ((count[name] ?? 0) === 0) continue;
    let best: { down: boolean; conflicts: number } | null = null;
    for (const down of [true, false]) {
      const seen = new Int32Array(nodes).fill(-1);
      let conflicts = 0;
      for (let i = 0; i < names.length; i++) {
        if (names[i] !== name) continue;
        const p = down ? links[2 * i]! : links[2 * i + 1]!;
        const c = down ? links[2 * i + 1]! : links[2 * i]!;
        if (p === c || parent[c] !== -1 || (seen[c] !== -1 && seen[c] !== p)) conflicts++;
        else seen[c] = p;
      }
      if (!best || conflicts < best.conflicts) best = { down, conflicts };
    }
    if (!best || best.conflicts > 0.05 * (count[name] ?? 0)) continue;
    const trial = parent.slice();
    for (let i = 0; i < names.length; i++) {
      if (names[i] !== name) continue;
      const p = best.down ? links[2 * i]! : links[2 * i + 1]!;
      const c = best.down ? links[2 * i + 1]! : links[2 * i]!;
      if (p !== c && trial[c] === -1) trial[c] = p;
    }
    if (hasCycle(trial)) continue;
    parent.set(trial);
    chosen.push({ name, down: best.down });
  }
  if (chosen.length === 0) return null;
  const hasChild = new Uint8Array(nodes);
  let inTree = 0;
  for (let i = 0; i < nodes; i++) if (parent[i]! >= 0) hasChild[parent[i]!] = 1;
  for (let i = 0; i < nodes; i++) if (parent[i]! >= 0 || hasChild[i]) inTree++;
  let depth = 0;
  const d = depths(parent);
  for (let i = 0; i < nodes; i++) depth = Math.max(depth, d[i] ?? 0);
  return { names: chosen, parent, coverage: nodes ? inTree / nodes : 0, depth };
}

function hasCycle(parent: Int32Array): boolean {
  const state = new Uint8Array(parent.length); // 0 unvisited, 1 on the current path, 2 done
  for (let i = 0; i < parent.length; i++) {
    let j = i;
    const path: number[] = [];
    while (j >= 0 && state[j] === 0) {
      state[j] = 1;
      path.push(j);
      j = parent[j]!;
    }
    if (j >= 0 && state[j] === 1) return true;
    for (const k of path) state[k] = 2;
  }
  return false;
}

function depths(parent: Int32Array): Int32Array {
  const d = new Int32Array(parent.length).fill(-1);
  for (let i = 0; i < parent.length; i++) {
    const path: number[] = [];
    let j = i;
    while (j >= 0 && d[j] === -1) {
      path.push(j);
      j = parent[j]!;
    }
    let base = j >= 0 ? d[j]! : -1;
    for (let k = path.length - 1; k >= 0; k--) d[path[k]!] = ++base;
  }
  return d;
}

/**
 * A radial tree: roots in the middle, each level on a ring further out, every subtree a wedge as wide as its leaves.
 * Rings are spaced so the outermost holds its nodes `spacing` apart. Nodes outside the tree go on a grid below it.
 * Returns x0, y0, x1, y1, … per node.
 */
export function radialTree(parent: Int32Array, spacing = 36): Float32Array {
  const n = parent.length;
  const out = new Float32Array(2 * n);
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) childStart[parent[i]! + 1]!++;
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const fill = childStart.slice();
  const children = new Int32Array(Math.max(1, childStart[n]!));
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) children[fill[parent[i]!]!++] = i;
  const hasChild = (i: number) => childStart[i + 1]! > childStart[i]!;
  const roots: number[] = [];
  const loose: number[] = [];
  for (let i = 0; i < n; i++) if (parent[i]! < 0) (hasChild(i) ? roots : loose).push(i);
  // Leaves per subtree, children before parents (an explicit stack: trees can be deep).
  const leaves = new Float64Array(n);
  const order: number[] = [];
  const stack = [...roots];
  while (stack.length) {
    const v = stack.pop()!;
    order.push(v);
    for (let k = childStart[v]!; k < childStart[v + 1]!; k++) stack.push(children[k]!);
  }
  let maxDepth = 1;
  const depth = new Int32Array(n);
  for (const v of order) {
    const p = parent[v]!;
    if (p >= 0) depth[v] = depth[p]! + 1;
    maxDepth = Math.max(maxDepth, depth[v]! + (roots.length > 1 ? 1 : 0));
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i]!;
    if (!hasChild(v)) leaves[v] = 1;
    const p = parent[v]!;
    if (p >= 0) leaves[p]! += leaves[v]!;
  }
  let totalLeaves = 0;
  for (const r of roots) totalLeaves += leaves[r]!;
  // Several roots sit on the first ring around an empty centre; one root sits in the centre.
  const offset = roots.length > 1 ? 1 : 0;
  const ring = Math.max(spacing * 3, (totalLeaves * spacing) / (2 * Math.PI * maxDepth));
  const start = new Float64Array(n);
  let angle = 0;
  for (const r of roots) {
    start[r] = angle;
    angle += (leaves[r]! / Math.max(1, totalLeaves)) * 2 * Math.PI;
  }
  for (const v of order) {
    const span = (leaves[v]! / Math.max(1, totalLeaves)) * 2 * Math.PI;
    const a = start[v]! + span / 2;
    const r = (depth[v]! + offset) * ring;
    out[2 * v] = r * Math.cos(a);
    out[2 * v + 1] = r * Math.sin(a);
    let childAngle = start[v]!;
    for (let k = childStart[v]!; k < childStart[v + 1]!; k++) {
      const c = children[k]!;
      start[c] = childAngle;
      childAngle += (leaves[c]! / Math.max(1, totalLeaves)) * 2 * Math.PI;
    }
  }
  const radius = roots.length ? (maxDepth + offset) * ring : 0;
  const cols = Math.max(1, Math.ceil(Math.sqrt(loose.length)));
  loose.forEach((v, i) => {
    out[2 * v] = -((cols - 1) * spacing) / 2 + (i % cols) * spacing;
    out[2 * v + 1] = radius + spacing * 3 + Math.floor(i / cols) * spacing;
  });
  return out;
}

/** The layout the worker runs: positions, or null when containment does not describe the graph. */
export function containmentLayout(input: ContainmentInput): { positions: Float32Array; coverage: number } | null {
  const h = findHierarchy(input);
  if (!h || h.coverage < MIN_COVERAGE || h.depth < 2) return null;
  return { positions: radialTree(h.parent), coverage: h.coverage };
}
