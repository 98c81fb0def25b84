import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { App, applyDeepLink } from './app/App';
import { loadStartup, withInBrowserEnvironment } from './config/runtime-config';
import { inBrowserTransport } from './app/in-browser';
import { createAuthSession, type AuthSession } from './app/auth-session';
import { ErrorBoundary } from './components/ErrorBoundary';
import { queryClient } from './api/query-client';
import './app/styles.css';


async function start() {
  // With no server of ours behind the site (a storage account, any static host), the emulator runs in this browser.
  const { config: loaded, ownServer } = await loadStartup();
  const config = withInBrowserEnvironment(loaded, ownServer);
  if (!ownServer) inBrowserTransport();
  let auth: AuthSession;
  try {
    auth = await createAuthSession(config, window.location.href);
  } catch (err) {
    // A broken MSAL configuration must not take the emulator down with it.
    console.warn('Sign-in is unavailable:', err instanceof Error ? err.message : err);
    auth = await createAuthSession({ ...config, msal: { ...config.msal, clientId: '' } }, window.location.href);
  }
  const link = applyDeepLink(window.location.search, config.environments);
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  createRoot(container).render(
    <StrictMode>
      <ErrorBoundary region="Twinscope">
        <QueryClientProvider client={queryClient}>
          <App config={config} auth={auth} link={link} />
        </QueryClientProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}

void start();
