import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import CytoscapeComponent from 'react-cytoscapejs';
import type cytoscape from 'cytoscape';
import { useGraphStore } from '../../stores/graph';
import { useGraphPrefs } from '../../stores/graph-prefs';
import { graphStylesheet } from './graph-style';
import type { LayoutName } from './layouts';
import type { AdtClient } from '../../adt-client';
import type { ModelIndex } from '../../../shared/dtdl';
import { useGraphContent } from '../../api/graph-data';
import { useDataStyle } from './use-data-style';
import { DataLegend, DemoToolbar, PresentationBar, usePresentation } from './GraphDemoTools';
import { useViewLink } from './use-view-link';
import { GraphLegend } from './GraphLegend';
import { countByModel, modelLegendItems } from './model-names';
import { useCanvasKeyboard } from './use-canvas-keyboard';
import { recentreAfterResize } from './canvas-sync';
import { readGraphColors } from './graph-theme';
import { trackDrags } from './stable-positions';
import { setWebglRenderer, webglAvailable } from './webgl';
import { useLayoutRunner } from './use-layout-runner';
import { useGraphFilter } from './use-graph-filter';
import { useExpand } from './use-expand';
import { useOverview } from './use-overview';
import { useSelectionSync } from './use-selection-sync';
import { useCanvasLook, useCanvasSync, useDrawn, useTwinLabels } from './use-canvas-sync';
import { GraphToolbar } from './GraphToolbar';
import { GraphFilterForm, OverviewBar } from './GraphBars';

// Elements are managed imperatively (canvas-sync.ts); the component still owns mounting and options.
const NO_ELEMENTS: cytoscape.ElementDefinition[] = [];

export interface GraphViewProps {
  theme: string;
  client: AdtClient | null;
  models: ModelIndex | undefined;
}

/**
 * The graph panel's view: it mounts the canvas and wires the controllers around it (canvas sync, layout runner,
 * selection sync, filter, expand, overview), each in its own module, and lays out their controls.
 */
export default function GraphView({ theme, client, models }: GraphViewProps) {
  const cyRef = useRef<cytoscape.Core | null>(null);
  const [cy, setCy] = useState<cytoscape.Core | null>(null);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const model = useGraphStore((s) => s.model);
  const loading = useGraphStore((s) => s.loading);
  const legendShown = useGraphPrefs((s) => s.legend);
  // The drawn twins' and relationships' documents, read through from the one cache.
  const content = useGraphContent(client);
  const contentRef = useRef(content);
  contentRef.current = content;
  const { twins } = content;
  const [layout, setLayout] = useState<LayoutName>('auto');

  const { drawn, markDrawn, represent } = useDrawn(cyRef);
  const layoutRunner = useLayoutRunner(cyRef, markDrawn);
  const overview = useOverview(content, loading);
  const filter = useGraphFilter(cyRef, () => contentRef.current.twins.values(), models);
  const expand = useExpand(client);
  const dataStyle = useDataStyle(cy, cy !== null, models, drawn.nodes, twins);
  const presenting = usePresentation(rootRef, cy);
  const look = useCanvasLook(cy, { theme, presenting, dataActive: dataStyle.legend.length > 0 });
  useCanvasSync({
    cy,
    revision: model.revision,
    content,
    loading,
    overview: overview.overview,
    focused: overview.focused,
    layout,
    runLayout: layoutRunner.run,
    markDrawn,
    represent,
    setLarge: look.setLarge,
    afterSync: (c) => overview.setPickedModels(c.$('node.overview:selected').map((n) => String(n.data('model')))),
  });
  useSelectionSync(cy, overview.setPickedModels);
  useTwinLabels(cy, (id) => contentRef.current.twins.get(id));
  useCanvasKeyboard(cy, cy !== null);

  const runLayout = layoutRunner.run;
  // A spotlight shows copies of what matched: once twins come or go, it would show a graph that is no longer there.
  const { clearSpotlight, prepareSpotlight } = filter;
  useEffect(() => clearSpotlight(), [model.revision, clearSpotlight]);
  // Once a big graph is drawn, the spotlight is made while the page is idle, so the first highlight is quick.
  const isLarge = look.isLarge;
  useEffect(() => {
    if (drawn.nodes === 0 || !isLarge()) return;
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    const handle = idle(() => prepareSpotlight());
    return () => cancel(handle);
  }, [drawn.nodes, isLarge, prepareSpotlight]);

  const pickLayout = useCallback((name: LayoutName) => {
    setLayout(name);
    runLayout(name);
  }, [runLayout]);
  useViewLink({
    ready: cy !== null && !loading && drawn.nodes > 0 && overview.view !== 'overview',
    setLayout: pickLayout,
    setFilter: (text, mode) => {
      filter.setText(text);
      filter.setMode(mode);
      filter.apply(text, mode);
    },
  });

  const onCy = useCallback((instance: cytoscape.Core) => {
    if (cyRef.current === instance) return;
    cyRef.current = instance;
    // Cytoscape caches its container size; panels resize without telling it, so tell it.
    const container = instance.container();
    if (container && typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => {
        const before = { width: instance.width(), height: instance.height() };
        instance.resize();
        recentreAfterResize(instance, before);
      }).observe(container);
    }
    trackDrags(instance);
    if (useGraphPrefs.getState().webgl && webglAvailable()) setWebglRenderer(instance, true, false);
    setCy(instance);
  }, []);

  const [initialStylesheet] = useState(() => graphStylesheet(false, readGraphColors()));
  const modelsInGraph = useMemo(() => [...new Set([...twins.values()].map((t) => t.$metadata.$model))].sort(), [twins]);
  const legendSections = useMemo(
    () => (legendShown ? [{ id: 'models', title: 'Models', items: modelLegendItems(countByModel((overview.focused ?? { twins }).twins.values()), models) }] : []),
    [legendShown, overview.focused, twins, models],
  );
  const selectedTwins = [...model.selection].filter((id) => twins.has(id));
  const errors = [layoutRunner.state.error, expand.state.error].filter((e): e is string => !!e);

  return (
    <div
      ref={rootRef}
      className={presenting ? 'graph-view presenting' : 'graph-view'}
      data-presenting={presenting}
      data-layout-used={layoutRunner.used}
      data-view={overview.view}
      data-drawn-nodes={drawn.nodes}
      data-drawn-edges={drawn.edges}
      data-shown-twins={drawn.twins}
      data-shown-relationships={drawn.relationships}
    >
      <GraphToolbar
        cy={cy}
        models={models}
        modelsInGraph={modelsInGraph}
        layout={layout}
        onLayout={pickLayout}
        onRelayout={() => layoutRunner.run(layout)}
        expand={expand}
        canExpand={!!client && selectedTwins.length > 0 && overview.view !== 'overview'}
        onExpand={() => void expand.expand(selectedTwins)}
        selectionSize={model.selection.size}
        selectedTwins={selectedTwins.length}
        hiddenSize={model.hidden.size}
        onHide={() => useGraphStore.getState().hide(model.selection)}
        onHideOthers={() => useGraphStore.getState().hideOthers(selectedTwins)}
        onShowAll={() => {
          filter.clearHighlight();
          useGraphStore.getState().showAll();
        }}
        isLarge={look.isLarge}
        demoTools={<DemoToolbar cy={cy} legend={dataStyle.legend} models={models} modelsInGraph={modelsInGraph} view={{ layout, filter: filter.text, filterMode: filter.mode }} />}
      />
      {errors.length > 0 ? (
        <div className="graph-toolbar-errors" role="alert">
          {errors.map((e) => (
            <span key={e} className="form-error">
              {e}
            </span>
          ))}
        </div>
      ) : null}
      <OverviewBar o={overview} cy={cy} models={models} />
      <GraphFilterForm filter={filter} overview={overview.view === 'overview'} />
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
        {layoutRunner.state.busy ? (
          <span className="graph-stage__status filter-count" role="status" data-testid="layout-busy">
            Laying out…
          </span>
        ) : null}
      </div>
    </div>
  );
}
