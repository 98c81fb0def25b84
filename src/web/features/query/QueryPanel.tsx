import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Theme } from '../../stores/preferences';
import type { AdtClient } from '../../adt-client';
import { AdtError } from '../../adt-client';
import { ADT_QUERY_LANGUAGE_ID } from '../../editor/adt-query-language';
import { countQueryFor, loadQuery, type ResumePoint } from '../../api/graph-loader';
import { loadQueryBaseline } from '../../api/graph-loader-baseline';
import { useGraphStore } from '../../stores/graph';
import type { MergeMode } from '../../stores/graph-model';
import { createMergeBuffer } from '../../stores/merge-buffer';
import { explainForbidden, signInAgainText, useSession } from '../../stores/session';
import { useQueryHistory } from '../../stores/query-history';
import { useModels } from '../../api/model-index';
import { queryMarkers, setQueryModelIndex } from '../../editor/query-context';

// Monaco is split into its own chunk and only loaded when this panel mounts.
const MonacoEditor = lazy(() => import('../../editor/MonacoEditor'));

export const DEFAULT_QUERY = 'SELECT * FROM DIGITALTWINS';
export const DEFAULT_NODE_BUDGET = 50_000;
/** Rows beyond this are summarised rather than rendered: a table of 100k projections would stall the tab. */
const MAX_TABLE_ROWS = 1000;
const NO_HISTORY: string[] = [];
const BASELINE_LOADER = typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('loader') === 'baseline';

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; twins: number; relationships: number }
  | { kind: 'done'; twins: number; relationships: number; rows: unknown[]; resume: ResumePoint | null; charge: number; ms: number }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'cancelled' };

export interface QueryPanelProps {
  theme: Theme;
  client: AdtClient | null;
  environmentId: string;
  initialQuery?: string | undefined;
  /** Run `initialQuery` as soon as a client is available (deep links). */
  autoRun?: boolean;
  unavailableReason?: string | null;
}

export function QueryPanel({ theme, client, environmentId, initialQuery, autoRun, unavailableReason }: QueryPanelProps) {
  const [text, setText] = useState(initialQuery ?? DEFAULT_QUERY);
  const [mode, setMode] = useState<MergeMode>('replace');
  const [budget, setBudget] = useState(DEFAULT_NODE_BUDGET);
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const merge = useGraphStore((s) => s.merge);
  const models = useModels(client);
  const modelIndex = models.data?.index;
  useEffect(() => setQueryModelIndex(modelIndex), [modelIndex]);
  const markers = useMemo(() => queryMarkers(text, modelIndex), [text, modelIndex]);
  const history = useQueryHistory((s) => s.history[environmentId]) ?? NO_HISTORY;
  const saved = useQueryHistory((s) => s.saved);

  const run = useCallback(
    async (query: string, resume?: ResumePoint) => {
      if (!client || !query.trim()) return;
      if (!resume) useQueryHistory.getState().record(environmentId, query);
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      const started = performance.now();
      let twins = 0;
      let relationships = 0;
      let first = true;
      setState({ kind: 'running', twins, relationships });
      if (BASELINE_LOADER) {
        // Benchmark baseline only: ADT Explorer's strategy, re-drawing after every page (see graph-loader-baseline).
        merge({}, 'replace');
        const result = await loadQueryBaseline(client, query, {
          signal: controller.signal,
          onPage: (page) => merge({ twins: page.twins, relationships: page.relationships }, 'overlay'),
        });
        setState({ kind: 'done', twins: result.twins, relationships: result.relationships, rows: [], resume: null, charge: 0, ms: Math.round(performance.now() - started) });
        return;
      }
      useGraphStore.getState().setLoading(true);
      const pages = createMergeBuffer(merge);
      try {
        const graph = useGraphStore.getState();
        const effectiveMode: MergeMode = resume ? 'overlay' : mode;
        const result = await loadQuery(client, query, {
          signal: controller.signal,
          budget,
          ...(resume ? { resume } : {}),
          ...(effectiveMode === 'overlay' ? { known: new Set(graph.model.twins.keys()) } : {}),
          onPage: (page) => {
            // The first page replaces the graph (in replace mode); later pages always add to it.
            pages.add({ twins: page.twins, relationships: page.relationships }, first ? effectiveMode : 'overlay');
            first = false;
            twins += page.twins.length;
            relationships += page.relationships.length;
            setState({ kind: 'running', twins, relationships });
          },
        });
        pages.flush();
        if (first && effectiveMode === 'replace') merge({}, 'replace');
        if (result.resume && !resume) {
          const countQuery = countQueryFor(query);
          if (countQuery) {
            const counted = await client.queryTwins<{ COUNT: number }>(countQuery, { signal: controller.signal }).byPage().next();
            if (!counted.done) useGraphStore.getState().setTotalTwins(counted.value.value[0]?.COUNT ?? null);
          }
        }
        setState({
          kind: 'done',
          twins: result.twins,
          relationships: result.relationships,
          rows: result.rows,
          resume: result.resume,
          charge: result.queryCharge,
          ms: Math.round(performance.now() - started),
        });
      } catch (err) {
        if (controller.signal.aborted) setState({ kind: 'cancelled' });
        else if (err instanceof AdtError && err.status === 401) {
          const message = signInAgainText('run the query');
          setState({ kind: 'error', code: err.code || 'Unauthorized', message });
          // Kept as the pending action: it runs again as soon as the user has signed in.
          useSession.getState().requireSignIn(environmentId, message, () => void run(query));
        } else if (err instanceof AdtError && err.status === 403) {
          setState({ kind: 'error', code: err.code || 'Forbidden', message: `${err.message} ${explainForbidden(err.method, err.url)}` });
        } else if (err instanceof AdtError) setState({ kind: 'error', code: err.code, message: err.message });
        else setState({ kind: 'error', code: 'Error', message: err instanceof Error ? err.message : String(err) });
      } finally {
        // What arrived before a cancel or an error stays in the graph, as it did page by page.
        pages.flush();
        useGraphStore.getState().setLoading(false);
        if (abort.current === controller) abort.current = null;
      }
    },
    [client, merge, mode, environmentId, budget],
  );

  const autoRan = useRef(false);
  useEffect(() => {
    if (!autoRun || autoRan.current || !client || !initialQuery) return;
    autoRan.current = true;
    void run(initialQuery);
  }, [autoRun, client, initialQuery, run]);

  const cancel = useCallback(() => abort.current?.abort(), []);

  return (
    <div className="query-panel">
      <div className="query-toolbar" role="toolbar" aria-label="Query">
        <button type="button" onClick={() => void run(text)} disabled={!client || state.kind === 'running'}>
          Run
        </button>
        <button type="button" onClick={cancel} disabled={state.kind !== 'running'}>
          Cancel
        </button>
        <label className="field">
          <span>Results</span>
          <select aria-label="Results mode" value={mode} onChange={(e) => setMode(e.target.value as MergeMode)}>
            <option value="replace">replace the graph</option>
            <option value="overlay">overlay on the graph</option>
          </select>
        </label>
        <label className="field">
          <span>Node budget</span>
          <input
            aria-label="Node budget"
            type="number"
            min={1}
            step={1000}
            className="budget-input"
            value={budget}
            onChange={(e) => setBudget(Math.max(1, Math.floor(Number(e.target.value)) || DEFAULT_NODE_BUDGET))}
          />
        </label>
        <select
          aria-label="Query history"
          value=""
          onChange={(e) => {
            if (e.target.value) setText(e.target.value);
          }}
        >
          <option value="">History…</option>
          {history.map((q) => (
            <option key={q} value={q}>
              {q.length > 80 ? `${q.slice(0, 80)}…` : q}
            </option>
          ))}
        </select>
        <select
          aria-label="Saved queries"
          value=""
          onChange={(e) => {
            const found = saved.find((q) => q.name === e.target.value);
            if (found) setText(found.query);
          }}
        >
          <option value="">Saved…</option>
          {saved.map((q) => (
            <option key={q.name} value={q.name}>
              {q.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => {
            const name = window.prompt('Name this query');
            if (name) useQueryHistory.getState().save(name, text);
          }}
        >
          Save…
        </button>
        <span className="query-status" data-testid="query-status" role="status">
          {state.kind === 'running' ? `Loading… ${state.twins} twins, ${state.relationships} relationships` : null}
          {state.kind === 'done'
            ? `${state.twins} twins, ${state.relationships} relationships${state.rows.length ? `, ${state.rows.length} rows` : ''} in ${state.ms} ms · charge ${state.charge.toFixed(1)}${state.resume ? ` · cut at the budget of ${budget} twins` : ''}`
            : null}
          {state.kind === 'cancelled' ? 'Cancelled.' : null}
        </span>
        {state.kind === 'done' && state.resume ? (
          <button type="button" onClick={() => void run(state.resume?.query ?? text, state.resume ?? undefined)}>
            Load more
          </button>
        ) : null}
      </div>
      {!client && unavailableReason ? (
        <div className="query-note" role="note">
          {unavailableReason}
        </div>
      ) : null}
      {state.kind === 'error' ? (
        <div className="query-error" role="alert" data-testid="query-error">
          <strong>{state.code}</strong>: {state.message}
        </div>
      ) : null}
      <div className="query-editor">
        <Suspense fallback={<div className="editor-loading" aria-busy="true">Loading editor…</div>}>
          <MonacoEditor
            value={text}
            onChange={setText}
            onSubmit={(q) => void run(q)}
            onCancel={cancel}
            markers={markers}
            language={ADT_QUERY_LANGUAGE_ID}
            theme={theme}
            ariaLabel="Query editor"
          />
        </Suspense>
      </div>
      {state.kind === 'done' && state.rows.length > 0 ? <ResultRows rows={state.rows} /> : null}
    </div>
  );
}

/** Projections, COUNT() and other non-graph rows, as a table or as raw JSON. Values are rendered as text. */
export function ResultRows({ rows }: { rows: unknown[] }) {
  const [view, setView] = useState<'table' | 'json'>('table');
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  const columns = [...new Set(shown.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : ['value'])))];
  const cell = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  return (
    <div className="query-rows" data-testid="query-rows">
      <div className="query-rows__bar">
        <label>
          <input type="radio" name="rows-view" checked={view === 'table'} onChange={() => setView('table')} /> Table
        </label>
        <label>
          <input type="radio" name="rows-view" checked={view === 'json'} onChange={() => setView('json')} /> JSON
        </label>
        <span>
          {rows.length} rows{rows.length > shown.length ? ` (first ${shown.length} shown)` : ''}
        </span>
      </div>
      {view === 'json' ? (
        <pre>{JSON.stringify(shown, null, 2)}</pre>
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
                {columns.map((c) => (
                  <td key={c}>{cell(r && typeof r === 'object' ? (r as Record<string, unknown>)[c] : r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
