import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type cytoscape from 'cytoscape';
import type { DigitalTwin } from '../../../shared/adt';
import type { ModelIndex } from '../../../shared/dtdl';
import { useGraphStore } from '../../stores/graph';
import { compileTwinFilter } from './twin-filter';
import { LARGE_GRAPH_ELEMENTS } from './graph-style';
import { Spotlight } from './spotlight';

export type FilterMode = 'highlight' | 'filter';

export interface GraphFilter {
  text: string;
  setText: (text: string) => void;
  mode: FilterMode;
  setMode: (mode: FilterMode) => void;
  result: { error: string | null; matches: number | null };
  /** Applies a condition (by default the one typed): highlights its matches, or hides every other twin. */
  apply: (text?: string, mode?: FilterMode) => void;
  clearHighlight: () => void;
  /** Takes a big canvas's highlight away (it shows copies of the matches), leaving the canvas alone. */
  clearSpotlight: () => void;
  /** Makes the spotlight ahead of its first use, once the canvas holds a big graph. */
  prepareSpotlight: () => void;
}

/**
 * The value filter: an ADT query condition evaluated on the twins in the graph. "Hide the rest" goes through the graph
 * store (hidden is graph state the inspector and the twins list see too); a highlight is only on the canvas: on big
 * canvases as a spotlight over it (spotlight.ts), which costs what the matches cost, not what the graph costs.
 */
export function useGraphFilter(cyRef: RefObject<cytoscape.Core | null>, twins: () => Iterable<DigitalTwin>, models: ModelIndex | undefined): GraphFilter {
  const [text, setText] = useState('');
  const [mode, setMode] = useState<FilterMode>('highlight');
  const [result, setResult] = useState<{ error: string | null; matches: number | null }>({ error: null, matches: null });

  const spotlight = useRef<Spotlight | null>(null);
  const spotlightOf = useCallback((cy: cytoscape.Core) => {
    if (spotlight.current?.cy !== cy) {
      spotlight.current?.destroy();
      spotlight.current = new Spotlight(cy);
    }
    return spotlight.current;
  }, []);
  const clearSpotlight = useCallback(() => spotlight.current?.hide(), []);
  const prepareSpotlight = useCallback(() => {
    if (cyRef.current) spotlightOf(cyRef.current).prepare();
  }, [cyRef, spotlightOf]);
  const clearHighlight = useCallback(() => {
    clearSpotlight();
    const cy = cyRef.current;
    // Only canvases that were dimmed the usual way: removing a class from every element restyles every one of them.
    if (cy && cy.elements('.dimmed').nonempty()) cy.elements().removeClass('highlighted dimmed');
  }, [cyRef, clearSpotlight]);
  useEffect(() => () => spotlight.current?.destroy(), []);

  const apply = (filterText = text, filterMode = mode) => {
    clearHighlight();
    if (!filterText.trim()) {
      setResult({ error: null, matches: null });
      return;
    }
    const compiled = compileTwinFilter(filterText, models);
    if (!compiled.ok) {
      setResult({ error: compiled.message, matches: null });
      return;
    }
    performance.mark('twinscope:filter:start');
    const matching: string[] = [];
    for (const t of twins()) if (compiled.test(t)) matching.push(t.$dtId);
    performance.measure('twinscope:filter', 'twinscope:filter:start');
    setResult({ error: null, matches: matching.length });
    if (filterMode === 'filter') {
      useGraphStore.getState().hideOthers(matching);
      return;
    }
    const cy = cyRef.current;
    if (!cy) return;
    const keep = new Set(matching);
    const matched = cy.nodes().filter((n) => keep.has(n.id()));
    if (cy.elements().length > LARGE_GRAPH_ELEMENTS) {
      performance.mark('twinscope:spotlight:start');
      spotlightOf(cy).show(matched);
      performance.measure('twinscope:spotlight', 'twinscope:spotlight:start');
      return;
    }
    // Whole collections at once: one class change per collection instead of one call per node.
    cy.batch(() => {
      matched.addClass('highlighted');
      cy.nodes().not(matched).addClass('dimmed');
      cy.edges().addClass('dimmed');
    });
  };

  return { text, setText, mode, setMode, result, apply, clearHighlight, clearSpotlight, prepareSpotlight };
}
