import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type cytoscape from 'cytoscape';
import { FORCE_LAYOUT_MAX_NODES, layoutOptions, resolveLayout, shapeOf, type LayoutName } from './layouts';
import { computeForceLayout } from './force-layout';
import { computeContainmentLayout } from './containment-worker';
import type { ContainmentInput } from './containment-layout';
import { applyPositions, fitReadable, fitRect, type Rect } from './canvas-sync';

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

/** The canvas's edges as node-index pairs, in `nodes` order, for the force worker. */
function forceLinks(cy: cytoscape.Core, nodes: cytoscape.NodeCollection): Uint32Array {
  const index = new Map(nodes.map((n, i) => [n.id(), i] as const));
  const links = new Uint32Array(cy.edges().length * 2);
  cy.edges().forEach((e, i) => {
    links[2 * i] = index.get(e.source().id()) ?? 0;
    links[2 * i + 1] = index.get(e.target().id()) ?? 0;
  });
  return links;
}

export interface LayoutRunner {
  /** Lays the canvas out with `name`; `gridPlaced` says the twins already sit on a grid that `auto` may keep. */
  run: (name: LayoutName, gridPlaced?: boolean) => void;
  state: { busy: boolean; error: string | null };
  /** The layout that placed the twins last ("containment" when the hierarchy was found), for the status and tests. */
  used: string;
}

/**
 * Runs layouts: the containment tree and the force layout in workers (placed in slices, the page stays responsive,
 * and a newer run aborts an older one), the others on the main thread. Every run ends in `drawn()`.
 */
export function useLayoutRunner(cyRef: RefObject<cytoscape.Core | null>, drawn: () => void): LayoutRunner {
  const layoutRun = useRef<AbortController | null>(null);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [used, setUsed] = useState('');
  useEffect(() => () => layoutRun.current?.abort(), []);

  // How every worker layout ends: placed (fit to what it placed), or failed (said in the toolbar); the graph is drawn.
  const placed = useCallback((cy: cytoscape.Core, rect: Rect | null) => {
    performance.measure('twinscope:layout', 'twinscope:layout:start');
    setState({ busy: false, error: null });
    if (rect) {
      cy.resize();
      fitRect(cy, rect);
    }
    drawn();
  }, [drawn]);
  const failed = useCallback((err: unknown) => {
    setState({ busy: false, error: err instanceof Error ? err.message : String(err) });
    drawn();
  }, [drawn]);

  /** Starts a worker run that supersedes any other; `current()` says whether it still is the latest. */
  const startWorkerRun = useCallback(() => {
    const controller = new AbortController();
    layoutRun.current = controller;
    setState({ busy: true, error: null });
    return { signal: controller.signal, current: () => layoutRun.current === controller && !controller.signal.aborted };
  }, []);

  const runResolved = useCallback((cy: cytoscape.Core, resolved: ReturnType<typeof resolveLayout>, shape: { nodes: number }) => {
    setUsed(resolved);
    if (resolved === 'force-worker') {
      const nodes = cy.nodes();
      const { signal, current } = startWorkerRun();
      computeForceLayout({ nodes: nodes.length, links: forceLinks(cy, nodes) }, signal)
        .then((positions) => applyPositions(cy, nodes, positions, current))
        .then((rect) => {
          if (current()) placed(cy, rect);
        })
        .catch((err: unknown) => {
          if (current()) failed(err);
        });
      return;
    }
    setState({ busy: false, error: null });
    // Nodes just added all sit at the origin: a force layout started from there explodes them far apart.
    const box = cy.nodes().boundingBox({ includeLabels: false, includeOverlays: false });
    const run = cy.layout(layoutOptions(resolved, shape.nodes, { randomize: box.w < 1 && box.h < 1 }));
    run.one('layoutstop', () => {
      // The canvas may have changed size while the layout ran (panels settle on first load).
      cy.resize();
      fitReadable(cy);
      drawn();
    });
    run.run();
    performance.measure('twinscope:layout', 'twinscope:layout:start');
  }, [drawn, placed, failed, startWorkerRun]);

  const run = useCallback((name: LayoutName, gridPlaced = false) => {
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
    if (!(name === 'containment' || (name === 'auto' && resolved !== 'hierarchical' && shape.nodes > FORCE_LAYOUT_MAX_NODES))) {
      runResolved(cy, resolved, shape);
      return;
    }
    const nodes = cy.nodes();
    const { signal, current } = startWorkerRun();
    computeContainmentLayout(containmentInput(cy, nodes), signal)
      .then(async (result) => {
        if (!current()) return;
        if (result) {
          const rect = await applyPositions(cy, nodes, result.positions, current);
          if (!current()) return;
          setUsed('containment');
          placed(cy, rect);
        } else if (name === 'containment') {
          setState({ busy: false, error: 'No containment here: the relationships do not form a hierarchy over most twins.' });
          drawn();
        } else if (gridPlaced && resolved === 'grid') {
          setState({ busy: false, error: null });
          setUsed('grid');
          drawn();
        } else {
          layoutRun.current = null;
          runResolved(cy, resolved, shape);
        }
      })
      .catch((err: unknown) => {
        if (current()) failed(err);
      });
  }, [cyRef, drawn, placed, failed, runResolved, startWorkerRun]);

  return { run, state, used };
}
