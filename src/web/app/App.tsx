import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { AppConfig, EnvironmentConfig } from '../config/runtime-config';
import { ConnectionBar, type SignInState } from '../features/connection/ConnectionBar';
import { StatusBar } from '../components/StatusBar';
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
import { AutoSendStatus } from '../features/telemetry/AutoSendStatus';
import { Workspace, type BottomTab, type LeftTab } from './Workspace';
import { isInBrowser } from '../config/runtime-config';
import { InBrowserBanner } from './InBrowserBanner';
import { inBrowserTransport, useInBrowserStatus } from './in-browser';

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
  if (link.environmentId) store.select(link.environmentId);
  if (link.view) {
    // A linked style replaces the environment's saved one: the link shows what its author saw.
    if (link.view.style !== undefined) useGraphView.getState().setStyle(useConnectionStore.getState().environmentId, normaliseStyle(parseDataStyle(link.view.style)));
    useGraphView.getState().setPending(link.view);
  }
  return link;
}

/** What happened to a link's `env`: an unknown instance is offered, not added; anything else is named. */
function LinkNotice({ link, current, onOpen, onDismiss }: {
  link: DeepLink; current: string; onOpen: (env: EnvironmentConfig) => void; onDismiss: () => void;
}) {
  const proposed = link.proposeEnvironment;
  return (
    <div className="link-notice" role="alert">
      {proposed ? (
        <>
          <span>
            The link opens <strong>{proposed.endpoint}</strong>, which is not one of your environments. Add it? Signing in there sends your
            Azure token to that instance.
          </span>
          <button type="button" onClick={() => onOpen(proposed)}>Add and open</button>
          <button type="button" onClick={onDismiss}>Stay on {current}</button>
        </>
      ) : (
        <>
          <span>
            The link names the environment <strong>{link.unknownEnvironment}</strong>, which is neither one of your environments nor an Azure
            Digital Twins host name. Showing {current} instead{link.query !== undefined ? '; its query was not run' : ''}.
          </span>
          <button type="button" onClick={onDismiss}>Dismiss</button>
        </>
      )}
    </div>
  );
}

export function App({ config, auth, link = {} }: { config: AppConfig; auth: AuthSession; link?: DeepLink }) {
  const [theme, setTheme] = useAppliedTheme();
  const environmentId = useConnectionStore((s) => s.environmentId);
  const custom = useConnectionStore((s) => s.custom);
  const recent = useConnectionStore((s) => s.recent);
  const environments = useMemo(() => mergeEnvironments(config.environments, custom), [config.environments, custom]);
  const environment = environments.find((e) => e.id === environmentId) ?? environments[0];
  const [bottomTab, setBottomTab] = useState<BottomTab>('log');
  // A link to an environment that is not there says so; its query waits for the user's answer instead of running
  // against whatever environment happens to be open.
  const [linkNotice, setLinkNotice] = useState(!!(link.proposeEnvironment || link.unknownEnvironment));
  const [linkRuns, setLinkRuns] = useState(link.query !== undefined && !link.proposeEnvironment && !link.unknownEnvironment);
  const [leftTab, setLeftTab] = useState<LeftTab>('models');
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
      {linkNotice ? (
        <LinkNotice
          link={link}
          current={environment?.label ?? ''}
          onOpen={(env) => {
            useConnectionStore.getState().saveEnvironment(env);
            useConnectionStore.getState().select(env.id);
            setLinkNotice(false);
            setLinkRuns(link.query !== undefined);
          }}
          onDismiss={() => setLinkNotice(false)}
        />
      ) : null}
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
      {isInBrowser(environment) && <InBrowserStatusBanner />}
      <main className="workspace">
        <Workspace
          theme={theme}
          client={client}
          environment={environment}
          link={link}
          autoRun={linkRuns}
          leftTab={leftTab}
          setLeftTab={setLeftTab}
          bottomTab={bottomTab}
          setBottomTab={setBottomTab}
        />
      </main>
      <Suspense fallback={null}>
        <LiveEventStream environment={environment} client={client} />
      </Suspense>
      <StatusBar environmentLabel={environment?.label ?? ''} activity={<AutoSendStatus compact />} />
    </div>
  );
}

function InBrowserStatusBanner() {
  const status = useInBrowserStatus();
  return (
    <InBrowserBanner
      status={status}
      onReset={async () => {
        await inBrowserTransport().reset();
        // Every panel starts over from the restored sample, as on a first visit.
        window.location.reload();
      }}
    />
  );
}
