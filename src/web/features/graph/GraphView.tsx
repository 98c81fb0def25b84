import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import CytoscapeComponent from 'react-cytoscapejs';
import type cytoscape from 'cytoscape';
import { useGraphStore } from '../../stores/graph';
import { useChanges } from '../../stores/changes';
import { DEFAULT_OVERVIEW_ABOVE, twinLabel, useGraphPrefs } from '../../stores/graph-prefs';
import { graphStylesheet, LARGE_GRAPH_ELEMENTS } from './graph-style';
import { FORCE_LAYOUT_MAX_NODES, layoutOptions, resolveLayout, shapeOf, LAYOUT_NAMES, type LayoutName } from './layouts';
import { computeForceLayout } from './force-layout';
import { computeContainmentLayout } from './containment-worker';
import type { ContainmentInput } from './containment-layout';
import { compileTwinFilter } from './twin-filter';
import type { AdtClient } from '../../adt-client';
import { expandNeighbourhood, type ExpandDirection } from './expand';
import type { ModelIndex } from '../../../shared/dtdl';
import { focusOn, isOverviewId, overviewNodeId, summarise } from './overview';
import { dataStylesheet, useDataStyle } from './use-data-style';
import { DataLegend, DemoToolbar, PresentationBar, usePresentation } from './GraphDemoTools';
import { useViewLink } from './use-view-link';
import { ToolbarMenu } from './ToolbarMenu';
import { GraphLegend } from './GraphLegend';
import { countByModel, modelDisplayName, modelLegendItems } from './model-names';
import { useCanvasKeyboard } from './use-canvas-keyboard';
import { useToolbarFold } from './use-toolbar-fold';
import { syncHidden, syncSelection } from './canvas-state';
import { applyPositions, applySync, fitReadable, fitRect, fitWhole, MAX_FIT_ZOOM, planSync, recentreAfterResize, tuneRenderer, wantedOverview, wantedTwins, type Rect, type Wanted } from './canvas-sync';
import { readGraphColors, useAppliedThemeKey } from './graph-theme';
import { planPlacement, presetPositions, rectOf, rememberPositions, trackDrags } from './stable-positions';

// Elements are managed imperatively (canvas-sync.ts); the component still owns mounting and options.
const NO_ELEMENTS: cytoscape.ElementDefinition[] = [];
/** What Cytoscape keeps per drawn element, measured with bench/_graph-profile.ts (HEAP=1): about 3.3 KB. */
const CANVAS_BYTES_PER_ELEMENT = 3.3 * 1024;
const TOOLBAR_FOLDS = [1270, 880, 580, 420] as const;

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
function setWebglRenderer(cy: cytoscape.Core, on: boolean, large: boolean): void {
  const container = cy.container();
  const options = (cy as unknown as { _private: { options: { renderer?: Record<string, unknown> } } })._private.options;
  if (!container || !!options.renderer?.webgl === on) return;
  options.renderer = { ...(options.renderer ?? {}), name: 'canvas', webgl: on };
  cy.unmount();
  cy.mount(container);
  // The new renderer starts from the constructor's options.
  tuneRenderer(cy, large);
}

/** The canvas's nodes and edges as index pairs with relationship-name indexes, for the containment worker. */
function containmentInput(cy: cytoscape.Core, nodes: cytoscape.NodeCollection): ContainmentInput {
  const index = new Map(nodes.map((n, i) => [n.id(), i] as const));
  const edges = cy.edges();
  const links = new Uint32Array(edges.length * 2);
  const names = new Uint16Array(edges.length);
  const nameIndex = new Map<string, number>();
  edges.forEach((e, i) => {
    links[2 * i] = index.get(e.source().id()) ?? 0;
    links[2 * i + 1] = index.get(e.target().id()) ?? 0;
    const name = String(e.data('label') ?? '');
    let k = nameIndex.get(name);
    if (k === undefined) nameIndex.set(name, (k = nameIndex.size));
    names[i] = Math.min(k, 65535);
  });
  return { nodes: nodes.length, links, names, nameCount: Math.min(nameIndex.size, 65536) };
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
  const legendShown = useGraphPrefs((s) => s.legend);
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
    rememberPositions(cy.nodes());
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
  useEffect(() => {
    if (!loading) return;
    setDrawAll(false);
    setFocus(null);
    setPickedModels([]);
  }, [loading]);
  const tooBig = overviewAbove > 0 && twinCount + relationshipCount > overviewAbove;
  const view: 'twins' | 'overview' | 'focus' = focus ? 'focus' : tooBig && !drawAll ? 'overview' : 'twins';
  // Keyed on the twins and relationships, not the whole model: a selection or a hide must not recompute them (nor,
  // through the sync's dependencies, sync the canvas again).
  const { twins, relationships } = model;
  const focused = useMemo(() => (focus ? focusOn({ twins, relationships }, focus) : null), [twins, relationships, focus]);
  // Not while pages stream in: the sync waits for the end of the load too.
  const overview = useMemo(
    () => (view === 'overview' && !loading ? summarise({ twins, relationships }) : null),
    [twins, relationships, view, loading],
  );
  const legendSections = useMemo(
    () => (legendShown ? [{ id: 'models', title: 'Models', items: modelLegendItems(countByModel((focused ?? { twins }).twins.values()), models) }] : []),
    [legendShown, focused, twins, models],
  );
  const overviewModels = useMemo(() => [...(overview?.nodes ?? [])].sort((a, b) => b.count - a.count), [overview]);
  // Whether the canvas holds a big graph, and so draws the cheap way. It changes inside a sync, when the canvas holds
  // only what stays: a stylesheet change restyles every element on the canvas, and a new query would otherwise
  // restyle the old 150k elements (seconds) just before removing them. So the stylesheet is applied here, not as a
  // prop: react-cytoscapejs would apply it on the render, before the sync.
  const largeRef = useRef(false);
  const presentingRef = useRef(false);
  const dataActiveRef = useRef(false);
  const applyLook = useCallback((cy: cytoscape.Core, large: boolean) => {
    largeRef.current = large;
    const colors = readGraphColors();
    cy.style([...graphStylesheet(large, colors), ...dataStylesheet(colors, dataActiveRef.current, presentingRef.current)]);
    tuneRenderer(cy, large);
  }, []);
  const [initialStylesheet] = useState(() => graphStylesheet(false, readGraphColors()));
  const rootRef = useRef<HTMLDivElement | null>(null);
  const [cyInstance, setCyInstance] = useState<cytoscape.Core | null>(null);
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

  const applyFilter = (filterText_ = filterText, filterMode_ = filterMode) => {
    const filterText = filterText_;
    const filterMode = filterMode_;
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
    // Whole collections at once: one class change per collection instead of one call per node.
    const matched = cy.nodes().filter((n) => keep.has(n.id()));
    cy.batch(() => {
      matched.addClass('highlighted');
      cy.nodes().not(matched).addClass('dimmed');
      cy.edges().addClass('dimmed');
    });
  };

  const layoutRun = useRef<AbortController | null>(null);
  const [layoutState, setLayoutState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  /** The layout that placed the twins last ("containment" when the hierarchy was found), for the status and tests. */
  const [layoutUsed, setLayoutUsed] = useState('');
  // How every worker layout ends: placed (fit to what it placed), or failed (said in the toolbar); the graph is drawn.
  const layoutPlaced = useCallback((cy: cytoscape.Core, rect: Rect | null) => {
    performance.measure('twinscope:layout', 'twinscope:layout:start');
    setLayoutState({ busy: false, error: null });
    if (rect) {
      cy.resize();
      fitRect(cy, rect);
    }
    markDrawn();
  }, [markDrawn]);
  const layoutFailed = useCallback((err: unknown) => {
    setLayoutState({ busy: false, error: err instanceof Error ? err.message : String(err) });
    markDrawn();
  }, [markDrawn]);
  const runLayout = useCallback((name: LayoutName, gridPlaced = false) => {
    const cy = cyRef.current;
    layoutRun.current?.abort();
    if (!cy || cy.nodes().length === 0) return;
    const shape = shapeOf(
      cy.nodes().map((n) => n.id()),
      cy.edges().map((e) => ({ target: e.target().id() })),
    );
    const resolved = resolveLayout(name, shape);
    performance.mark('twinscope:layout:start');
    // Containment first, for a layout asked by name, and for `auto` on graphs beyond the main-thread force layout that
    // are not plain trees: ADT graphs are nearly always a hierarchy with cross-links. Declined, `auto` goes on below.
    if (name === 'containment' || (name === 'auto' && resolved !== 'hierarchical' && shape.nodes > FORCE_LAYOUT_MAX_NODES)) {
      const controller = new AbortController();
      layoutRun.current = controller;
      const current = () => layoutRun.current === controller && !controller.signal.aborted;
      setLayoutState({ busy: true, error: null });
      const nodes = cy.nodes();
      const input = containmentInput(cy, nodes);
      computeContainmentLayout(input, controller.signal)
        .then(async (result) => {
          if (!current()) return;
          if (!result) {
            if (name === 'containment') {
              setLayoutState({ busy: false, error: 'No containment here: the relationships do not form a hierarchy over most twins.' });
              markDrawn();
            } else if (gridPlaced && resolved === 'grid') {
              setLayoutState({ busy: false, error: null });
              setLayoutUsed('grid');
              markDrawn();
            } else {
              layoutRun.current = null;
              runResolved(cy, resolved, shape);
            }
            return;
          }
          const rect = await applyPositions(cy, nodes, result.positions, current);
          if (!current()) return;
          setLayoutUsed('containment');
          layoutPlaced(cy, rect);
        })
        .catch((err: unknown) => {
          if (current()) layoutFailed(err);
        });
      return;
    }
    // runResolved is declared below and reads the latest render's code through a ref.
    runResolved(cy, resolved, shape);
  }, [markDrawn, layoutPlaced, layoutFailed]);

  function runResolvedImpl(cy: cytoscape.Core, resolved: ReturnType<typeof resolveLayout>, shape: { nodes: number }) {
    setLayoutUsed(resolved);
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
          if (current()) layoutPlaced(cy, rect);
        })
        .catch((err: unknown) => {
          if (current()) layoutFailed(err);
        });
      return;
    }
    setLayoutState({ busy: false, error: null });
    // Nodes just added all sit at the origin: a force layout started from there explodes them far apart.
    const box = cy.nodes().boundingBox({ includeLabels: false, includeOverlays: false });
    const run = cy.layout(layoutOptions(resolved, shape.nodes, { randomize: box.w < 1 && box.h < 1 }));
    run.one('layoutstop', () => {
      // The canvas may have changed size while the layout ran (panels settle on first load).
      cy.resize();
      fitReadable(cy);
      markDrawn();
    });
    run.run();
    performance.measure('twinscope:layout', 'twinscope:layout:start');
  }
  const runResolvedRef = useRef(runResolvedImpl);
  runResolvedRef.current = runResolvedImpl;
  const runResolved = (cy: cytoscape.Core, resolved: ReturnType<typeof resolveLayout>, shape: { nodes: number }) => runResolvedRef.current(cy, resolved, shape);
  useEffect(() => () => layoutRun.current?.abort(), []);

  const onCy = useCallback(
    (cy: cytoscape.Core) => {
      if (cyRef.current === cy) return;
      cyRef.current = cy;
      // Cytoscape caches its container size; panels resize without telling it, so tell it.
      const container = cy.container();
      if (container && typeof ResizeObserver !== 'undefined') {
        new ResizeObserver(() => {
          const before = { width: cy.width(), height: cy.height() };
          cy.resize();
          recentreAfterResize(cy, before);
        }).observe(container);
      }
      trackDrags(cy);
      cy.on('select unselect', () => {
        if (applyingSelection.current) return;
        const ids = cy.$(':selected').map((el) => el.id());
        // Overview elements stand for many twins: they are picked for drawing, never selected as twins.
        setPickedModels(cy.$('node.overview:selected').map((n) => String(n.data('model'))));
        select(ids.filter((id) => !isOverviewId(id)));
      });
      if (useGraphPrefs.getState().webgl && webglAvailable()) setWebglRenderer(cy, true, largeRef.current);
      setCyReady(true);
      setCyInstance(cy);
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

  useCanvasKeyboard(cyReady ? cyRef.current : null, cyReady);

  const syncGeneration = useRef(0);
  useEffect(() => {
    const cy = cyRef.current;
    // While pages stream in, drawing and laying out every page would cost O(pages × n); draw once at the end.
    if (!cy || !cyReady || loading) return;
    const generation = ++syncGeneration.current;
    const current = () => syncGeneration.current === generation;
    performance.mark('twinscope:sync:start');
    let wanted: Wanted;
    if (overview) {
      represented.current = { twins: overview.twins, relationships: overview.relationships };
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
    // What stays on the canvas stays where it is: new nodes are placed beside their neighbours, not laid out again.
    const placement = planPlacement(cy, plan);
    if (!placement.relayout) presetPositions(plan, placement.positions);
    const presetGrid = placement.relayout && fresh && (resolved === 'grid' || resolved === 'force-worker');
    const large = wanted.nodes.size + wanted.edges.size > LARGE_GRAPH_ELEMENTS;
    const beforeAdd = () => {
      if (large !== largeRef.current) applyLook(cy, large);
    };
    void applySync(cy, plan, presetGrid, current, beforeAdd).then(({ ok, gridExtent }) => {
      performance.measure('twinscope:sync', 'twinscope:sync:start');
      if (!ok) return;
      // Removed elements take their selection with them without a select event: read the picks again.
      setPickedModels(cy.$('node.overview:selected').map((n) => String(n.data('model'))));
      if (!placement.relayout) {
        const rect = placement.fitAll ? rectOf(placement.positions.values()) : null;
        if (rect) fitRect(cy, rect);
        markDrawn();
        return;
      }
      if (gridExtent) fitRect(cy, { x1: 0, y1: 0, x2: gridExtent.width, y2: gridExtent.height });
      if (gridExtent && resolved === 'grid' && layout !== 'auto') markDrawn();
      else if (added > 0) runLayout(layout, !!gridExtent);
      else markDrawn();
    });
    // Only twins and relationships changing (tracked by `revision`) or what is drawn of them should trigger a sync.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model.revision, cyReady, loading, overview, focused]);

  const dataStyle = useDataStyle(cyInstance, cyReady, models, drawn.nodes);
  const presenting = usePresentation(rootRef, cyInstance);
  useViewLink({
    ready: cyReady && !loading && drawn.nodes > 0 && view !== 'overview',
    setLayout: (name) => {
      setLayout(name);
      runLayout(name);
    },
    setFilter: (text, mode) => {
      setFilterText(text);
      setFilterMode(mode);
      applyFilter(text, mode);
    },
  });

  // The colours come from the theme's CSS variables; presentation mode draws larger text.
  // The app sets the theme's attribute in its own effect, which runs after this one (a parent's effects run after its
  // children's): restyle when the attribute has changed (useAppliedThemeKey), and on the next frame, or the labels
  // keep the old theme's colour (dark text on the dark theme).
  const themeKey = useAppliedThemeKey();
  const dataActive = dataStyle.legend.length > 0;
  useEffect(() => {
    const cy = cyRef.current;
    presentingRef.current = presenting;
    dataActiveRef.current = dataActive;
    if (!cy || !cyReady) return;
    const frame = requestAnimationFrame(() => applyLook(cy, largeRef.current));
    return () => cancelAnimationFrame(frame);
  }, [theme, themeKey, cyReady, applyLook, presenting, dataActive]);

  const hiddenOnCanvas = useRef(new Set<string>());
  useEffect(() => {
    const cy = cyRef.current;
    if (cy && cyReady) syncHidden(cy, model.hidden, hiddenOnCanvas.current);
  }, [model.hidden, model.revision, cyReady]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !cyReady) return;
    applyingSelection.current = true;
    // Overview elements stand for models: they are picked on the canvas, never selected from the store.
    syncSelection(cy, model.selection, (id) => !isOverviewId(id));
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

  // Toolbar widths below which one more group of controls moves into a menu (measured: every control inline takes
  // about 1,250 px; without the layout picker, Centre and Hide others about 860; with the demo tools in a menu 560).
  const toolbarRef = useRef<HTMLDivElement | null>(null);
  const fold = useToolbarFold(toolbarRef, TOOLBAR_FOLDS);
  const centreButton = (
    <button
      type="button"
      aria-label="Centre on selection"
      title="Centre the view on the selection"
      onClick={() => {
        const cy = cyRef.current;
        const sel = cy?.$(':selected');
        if (!cy || !sel || sel.empty()) return;
        // Centre at a zoom where the selection's labels can be read: one twin at 1.2× (never zooming out), a group
        // fitted, capped where fitting a few nodes would make them giant.
        // The bodies are centred, not their labels (a value label below a node would push it up).
        const bb = sel.boundingBox({ includeLabels: false, includeOverlays: false });
        const fit = Math.min(cy.width() / Math.max(1, bb.w + 120), cy.height() / Math.max(1, bb.h + 120));
        const zoom = Math.min(MAX_FIT_ZOOM, sel.length === 1 ? Math.max(cy.zoom(), 1.2) : Math.max(0.4, fit));
        const x = (bb.x1 + bb.x2) / 2;
        const y = (bb.y1 + bb.y2) / 2;
        cy.animate({ zoom, pan: { x: cy.width() / 2 - x * zoom, y: cy.height() / 2 - y * zoom }, duration: 200 });
      }}
    >
      Centre
    </button>
  );
  const expandButton = (
    <button
      type="button"
      onClick={() => void expand()}
      disabled={!client || selectedTwins.length === 0 || expandState.busy || view === 'overview'}
      title={`Add the selection's neighbours: ${direction === 'both' ? 'in and out' : direction === 'out' ? 'outgoing' : 'incoming'}, ${levels} ${levels === 1 ? 'level' : 'levels'}`}
    >
      Expand
    </button>
  );
  const expandFields = (
    <>
      <label className="field">
        <span>Direction</span>
        <select aria-label="Expand direction" value={direction} onChange={(e) => setDirection(e.target.value as ExpandDirection)}>
          <option value="both">in and out</option>
          <option value="out">outgoing</option>
          <option value="in">incoming</option>
        </select>
      </label>
      <label className="field">
        <span>Levels</span>
        <input
          aria-label="Expand levels"
          type="number"
          min={1}
          max={5}
          value={levels}
          onChange={(e) => setLevels(Math.min(5, Math.max(1, Number(e.target.value) || 1)))}
          className="levels-input"
        />
      </label>
    </>
  );
  const expandControls = (
    <>
      {expandButton}
      <ToolbarMenu label="Expand options" compact title="Which neighbours Expand adds">
        {expandFields}
      </ToolbarMenu>
    </>
  );
  const layoutSelect = (
    <select
      aria-label="Layout"
      title="The layout Re-layout applies; picking one lays the graph out with it"
      value={layout}
      onChange={(e) => {
        const next = e.target.value as LayoutName;
        setLayout(next);
        runLayout(next);
      }}
    >
      {LAYOUT_NAMES.map((n) => (
        <option key={n} value={n}>
          {`Layout: ${n}`}
        </option>
      ))}
    </select>
  );
  const hideButtons = (
    <button type="button" aria-label="Hide selected" title="Hide selected" onClick={() => useGraphStore.getState().hide(model.selection)} disabled={model.selection.size === 0}>
      Hide
    </button>
  );
  const hideOthersButton = (
    <button type="button" onClick={() => useGraphStore.getState().hideOthers(selectedTwins)} disabled={selectedTwins.length === 0}>
      Hide others
    </button>
  );
  const showAllButton = (
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
  );
  const legendButton = (
    <button type="button" aria-pressed={legendShown} onClick={() => useGraphPrefs.getState().setLegend(!legendShown)} title="Show or hide the legend of models">
      Legend
    </button>
  );
  const demoTools = <DemoToolbar cy={cyInstance} legend={dataStyle.legend} models={models} modelsInGraph={modelsInGraph} view={{ layout, filter: filterText, filterMode }} />;

  return (
    <div
      ref={rootRef}
      className={presenting ? 'graph-view presenting' : 'graph-view'}
      data-presenting={presenting}
      data-layout-used={layoutUsed}
      data-view={view}
      data-drawn-nodes={drawn.nodes}
      data-drawn-edges={drawn.edges}
      data-shown-twins={drawn.twins}
      data-shown-relationships={drawn.relationships}
    >
      <div className="graph-toolbar" role="toolbar" aria-label="Graph" ref={toolbarRef} data-fold={fold}>
        {fold < 1 ? layoutSelect : null}
        <button type="button" onClick={() => runLayout(layout)} title="Lay the whole graph out again. Adding or changing twins never moves what is placed.">
          Re-layout
        </button>
        <button type="button" onClick={() => cyRef.current && fitWhole(cyRef.current)} title="Zoom to show the whole graph">
          Fit
        </button>
        {fold < 1 ? centreButton : null}
        <span className="toolbar-sep" aria-hidden="true" />
        {fold < 4 ? expandControls : null}
        <span className="toolbar-sep" aria-hidden="true" />
        {fold < 3 ? hideButtons : null}
        {fold < 1 ? hideOthersButton : null}
        {fold < 3 ? showAllButton : null}
        <span className="toolbar-sep" aria-hidden="true" />
        {fold < 3 ? legendButton : null}
        {fold < 2 ? demoTools : <ToolbarMenu label="Demo" title="Style by data, export a picture, share the view, present">{demoTools}</ToolbarMenu>}
        <ToolbarMenu label="More" title="Labels, drawing and the overview threshold" align="end">
          {/* What the toolbar has no room for at this width comes here, so the toolbar stays one row. */}
          {fold >= 4 ? expandButton : null}
          {fold >= 4 ? expandFields : null}
          {fold >= 1 ? layoutSelect : null}
          {fold >= 1 ? centreButton : null}
          {fold >= 3 ? hideButtons : null}
          {fold >= 1 ? hideOthersButton : null}
          {fold >= 3 ? showAllButton : null}
          {fold >= 3 ? legendButton : null}
          <label className="field" title={labelModel || undefined}>
            <span>Label the twins of</span>
            <select aria-label="Label model" value={labelModel} onChange={(e) => setLabelModel(e.target.value)}>
              <option value="">model…</option>
              {modelsInGraph.map((m) => (
                <option key={m} value={m} title={m}>
                  {modelDisplayName(models, m)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>by</span>
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
          </label>
          <label className="field" title={canWebgl ? 'Draw with the GPU: faster on big graphs where a GPU is present' : 'WebGL is not available in this browser'}>
            <input
              type="checkbox"
              checked={webgl && canWebgl}
              disabled={!canWebgl}
              onChange={(e) => {
                useGraphPrefs.getState().setWebgl(e.target.checked);
                if (cyRef.current) setWebglRenderer(cyRef.current, e.target.checked, largeRef.current);
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
        </ToolbarMenu>
      </div>
      {layoutState.error || expandState.error ? (
        <div className="graph-toolbar-errors" role="alert">
          {layoutState.error ? <span className="form-error">{layoutState.error}</span> : null}
          {expandState.error ? <span className="form-error">{expandState.error}</span> : null}
        </div>
      ) : null}
      {view === 'overview' ? (
        <div className="graph-overview-bar" role="status" data-testid="graph-overview">
          <span>
            Overview by model of {twinCount.toLocaleString('en-US')} twins and {relationshipCount.toLocaleString('en-US')} relationships: more than{' '}
            {overviewAbove.toLocaleString('en-US')} elements drawn one by one would freeze this tab (about{' '}
            {Math.round(((twinCount + relationshipCount) * CANVAS_BYTES_PER_ELEMENT) / 2 ** 20).toLocaleString('en-US')} MB on the canvas, and seconds
            for every redraw). Select models to draw their twins.
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
                    {`${modelDisplayName(models, m)} (${count.toLocaleString('en-US')})`}
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
          applyFilter(filterText, filterMode);
        }}
      >
        <input
          aria-label="Filter twins by value"
          placeholder="occupancy > 4"
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
      <PresentationBar />
      <div className="graph-stage">
        <CytoscapeComponent
          elements={NO_ELEMENTS}
          cy={onCy}
          stylesheet={initialStylesheet}
          className="graph-canvas"
          boxSelectionEnabled
          motionBlur={false}
          minZoom={0.02}
          maxZoom={4}
        />
        {legendShown && twins.size > 0 ? <GraphLegend sections={legendSections} onClose={() => useGraphPrefs.getState().setLegend(false)} /> : null}
        <DataLegend legend={dataStyle.legend} />
        {layoutState.busy ? (
          <span className="graph-stage__status filter-count" role="status" data-testid="layout-busy">
            Laying out…
          </span>
        ) : null}
      </div>
    </div>
  );
}
