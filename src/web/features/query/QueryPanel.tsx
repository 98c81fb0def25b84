import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Theme } from '../../stores/preferences';
import type { AdtClient } from '../../adt-client';
import { AdtError } from '../../adt-client';
import { ADT_QUERY_LANGUAGE_ID } from '../../editor/adt-query-language';
import { loadQuery } from '../../api/graph-loader';
import { useGraphStore } from '../../stores/graph';
import type { MergeMode } from '../../stores/graph-model';
import { explainForbidden, useSession } from '../../stores/session';
import { useQueryHistory } from '../../stores/query-history';
import { useModels } from '../../api/model-index';
import { queryMarkers, setQueryModelIndex } from '../../editor/query-context';

// Monaco is split into its own chunk and only loaded when this panel mounts.
const MonacoEditor = lazy(() => import('../../editor/MonacoEditor'));

export const DEFAULT_QUERY = 'SELECT * FROM DIGITALTWINS';
export const DEFAULT_NODE_BUDGET = 50_000;
const NO_HISTORY: string[] = [];

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; twins: number; relationships: number }
  | { kind: 'done'; twins: number; relationships: number; rows: unknown[]; truncated: boolean; charge: number; ms: number }
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
    async (query: string) => {
      if (!client || !query.trim()) return;
      useQueryHistory.getState().record(environmentId, query);
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      const started = performance.now();
      let twins = 0;
      let relationships = 0;
      let first = true;
      setState({ kind: 'running', twins, relationships });
      try {
        const result = await loadQuery(client, query, {
          signal: controller.signal,
          budget: DEFAULT_NODE_BUDGET,
          onPage: (page) => {
            // The first page replaces the graph (in replace mode); later pages always add to it.
            merge({ twins: page.twins, relationships: page.relationships }, first ? mode : 'overlay');
            first = false;
            twins += page.twins.length;
            relationships += page.relationships.length;
            setState({ kind: 'running', twins, relationships });
          },
        });
        if (first && mode === 'replace') merge({}, 'replace');
        setState({
          kind: 'done',
          twins: result.twins,
          relationships: result.relationships,
          rows: result.rows,
          truncated: result.truncated,
          charge: result.queryCharge,
          ms: Math.round(performance.now() - started),
        });
      } catch (err) {
        if (controller.signal.aborted) setState({ kind: 'cancelled' });
        else if (err instanceof AdtError && err.status === 401) {
          const message = 'Your sign-in has expired or was refused. Sign in again to run the query.';
          setState({ kind: 'error', code: err.code || 'Unauthorized', message });
          // Kept as the pending action: it runs again as soon as the user has signed in.
          useSession.getState().requireSignIn(environmentId, message, () => void run(query));
        } else if (err instanceof AdtError && err.status === 403) {
          setState({ kind: 'error', code: err.code || 'Forbidden', message: `${err.message} ${explainForbidden(err.method, err.url)}` });
        } else if (err instanceof AdtError) setState({ kind: 'error', code: err.code, message: err.message });
        else setState({ kind: 'error', code: 'Error', message: err instanceof Error ? err.message : String(err) });
      } finally {
        if (abort.current === controller) abort.current = null;
      }
    },
    [client, merge, mode, environmentId],
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
            ? `${state.twins} twins, ${state.relationships} relationships${state.rows.length ? `, ${state.rows.length} rows` : ''} in ${state.ms} ms · charge ${state.charge.toFixed(1)}${state.truncated ? ` · cut at ${DEFAULT_NODE_BUDGET} twins` : ''}`
            : null}
          {state.kind === 'cancelled' ? 'Cancelled.' : null}
        </span>
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
      {state.kind === 'done' && state.rows.length > 0 ? (
        <pre className="query-rows" data-testid="query-rows">
          {JSON.stringify(state.rows.slice(0, 200), null, 2)}
        </pre>
      ) : null}
    </div>
  );
}
