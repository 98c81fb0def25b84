import type cytoscape from 'cytoscape';
import type { ModelIndex } from '../../../shared/dtdl';
import { useGraphStore } from '../../stores/graph';
import { useGraphPrefs } from '../../stores/graph-prefs';
import { modelDisplayName } from './model-names';
import { overviewNodeId } from './overview';
import type { OverviewController } from './use-overview';
import type { FilterMode, GraphFilter } from './use-graph-filter';

/** What Cytoscape keeps per drawn element, measured with bench/_graph-profile.ts (HEAP=1): about 3.3 KB. */
const CANVAS_BYTES_PER_ELEMENT = 3.3 * 1024;

/** Above the canvas while the graph is an overview, or while the twins of some models (or all) are drawn instead. */
export function OverviewBar({ o, cy, models }: { o: OverviewController; cy: cytoscape.Core | null; models: ModelIndex | undefined }) {
  const twinCount = useGraphStore((s) => s.twinCount);
  const relationshipCount = useGraphStore((s) => s.relationshipCount);
  const overviewAbove = useGraphPrefs((s) => s.overviewAbove);
  if (o.view === 'overview') {
    const picked = o.pickedModels.length;
    return (
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
            {o.overviewModels.map(({ model: m, count }) => (
              <li key={m}>
                <label>
                  <input
                    type="checkbox"
                    checked={o.pickedModels.includes(m)}
                    onChange={(e) => {
                      const node = cy?.getElementById(overviewNodeId(m));
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
        <button type="button" disabled={picked === 0} onClick={o.drawPicked}>
          {picked === 0 ? 'Draw selected models' : `Draw ${picked} selected ${picked === 1 ? 'model' : 'models'}`}
        </button>
        <button type="button" onClick={o.drawEveryTwin}>
          Draw every twin
        </button>
      </div>
    );
  }
  if (o.view !== 'focus' && !(o.tooBig && o.drawAll)) return null;
  const focusSize = o.focus?.size ?? 0;
  return (
    <div className="graph-overview-bar" role="status" data-testid="graph-overview">
      <span>
        {o.focused
          ? `Drawing the twins of ${focusSize} ${focusSize === 1 ? 'model' : 'models'}: ${o.focused.twins.size.toLocaleString('en-US')} twins, ${o.focused.relationships.size.toLocaleString('en-US')} relationships among them.`
          : 'Drawing every twin.'}
      </span>
      <button type="button" onClick={o.backToOverview}>
        Back to the overview
      </button>
    </div>
  );
}

/** The value filter's row: the condition, highlight or hide the rest, and what it matched or why it failed. */
export function GraphFilterForm({ filter, overview }: { filter: GraphFilter; overview: boolean }) {
  return (
    <form
      className="graph-filter"
      onSubmit={(e) => {
        e.preventDefault();
        filter.apply();
      }}
    >
      <input
        aria-label="Filter twins by value"
        placeholder="occupancy > 4"
        value={filter.text}
        onChange={(e) => filter.setText(e.target.value)}
        aria-invalid={filter.result.error !== null}
      />
      <select aria-label="Filter mode" value={filter.mode} onChange={(e) => filter.setMode(e.target.value as FilterMode)}>
        <option value="highlight">highlight</option>
        <option value="filter">hide the rest</option>
      </select>
      <button type="submit" disabled={overview} title={overview ? 'The overview shows models, not twins: draw twins first' : undefined}>
        Apply
      </button>
      {filter.result.error ? (
        <span className="form-error" role="alert" data-testid="graph-filter-error">
          {filter.result.error}
        </span>
      ) : filter.result.matches !== null ? (
        <span className="filter-count" data-testid="graph-filter-count">
          {filter.result.matches} matching
        </span>
      ) : null}
    </form>
  );
}
