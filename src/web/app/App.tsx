import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { AppConfig, EnvironmentConfig } from '../config/runtime-config';
import { ConnectionBar, type SignInState } from '../features/connection/ConnectionBar';
import { QueryPanel } from '../features/query/QueryPanel';
import { GraphPanel } from '../features/graph/GraphPanel';
import { ModelsPanel } from '../features/models/ModelsPanel';
import { InspectorPanel } from '../features/inspector/InspectorPanel';
import { TwinsPanel } from '../features/twins/TwinsPanel';
import { RequestLogPanel } from '../features/request-log/RequestLogPanel';
import { AutoSendStatus } from '../features/telemetry/AutoSendStatus';
import { PanelFrame } from '../components/PanelFrame';
import { StatusBar } from '../components/StatusBar';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Tabs } from '../components/Tabs';
import { usePreferences, systemTheme } from '../stores/preferences';
import { mergeEnvironments, useConnectionStore } from '../stores/connection';
import { useSession } from '../stores/session';
import { useUi } from '../stores/ui';
import { useGraphStore } from '../stores/graph';
import { createClientFor } from '../api/client';
import type { AuthSession } from './auth-session';
import type { AdtClient } from '../adt-client';
import { pickAccount } from './auth-session';
import { parseDeepLink, type DeepLink } from './deep-link';
import { useGraphView } from '../stores/graph-view';
import { normaliseStyle, parseDataStyle } from '../features/graph/data-style';

// The bottom tabs other than the request log load on first use, keeping the first screen's JavaScript small.
const EventsPanel = lazy(() => import('../features/events/EventsPanel').then((m) => ({ default: m.EventsPanel })));
const RoutesPanel = lazy(() => import('../features/routes/RoutesPanel').then((m) => ({ default: m.RoutesPanel })));
const TelemetryPanel = lazy(() => import('../features/telemetry/TelemetryPanel').then((m) => ({ default: m.TelemetryPanel })));
const ImportExportPanel = lazy(() => import('../features/import-export/ImportExportPanel').then((m) => ({ default: m.ImportExportPanel })));

// Keeps the live event stream open from the start, not only once the Events tab has been opened, so the graph can
// flash changed twins and collect events; loaded after the first screen.
const LiveEventStream = lazy(() =>
  import('../features/events/EventsPanel').then((m) => ({
    default: function LiveEventStreamHost({ environment, client }: { environment: EnvironmentConfig | undefined; client: AdtClient | null }) {
      m.useLiveEventStream(environment, client);
      return null;
    },
  })),
);

const BOTTOM_TABS = [
  { id: 'log', label: 'Request log' },
  { id: 'events', label: 'Events' },
  { id: 'routes', label: 'Event routes' },
  { id: 'telemetry', label: 'Telemetry' },
  { id: 'import-export', label: 'Import / export' },
] as const;
type BottomTab = (typeof BOTTOM_TABS)[number]['id'];
const LEFT_TABS = [
  { id: 'models', label: 'Models' },
  { id: 'twins', label: 'Twins' },
] as const;

function useAppliedTheme() {
  const chosen = usePreferences((s) => s.theme);
  const setTheme = usePreferences((s) => s.setTheme);
  const theme = chosen ?? systemTheme(typeof window.matchMedia === 'function' ? (q) => window.matchMedia(q) : undefined);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return [theme, setTheme] as const;
}

/**
 * Applies `?env=&query=` to the stores before the first render, so that the first requests already go to the linked
 * environment (rendering with the previous one first would send, then abort, requests to the wrong instance).
 * A deep link applies to the page load that carried it, not to later navigation inside the app.
 */
export function applyDeepLink(search: string, presets: readonly EnvironmentConfig[]): DeepLink {
  const store = useConnectionStore.getState();
  const link = parseDeepLink(search, mergeEnvironments(presets, store.custom));
  if (link.addEnvironment) store.saveEnvironment(link.addEnvironment);
  if (link.environmentId) store.select(link.environmentId);
  if (link.view) {
    // A linked style replaces the environment's saved one: the link shows what its author saw.
    if (link.view.style !== undefined) useGraphView.getState().setStyle(useConnectionStore.getState().environmentId, normaliseStyle(parseDataStyle(link.view.style)));
    useGraphView.getState().setPending(link.view);
  }
  return link;
}

export function App({ config, auth, link = {} }: { config: AppConfig; auth: AuthSession; link?: DeepLink }) {
  const [theme, setTheme] = useAppliedTheme();
  const environmentId = useConnectionStore((s) => s.environmentId);
  const custom = useConnectionStore((s) => s.custom);
  const recent = useConnectionStore((s) => s.recent);
  const environments = useMemo(() => mergeEnvironments(config.environments, custom), [config.environments, custom]);
  const environment = environments.find((e) => e.id === environmentId) ?? environments[0];
  const [bottomTab, setBottomTab] = useState<BottomTab>('log');
  const [leftTab, setLeftTab] = useState<'models' | 'twins'>('models');
  // "Show model" from anywhere (e.g. the inspector's model link) brings the models tab forward to answer it.
  const showModelRequest = useUi((s) => s.showModelRequest);
  useEffect(() => {
    if (showModelRequest) setLeftTab('models');
  }, [showModelRequest]);

  const accounts = useSession((s) => s.accounts);
  const accountFor = useSession((s) => s.accountFor);
  const pending = useSession((s) => s.pending);
  const [signInBusy, setSignInBusy] = useState(false);
  const [signInError, setSignInError] = useState<string | null>(null);
  const account = environment?.kind === 'adt' ? pickAccount(environment, accounts, accountFor) : undefined;

  const client = useMemo(() => {
    if (!environment) return null;
    const base = { environment, proxyUrl: config.proxyUrl, pageUrl: window.location.href };
    if (environment.kind === 'emulator') return createClientFor(base);
    // `account` is a dependency so that signing in or switching accounts gives a client with the new identity.
    const tokenProvider = account ? auth.tokenProviderFor(environment) : null;
    return tokenProvider ? createClientFor({ ...base, tokenProvider }) : null;
  }, [environment, config.proxyUrl, auth, account]);

  // Switching environments must not show one instance's twins under another's name.
  const clearGraph = useGraphStore((s) => s.clear);
  useEffect(() => {
    clearGraph();
  }, [environment?.id, clearGraph]);

  const onSignIn = useCallback(
    async (mode: 'popup' | 'redirect') => {
      if (!environment) return;
      setSignInBusy(true);
      setSignInError(null);
      try {
        await auth.signIn(environment, mode);
      } catch (err) {
        setSignInError(err instanceof Error ? err.message : String(err));
      } finally {
        setSignInBusy(false);
      }
    },
    [auth, environment],
  );

  const signIn: SignInState = {
    configured: auth.configured,
    account,
    accounts,
    pendingMessage: pending && pending.environmentId === environment?.id ? pending.message : null,
    busy: signInBusy,
    error: signInError,
  };

  return (
    <div className="app">
      <ConnectionBar
        environments={environments}
        selectedId={environment?.id ?? ''}
        recent={recent}
        customIds={new Set(custom.map((e) => e.id))}
        onSelect={useConnectionStore.getState().select}
        onSaveEnvironment={(env) => {
          useConnectionStore.getState().saveEnvironment(env);
          useConnectionStore.getState().select(env.id);
        }}
        onRemoveEnvironment={useConnectionStore.getState().removeEnvironment}
        theme={theme}
        onThemeChange={setTheme}
        signIn={signIn}
        onSignIn={(mode) => void onSignIn(mode)}
        onSignOut={(id) => void auth.signOut(id)}
        onUseAccount={(id) => environment && useSession.getState().useAccount(environment.id, id)}
      />
      <main className="workspace">
        <Group orientation="vertical" id="twinscope-outer">
          <Panel id="top" defaultSize="75" minSize="30">
            <Group orientation="horizontal" id="twinscope-columns">
              <Panel id="left" defaultSize="20" minSize="10" collapsible>
                <section className="panel" aria-label="Models and twins" data-region="models">
                  <Tabs items={LEFT_TABS} selected={leftTab} onSelect={setLeftTab} label="Left panel" panelId="left-tabpanel" />
                  <div role="tabpanel" id="left-tabpanel" aria-labelledby={`tab-${leftTab}`} className="panel__body">
                    <ErrorBoundary region={leftTab === 'models' ? 'Models' : 'Twins'}>
                      {leftTab === 'models' ? <ModelsPanel client={client} theme={theme} /> : <TwinsPanel client={client} />}
                    </ErrorBoundary>
                  </div>
                </section>
              </Panel>
              <Separator className="separator separator--vertical" aria-label="Resize left panel" />
              <Panel id="center" defaultSize="55" minSize="25">
                <div id="workspace-center" className="center-column" tabIndex={-1}>
                  <Group orientation="vertical" id="twinscope-center">
                    <Panel id="graph" defaultSize="65" minSize="20">
                      <PanelFrame id="graph" title="Graph">
                        <GraphPanel theme={theme} client={client} />
                      </PanelFrame>
                    </Panel>
                    <Separator className="separator separator--horizontal" aria-label="Resize query panel" />
                    <Panel id="query" defaultSize="35" minSize="15">
                      <PanelFrame id="query" title="Query">
                        <QueryPanel
                          key={environment?.id}
                          theme={theme}
                          client={client}
                          environmentId={environment?.id ?? ''}
                          initialQuery={link.query}
                          autoRun={link.query !== undefined}
                          unavailableReason={client ? null : environment?.kind === 'adt' ? `Sign in to query ${environment.label}.` : 'No environment.'}
                        />
                      </PanelFrame>
                    </Panel>
                  </Group>
                </div>
              </Panel>
              <Separator className="separator separator--vertical" aria-label="Resize inspector" />
              <Panel id="right" defaultSize="25" minSize="10" collapsible>
                <PanelFrame id="inspector" title="Inspector">
                  <InspectorPanel client={client} theme={theme} />
                </PanelFrame>
              </Panel>
            </Group>
          </Panel>
          <Separator className="separator separator--horizontal" aria-label="Resize bottom panel" />
          <Panel id="bottom" defaultSize="25" minSize="8" collapsible>
            <section className="panel" aria-label="Request log and events">
              <Tabs items={BOTTOM_TABS} selected={bottomTab} onSelect={setBottomTab} label="Bottom panel" panelId="bottom-tabpanel" />
              <div role="tabpanel" id="bottom-tabpanel" aria-labelledby={`tab-${bottomTab}`} className="panel__body">
                <ErrorBoundary region={BOTTOM_TABS.find((t) => t.id === bottomTab)?.label ?? 'Panel'}>
                  <Suspense fallback={<div className="editor-loading">Loading…</div>}>
                    {bottomTab === 'log' ? <RequestLogPanel /> : null}
                    {bottomTab === 'events' ? <EventsPanel environment={environment} client={client} /> : null}
                    {bottomTab === 'routes' ? <RoutesPanel client={client} {...(environment ? { environment } : {})} /> : null}
                    {bottomTab === 'telemetry' ? <TelemetryPanel client={client} /> : null}
                    {bottomTab === 'import-export' ? <ImportExportPanel client={client} {...(environment ? { environment } : {})} /> : null}
                  </Suspense>
                </ErrorBoundary>
              </div>
            </section>
          </Panel>
        </Group>
      </main>
      <Suspense fallback={null}>
        <LiveEventStream environment={environment} client={client} />
      </Suspense>
      <StatusBar environmentLabel={environment?.label ?? ''} activity={<AutoSendStatus compact />} />
    </div>
  );
}
