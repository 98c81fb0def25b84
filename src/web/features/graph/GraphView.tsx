import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import CytoscapeComponent from 'react-cytoscapejs';
import type cytoscape from 'cytoscape';
import { useGraphStore } from '../../stores/graph';
import { useChanges } from '../../stores/changes';
import { DEFAULT_OVERVIEW_ABOVE, twinLabel, useGraphPrefs } from '../../stores/graph-prefs';
import { drawableRelationships, relationshipKey, type GraphModel } from '../../stores/graph-model';
import { graphStylesheet, LARGE_GRAPH_ELEMENTS, modelAppearance } from './graph-style';
import { layoutOptions, resolveLayout, shapeOf, LAYOUT_NAMES, type LayoutName } from './layouts';
import { computeForceLayout } from './force-layout';
import { compileTwinFilter } from './twin-filter';
import type { AdtClient } from '../../adt-client';
import { expandNeighbourhood, type ExpandDirection } from '../../api/expand';
import { dtmiShortName, type ModelIndex } from '../../../shared/dtdl';
import { focusOn, isOverviewId, overviewEdgeWidth, overviewNodeId, overviewNodeSize, summarise, type Overview } from './overview';

// Elements are managed imperatively in batches: react-cytoscapejs diffs its `elements` prop on every render, which
// is O(n) JSON work per render and far too slow at 10k+ twins. The component still owns mounting and options.
const NO_ELEMENTS: cytoscape.ElementDefinition[] = [];

function readColors(): { fg: string; muted: string; accent: string } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg', '#222'), muted: v('--fg-muted', '#888'), accent: v('--accent', '#0f62fe') };
}

interface SyncPlan {
  removeIds: string[];
  nodes: cytoscape.ElementDefinition[];
  edges: cytoscape.ElementDefinition[];
}

type ElementData = { id: string; [key: string]: string | number };
type EdgeData = ElementData & { source: string; target: string };

/** What the canvas should hold: node and edge data by id, and the class every element gets. */
interface Wanted {
  nodes: Map<string, ElementData>;
  edges: Map<string, EdgeData>;
  classes: string;
}

function wantedTwins(model: GraphModel, labels: Record<string, string>): Wanted {
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

function wantedOverview(overview: Overview): Wanted {
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
function planSync(cy: cytoscape.Core, wanted: Wanted): SyncPlan {
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
const SYNC_SLICE = 500;
const TASK_BUDGET_MS = 40;
const MAX_FIT_ZOOM = 1.5;
const yieldToMain = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Applies a plan in slices, yielding between tasks so that a 50k-twin load does not freeze the tab. Big graphs get
 * their grid positions here (a grid needs no layout pass), so the only work left afterwards is one fit.
 * Returns false when a newer sync superseded this one.
 */
async function applySync(cy: cytoscape.Core, plan: SyncPlan, presetGrid: boolean, current: () => boolean): Promise<{ ok: boolean; gridExtent?: { width: number; height: number } }> {
  if (plan.removeIds.length) {
    cy.batch(() => {
      for (const id of plan.removeIds) cy.getElementById(id).remove();
    });
  }
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
async function inSlices(cy: cytoscape.Core, total: number, step: (from: number, to: number) => cytoscape.CollectionReturnValue, current: () => boolean): Promise<boolean> {
  const warm = elementWarmer(cy);
  cy.startBatch();
  try {
    let taskStart = performance.now();
    for (let i = 0; i < total; i += SYNC_SLICE) {
      if (!current()) return false;
      cy.endBatch();
      warm(step(i, Math.min(total, i + SYNC_SLICE)));
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
async function applyPositions(cy: cytoscape.Core, nodes: cytoscape.NodeCollection, positions: Float32Array, current: () => boolean): Promise<Rect | null> {
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
  );
  return ok && nodes.length > 0 ? rect : null;
}

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Fits a rectangle of positions we already know (a grid we placed, or the worker's layout). cy.fit() measures every
 * element's bounding box: over a second at 10k twins, for a rectangle we have. The padding leaves room for the nodes.
 */
function fitRect(cy: cytoscape.Core, rect: Rect, padding = 30): void {
  const width = rect.x2 - rect.x1;
  const height = rect.y2 - rect.y1;
  const w = Math.max(1, cy.width() - 2 * padding);
  const h = Math.max(1, cy.height() - 2 * padding);
  const zoom = Math.min(MAX_FIT_ZOOM, cy.maxZoom(), Math.max(cy.minZoom(), Math.min(w / Math.max(1, width), h / Math.max(1, height))));
  cy.viewport({ zoom, pan: { x: (cy.width() - width * zoom) / 2 - rect.x1 * zoom, y: (cy.height() - height * zoom) / 2 - rect.y1 * zoom } });
}

/** Whether this browser can give Cytoscape a WebGL context (machines without a GPU often cannot). */
function webglAvailable(): boolean {
  try {
    return !!document.createElement('canvas').getContext('webgl2');
  } catch {
    return false;
  }
}

/**
 * Re-mounts the renderer with Cytoscape's WebGL option on or off. react-cytoscapejs only passes a fixed set of
 * options to the constructor, so the renderer options are set on the instance and it is mounted again.
 */
function setWebglRenderer(cy: cytoscape.Core, on: boolean): void {
  const container = cy.container();
  const options = (cy as unknown as { _private: { options: { renderer?: Record<string, unknown> } } })._private.options;
  if (!container || !!options.renderer?.webgl === on) return;
  options.renderer = { ...(options.renderer ?? {}), name: 'canvas', webgl: on };
  cy.unmount();
  cy.mount(container);
}

export interface GraphViewProps {
  theme: string;
  client: AdtClient | null;
  models: ModelIndex | undefined;
}

export default function GraphView({ theme, client, models }: GraphViewProps) {
  const cyRef = useRef<cytoscape.Core | null>(null);
  const model = useGraphStore((s) => s.model);
  const select = useGraphStore((s) => s.select);
  const loading = useGraphStore((s) => s.loading);
  const flashing = useChanges((s) => s.flashing);
  const labelProperty = useGraphPrefs((s) => s.labelProperty);
  const webgl = useGraphPrefs((s) => s.webgl);
  const [canWebgl] = useState(webglAvailable);
  const [labelModel, setLabelModel] = useState('');
  const modelsInGraph = useMemo(() => [...new Set([...model.twins.values()].map((t) => t.$metadata.$model))].sort(), [model.twins]);
  const labelChoices = useMemo(() => {
    const resolved = labelModel && models ? models.resolve(labelModel) : undefined;
    return resolved ? [...resolved.properties.keys()].sort() : [];
  }, [labelModel, models]);
  const [layout, setLayout] = useState<LayoutName>('auto');
  const [cyReady, setCyReady] = useState(false);
  // What is on the canvas once the layout has finished, and how many twins and relationships it stands for (more
  // than it holds in the overview): tests and benchmarks wait for it ("drawn and interactive").
  const [drawn, setDrawn] = useState({ nodes: 0, edges: 0, twins: 0, relationships: 0 });
  const represented = useRef<{ twins: number; relationships: number } | null>(null);
  const markDrawn = useCallback(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const nodes = cy.nodes().length;
    const edges = cy.edges().length;
    const r = represented.current ?? { twins: nodes, relationships: edges };
    setDrawn((d) => (d.nodes === nodes && d.edges === edges && d.twins === r.twins && d.relationships === r.relationships ? d : { nodes, edges, ...r }));
  }, []);

  // Graphs too big to draw twin by twin are drawn as an overview by model, unless the user asks for every twin or
  // for the twins of some models. Both choices last until the next query.
  const overviewAbove = useGraphPrefs((s) => s.overviewAbove);
  const twinCount = useGraphStore((s) => s.twinCount);
  const relationshipCount = useGraphStore((s) => s.relationshipCount);
  const [drawAll, setDrawAll] = useState(false);
  const [focus, setFocus] = useState<ReadonlySet<string> | null>(null);
  const [pickedModels, setPickedModels] = useState<string[]>([]);
  const [overviewModels, setOverviewModels] = useState<{ model: string; count: number }[]>([]);
  useEffect(() => {
    if (!loading) return;
    setDrawAll(false);
    setFocus(null);
    setPickedModels([]);
  }, [loading]);
  const tooBig = overviewAbove > 0 && twinCount + relationshipCount > overviewAbove;
  const view: 'twins' | 'overview' | 'focus' = focus ? 'focus' : tooBig && !drawAll ? 'overview' : 'twins';
  const focused = useMemo(() => (focus ? focusOn(model, focus) : null), [model, focus]);
  const drawnElements = view === 'overview' ? 0 : focused ? focused.twins.size + focused.relationships.size : twinCount + relationshipCount;
  const large = drawnElements > LARGE_GRAPH_ELEMENTS;
  // `theme` is a dependency on purpose: the colours come from the theme's CSS variables.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stylesheet = useMemo(() => graphStylesheet(large, readColors()), [large, theme]);
  const applyingSelection = useRef(false);
  const [direction, setDirection] = useState<ExpandDirection>('both');
  const [levels, setLevels] = useState(1);
  const [expandState, setExpandState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [filterText, setFilterText] = useState('');
  const [filterMode, setFilterMode] = useState<'highlight' | 'filter'>('highlight');
  const [filterResult, setFilterResult] = useState<{ error: string | null; matches: number | null }>({ error: null, matches: null });
  const selectedTwins = [...model.selection].filter((id) => model.twins.has(id));

  const expand = async () => {
    if (!client || selectedTwins.length === 0) return;
    setExpandState({ busy: true, error: null });
    try {
      await expandNeighbourhood(client, selectedTwins, {
        direction,
        levels,
        onPage: (twins, relationships) => useGraphStore.getState().merge({ twins, relationships }),
      });
      setExpandState({ busy: false, error: null });
    } catch (err) {
      setExpandState({ busy: false, error: err instanceof Error ? err.message : String(err) });
    }
  };

  const clearHighlight = () => {
    cyRef.current?.elements().removeClass('highlighted dimmed');
  };

  const applyFilter = () => {
    clearHighlight();
    if (!filterText.trim()) {
      setFilterResult({ error: null, matches: null });
      return;
    }
    const compiled = compileTwinFilter(filterText, models);
    if (!compiled.ok) {
      setFilterResult({ error: compiled.message, matches: null });
      return;
    }
    const matching = [...model.twins.values()].filter(compiled.test).map((t) => t.$dtId);
    setFilterResult({ error: null, matches: matching.length });
    if (filterMode === 'filter') {
      useGraphStore.getState().hideOthers(matching);
      return;
    }
    const cy = cyRef.current;
    if (!cy) return;
    const keep = new Set(matching);
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        n.addClass(keep.has(n.id()) ? 'highlighted' : 'dimmed');
      });
      cy.edges().addClass('dimmed');
    });
  };

  const layoutRun = useRef<AbortController | null>(null);
  const [layoutState, setLayoutState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const runLayout = useCallback((name: LayoutName) => {
    const cy = cyRef.current;
    layoutRun.current?.abort();
    if (!cy || cy.nodes().length === 0) return;
    const shape = shapeOf(
      cy.nodes().map((n) => n.id()),
      cy.edges().map((e) => ({ target: e.target().id() })),
    );
    const resolved = resolveLayout(name, shape);
    performance.mark('twinscope:layout:start');
    if (resolved === 'force-worker') {
      // Computed in a worker, placed in slices: the page stays responsive however long it takes.
      const controller = new AbortController();
      layoutRun.current = controller;
      const nodes = cy.nodes();
      const index = new Map(nodes.map((n, i) => [n.id(), i] as const));
      const links = new Uint32Array(cy.edges().length * 2);
      cy.edges().forEach((e, i) => {
        links[2 * i] = index.get(e.source().id()) ?? 0;
        links[2 * i + 1] = index.get(e.target().id()) ?? 0;
      });
      const current = () => layoutRun.current === controller && !controller.signal.aborted;
      setLayoutState({ busy: true, error: null });
      computeForceLayout({ nodes: nodes.length, links }, controller.signal)
        .then((positions) => applyPositions(cy, nodes, positions, current))
        .then((rect) => {
          if (!current()) return;
          performance.measure('twinscope:layout', 'twinscope:layout:start');
          setLayoutState({ busy: false, error: null });
          if (rect) {
            cy.resize();
            fitRect(cy, rect);
          }
          markDrawn();
        })
        .catch((err: unknown) => {
          if (!current()) return;
          setLayoutState({ busy: false, error: err instanceof Error ? err.message : String(err) });
          markDrawn();
        });
      return;
    }
    setLayoutState({ busy: false, error: null });
    const run = cy.layout(layoutOptions(resolved, shape.nodes));
    run.one('layoutstop', () => {
      // The canvas may have changed size while the layout ran (panels settle on first load).
      cy.resize();
      cy.fit(undefined, 30);
      // A graph of a few nodes would be fitted at the maximum zoom: giant nodes with their labels off screen.
      if (cy.zoom() > MAX_FIT_ZOOM) cy.zoom({ level: MAX_FIT_ZOOM, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      markDrawn();
    });
    run.run();
    performance.measure('twinscope:layout', 'twinscope:layout:start');
  }, [markDrawn]);
  useEffect(() => () => layoutRun.current?.abort(), []);

  const onCy = useCallback(
    (cy: cytoscape.Core) => {
      if (cyRef.current === cy) return;
      cyRef.current = cy;
      // Cytoscape caches its container size; panels resize without telling it, so tell it.
      const container = cy.container();
      if (container && typeof ResizeObserver !== 'undefined') new ResizeObserver(() => cy.resize()).observe(container);
      cy.on('select unselect', () => {
        if (applyingSelection.current) return;
        const ids = cy.$(':selected').map((el) => el.id());
        // Overview elements stand for many twins: they are picked for drawing, never selected as twins.
        setPickedModels(cy.$('node.overview:selected').map((n) => String(n.data('model'))));
        select(ids.filter((id) => !isOverviewId(id)));
      });
      if (useGraphPrefs.getState().webgl && webglAvailable()) setWebglRenderer(cy, true);
      setCyReady(true);
    },
    [select],
  );

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !cyReady) return;
    const twins = useGraphStore.getState().model.twins;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const twin = twins.get(n.id());
        if (twin) n.data('label', twinLabel(twin, labelProperty));
      });
    });
  }, [labelProperty, cyReady]);

  const syncGeneration = useRef(0);
  useEffect(() => {
    const cy = cyRef.current;
    // While pages stream in, drawing and laying out every page would cost O(pages × n); draw once at the end.
    if (!cy || !cyReady || loading) return;
    const generation = ++syncGeneration.current;
    const current = () => syncGeneration.current === generation;
    performance.mark('twinscope:sync:start');
    let wanted: Wanted;
    if (view === 'overview') {
      const overview = summarise(model);
      represented.current = { twins: overview.twins, relationships: overview.relationships };
      setOverviewModels(overview.nodes.map((n) => ({ model: n.model, count: n.count })).sort((a, b) => b.count - a.count));
      wanted = wantedOverview(overview);
    } else {
      represented.current = null;
      wanted = wantedTwins(focused ?? model, useGraphPrefs.getState().labelProperty);
    }
    const plan = planSync(cy, wanted);
    const added = plan.nodes.length + plan.edges.length;
    if (added === 0 && plan.removeIds.length === 0) {
      markDrawn();
      return;
    }
    const nodeCount = cy.nodes().length + plan.nodes.length;
    const shape = { nodes: nodeCount, edges: cy.edges().length + plan.edges.length, treeLike: false };
    const resolved = resolveLayout(layout, { ...shape, treeLike: shapeOf([], plan.edges.map((e) => ({ target: String(e.data.target) }))).treeLike });
    // A fresh graph bound for a grid gets its positions while it is added, and needs no layout pass. One bound for the
    // worker's force layout starts on that grid too, so there is something to see while the worker computes.
    const fresh = cy.nodes().empty() || plan.removeIds.length === cy.elements().length;
    const presetGrid = fresh && (resolved === 'grid' || resolved === 'force-worker');
    void applySync(cy, plan, presetGrid, current).then(({ ok, gridExtent }) => {
      performance.measure('twinscope:sync', 'twinscope:sync:start');
      if (!ok) return;
      // Removed elements take their selection with them without a select event: read the picks again.
      setPickedModels(cy.$('node.overview:selected').map((n) => String(n.data('model'))));
      if (gridExtent) fitRect(cy, { x1: 0, y1: 0, x2: gridExtent.width, y2: gridExtent.height });
      if (gridExtent && resolved === 'grid') markDrawn();
      else if (added > 0) runLayout(layout);
      else markDrawn();
    });
    // Only twins and relationships changing (tracked by `revision`) or what is drawn of them should trigger a sync.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model.revision, cyReady, loading, view, focused]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !cyReady) return;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        const edge = el as cytoscape.EdgeSingular;
        const hidden = el.isNode()
          ? model.hidden.has(el.id())
          : model.hidden.has(edge.source().id()) || model.hidden.has(edge.target().id()) || model.hidden.has(edge.id());
        el.style('display', hidden ? 'none' : 'element');
      });
    });
  }, [model.hidden, model.revision, cyReady]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !cyReady) return;
    applyingSelection.current = true;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (isOverviewId(el.id())) return;
        const want = model.selection.has(el.id());
        if (want && !el.selected()) el.select();
        else if (!want && el.selected()) el.unselect();
      });
    });
    applyingSelection.current = false;
  }, [model.selection, model.revision, cyReady]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !cyReady) return;
    cy.batch(() => {
      cy.nodes('.flash').forEach((n) => {
        if (!flashing.has(n.id())) n.removeClass('flash');
      });
      for (const id of flashing) cy.getElementById(id).addClass('flash');
    });
  }, [flashing, cyReady, model.revision]);

  return (
    <div
      className="graph-view"
      data-view={view}
      data-drawn-nodes={drawn.nodes}
      data-drawn-edges={drawn.edges}
      data-shown-twins={drawn.twins}
      data-shown-relationships={drawn.relationships}
    >
      <div className="graph-toolbar" role="toolbar" aria-label="Graph">
        <label className="field">
          <span>Layout</span>
          <select
            aria-label="Layout"
            value={layout}
            onChange={(e) => {
              const next = e.target.value as LayoutName;
              setLayout(next);
              runLayout(next);
            }}
          >
            {LAYOUT_NAMES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => cyRef.current?.fit(undefined, 30)}>
          Fit
        </button>
        <button
          type="button"
          onClick={() => {
            const cy = cyRef.current;
            const sel = cy?.$(':selected');
            if (cy && sel && sel.nonempty()) cy.animate({ center: { eles: sel }, duration: 200 });
          }}
        >
          Centre on selection
        </button>
        <label className="field" title={canWebgl ? 'Draw with the GPU: faster on big graphs where a GPU is present' : 'WebGL is not available in this browser'}>
          <input
            type="checkbox"
            checked={webgl && canWebgl}
            disabled={!canWebgl}
            onChange={(e) => {
              useGraphPrefs.getState().setWebgl(e.target.checked);
              if (cyRef.current) setWebglRenderer(cyRef.current, e.target.checked);
            }}
          />
          <span>WebGL</span>
        </label>
        <label className="field" title="Bigger graphs are drawn as an overview by model: drawing every twin keeps the tab busy for seconds">
          <span>Overview above</span>
          <select aria-label="Overview above" value={overviewAbove} onChange={(e) => useGraphPrefs.getState().setOverviewAbove(Number(e.target.value))}>
            {[...new Set([20_000, DEFAULT_OVERVIEW_ABOVE, 150_000, overviewAbove])]
              .filter((n) => n > 0)
              .sort((a, b) => a - b)
              .map((n) => (
                <option key={n} value={n}>
                  {`${n.toLocaleString('en-US')} elements`}
                </option>
              ))}
            <option value={0}>never</option>
          </select>
        </label>
        <span className="toolbar-sep" aria-hidden="true" />
        <label className="field">
          <span>Label</span>
          <select aria-label="Label model" value={labelModel} onChange={(e) => setLabelModel(e.target.value)}>
            <option value="">model…</option>
            {modelsInGraph.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <select
          aria-label="Label property"
          value={labelModel ? (labelProperty[labelModel] ?? '') : ''}
          disabled={!labelModel}
          onChange={(e) => useGraphPrefs.getState().setLabelProperty(labelModel, e.target.value || null)}
        >
          <option value="">$dtId</option>
          {labelChoices.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <span className="toolbar-sep" aria-hidden="true" />
        <label className="field">
          <span>Expand</span>
          <select aria-label="Expand direction" value={direction} onChange={(e) => setDirection(e.target.value as ExpandDirection)}>
            <option value="both">in and out</option>
            <option value="out">outgoing</option>
            <option value="in">incoming</option>
          </select>
        </label>
        <input
          aria-label="Expand levels"
          type="number"
          min={1}
          max={5}
          value={levels}
          onChange={(e) => setLevels(Math.min(5, Math.max(1, Number(e.target.value) || 1)))}
          className="levels-input"
        />
        <button type="button" onClick={() => void expand()} disabled={!client || selectedTwins.length === 0 || expandState.busy || view === 'overview'}>
          Expand
        </button>
        <span className="toolbar-sep" aria-hidden="true" />
        <button type="button" onClick={() => useGraphStore.getState().hide(model.selection)} disabled={model.selection.size === 0}>
          Hide selected
        </button>
        <button type="button" onClick={() => useGraphStore.getState().hideOthers(selectedTwins)} disabled={selectedTwins.length === 0}>
          Hide others
        </button>
        <button
          type="button"
          onClick={() => {
            clearHighlight();
            useGraphStore.getState().showAll();
          }}
          disabled={model.hidden.size === 0}
        >
          Show all
        </button>
        {layoutState.busy ? (
          <span className="filter-count" role="status" data-testid="layout-busy">
            Laying out…
          </span>
        ) : null}
        {layoutState.error ? (
          <span className="form-error" role="alert">
            {layoutState.error}
          </span>
        ) : null}
        {expandState.error ? (
          <span className="form-error" role="alert">
            {expandState.error}
          </span>
        ) : null}
      </div>
      {view === 'overview' ? (
        <div className="graph-overview-bar" role="status" data-testid="graph-overview">
          <span>
            Overview by model of {twinCount.toLocaleString('en-US')} twins and {relationshipCount.toLocaleString('en-US')} relationships: more than{' '}
            {overviewAbove.toLocaleString('en-US')} elements drawn one by one would freeze this tab. Select models to draw their twins.
          </span>
          <details className="graph-overview-models">
            <summary>Models</summary>
            {/* The keyboard's way to pick models; it mirrors the canvas selection both ways. */}
            <ul>
              {overviewModels.map(({ model: m, count }) => (
                <li key={m}>
                  <label>
                    <input
                      type="checkbox"
                      checked={pickedModels.includes(m)}
                      onChange={(e) => {
                        const node = cyRef.current?.getElementById(overviewNodeId(m));
                        if (node && node.nonempty()) {
                          if (e.target.checked) node.select();
                          else node.unselect();
                        }
                      }}
                    />
                    {`${dtmiShortName(m)} (${count.toLocaleString('en-US')})`}
                  </label>
                </li>
              ))}
            </ul>
          </details>
          <button type="button" disabled={pickedModels.length === 0} onClick={() => setFocus(new Set(pickedModels))}>
            {pickedModels.length === 0 ? 'Draw selected models' : `Draw ${pickedModels.length} selected ${pickedModels.length === 1 ? 'model' : 'models'}`}
          </button>
          <button type="button" onClick={() => setDrawAll(true)}>
            Draw every twin
          </button>
        </div>
      ) : view === 'focus' || (tooBig && drawAll) ? (
        <div className="graph-overview-bar" role="status" data-testid="graph-overview">
          <span>
            {focused
              ? `Drawing the twins of ${focus?.size ?? 0} ${focus?.size === 1 ? 'model' : 'models'}: ${focused.twins.size.toLocaleString('en-US')} twins, ${focused.relationships.size.toLocaleString('en-US')} relationships among them.`
              : 'Drawing every twin.'}
          </span>
          <button
            type="button"
            onClick={() => {
              setFocus(null);
              setDrawAll(false);
              setPickedModels([]);
            }}
          >
            Back to the overview
          </button>
        </div>
      ) : null}
      <form
        className="graph-filter"
        onSubmit={(e) => {
          e.preventDefault();
          applyFilter();
        }}
      >
        <input
          aria-label="Filter twins by value"
          placeholder="temperature > 70"
          value={filterText}
          onChange={(e) => setFilterText(e.target.value)}
          aria-invalid={filterResult.error !== null}
        />
        <select aria-label="Filter mode" value={filterMode} onChange={(e) => setFilterMode(e.target.value as 'highlight' | 'filter')}>
          <option value="highlight">highlight</option>
          <option value="filter">hide the rest</option>
        </select>
        <button type="submit" disabled={view === 'overview'} title={view === 'overview' ? 'The overview shows models, not twins: draw twins first' : undefined}>
          Apply
        </button>
        {filterResult.error ? (
          <span className="form-error" role="alert" data-testid="graph-filter-error">
            {filterResult.error}
          </span>
        ) : filterResult.matches !== null ? (
          <span className="filter-count" data-testid="graph-filter-count">
            {filterResult.matches} matching
          </span>
        ) : null}
      </form>
      <CytoscapeComponent
        elements={NO_ELEMENTS}
        cy={onCy}
        stylesheet={stylesheet}
        className="graph-canvas"
        boxSelectionEnabled
        hideEdgesOnViewport={large}
        textureOnViewport={large}
        motionBlur={false}
        pixelRatio={large ? 1 : 'auto'}
        minZoom={0.02}
        maxZoom={4}
      />
    </div>
  );
}
