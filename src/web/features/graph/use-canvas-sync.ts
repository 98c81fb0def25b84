import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type cytoscape from 'cytoscape';
import type { DigitalTwin } from '../../../shared/adt';
import { twinLabel, useGraphPrefs } from '../../stores/graph-prefs';
import type { GraphContent } from '../../stores/graph-model';
import { graphStylesheet, LARGE_GRAPH_ELEMENTS } from './graph-style';
import { resolveLayout, shapeOf, type LayoutName } from './layouts';
import { applySync, fitRect, planSync, tuneRenderer, wantedOverview, wantedTwins, type Wanted } from './canvas-sync';
import { readGraphColors, useAppliedThemeKey } from './graph-theme';
import { planPlacement, presetPositions, rectOf, rememberPositions } from './stable-positions';
import { dataStylesheet } from './use-data-style';
import type { Overview } from './overview';

/** What is on the canvas once the layout has finished, and how many twins and relationships it stands for. */
export interface Drawn {
  nodes: number;
  edges: number;
  twins: number;
  relationships: number;
}

/**
 * What is drawn, once a sync or a layout has finished: tests and benchmarks wait for it ("drawn and interactive").
 * The overview holds fewer elements than it stands for, so `represent` says how many.
 */
export function useDrawn(cyRef: RefObject<cytoscape.Core | null>) {
  const [drawn, setDrawn] = useState<Drawn>({ nodes: 0, edges: 0, twins: 0, relationships: 0 });
  const represented = useRef<{ twins: number; relationships: number } | null>(null);
  const markDrawn = useCallback(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const nodes = cy.nodes().length;
    const edges = cy.edges().length;
    rememberPositions(cy.nodes());
    const r = represented.current ?? { twins: nodes, relationships: edges };
    setDrawn((d) => (d.nodes === nodes && d.edges === edges && d.twins === r.twins && d.relationships === r.relationships ? d : { nodes, edges, ...r }));
  }, [cyRef]);
  const represent = useCallback((r: { twins: number; relationships: number } | null) => {
    represented.current = r;
  }, []);
  return { drawn, markDrawn, represent };
}

/**
 * The canvas's stylesheet: the theme's colours, the cheap way of drawing big graphs, the data style's rules and
 * presentation mode's larger text. Whether the canvas draws the cheap way changes inside a sync, when the canvas
 * holds only what stays: a stylesheet change restyles every element on it, and a new query would otherwise restyle
 * the old 150k elements (seconds) just before removing them. So the stylesheet is applied here, not as a prop:
 * react-cytoscapejs would apply it on the render, before the sync.
 */
export function useCanvasLook(cy: cytoscape.Core | null, o: { theme: string; presenting: boolean; dataActive: boolean }) {
  const largeRef = useRef(false);
  const presentingRef = useRef(false);
  const dataActiveRef = useRef(false);
  const apply = useCallback((target: cytoscape.Core, large: boolean) => {
    largeRef.current = large;
    const colors = readGraphColors();
    target.style([...graphStylesheet(large, colors), ...dataStylesheet(colors, dataActiveRef.current, presentingRef.current)]);
    tuneRenderer(target, large);
  }, []);
  // The app sets the theme's attribute in its own effect, which runs after this one (a parent's effects run after its
  // children's): restyle when the attribute has changed (useAppliedThemeKey), and on the next frame, or the labels
  // keep the old theme's colour (dark text on the dark theme).
  const themeKey = useAppliedThemeKey();
  const { theme, presenting, dataActive } = o;
  useEffect(() => {
    presentingRef.current = presenting;
    dataActiveRef.current = dataActive;
    if (!cy) return;
    const frame = requestAnimationFrame(() => apply(cy, largeRef.current));
    return () => cancelAnimationFrame(frame);
  }, [cy, theme, themeKey, apply, presenting, dataActive]);
  /** Switches to (or from) the cheap drawing for big graphs, when that changes. */
  const setLarge = useCallback((target: cytoscape.Core, large: boolean) => {
    if (large !== largeRef.current) apply(target, large);
  }, [apply]);
  const isLarge = useCallback(() => largeRef.current, []);
  return { setLarge, isLarge };
}

export interface CanvasSyncInput {
  cy: cytoscape.Core | null;
  /** The graph's revision: the canvas syncs when twins or relationships change, not on a selection or a hide. */
  revision: number;
  /** The drawn documents: a new value when one changes (a live event), which relabels and restyles its node. */
  content: GraphContent;
  loading: boolean;
  overview: Overview | null;
  focused: GraphContent | null;
  layout: LayoutName;
  runLayout: (name: LayoutName, gridPlaced?: boolean) => void;
  markDrawn: () => void;
  represent: (r: { twins: number; relationships: number } | null) => void;
  setLarge: (cy: cytoscape.Core, large: boolean) => void;
  /** Called after a sync: removed elements take their selection with them without a select event. */
  afterSync: (cy: cytoscape.Core) => void;
}

/**
 * Makes the canvas hold what the graph (or its overview, or the focused models) says, in slices that never block the
 * page. What stays on the canvas stays where it is: new twins are placed beside their neighbours, and only a fresh
 * graph is laid out.
 */
export function useCanvasSync(input: CanvasSyncInput): void {
  const latest = useRef(input);
  latest.current = input;
  const generation = useRef(0);
  const { cy, revision, content, loading, overview, focused } = input;
  useEffect(() => {
    const { layout, runLayout, markDrawn, represent, setLarge, afterSync } = latest.current;
    // While pages stream in, drawing and laying out every page would cost O(pages × n); draw once at the end.
    if (!cy || loading) return;
    const mine = ++generation.current;
    const current = () => generation.current === mine;
    performance.mark('twinscope:sync:start');
    let wanted: Wanted;
    if (overview) {
      represent({ twins: overview.twins, relationships: overview.relationships });
      wanted = wantedOverview(overview);
    } else {
      represent(null);
      wanted = wantedTwins(focused ?? content, useGraphPrefs.getState().labelProperty);
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
    const placement = planPlacement(cy, plan);
    if (!placement.relayout) presetPositions(plan, placement.positions);
    const presetGrid = placement.relayout && fresh && (resolved === 'grid' || resolved === 'force-worker');
    const large = wanted.nodes.size + wanted.edges.size > LARGE_GRAPH_ELEMENTS;
    void applySync(cy, plan, presetGrid, current, () => setLarge(cy, large)).then(({ ok, gridExtent }) => {
      performance.measure('twinscope:sync', 'twinscope:sync:start');
      if (!ok) return;
      afterSync(cy);
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
  }, [cy, revision, content, loading, overview, focused]);
}

/** Relabels the drawn twins when the user picks another label property for a model. */
export function useTwinLabels(cy: cytoscape.Core | null, twin: (id: string) => DigitalTwin | undefined): void {
  const labelProperty = useGraphPrefs((s) => s.labelProperty);
  const read = useRef(twin);
  read.current = twin;
  useEffect(() => {
    if (!cy) return;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const t = read.current(n.id());
        if (t) n.data('label', twinLabel(t, labelProperty));
      });
    });
  }, [cy, labelProperty]);
}
