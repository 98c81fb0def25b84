import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app/App';
import { loadConfig } from './config/runtime-config';
import { ErrorBoundary } from './components/ErrorBoundary';
import './app/styles.css';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

async function start() {
  const config = await loadConfig();
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  createRoot(container).render(
    <StrictMode>
      <ErrorBoundary region="Twinscope">
        <QueryClientProvider client={queryClient}>
          <App config={config} />
        </QueryClientProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}

void start();
