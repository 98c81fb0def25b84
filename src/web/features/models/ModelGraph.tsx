import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import CytoscapeComponent from 'react-cytoscapejs';
import type cytoscape from 'cytoscape';
import type { Theme } from '../../stores/preferences';
import { localized, type LoadedModels } from '../../api/models';
import { modelMatches } from './model-helpers';
import { useModelsUi } from './models-store';
import { ancestorsOf, defaultCollapsed, modelGraphElements, subtypesOf, type ModelEdgeKind } from './model-graph';
import { elkGraphOf, layoutFromElk, nodeLabel, type ModelLayout } from './model-layout';
import { runElk } from './elk-runner';

const NO_ELEMENTS: cytoscape.ElementDefinition[] = [];
const EDGE_KINDS: { kind: ModelEdgeKind; label: string }[] = [
  { kind: 'extends', label: 'Extends edges' },
  { kind: 'component', label: 'Component edges' },
  { kind: 'relationship', label: 'Relationship edges' },
];
const FONT = '12px system-ui, -apple-system, "Segoe UI", sans-serif';
/** Below this zoom the labels are too small to read, so the first view zooms in on the start of the graph instead. */
const READABLE_ZOOM = 0.55;
/** A small graph is not blown up beyond this when fitted: 12 px labels at 1.25 are already large. */
const MAX_FIT_ZOOM = 1.25;
const MAX_SEARCH_RESULTS = 8;

interface Palette { fg: string; muted: string; accent: string; bg: string; bgAlt: string; border: string }

function palette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg', '#222'), muted: v('--fg-muted', '#888'), accent: v('--accent', '#0f62fe'), bg: v('--bg', '#fff'), bgAlt: v('--bg-alt', '#eee'), border: v('--border', '#ccc') };
}

function stylesheet(c: Palette): cytoscape.StylesheetJsonBlock[] {
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle', width: 'data(w)', height: 'data(h)', label: 'data(label)', 'font-size': 12, 'font-family': FONT.replace(/^12px /, ''),
        color: c.fg, 'text-valign': 'center', 'text-halign': 'center', 'background-color': c.bgAlt, 'border-width': 1, 'border-color': c.muted,
      },
    },
    { selector: 'node[hidden > 0]', style: { 'border-width': 2, 'border-style': 'double', 'border-color': c.fg } },
    { selector: 'node.match', style: { 'border-width': 2, 'border-color': c.accent } },
    { selector: 'node:selected', style: { 'background-color': c.accent, color: c.bg, 'border-color': c.accent, 'border-width': 2 } },
    {
      selector: 'edge',
      style: {
        width: 1.5, 'curve-style': 'straight', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.9, 'font-size': 10, color: c.muted, label: 'data(label)',
        'text-background-color': c.bg, 'text-background-opacity': 1, 'text-background-padding': '1px',
      },
    },
    {
      // ELK's orthogonal route through its bend points (https://js.cytoscape.org/#style/segments-edges).
      selector: 'edge[?routed]',
      style: {
        'curve-style': 'segments', 'edge-distances': 'endpoints',
        'segment-weights': (e: cytoscape.EdgeSingular) => (e.data('weights') as number[]).join(' '),
        'segment-distances': (e: cytoscape.EdgeSingular) => (e.data('distances') as number[]).join(' '),
        'source-endpoint': (e: cytoscape.EdgeSingular) => e.data('se') as string,
        'target-endpoint': (e: cytoscape.EdgeSingular) => e.data('te') as string,
        // 'endpoints' is in Cytoscape since 3.x but missing from its type definitions.
      } as unknown as cytoscape.Css.Edge,
    },
    {
      selector: 'edge[?straight]',
      style: { 'source-endpoint': (e: cytoscape.EdgeSingular) => e.data('se') as string, 'target-endpoint': (e: cytoscape.EdgeSingular) => e.data('te') as string } as unknown as cytoscape.Css.Edge,
    },
    // An edge's label where ELK placed it, clear of the nodes and other labels: a node of its own that takes no events.
    { selector: 'edge[?placedLabel]', style: { label: '' } },
    {
      selector: 'node.edge-label',
      style: { shape: 'rectangle', 'background-opacity': 0, 'border-width': 0, 'font-size': 10, color: c.muted, events: 'no' } as cytoscape.Css.Node,
    },
    { selector: 'edge[kind = "extends"]', style: { 'line-color': c.accent, 'target-arrow-color': c.accent, 'target-arrow-shape': 'triangle-backcurve', label: '' } },
    { selector: 'edge[kind = "component"]', style: { 'line-color': c.fg, 'target-arrow-color': c.fg, 'line-style': 'dashed', 'target-arrow-shape': 'diamond' } },
    { selector: 'edge[kind = "relationship"]', style: { 'line-color': c.muted, 'target-arrow-color': c.muted } },
  ];
}

function fit(cy: cytoscape.Core): void {
  cy.fit(undefined, 24);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

/** The class (and id prefix) of the nodes that carry edge labels. */
const EDGE_LABEL_CLASS = 'edge-label';

let measureCanvas: CanvasRenderingContext2D | null = null;
function measureText(text: string): number {
  measureCanvas ??= document.createElement('canvas').getContext('2d');
  if (!measureCanvas) return text.length * 7;
  measureCanvas.font = FONT;
  return measureCanvas.measureText(text).width;
}

function elementsFor(layout: ModelLayout, graph: ReturnType<typeof modelGraphElements>): cytoscape.ElementDefinition[] {
  const px = (p: { x: number; y: number }) => `${p.x.toFixed(1)}px ${p.y.toFixed(1)}px`;
  return [
    ...graph.nodes.map((n) => {
      const box = layout.nodes.get(n.id);
      return { group: 'nodes' as const, data: { id: n.id, label: nodeLabel(n), hidden: n.hidden, w: box?.width ?? 80, h: box?.height ?? 30 }, position: { x: box?.x ?? 0, y: box?.y ?? 0 } };
    }),
    ...graph.edges.flatMap((e): cytoscape.ElementDefinition[] => {
      const route = layout.edges.get(e.id);
      const data: Record<string, unknown> = { id: e.id, source: e.source, target: e.target, kind: e.kind, label: e.label };
      if (route && route.bends.length > 0) Object.assign(data, { routed: true, weights: route.weights, distances: route.distances, se: px(route.sourceEndpoint), te: px(route.targetEndpoint) });
      else if (route) Object.assign(data, { straight: true, se: px(route.sourceEndpoint), te: px(route.targetEndpoint) });
      const box = route?.label;
      if (!box) return [{ group: 'edges', data }];
      data.placedLabel = true;
      return [
        { group: 'edges', data },
        { group: 'nodes', classes: EDGE_LABEL_CLASS, data: { id: `${EDGE_LABEL_CLASS}|${e.id}`, label: e.label, w: box.width, h: box.height }, position: { x: box.x, y: box.y }, selectable: false, grabbable: false },
      ];
    }),
  ];
}

/** The state of the drawing, read by the end-to-end tests through the canvas element (rendered, on-screen pixels). */
export interface ModelGraphSnapshot {
  layoutMs: number | null;
  zoom: number;
  nodes: { id: string; label: string; x1: number; y1: number; x2: number; y2: number }[];
  edges: { id: string; kind: string; bends: number }[];
}

/**
 * The models as a graph: extends, component and relationship-target edges, each switchable, laid out by ELK in a
 * worker. Large ontologies open with deep branches collapsed; search, focus on a model's neighbourhood, and
 * collapsing or expanding a branch keep it readable.
 */
export default function ModelGraph({ data, theme }: { data: LoadedModels; theme: Theme }) {
  const selectedId = useModelsUi((s) => s.selectedId);
  const select = useModelsUi((s) => s.select);
  const view = useModelsUi((s) => s.graph);
  const setView = useModelsUi((s) => s.setGraph);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const [cyReady, setCyReady] = useState(false);
  const applyingSelection = useRef(false);
  const [styles, setStyles] = useState<cytoscape.StylesheetJsonBlock[]>(() => stylesheet(palette()));
  const [layoutState, setLayoutState] = useState<{ running: boolean; ms: number | null; error: string | null }>({ running: true, ms: null, error: null });
  const [search, setSearch] = useState('');
  const [searchOpen, setSearchOpen] = useState(false);
  const pendingCentre = useRef<string | null>(null);
  const layoutSeq = useRef(0);
  const lastLayoutMs = useRef<number | null>(null);

  // The theme's colours are read once the new theme's attribute is on the document: the app sets it in an effect
  // that runs after this component's, so watch the attribute itself rather than trust the prop's timing.
  useEffect(() => {
    setStyles(stylesheet(palette()));
    const observer = new MutationObserver(() => setStyles(stylesheet(palette())));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
    return () => observer.disconnect();
  }, [theme]);

  const nameOf = useCallback((id: string) => localized(data.byId.get(id)?.displayName) ?? id.replace(/^dtmi:.*:/, ''), [data]);
  const children = useMemo(() => subtypesOf(data.interfaces), [data]);
  const defaults = useMemo(() => defaultCollapsed(data.interfaces), [data]);
  const collapsed = useMemo(() => {
    const out = new Set(defaults);
    for (const [id, c] of Object.entries(view.collapsed)) {
      if (c) out.add(id);
      else out.delete(id);
    }
    return out;
  }, [defaults, view.collapsed]);

  const selected = selectedId && data.byId.has(selectedId) ? selectedId : undefined;
  const elements = useMemo(
    () => modelGraphElements(data.interfaces, {
      ...view.shown,
      focusOf: view.focus ? selected : undefined,
      focusDepth: view.focusDepth,
      lineageOf: view.lineageOnly ? selected : undefined,
      collapsed,
    }, nameOf),
    [data, view.shown, view.focus, view.focusDepth, view.lineageOnly, selected, collapsed, nameOf],
  );

  const onCy = useCallback((cy: cytoscape.Core) => {
    if (cyRef.current === cy) return;
    cyRef.current = cy;
    cy.on('select', 'node', (e) => {
      if (!applyingSelection.current) select(e.target.id());
    });
    cy.on('dbltap', 'node', (e) => {
      const id = e.target.id();
      if (!(children.get(id) ?? []).length) return;
      const now = useModelsUi.getState().graph.collapsed;
      const isCollapsed = e.target.data('hidden') > 0;
      useModelsUi.getState().setGraph({ collapsed: { ...now, [id]: !isCollapsed } });
    });
    // The DTMI on hover: the canvas has no DOM per node, so the container's title carries it.
    cy.on('mouseover', 'node', (e) => { cy.container()?.setAttribute('title', e.target.id()); });
    cy.on('mouseout', 'node', () => { cy.container()?.removeAttribute('title'); });
    Object.defineProperty(cy.container() ?? {}, 'modelGraphSnapshot', {
      configurable: true,
      value: (): ModelGraphSnapshot => {
        const nodes = cy.nodes().not(`.${EDGE_LABEL_CLASS}`).map((n) => {
          const b = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
          return { id: n.id(), label: n.data('label') as string, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
        });
        const edges = cy.edges().map((e) => ({ id: e.id(), kind: e.data('kind') as string, bends: (e.data('weights') as number[] | undefined)?.length ?? 0 }));
        return { layoutMs: lastLayoutMs.current, zoom: cy.zoom(), nodes, edges };
      },
    });
    setCyReady(true);
  }, [select, children]);

  // Lay out in the worker whenever what is shown changes; a result that a newer request superseded is dropped.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !cyReady) return;
    const seq = ++layoutSeq.current;
    const started = performance.now();
    setLayoutState((s) => ({ ...s, running: true, error: null }));
    const box = cy.container()?.getBoundingClientRect();
    const aspect = box && box.height > 0 ? box.width / box.height : 1.6;
    runElk(elkGraphOf(elements, measureText, aspect)).then((result) => {
      // The graph may have been closed while ELK ran: a destroyed Cytoscape must not be touched.
      if (seq !== layoutSeq.current || cy.destroyed()) return;
      const layout = layoutFromElk(result);
      const ms = Math.round(performance.now() - started);
      lastLayoutMs.current = ms;
      cy.batch(() => {
        cy.elements().remove();
        cy.add(elementsFor(layout, elements));
      });
      applyingSelection.current = true;
      const sel = useModelsUi.getState().selectedId;
      if (sel) cy.getElementById(sel).select();
      applyingSelection.current = false;
      fit(cy);
      const centre = pendingCentre.current ?? (cy.zoom() < READABLE_ZOOM ? sel : null);
      pendingCentre.current = null;
      const target = centre ? cy.getElementById(centre) : cy.collection();
      if (target.nonempty()) {
        cy.zoom(Math.max(cy.zoom(), READABLE_ZOOM + 0.25));
        cy.center(target);
      } else if (cy.zoom() < READABLE_ZOOM) {
        // Too big to read whole: start readable at the top-left, where the roots of the hierarchy are.
        const bb = cy.elements().boundingBox();
        cy.zoom(READABLE_ZOOM + 0.25);
        cy.pan({ x: 24 - bb.x1 * cy.zoom(), y: 24 - bb.y1 * cy.zoom() });
      }
      setLayoutState({ running: false, ms, error: null });
    }, (err: unknown) => {
      if (seq !== layoutSeq.current || cy.destroyed()) return;
      setLayoutState({ running: false, ms: null, error: err instanceof Error ? err.message : String(err) });
    });
  }, [elements, cyReady]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !cyReady) return;
    applyingSelection.current = true;
    cy.nodes(':selected').unselect();
    if (selectedId) cy.getElementById(selectedId).select();
    applyingSelection.current = false;
  }, [selectedId, cyReady]);

  const matches = useMemo(() => {
    if (search.trim() === '') return [];
    return data.models.filter((m) => modelMatches(m, search)).slice(0, 200);
  }, [data, search]);

  // Highlight the matches that are drawn.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !cyReady) return;
    const ids = new Set(matches.map((m) => m.id));
    cy.batch(() => {
      cy.nodes('.match').removeClass('match');
      if (ids.size > 0) cy.nodes().filter((n) => ids.has(n.id())).addClass('match');
    });
  }, [matches, cyReady, layoutState.ms]);

  /** Selects a model and brings it into view: its collapsed ancestors open, and the canvas centres on it. */
  const reveal = (id: string) => {
    const open: Record<string, boolean> = {};
    for (const a of ancestorsOf(data.interfaces, id)) if (collapsed.has(a)) open[a] = false;
    select(id);
    setSearchOpen(false);
    const cy = cyRef.current;
    const node = cy?.getElementById(id);
    if (Object.keys(open).length > 0 || (view.focus && selected !== id) || (view.lineageOnly && selected !== id) || !node || node.empty()) {
      pendingCentre.current = id;
      if (Object.keys(open).length > 0) setView({ collapsed: { ...view.collapsed, ...open } });
      return;
    }
    cy?.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), READABLE_ZOOM + 0.25) }, { duration: 200 });
  };

  const count = (k: ModelEdgeKind) => elements.edges.filter((e) => e.kind === k).length;
  const selectedHasSubtypes = selected !== undefined && (children.get(selected) ?? []).length > 0;
  const selectedCollapsed = selected !== undefined && collapsed.has(selected);
  const hiddenTotal = elements.nodes.reduce((n, x) => n + x.hidden, 0);

  return (
    <div className="models-graph">
      <div className="models-actions models-graph__toolbar" role="toolbar" aria-label="Model graph">
        <div className="models-graph__search">
          <input
            type="search"
            aria-label="Find a model in the graph"
            placeholder="Find a model…"
            value={search}
            role="combobox"
            aria-expanded={searchOpen && matches.length > 0}
            aria-controls="model-graph-matches"
            onChange={(e) => { setSearch(e.target.value); setSearchOpen(true); }}
            onFocus={() => setSearchOpen(true)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && matches[0]) { e.preventDefault(); reveal(matches[0].id); }
              if (e.key === 'Escape') setSearchOpen(false);
            }}
          />
          {searchOpen && matches.length > 0 ? (
            <ul id="model-graph-matches" role="listbox" aria-label="Matching models" className="models-graph__matches">
              {matches.slice(0, MAX_SEARCH_RESULTS).map((m) => (
                <li key={m.id} role="option" aria-selected={m.id === selected} title={m.id} onMouseDown={(e) => { e.preventDefault(); reveal(m.id); }}>
                  <span>{nameOf(m.id)}</span> <code>{m.id}</code>
                </li>
              ))}
              {matches.length > MAX_SEARCH_RESULTS ? <li className="models-muted" aria-disabled="true">{`${matches.length >= 200 ? '200+' : matches.length - MAX_SEARCH_RESULTS} more: type more of the name`}</li> : null}
            </ul>
          ) : null}
        </div>
        {EDGE_KINDS.map(({ kind, label }) => (
          <label key={kind} className={`models-graph__toggle models-graph__toggle--${kind}`}>
            <input type="checkbox" checked={view.shown[kind]} onChange={(e) => setView({ shown: { ...view.shown, [kind]: e.target.checked } })} />
            {label}
          </label>
        ))}
      </div>
      <div className="models-actions models-graph__toolbar" role="toolbar" aria-label="Model graph view">
        <label title="Show only the selected model, its supertypes, subtypes and the models its components and relationships connect to">
          <input type="checkbox" checked={view.focus} disabled={!selected} onChange={(e) => setView({ focus: e.target.checked })} />
          Focus on the selected model
        </label>
        <label>
          <span className="visually-hidden">Neighbourhood depth</span>
          <select aria-label="Neighbourhood depth" value={view.focusDepth} disabled={!view.focus} onChange={(e) => setView({ focusDepth: Number(e.target.value) })}>
            <option value={1}>1 hop</option>
            <option value={2}>2 hops</option>
            <option value={3}>3 hops</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={view.lineageOnly} disabled={!selected || view.focus} onChange={(e) => setView({ lineageOnly: e.target.checked })} />
          Only supertypes and subtypes of the selected model
        </label>
        <button
          type="button"
          disabled={!selectedHasSubtypes || view.focus}
          onClick={() => selected && setView({ collapsed: { ...view.collapsed, [selected]: !selectedCollapsed } })}
          title="Fold the subtypes of the selected model into it, or show them again (double-click a model does the same)"
        >
          {selectedCollapsed ? 'Expand branch' : 'Collapse branch'}
        </button>
        <button type="button" disabled={view.focus} onClick={() => setView({ collapsed: Object.fromEntries([...children.keys()].map((id) => [id, false])) })}>Expand all</button>
        <button type="button" disabled={view.focus} onClick={() => setView({ collapsed: Object.fromEntries([...children.keys()].map((id) => [id, true])) })}>Collapse all</button>
        <button type="button" onClick={() => cyRef.current && fit(cyRef.current)}>Fit</button>
      </div>
      <p className="models-muted models-graph__status">
        <span data-testid="model-graph-counts">
          {`${elements.nodes.length} models · ${count('extends')} extends · ${count('component')} component · ${count('relationship')} relationship edges`}
        </span>
        {hiddenTotal > 0 ? <span>{` · ${hiddenTotal} in collapsed branches (double-click to open)`}</span> : null}
        <span role="status" data-testid="model-graph-layout">
          {layoutState.error ? ` · Layout failed: ${layoutState.error}` : layoutState.running ? ' · Laying out…' : ` · laid out in ${layoutState.ms ?? 0} ms`}
        </span>
      </p>
      <CytoscapeComponent elements={NO_ELEMENTS} cy={onCy} stylesheet={styles} className="models-graph__canvas" minZoom={0.05} maxZoom={4} />
      <details className="models-graph__list">
        <summary>Edges as a list</summary>
        <ul aria-label="Model graph edges">
          {elements.edges.map((e) => (
            <li key={e.id} data-kind={e.kind}>{`${nameOf(e.source)} → ${nameOf(e.target)} (${e.kind === 'extends' ? 'extends' : `${e.kind} ${e.label}`})`}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
