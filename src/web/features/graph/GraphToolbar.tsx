import { useMemo, useRef, useState, type ReactNode } from 'react';
import type cytoscape from 'cytoscape';
import type { ModelIndex } from '../../../shared/dtdl';
import { DEFAULT_OVERVIEW_ABOVE, useGraphPrefs } from '../../stores/graph-prefs';
import { LAYOUT_NAMES, type LayoutName } from './layouts';
import { ToolbarMenu } from './ToolbarMenu';
import { modelDisplayName } from './model-names';
import { useToolbarFold } from './use-toolbar-fold';
import { centreOnSelection, fitWhole } from './canvas-sync';
import { setWebglRenderer, webglAvailable } from './webgl';
import type { ExpandController } from './use-expand';

/**
 * Toolbar widths below which one more group of controls moves into a menu (measured: every control inline takes
 * about 1,250 px; without the layout picker, Centre and Hide others about 860; with the demo tools in a menu 560).
 */
const TOOLBAR_FOLDS = [1270, 880, 580, 420] as const;

export interface GraphToolbarProps {
  cy: cytoscape.Core | null;
  models: ModelIndex | undefined;
  modelsInGraph: string[];
  layout: LayoutName;
  /** Picks a layout and lays the graph out with it. */
  onLayout: (name: LayoutName) => void;
  onRelayout: () => void;
  expand: ExpandController;
  /** Expand is off without an environment, in the overview, or with no twin selected. */
  canExpand: boolean;
  onExpand: () => void;
  selectionSize: number;
  selectedTwins: number;
  hiddenSize: number;
  onHide: () => void;
  onHideOthers: () => void;
  onShowAll: () => void;
  isLarge: () => boolean;
  demoTools: ReactNode;
}

/** The graph's toolbar: one row at every width, what does not fit going into its menus. */
export function GraphToolbar(p: GraphToolbarProps) {
  const toolbarRef = useRef<HTMLDivElement | null>(null);
  const fold = useToolbarFold(toolbarRef, TOOLBAR_FOLDS);
  const legendShown = useGraphPrefs((s) => s.legend);
  const labelProperty = useGraphPrefs((s) => s.labelProperty);
  const webgl = useGraphPrefs((s) => s.webgl);
  const overviewAbove = useGraphPrefs((s) => s.overviewAbove);
  const [canWebgl] = useState(webglAvailable);
  const [labelModel, setLabelModel] = useState('');
  const labelChoices = useMemo(() => {
    const resolved = labelModel && p.models ? p.models.resolve(labelModel) : undefined;
    return resolved ? [...resolved.properties.keys()].sort() : [];
  }, [labelModel, p.models]);
  const { direction, levels } = p.expand;

  const centreButton = (
    <button type="button" aria-label="Centre on selection" title="Centre the view on the selection" onClick={() => p.cy && centreOnSelection(p.cy)}>
      Centre
    </button>
  );
  const expandButton = (
    <button
      type="button"
      onClick={p.onExpand}
      disabled={!p.canExpand || p.expand.state.busy}
      title={`Add the selection's neighbours: ${direction === 'both' ? 'in and out' : direction === 'out' ? 'outgoing' : 'incoming'}, ${levels} ${levels === 1 ? 'level' : 'levels'}`}
    >
      Expand
    </button>
  );
  const expandFields = (
    <>
      <label className="field">
        <span>Direction</span>
        <select aria-label="Expand direction" value={direction} onChange={(e) => p.expand.setDirection(e.target.value as typeof direction)}>
          <option value="both">in and out</option>
          <option value="out">outgoing</option>
          <option value="in">incoming</option>
        </select>
      </label>
      <label className="field">
        <span>Levels</span>
        <input aria-label="Expand levels" type="number" min={1} max={5} value={levels} onChange={(e) => p.expand.setLevels(Number(e.target.value))} className="levels-input" />
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
    <select aria-label="Layout" title="The layout Re-layout applies; picking one lays the graph out with it" value={p.layout} onChange={(e) => p.onLayout(e.target.value as LayoutName)}>
      {LAYOUT_NAMES.map((n) => (
        <option key={n} value={n}>
          {`Layout: ${n}`}
        </option>
      ))}
    </select>
  );
  const hideButtons = (
    <button type="button" aria-label="Hide selected" title="Hide selected" onClick={p.onHide} disabled={p.selectionSize === 0}>
      Hide
    </button>
  );
  const hideOthersButton = (
    <button type="button" onClick={p.onHideOthers} disabled={p.selectedTwins === 0}>
      Hide others
    </button>
  );
  const showAllButton = (
    <button type="button" onClick={p.onShowAll} disabled={p.hiddenSize === 0}>
      Show all
    </button>
  );
  const legendButton = (
    <button type="button" aria-pressed={legendShown} onClick={() => useGraphPrefs.getState().setLegend(!legendShown)} title="Show or hide the legend of models">
      Legend
    </button>
  );

  return (
    <div className="graph-toolbar" role="toolbar" aria-label="Graph" ref={toolbarRef} data-fold={fold}>
      {fold < 1 ? layoutSelect : null}
      <button type="button" onClick={p.onRelayout} title="Lay the whole graph out again. Adding or changing twins never moves what is placed.">
        Re-layout
      </button>
      <button type="button" onClick={() => p.cy && fitWhole(p.cy)} title="Zoom to show the whole graph">
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
      {fold < 2 ? p.demoTools : <ToolbarMenu label="Demo" title="Style by data, export a picture, share the view, present">{p.demoTools}</ToolbarMenu>}
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
            {p.modelsInGraph.map((m) => (
              <option key={m} value={m} title={m}>
                {modelDisplayName(p.models, m)}
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
            {labelChoices.map((prop) => (
              <option key={prop} value={prop}>
                {prop}
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
              if (p.cy) setWebglRenderer(p.cy, e.target.checked, p.isLarge());
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
  );
}
