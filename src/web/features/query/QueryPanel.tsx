import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Theme } from '../../stores/preferences';
import type { AdtClient } from '../../adt-client';
import { AdtError } from '../../adt-client';
import type { Relationship } from '../../../shared/adt';
import { parseQuery } from '../../../shared/query';
import { ADT_QUERY_LANGUAGE_ID } from '../../editor/adt-query-language';
import { countTwinsOf, loadQuery, type ResumePoint } from '../../api/graph-loader';
import { loadQueryBaseline } from '../../api/graph-loader-baseline';
import { useGraphStore } from '../../stores/graph';
import type { MergeMode } from '../../stores/graph-model';
import { createMergeBuffer } from '../../stores/merge-buffer';
import { explainForbidden, signInAgainText, useSession } from '../../stores/session';
import { initialEditorText, startQueryFor, useQueryHistory } from '../../stores/query-history';
import { plural, useQueryResults } from '../../stores/query-results';
import { useModels } from '../../api/models';
import { drawInGraph, type DrawDelta } from '../../api/graph-data';
import { useQueryClient } from '@tanstack/react-query';
import { queryMarkers, setQueryModelIndex } from '../../editor/query-context';
import { QueryMenu } from './QueryMenu';
import './query.css';

// Monaco is split into its own chunk and only loaded when this panel mounts.
const MonacoEditor = lazy(() => import('../../editor/MonacoEditor'));

export { DEFAULT_START_QUERY as DEFAULT_QUERY } from '../../stores/query-history';
export const DEFAULT_NODE_BUDGET = 50_000;
/** Relationship rows kept for the results area when a query returns relationships without their twins. */
const MAX_RELATIONSHIP_ROWS = 1000;
const BASELINE_LOADER = typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('loader') === 'baseline';

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; twins: number; relationships: number }
  | { kind: 'done'; twins: number; relationships: number; rows: number; resume: ResumePoint | null; charge: number; ms: number; start: boolean }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'cancelled' };

export interface QueryPanelProps {
  theme: Theme;
  client: AdtClient | null;
  environmentId: string;
  /** On the emulator queries cost nothing, so the start query runs by itself; on ADT each query is billed. */
  environmentKind?: 'emulator' | 'adt' | undefined;
  initialQuery?: string | undefined;
  /** Run `initialQuery` as soon as a client is available (deep links). */
  autoRun?: boolean;
  unavailableReason?: string | null;
}

/** An empty result of a twin query in "replace" mode means the graph now holds nothing; other shapes leave it be. */
function asksForTwins(query: string): boolean {
  const { ast } = parseQuery(query);
  return ast.select.mode === 'all' && ast.from?.collection === 'DIGITALTWINS';
}

export function statusText(state: RunState, budget: number): string {
  switch (state.kind) {
    case 'running':
      return `Loading… ${plural(state.twins, 'twin')}, ${plural(state.relationships, 'relationship')}`;
    case 'done': {
      const parts: string[] = [];
      if (state.resume) parts.push(`cut at the budget of ${plural(budget, 'twin')}`);
      if (state.twins || state.relationships || !state.rows) parts.push(`${plural(state.twins, 'twin')}, ${plural(state.relationships, 'relationship')}`);
      if (state.rows) parts.push(plural(state.rows, 'row'));
      // The counts come first: in a narrow bar the end of the status is what gets cut (its title keeps all of it).
      if (state.start) parts.push('start query');
      parts.push(`${state.ms} ms`, `charge ${state.charge.toFixed(1)}`);
      return parts.join(' · ');
    }
    case 'cancelled':
      return 'Cancelled.';
    default:
      return '';
  }
}

/** The query bar above the graph: Run, an editor that grows from one line, the run status and a menu. */
export function QueryPanel({ theme, client, environmentId, environmentKind, initialQuery, autoRun, unavailableReason }: QueryPanelProps) {
  const [text, setTextState] = useState(() => {
    const s = useQueryHistory.getState();
    return initialEditorText(initialQuery, s.drafts[environmentId], startQueryFor(s.startQueries, environmentId));
  });
  const setText = useCallback(
    (t: string) => {
      setTextState(t);
      useQueryHistory.getState().setDraft(environmentId, t);
    },
    [environmentId],
  );
  const [mode, setMode] = useState<MergeMode>('replace');
  const [budget, setBudget] = useState(DEFAULT_NODE_BUDGET);
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const queryClient = useQueryClient();
  const merge = useCallback((delta: DrawDelta, m: MergeMode) => drawInGraph(queryClient, client, delta, m), [queryClient, client]);
  const models = useModels(client);
  const modelIndex = models.data?.index;
  useEffect(() => setQueryModelIndex(modelIndex), [modelIndex]);
  const markers = useMemo(() => queryMarkers(text, modelIndex), [text, modelIndex]);

  const run = useCallback(
    async (query: string, resume?: ResumePoint, options: { start?: boolean } = {}) => {
      if (!client || !query.trim()) return;
      if (!resume && !options.start) useQueryHistory.getState().record(environmentId, query);
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      const started = performance.now();
      let twins = 0;
      let relationships = 0;
      setState({ kind: 'running', twins, relationships });
      if (BASELINE_LOADER) {
        // Benchmark baseline only: ADT Explorer's strategy, re-drawing after every page (see graph-loader-baseline).
        merge({}, 'replace');
        const result = await loadQueryBaseline(client, query, {
          signal: controller.signal,
          onPage: (page) => merge({ twins: page.twins, relationships: page.relationships }, 'overlay'),
        });
        setState({ kind: 'done', twins: result.twins, relationships: result.relationships, rows: 0, resume: null, charge: 0, ms: Math.round(performance.now() - started), start: false });
        return;
      }
      useGraphStore.getState().setLoading(true);
      const pages = createMergeBuffer(merge);
      const effectiveMode: MergeMode = resume ? 'overlay' : mode;
      // "Replace" waits for the first twins: a COUNT(), a projection or bare relationships leave the graph as it was.
      let replaced = effectiveMode !== 'replace';
      const relationshipRows: Relationship[] = [];
      try {
        const graph = useGraphStore.getState();
        const result = await loadQuery(client, query, {
          signal: controller.signal,
          budget,
          ...(resume ? { resume } : {}),
          ...(effectiveMode === 'overlay' ? { known: new Set(graph.model.twinIds) } : {}),
          onPage: (page) => {
            const replaceNow = !replaced && page.twins.length > 0;
            if (replaceNow) replaced = true;
            pages.add({ twins: page.twins, relationships: page.relationships }, replaceNow ? 'replace' : 'overlay');
            twins += page.twins.length;
            relationships += page.relationships.length;
            if (twins === 0 && relationshipRows.length < MAX_RELATIONSHIP_ROWS) relationshipRows.push(...page.relationships.slice(0, MAX_RELATIONSHIP_ROWS - relationshipRows.length));
            setState({ kind: 'running', twins, relationships });
          },
        });
        pages.flush();
        if (!replaced && result.twins === 0 && result.relationships === 0 && result.rows.length === 0 && asksForTwins(query)) merge({}, 'replace');
        if (result.resume && !resume) {
          const total = await countTwinsOf(client, query, controller.signal);
          if (total !== undefined) useGraphStore.getState().setTotalTwins(total);
        }
        const results = useQueryResults.getState();
        if (result.rows.length > 0) results.show(query, result.rows);
        else if (result.twins === 0 && relationshipRows.length > 0) results.show(query, relationshipRows, 'relationships');
        else if (!resume) results.clear();
        setState({
          kind: 'done',
          twins: result.twins,
          relationships: result.relationships,
          rows: result.rows.length,
          resume: result.resume,
          charge: result.queryCharge,
          ms: Math.round(performance.now() - started),
          start: options.start === true,
        });
      } catch (err) {
        // A run superseded by a newer one says nothing: the newer run owns the status (and the graph's loading flag).
        if (abort.current !== controller) return;
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
        // What arrived before a cancel or an error stays in the graph, as it did page by page. A superseded run (the
        // start query when the user runs another) must not clear the newer run's loading flag: the graph would then
        // sync and draw once per page instead of once at the end (10k twins: 11 s instead of 5 s).
        if (abort.current === controller) {
          pages.flush();
          useGraphStore.getState().setLoading(false);
          abort.current = null;
        }
      }
    },
    [client, merge, mode, environmentId, budget],
  );

  // First screen: a deep link's query runs; otherwise the emulator draws the environment's start query by itself.
  // A real instance runs nothing until asked, because every query there is billed.
  const autoRan = useRef(false);
  useEffect(() => {
    if (autoRan.current || !client) return;
    if (autoRun && initialQuery) {
      autoRan.current = true;
      void run(initialQuery);
    } else if (environmentKind === 'emulator' && !autoRun) {
      autoRan.current = true;
      void run(startQueryFor(useQueryHistory.getState().startQueries, environmentId), undefined, { start: true });
    }
  }, [autoRun, client, initialQuery, run, environmentKind, environmentId]);

  const cancel = useCallback(() => abort.current?.abort(), []);
  const status = statusText(state, budget);

  return (
    <section className="query-bar" aria-labelledby="query-title" data-region="query">
      <h2 id="query-title" className="sr-only">
        Query
      </h2>
      <div className="query-bar__row" role="toolbar" aria-label="Query">
        <button type="button" className="primary" onClick={() => void run(text)} disabled={!client || state.kind === 'running'} title="Run (Ctrl+Enter)">
          Run
        </button>
        <button type="button" onClick={cancel} disabled={state.kind !== 'running'} title="Cancel (Esc)">
          Cancel
        </button>
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
              lines={{ min: 1, max: 6 }}
            />
          </Suspense>
        </div>
        <span className={`query-status${state.kind === 'done' && state.resume ? ' query-status--cut' : ''}`} data-testid="query-status" role="status" title={status}>
          {status}
        </span>
        {state.kind === 'done' && state.resume ? (
          <button type="button" onClick={() => void run(state.resume?.query ?? text, state.resume ?? undefined)}>
            Load more
          </button>
        ) : null}
        <QueryMenu
          environmentId={environmentId}
          text={text}
          onPick={setText}
          mode={mode}
          onModeChange={setMode}
          budget={budget}
          onBudgetChange={(b) => setBudget(Math.max(1, Math.floor(b)) || DEFAULT_NODE_BUDGET)}
        />
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
    </section>
  );
}
