import type cytoscape from 'cytoscape';
import { dtmiShortName } from '../../../shared/dtdl';
import { twinLabel } from '../../stores/graph-prefs';
import { drawableRelationships, relationshipKey, type GraphContent } from '../../stores/graph-model';
import { modelAppearance } from './graph-style';
import { overviewEdgeWidth, overviewNodeSize, type Overview } from './overview';

/**
 * Keeping Cytoscape's canvas in step with the graph: what it should hold (every twin, or the overview), the plan to get
 * there from what it holds, and applying that plan, or a layout's positions, in slices that never block the page.
 * Elements are managed here rather than through react-cytoscapejs's `elements` prop, which diffs every element on
 * every render: O(n) JSON work per render, far too slow at 10k+ twins.
 */

export interface SyncPlan {
  removeIds: string[];
  nodes: cytoscape.ElementDefinition[];
  edges: cytoscape.ElementDefinition[];
}

type ElementData = { id: string; [key: string]: string | number };
type EdgeData = ElementData & { source: string; target: string };

/** What the canvas should hold: node and edge data by id, and the class every element gets. */
export interface Wanted {
  nodes: Map<string, ElementData>;
  edges: Map<string, EdgeData>;
  classes: string;
}

export function wantedTwins(model: GraphContent, labels: Record<string, string>): Wanted {
  const nodes = new Map<string, ElementData>();
  for (const [id, twin] of model.twins) {
    const modelId = twin.$metadata.$model;
    nodes.set(id, { id, label: twinLabel(twin, labels), model: modelId, ...modelAppearance(modelId) });
  }
  const edges = new Map<string, EdgeData>();
  for (const r of drawableRelationships(model)) {
    const id = relationshipKey(r);
    edges.set(id, { id, source: r.$sourceId, target: r.$targetId, label: r.$relationshipName });
  }
  return { nodes, edges, classes: '' };
}

export function wantedOverview(overview: Overview): Wanted {
  const largestNode = Math.max(1, ...overview.nodes.map((n) => n.count));
  const largestEdge = Math.max(1, ...overview.edges.map((e) => e.count));
  const nodes = new Map<string, ElementData>();
  for (const n of overview.nodes) {
    nodes.set(n.id, {
      id: n.id,
      label: `${dtmiShortName(n.model)} · ${n.count.toLocaleString('en-US')}`,
      model: n.model,
      size: overviewNodeSize(n.count, largestNode),
      ...modelAppearance(n.model),
    });
  }
  const edges = new Map<string, EdgeData>();
  for (const e of overview.edges) {
    edges.set(e.id, { id: e.id, source: e.source, target: e.target, label: `${e.name} · ${e.count.toLocaleString('en-US')}`, width: overviewEdgeWidth(e.count, largestEdge) });
  }
  return { nodes, edges, classes: 'overview' };
}

/** Copies the data fields that changed onto an element already on the canvas. */
function patchData(el: cytoscape.SingularElementReturnValue, data: ElementData): void {
  let changed: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(data)) {
    if (k === 'id' || k === 'source' || k === 'target' || el.data(k) === v) continue;
    (changed ??= {})[k] = v;
  }
  if (changed) el.data(changed);
}

/** What to add, change and remove to make the canvas hold what is wanted. */
export function planSync(cy: cytoscape.Core, wanted: Wanted): SyncPlan {
  const removeIds: string[] = [];
  // An empty canvas (the common case: a fresh query) needs no per-element existence checks.
  const empty = cy.elements().empty();
  cy.elements().forEach((el) => {
    const id = el.id();
    if (el.isNode() ? !wanted.nodes.has(id) : !wanted.edges.has(id)) removeIds.push(id);
  });
  const nodes: cytoscape.ElementDefinition[] = [];
  for (const [id, data] of wanted.nodes) {
    const existing = empty ? null : cy.getElementById(id);
    if (existing && existing.nonempty()) patchData(existing, data);
    else nodes.push({ group: 'nodes', data, classes: wanted.classes });
  }
  const edges: cytoscape.ElementDefinition[] = [];
  for (const [id, data] of wanted.edges) {
    const existing = empty ? null : cy.getElementById(id);
    if (existing && existing.nonempty()) patchData(existing, data);
    else edges.push({ group: 'edges', data, classes: wanted.classes });
  }
  return { removeIds, nodes, edges };
}

/**
 * Computes the style, rendered style and bounding box of newly added elements now, in the task that adds them.
 * Cytoscape otherwise does all of that lazily in the first frame after the elements are added: one task of seconds
 * for a 50k-twin graph. `flushRenderedStyleQueue` is Cytoscape's internal renderer hook for exactly this; when a
 * version lacks it, the work simply stays in the first frame.
 */
function elementWarmer(cy: cytoscape.Core): (added: cytoscape.CollectionReturnValue) => void {
  const renderer = (cy as unknown as { renderer?: () => { flushRenderedStyleQueue?: () => void } | undefined }).renderer?.();
  const flush = renderer?.flushRenderedStyleQueue;
  return (added) => {
    if (typeof flush === 'function') flush.call(renderer);
    added.forEach((el) => {
      el.boundingBox();
    });
  };
}

/** Elements added at a time, and the time one task may spend adding them before it yields to the browser. */
const SYNC_SLICE = 250;
/** Moving a node recomputes its edges too, so layouts are placed in smaller slices. */
const POSITION_SLICE = 100;
const TASK_BUDGET_MS = 40;
/** Fitting a graph of a few nodes stops here: beyond, nodes are giant and their labels off screen. */
export const MAX_FIT_ZOOM = 1.5;
/**
 * Fitting a small graph stops zooming out here, so that its labels stay readable (12 px labels drawn at 9.6 px or
 * more): a graph of a few dozen twins is better read with a little panning than fitted at 5 px labels. Bigger graphs
 * are fitted whole; their labels are not readable at fit anyway.
 */
export const MIN_FIT_ZOOM = 0.8;
export const READABLE_FIT_MAX_NODES = 150;

/** The least zoom an automatic fit may use for a graph of `nodes` nodes. */
export function fitZoomFloor(cy: cytoscape.Core, nodes: number): number {
  return nodes <= READABLE_FIT_MAX_NODES ? Math.max(cy.minZoom(), MIN_FIT_ZOOM) : cy.minZoom();
}

/** cy.fit() for the automatic fit after a layout: no closer than MAX_FIT_ZOOM, no farther than fitZoomFloor(). */
export function fitReadable(cy: cytoscape.Core, padding = 30, floor = fitZoomFloor(cy, cy.nodes().length)): void {
  const visible = cy.elements(':visible');
  if (visible.nonempty()) fitRect(cy, visible.boundingBox(), padding, floor);
}

/** The Fit button: the whole graph (however small that makes it), beside the legend, no closer than MAX_FIT_ZOOM. */
export function fitWhole(cy: cytoscape.Core): void {
  fitReadable(cy, 30, cy.minZoom());
}

/**
 * The width the legend takes at the canvas's right edge (0 when it is hidden): fits leave that strip out, or the
 * legend sat over the twins at the right of the graph (at 1280×720 the sample's rightmost sensors were under it).
 */
function legendInset(cy: cytoscape.Core): number {
  const legend = cy.container()?.closest('.graph-view')?.querySelector<HTMLElement>('[data-testid="graph-legend"]');
  if (!legend || legend.offsetParent === null) return 0;
  const inset = legend.getBoundingClientRect().width + 16;
  // A legend wider than a third of the canvas is left to overlap: the graph would be too narrow otherwise.
  return inset < cy.width() / 3 ? inset : 0;
}
const yieldToMain = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Applies a plan in slices, yielding between tasks so that a 50k-twin load does not freeze the tab. Big graphs get
 * their grid positions here (a grid needs no layout pass), so the only work left afterwards is one fit.
 * Returns false when a newer sync superseded this one.
 */
export async function applySync(
  cy: cytoscape.Core,
  plan: SyncPlan,
  presetGrid: boolean,
  current: () => boolean,
  /** Runs when the canvas holds only what stays: the moment to restyle it cheaply. */
  beforeAdd?: () => void,
): Promise<{ ok: boolean; gridExtent?: { width: number; height: number } }> {
  if (plan.removeIds.length) {
    cy.batch(() => {
      for (const id of plan.removeIds) cy.getElementById(id).remove();
    });
  }
  beforeAdd?.();
  let gridExtent: { width: number; height: number } | undefined;
  if (presetGrid) {
    const total = cy.nodes().length + plan.nodes.length;
    const cols = Math.max(1, Math.ceil(Math.sqrt(total)));
    const spacing = 40;
    gridExtent = { width: (cols - 1) * spacing, height: (Math.ceil(total / cols) - 1) * spacing };
    let i = cy.nodes().length;
    for (const n of plan.nodes) {
      n.position = { x: (i % cols) * spacing, y: Math.floor(i / cols) * spacing };
      i++;
    }
  }
  const all = [...plan.nodes, ...plan.edges];
  const ok = await inSlices(cy, all.length, (from, to) => cy.add(all.slice(from, to)), current);
  return { ok, ...(gridExtent ? { gridExtent } : {}) };
}

/**
 * Changes the canvas slice by slice: `step(from, to)` changes items [from, to) and returns the elements it touched.
 * The renderer draws nothing while a batch is open, so one stays open whenever this yields: a half-changed graph is
 * never drawn. Each slice runs outside the batch, though, so that its style is computed in its own task (see
 * elementWarmer); one batch around everything would leave all of it to the first frame. Returns false when `current`
 * says a newer change superseded this one.
 */
async function inSlices(cy: cytoscape.Core, total: number, step: (from: number, to: number) => cytoscape.CollectionReturnValue, current: () => boolean, slice = SYNC_SLICE): Promise<boolean> {
  const warm = elementWarmer(cy);
  cy.startBatch();
  try {
    let taskStart = performance.now();
    for (let i = 0; i < total; i += slice) {
      if (!current()) return false;
      cy.endBatch();
      warm(step(i, Math.min(total, i + slice)));
      cy.startBatch();
      if (performance.now() - taskStart > TASK_BUDGET_MS) {
        await yieldToMain();
        taskStart = performance.now();
      }
    }
  } finally {
    performance.mark('twinscope:endbatch:start');
    cy.endBatch();
    performance.measure('twinscope:endbatch', 'twinscope:endbatch:start');
  }
  return current();
}

/**
 * Places every node at the position the worker computed (x0, y0, x1, y1, …, in `nodes` order), slice by slice,
 * and returns the rectangle they span.
 */
export async function applyPositions(cy: cytoscape.Core, nodes: cytoscape.NodeCollection, positions: Float32Array, current: () => boolean): Promise<Rect | null> {
  const rect = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  for (let i = 0; i < nodes.length; i++) {
    const x = positions[2 * i] ?? 0;
    const y = positions[2 * i + 1] ?? 0;
    rect.x1 = Math.min(rect.x1, x);
    rect.y1 = Math.min(rect.y1, y);
    rect.x2 = Math.max(rect.x2, x);
    rect.y2 = Math.max(rect.y2, y);
  }
  const ok = await inSlices(
    cy,
    nodes.length,
    (from, to) => {
      const slice = nodes.slice(from, to);
      slice.forEach((n, j) => {
        n.position({ x: positions[2 * (from + j)] ?? 0, y: positions[2 * (from + j) + 1] ?? 0 });
      });
      return slice.union(slice.connectedEdges());
    },
    current,
    POSITION_SLICE,
  );
  return ok && nodes.length > 0 ? rect : null;
}

export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Fits a rectangle of positions we already know (a grid we placed, or the worker's layout). cy.fit() measures every
 * element's bounding box: over a second at 10k twins, for a rectangle we have. The padding leaves room for the nodes.
 */
export function fitRect(cy: cytoscape.Core, rect: Rect, padding = 30, floor = fitZoomFloor(cy, cy.nodes().length)): void {
  const width = rect.x2 - rect.x1;
  const height = rect.y2 - rect.y1;
  const area = cy.width() - legendInset(cy);
  const w = Math.max(1, area - 2 * padding);
  const h = Math.max(1, cy.height() - 2 * padding);
  const zoom = Math.min(MAX_FIT_ZOOM, cy.maxZoom(), Math.max(floor, Math.min(w / Math.max(1, width), h / Math.max(1, height))));
  cy.viewport({ zoom, pan: { x: (area - width * zoom) / 2 - rect.x1 * zoom, y: (cy.height() - height * zoom) / 2 - rect.y1 * zoom } });
}

/**
 * The renderer's options for big graphs: while the viewport moves, draw a texture of the graph and leave the edges
 * out, and draw at pixel ratio 1. react-cytoscapejs passes these options only when it mounts (on an empty graph), so
 * they are set on the renderer whenever the canvas crosses the big-graph size. Cytoscape reads them on every frame.
 */
export function tuneRenderer(cy: cytoscape.Core, large: boolean): void {
  const renderer = (cy as unknown as { renderer?: () => Record<string, unknown> | undefined }).renderer?.();
  if (!renderer) return;
  renderer['hideEdgesOnViewport'] = large;
  renderer['textureOnViewport'] = large;
  renderer['forcedPixelRatio'] = large ? 1 : null;
  cy.resize();
}

/**
 * After the canvas changed size (a panel opened, closed or was dragged), keeps what was at its centre at the centre,
 * and brings a selected twin that ended up outside back into view. Cytoscape keeps the top-left corner fixed, so
 * opening the inspector on a selection hid the right third of the graph, often with the twin just selected in it.
 * Positions never change: only the viewport moves.
 */
export function recentreAfterResize(cy: cytoscape.Core, before: { width: number; height: number }, margin = 40): void {
  const width = cy.width();
  const height = cy.height();
  if (before.width <= 0 || before.height <= 0 || width <= 0 || height <= 0) return;
  if (width === before.width && height === before.height) return;
  cy.panBy({ x: (width - before.width) / 2, y: (height - before.height) / 2 });
  const selected = cy.nodes(':selected');
  if (selected.empty()) return;
  const box = selected.renderedBoundingBox({ includeLabels: false });
  if (box.w > width - 2 * margin || box.h > height - 2 * margin) return;
  const dx = box.x1 < margin ? margin - box.x1 : box.x2 > width - margin ? width - margin - box.x2 : 0;
  const dy = box.y1 < margin ? margin - box.y1 : box.y2 > height - margin ? height - margin - box.y2 : 0;
  if (dx || dy) cy.panBy({ x: dx, y: dy });
}

/**
 * Centres the selection at a zoom where its labels can be read: one twin at 1.2× (never zooming out), a group fitted,
 * capped where fitting a few nodes would make them giant. The bodies are centred, not their labels (a value label
 * below a node would push it up).
 */
export function centreOnSelection(cy: cytoscape.Core): void {
  const sel = cy.$(':selected');
  if (sel.empty()) return;
  const bb = sel.boundingBox({ includeLabels: false, includeOverlays: false });
  const fit = Math.min(cy.width() / Math.max(1, bb.w + 120), cy.height() / Math.max(1, bb.h + 120));
  const zoom = Math.min(MAX_FIT_ZOOM, sel.length === 1 ? Math.max(cy.zoom(), 1.2) : Math.max(0.4, fit));
  const x = (bb.x1 + bb.x2) / 2;
  const y = (bb.y1 + bb.y2) / 2;
  cy.animate({ zoom, pan: { x: cy.width() / 2 - x * zoom, y: cy.height() / 2 - y * zoom }, duration: 200 });
}
