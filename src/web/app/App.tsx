import { useEffect, useMemo, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { AppConfig } from '../config/runtime-config';
import { ConnectionBar } from '../features/connection/ConnectionBar';
import { QueryPanel } from '../features/query/QueryPanel';
import { GraphPanel } from '../features/graph/GraphPanel';
import { ModelsPanel } from '../features/models/ModelsPanel';
import { InspectorPanel } from '../features/inspector/InspectorPanel';
import { RequestLogPanel } from '../features/request-log/RequestLogPanel';
import { EventsPanel } from '../features/events/EventsPanel';
import { RoutesPanel } from '../features/routes/RoutesPanel';
import { TelemetryPanel } from '../features/telemetry/TelemetryPanel';
import { ImportExportPanel } from '../features/import-export/ImportExportPanel';
import { PanelFrame } from '../components/PanelFrame';
import { StatusBar } from '../components/StatusBar';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { usePreferences, systemTheme } from '../stores/preferences';
import { useConnectionStore } from '../stores/connection';
import { createClientFor } from '../api/client';

const BOTTOM_TABS = [
  { id: 'log', label: 'Request log' },
  { id: 'events', label: 'Events' },
  { id: 'routes', label: 'Event routes' },
  { id: 'telemetry', label: 'Telemetry' },
  { id: 'import-export', label: 'Import / export' },
] as const;
type BottomTab = (typeof BOTTOM_TABS)[number]['id'];

function useAppliedTheme() {
  const chosen = usePreferences((s) => s.theme);
  const setTheme = usePreferences((s) => s.setTheme);
  const theme = chosen ?? systemTheme(typeof window.matchMedia === 'function' ? (q) => window.matchMedia(q) : undefined);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return [theme, setTheme] as const;
}

export function App({ config }: { config: AppConfig }) {
  const [theme, setTheme] = useAppliedTheme();
  const environmentId = useConnectionStore((s) => s.environmentId);
  const selectEnvironment = useConnectionStore((s) => s.select);
  const environment = config.environments.find((e) => e.id === environmentId) ?? config.environments[0];
  const [bottomTab, setBottomTab] = useState<BottomTab>('log');
  // Real ADT instances need a signed-in account; until one is chosen only the emulator gets a client.
  const client = useMemo(
    () => (environment && environment.kind === 'emulator' ? createClientFor({ environment, proxyUrl: config.proxyUrl, pageUrl: window.location.href }) : null),
    [environment, config.proxyUrl],
  );

  return (
    <div className="app">
      <ConnectionBar
        environments={config.environments}
        selectedId={environment?.id ?? ''}
        onSelect={selectEnvironment}
        theme={theme}
        onThemeChange={setTheme}
      />
      <main className="workspace">
        <Group orientation="vertical" id="twinscope-outer">
          <Panel id="top" defaultSize="75" minSize="30">
            <Group orientation="horizontal" id="twinscope-columns">
              <Panel id="left" defaultSize="20" minSize="10" collapsible>
                <PanelFrame id="models" title="Models and twins">
                  <ModelsPanel />
                </PanelFrame>
              </Panel>
              <Separator className="separator separator--vertical" aria-label="Resize left panel" />
              <Panel id="center" defaultSize="55" minSize="25">
                <div id="workspace-center" className="center-column" tabIndex={-1}>
                  <Group orientation="vertical" id="twinscope-center">
                    <Panel id="graph" defaultSize="65" minSize="20">
                      <PanelFrame id="graph" title="Graph">
                        <GraphPanel theme={theme} />
                      </PanelFrame>
                    </Panel>
                    <Separator className="separator separator--horizontal" aria-label="Resize query panel" />
                    <Panel id="query" defaultSize="35" minSize="15">
                      <PanelFrame id="query" title="Query">
                        <QueryPanel theme={theme} client={client} />
                      </PanelFrame>
                    </Panel>
                  </Group>
                </div>
              </Panel>
              <Separator className="separator separator--vertical" aria-label="Resize inspector" />
              <Panel id="right" defaultSize="25" minSize="10" collapsible>
                <PanelFrame id="inspector" title="Inspector">
                  <InspectorPanel />
                </PanelFrame>
              </Panel>
            </Group>
          </Panel>
          <Separator className="separator separator--horizontal" aria-label="Resize bottom panel" />
          <Panel id="bottom" defaultSize="25" minSize="8" collapsible>
            <section className="panel" aria-label="Request log and events">
              <div role="tablist" className="tabs" aria-label="Bottom panel">
                {BOTTOM_TABS.map((t) => (
                  <button
                    key={t.id}
                    type="button"
                    role="tab"
                    id={`tab-${t.id}`}
                    aria-controls="bottom-tabpanel"
                    aria-selected={bottomTab === t.id}
                    onClick={() => setBottomTab(t.id)}
                  >
                    {t.label}
                  </button>
                ))}
              </div>
              <div role="tabpanel" id="bottom-tabpanel" aria-labelledby={`tab-${bottomTab}`} className="panel__body">
                <ErrorBoundary region={BOTTOM_TABS.find((t) => t.id === bottomTab)?.label ?? 'Panel'}>
                  {bottomTab === 'log' ? <RequestLogPanel /> : null}
                  {bottomTab === 'events' ? <EventsPanel environment={environment} /> : null}
                  {bottomTab === 'routes' ? <RoutesPanel client={client} /> : null}
                  {bottomTab === 'telemetry' ? <TelemetryPanel client={client} /> : null}
                  {bottomTab === 'import-export' ? <ImportExportPanel client={client} /> : null}
                </ErrorBoundary>
              </div>
            </section>
          </Panel>
        </Group>
      </main>
      <StatusBar environmentLabel={environment?.label ?? ''} />
    </div>
  );
}
