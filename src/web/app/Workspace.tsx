import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Group, Panel, Separator, useDefaultLayout, usePanelRef, type PanelImperativeHandle } from 'react-resizable-panels';
import type { EnvironmentConfig } from '../config/runtime-config';
import type { AdtClient } from '../adt-client';
import type { Theme } from '../stores/preferences';
import { QueryPanel } from '../features/query/QueryPanel';
import { ResultsPanel } from '../features/query/ResultsPanel';
import { GraphPanel } from '../features/graph/GraphPanel';
import { ModelsPanel } from '../features/models/ModelsPanel';
import { InspectorPanel } from '../features/inspector/InspectorPanel';
import { TwinsPanel } from '../features/twins/TwinsPanel';
import { RequestLogPanel } from '../features/request-log/RequestLogPanel';
import { PanelFrame } from '../components/PanelFrame';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Tabs } from '../components/Tabs';
import { useGraphStore } from '../stores/graph';
import { useUi } from '../stores/ui';
import { resultsWidth, useQueryResults } from '../stores/query-results';
import type { DeepLink } from './deep-link';
import './workspace.css';

// The bottom tabs other than the request log load on first use, keeping the first screen's JavaScript small.
const EventsPanel = lazy(() => import('../features/events/EventsPanel').then((m) => ({ default: m.EventsPanel })));
const RoutesPanel = lazy(() => import('../features/routes/RoutesPanel').then((m) => ({ default: m.RoutesPanel })));
const TelemetryPanel = lazy(() => import('../features/telemetry/TelemetryPanel').then((m) => ({ default: m.TelemetryPanel })));
const ImportExportPanel = lazy(() => import('../features/import-export/ImportExportPanel').then((m) => ({ default: m.ImportExportPanel })));

export const BOTTOM_TABS = [
  { id: 'log', label: 'Request log' },
  { id: 'events', label: 'Events' },
  { id: 'routes', label: 'Event routes' },
  { id: 'telemetry', label: 'Telemetry' },
  { id: 'import-export', label: 'Import / export' },
] as const;
export type BottomTab = (typeof BOTTOM_TABS)[number]['id'];
const LEFT_TABS = [
  { id: 'models', label: 'Models' },
  { id: 'twins', label: 'Twins' },
] as const;
export type LeftTab = (typeof LEFT_TABS)[number]['id'];

/** Collapsed side panels keep a strip this wide (px) with the button that brings them back. */
const STRIP = 28;
/** A collapsed bottom panel keeps its tab row (px), so its tabs stay one click away. */
const BOTTOM_STRIP = 31;
const SIDE_MIN = 200;
const BOTTOM_MIN = 150;

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** Expands a collapsed panel; a panel that never had a size of its own opens at `fallback()` pixels. */
function expand(ref: RefObject<PanelImperativeHandle | null>, min: number, fallback: () => number) {
  const panel = ref.current;
  if (!panel || !panel.isCollapsed()) return;
  panel.expand();
  if (panel.getSize().inPixels < min) panel.resize(Math.round(fallback()));
}

/** Tracks whether a collapsible panel is collapsed, from the panel library's resize callback. */
function useCollapsed(ref: RefObject<PanelImperativeHandle | null>, initial: boolean) {
  const [collapsed, setCollapsed] = useState(initial);
  const onResize = useCallback(() => setCollapsed(ref.current?.isCollapsed() ?? false), [ref]);
  return [collapsed, onResize] as const;
}

function CollapsedStrip({ label, side, onExpand }: { label: string; side: 'left' | 'right'; onExpand: () => void }) {
  return (
    <div className={`collapsed-strip collapsed-strip--${side}`}>
      <button type="button" className="icon-button" aria-label={`Expand ${label.toLowerCase()}`} title={`Show ${label.toLowerCase()}`} aria-expanded={false} onClick={onExpand}>
        {side === 'left' ? '»' : '«'}
      </button>
      <button type="button" className="collapsed-strip__label" tabIndex={-1} aria-hidden="true" onClick={onExpand}>
        {label}
      </button>
    </div>
  );
}

export interface WorkspaceProps {
  theme: Theme;
  client: AdtClient | null;
  environment: EnvironmentConfig | undefined;
  link: DeepLink;
  /** Whether the link's query runs on arrival (not while the link's environment waits for the user's answer). */
  autoRun: boolean;
  leftTab: LeftTab;
  setLeftTab: (tab: LeftTab) => void;
  bottomTab: BottomTab;
  setBottomTab: (tab: BottomTab) => void;
}

/**
 * The workspace: the graph in the centre under a one-line query bar; models and twins on the left, the inspector on
 * the right and the tool tabs below, each collapsible and resizable, with sizes kept across reloads. On first use
 * the inspector and the bottom panel are collapsed (they open when asked for), so the graph gets most of the window.
 */
export function Workspace({ theme, client, environment, link, autoRun, leftTab, setLeftTab, bottomTab, setBottomTab }: WorkspaceProps) {
  const outer = useDefaultLayout({ id: 'twinscope-outer', storage: storage() });
  const columns = useDefaultLayout({ id: 'twinscope-columns', storage: storage() });
  const left = usePanelRef();
  const right = usePanelRef();
  const bottom = usePanelRef();
  const results = usePanelRef();
  const [leftCollapsed, onLeftResize] = useCollapsed(left, false);
  const [rightCollapsed, onRightResize] = useCollapsed(right, true);
  const [bottomCollapsed, onBottomResize] = useCollapsed(bottom, true);
  const [resultsCollapsed, onResultsResize] = useCollapsed(results, true);

  // The inspector's forms and tabs need about 340 px; wider windows give it a quarter.
  const expandLeft = useCallback(() => expand(left, SIDE_MIN, () => Math.max(240, window.innerWidth * 0.18)), [left]);
  const expandRight = useCallback(() => expand(right, SIDE_MIN, () => Math.max(340, window.innerWidth * 0.24)), [right]);
  const expandBottom = useCallback(() => expand(bottom, BOTTOM_MIN, () => Math.max(BOTTOM_MIN, window.innerHeight * 0.25)), [bottom]);

  // Selecting something, or asking to create a twin, brings the inspector out; showing a model, the models tab.
  const hasSelection = useGraphStore((s) => s.model.selection.size > 0);
  const createTwinRequest = useUi((s) => s.createTwinRequest);
  const showModelRequest = useUi((s) => s.showModelRequest);
  // Enter on the canvas asks again even when the selection has not changed (the user had collapsed the inspector).
  const inspectRequest = useUi((s) => s.inspectRequest);
  useEffect(() => {
    if (hasSelection || createTwinRequest) expandRight();
  }, [hasSelection, createTwinRequest, inspectRequest, expandRight]);
  useEffect(() => {
    if (showModelRequest) expandLeft();
  }, [showModelRequest, expandLeft]);

  // The results area opens beside the graph, as wide as what came back needs, and closes when there is nothing.
  const result = useQueryResults((s) => s.result);
  const center = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const panel = results.current;
    if (!panel) return;
    if (!result) {
      panel.collapse();
      return;
    }
    const available = center.current?.getBoundingClientRect().width ?? 800;
    panel.resize(resultsWidth(result.rows, available));
  }, [result, results]);
  // Rows of one environment do not stay on screen under another's name.
  useEffect(() => () => useQueryResults.getState().clear(), [environment?.id]);

  const bottomLabel = BOTTOM_TABS.find((t) => t.id === bottomTab)?.label ?? 'Panel';
  let bottomContent: ReactNode;
  if (bottomTab === 'log') bottomContent = <RequestLogPanel />;
  else if (bottomTab === 'events') bottomContent = <EventsPanel environment={environment} client={client} />;
  else if (bottomTab === 'routes') bottomContent = <RoutesPanel client={client} {...(environment ? { environment } : {})} />;
  else if (bottomTab === 'telemetry') bottomContent = <TelemetryPanel client={client} />;
  else bottomContent = <ImportExportPanel client={client} {...(environment ? { environment } : {})} />;

  return (
    <Group orientation="vertical" id="twinscope-outer" defaultLayout={outer.defaultLayout} onLayoutChanged={outer.onLayoutChanged}>
      <Panel id="top" minSize="30">
        <Group orientation="horizontal" id="twinscope-columns" defaultLayout={columns.defaultLayout} onLayoutChanged={columns.onLayoutChanged}>
          <Panel id="left" defaultSize="18" minSize={SIDE_MIN} collapsible collapsedSize={STRIP} groupResizeBehavior="preserve-pixel-size" panelRef={left} onResize={onLeftResize}>
            {leftCollapsed ? <CollapsedStrip label="Models and twins" side="left" onExpand={expandLeft} /> : null}
            <section className="panel" aria-label="Models and twins" data-region="models" hidden={leftCollapsed}>
              <div className="panel-tabs-row">
                <Tabs items={LEFT_TABS} selected={leftTab} onSelect={setLeftTab} label="Left panel" panelId="left-tabpanel" />
                <button type="button" className="icon-button" aria-label="Collapse models and twins" title="Hide models and twins" aria-expanded onClick={() => left.current?.collapse()}>
                  «
                </button>
              </div>
              <div role="tabpanel" id="left-tabpanel" aria-labelledby={`tab-${leftTab}`} className="panel__body">
                <ErrorBoundary region={leftTab === 'models' ? 'Models' : 'Twins'}>
                  {leftTab === 'models' ? <ModelsPanel client={client} theme={theme} /> : <TwinsPanel client={client} />}
                </ErrorBoundary>
              </div>
            </section>
          </Panel>
          <Separator className="separator separator--vertical" aria-label="Resize left panel" title="Drag to resize; double-click for the default size" />
          <Panel id="center" minSize="30">
            <div id="workspace-center" className="center-column" tabIndex={-1} ref={center}>
              <QueryPanel
                key={environment?.id}
                theme={theme}
                client={client}
                environmentId={environment?.id ?? ''}
                environmentKind={environment?.kind}
                initialQuery={link.query}
                autoRun={autoRun}
                unavailableReason={client ? null : environment?.kind === 'adt' ? `Sign in to query ${environment.label}.` : 'No environment.'}
              />
              <div className="center-main">
                <Group orientation="horizontal" id="twinscope-center">
                  {/* The graph keeps room for its one-row toolbar; results give way first. */}
                  <Panel id="graph" minSize={440}>
                    <PanelFrame id="graph" title="Graph" hiddenTitle>
                      <GraphPanel theme={theme} client={client} />
                    </PanelFrame>
                  </Panel>
                  <Separator
                    className={`separator separator--vertical${resultsCollapsed ? ' separator--idle' : ''}`}
                    aria-label="Resize results"
                    title="Drag to resize; double-click for the default size"
                    disabled={resultsCollapsed}
                  />
                  <Panel id="results" defaultSize={0} minSize={180} collapsible collapsedSize={0} groupResizeBehavior="preserve-pixel-size" panelRef={results} onResize={onResultsResize}>
                    {!resultsCollapsed ? <ResultsPanel onClose={() => useQueryResults.getState().clear()} /> : null}
                  </Panel>
                </Group>
              </div>
            </div>
          </Panel>
          <Separator className="separator separator--vertical" aria-label="Resize inspector" title="Drag to resize; double-click for the default size" />
          <Panel id="right" defaultSize={STRIP} minSize={SIDE_MIN} collapsible collapsedSize={STRIP} groupResizeBehavior="preserve-pixel-size" panelRef={right} onResize={onRightResize}>
            {rightCollapsed ? <CollapsedStrip label="Inspector" side="right" onExpand={expandRight} /> : null}
            <div className="panel-host" hidden={rightCollapsed}>
              <PanelFrame
                id="inspector"
                title="Inspector"
                actions={
                  <button type="button" className="icon-button" aria-label="Collapse inspector" title="Hide the inspector" aria-expanded onClick={() => right.current?.collapse()}>
                    »
                  </button>
                }
              >
                <InspectorPanel client={client} theme={theme} />
              </PanelFrame>
            </div>
          </Panel>
        </Group>
      </Panel>
      <Separator className="separator separator--horizontal" aria-label="Resize bottom panel" title="Drag to resize; double-click for the default size" />
      <Panel id="bottom" defaultSize={BOTTOM_STRIP} minSize={BOTTOM_MIN} collapsible collapsedSize={BOTTOM_STRIP} panelRef={bottom} onResize={onBottomResize}>
        <section className="panel" aria-label="Request log and events">
          <div className="panel-tabs-row">
            <Tabs
              items={BOTTOM_TABS}
              selected={bottomTab}
              onSelect={(t) => {
                setBottomTab(t);
                expandBottom();
              }}
              label="Bottom panel"
              panelId="bottom-tabpanel"
            />
            <button
              type="button"
              className="icon-button"
              aria-label={bottomCollapsed ? 'Expand bottom panel' : 'Collapse bottom panel'}
              title={bottomCollapsed ? 'Show the bottom panel' : 'Hide the bottom panel'}
              aria-expanded={!bottomCollapsed}
              onClick={() => (bottomCollapsed ? expandBottom() : bottom.current?.collapse())}
            >
              {bottomCollapsed ? '▴' : '▾'}
            </button>
          </div>
          <div role="tabpanel" id="bottom-tabpanel" aria-labelledby={`tab-${bottomTab}`} className="panel__body" hidden={bottomCollapsed}>
            <ErrorBoundary region={bottomLabel}>
              <Suspense fallback={<div className="editor-loading">Loading…</div>}>{bottomContent}</Suspense>
            </ErrorBoundary>
          </div>
        </section>
      </Panel>
    </Group>
  );
}
