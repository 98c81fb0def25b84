import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import CytoscapeComponent from 'react-cytoscapejs';
import type cytoscape from 'cytoscape';
import type { Theme } from '../../stores/preferences';
import { localized } from '../../api/models';
import { useModelsUi } from './models-store';
import type { ModelsData } from './use-models';
import { modelGraphElements, type ModelEdgeKind } from './model-graph';

const NO_ELEMENTS: cytoscape.ElementDefinition[] = [];
const EDGE_KINDS: { kind: ModelEdgeKind; label: string }[] = [
  { kind: 'extends', label: 'Extends edges' },
  { kind: 'component', label: 'Component edges' },
  { kind: 'relationship', label: 'Relationship edges' },
];

function colors(): { fg: string; muted: string; accent: string; danger: string; bg: string } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg', '#222'), muted: v('--fg-muted', '#888'), accent: v('--accent', '#0f62fe'), danger: v('--danger', '#b3261e'), bg: v('--bg', '#fff') };
}

function stylesheet(c: ReturnType<typeof colors>): cytoscape.StylesheetJsonBlock[] {
  return [
    { selector: 'node', style: { label: 'data(label)', 'background-color': c.muted, color: c.fg, 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3, width: 18, height: 18 } },
    { selector: 'node:selected', style: { 'background-color': c.accent, 'border-width': 3, 'border-color': c.accent } },
    { selector: 'edge', style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'font-size': 8, color: c.muted, label: 'data(label)', 'text-rotation': 'autorotate', 'text-background-color': c.bg, 'text-background-opacity': 1 } },
    { selector: 'edge[kind = "extends"]', style: { 'line-color': c.accent, 'target-arrow-color': c.accent, 'target-arrow-shape': 'triangle-backcurve', label: '' } },
    { selector: 'edge[kind = "component"]', style: { 'line-color': c.fg, 'target-arrow-color': c.fg, 'line-style': 'dashed', 'target-arrow-shape': 'diamond' } },
    { selector: 'edge[kind = "relationship"]', style: { 'line-color': c.muted, 'target-arrow-color': c.muted } },
  ];
}

/** The models as a graph: extends, component and relationship-target edges, each switchable, optionally one lineage. */
export default function ModelGraph({ data, theme }: { data: ModelsData; theme: Theme }) {
  const selectedId = useModelsUi((s) => s.selectedId);
  const select = useModelsUi((s) => s.select);
  const [shown, setShown] = useState<Record<ModelEdgeKind, boolean>>({ extends: true, component: true, relationship: true });
  const [lineageOnly, setLineageOnly] = useState(false);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const [cyReady, setCyReady] = useState(false);
  const applyingSelection = useRef(false);
  // `theme` is a dependency on purpose: the colours come from the theme's CSS variables.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const styles = useMemo(() => stylesheet(colors()), [theme]);

  const lineageOf = lineageOnly && selectedId && data.byId.has(selectedId) ? selectedId : undefined;
  const elements = useMemo(
    () => modelGraphElements(data.interfaces, { ...shown, lineageOf }, (id) => localized(data.byId.get(id)?.displayName) ?? id.replace(/^dtmi:.*:/, '')),
    [data, shown, lineageOf],
  );

  const onCy = useCallback((cy: cytoscape.Core) => {
    if (cyRef.current === cy) return;
    cyRef.current = cy;
    cy.on('select', 'node', (e) => {
      if (!applyingSelection.current) select(e.target.id());
    });
    setCyReady(true);
  }, [select]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !cyReady) return;
    cy.batch(() => {
      cy.elements().remove();
      cy.add([
        ...elements.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, label: n.label } })),
        ...elements.edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, kind: e.kind, label: e.label } })),
      ]);
    });
    const roots = elements.nodes.filter((n) => !elements.edges.some((e) => e.kind === 'extends' && e.source === n.id)).map((n) => n.id);
    cy.layout({ name: 'breadthfirst', directed: false, roots: roots.length ? roots : undefined, spacingFactor: 1.1, animate: false } as cytoscape.LayoutOptions).run();
    cy.fit(undefined, 20);
  }, [elements, cyReady]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !cyReady) return;
    applyingSelection.current = true;
    cy.nodes(':selected').unselect();
    if (selectedId) cy.getElementById(selectedId).select();
    applyingSelection.current = false;
  }, [selectedId, elements, cyReady]);

  const count = (k: ModelEdgeKind) => elements.edges.filter((e) => e.kind === k).length;
  const nameOf = (id: string) => localized(data.byId.get(id)?.displayName) ?? id;

  return (
    <div className="models-graph">
      <div className="models-actions" role="toolbar" aria-label="Model graph">
        {EDGE_KINDS.map(({ kind, label }) => (
          <label key={kind} className={`models-graph__toggle models-graph__toggle--${kind}`}>
            <input type="checkbox" checked={shown[kind]} onChange={(e) => setShown({ ...shown, [kind]: e.target.checked })} />
            {label}
          </label>
        ))}
        <label>
          <input type="checkbox" checked={lineageOnly} disabled={!selectedId} onChange={(e) => setLineageOnly(e.target.checked)} />
          Only supertypes and subtypes of the selected model
        </label>
        <button type="button" onClick={() => cyRef.current?.fit(undefined, 20)}>Fit</button>
      </div>
      <p className="models-muted" data-testid="model-graph-counts">
        {`${elements.nodes.length} models · ${count('extends')} extends · ${count('component')} component · ${count('relationship')} relationship edges`}
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
