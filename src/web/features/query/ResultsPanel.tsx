import { useState } from 'react';
import { plural, singleValue, useQueryResults } from '../../stores/query-results';

/** Rows beyond this are summarised rather than rendered: a table of 100k projections would stall the tab. */
const MAX_TABLE_ROWS = 1000;

/** The results area beside the graph: what a query returned that is not drawn (projections, COUNT(), relationships). */
export function ResultsPanel({ onClose }: { onClose: () => void }) {
  const result = useQueryResults((s) => s.result);
  if (!result) return null;
  return (
    <section className="results-panel" aria-labelledby="results-title" data-region="results">
      <header className="panel__header">
        <h2 id="results-title">{result.kind === 'relationships' ? 'Relationships' : 'Results'}</h2>
        <div className="panel__actions">
          <button type="button" className="icon-button" aria-label="Close results" title="Close results" onClick={onClose}>
            ×
          </button>
        </div>
      </header>
      <ResultRows key={result.nonce} rows={result.rows} />
    </section>
  );
}

/** Projections, COUNT() and other non-graph rows, as a table or as raw JSON. Values are rendered as text. */
export function ResultRows({ rows }: { rows: unknown[] }) {
  const [view, setView] = useState<'table' | 'json'>('table');
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  const single = singleValue(rows);
  const columns = [...new Set(shown.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : ['value'])))];
  const cell = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  return (
    <div className="query-rows" data-testid="query-rows">
      <div className="query-rows__bar">
        <span data-testid="query-rows-count">
          {plural(rows.length, 'row')}
          {rows.length > shown.length ? ` (first ${shown.length.toLocaleString('en-US')} shown)` : ''}
        </span>
        <label>
          <input type="radio" name="rows-view" checked={view === 'table'} onChange={() => setView('table')} /> Table
        </label>
        <label>
          <input type="radio" name="rows-view" checked={view === 'json'} onChange={() => setView('json')} /> JSON
        </label>
      </div>
      <div className="query-rows__body">
        {view === 'json' ? (
          <pre>{JSON.stringify(shown, null, 2)}</pre>
        ) : single ? (
          <figure className="result-value" data-testid="result-value">
            <div className="result-value__number">{typeof single.value === 'number' ? single.value.toLocaleString('en-US') : single.value}</div>
            <figcaption>{single.name}</figcaption>
          </figure>
        ) : (
          <table className="result-table">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r, i) => (
                <tr key={i}>
                  {columns.map((c) => {
                    const text = cell(r && typeof r === 'object' ? (r as Record<string, unknown>)[c] : r);
                    return (
                      <td key={c} title={text.length > 30 ? text : undefined}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
