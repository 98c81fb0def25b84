/**
 * Wires the in-browser environment: its worker transport is registered for the virtual origin at start-up, but the
 * Web Worker (and with it SQLite's WebAssembly) starts only on the first request to that environment.
 */
import { useSyncExternalStore } from 'react';
import { createWorkerTransport, registerTransport } from '../adt-client';
import type { InBrowserStatus, WorkerTransport } from '../adt-client';
import { IN_BROWSER_ORIGIN } from '../config/runtime-config';

let transport: WorkerTransport | null = null;

export function inBrowserTransport(): WorkerTransport {
  if (!transport) {
    transport = createWorkerTransport(() =>
      new Worker(new URL('../../emulator/worker/emulator.worker.ts', import.meta.url), { type: 'module', name: 'twinscope-emulator' }));
    registerTransport(IN_BROWSER_ORIGIN, transport.fetch);
    // For the browser console (and the e2e tests): call the in-browser emulator as the app does, e.g.
    // await twinscopeInBrowser.fetch(`${twinscopeInBrowser.origin}/models?api-version=2023-10-31`)
    (globalThis as { twinscopeInBrowser?: unknown }).twinscopeInBrowser = { fetch: transport.fetch, origin: IN_BROWSER_ORIGIN };
  }
  return transport;
}

/** The worker's status for the banner (starting, ready with where the data lives, busy in another tab, failed). */
export function useInBrowserStatus(): InBrowserStatus {
  const t = inBrowserTransport();
  return useSyncExternalStore((onChange) => t.onStatus(onChange), () => t.status());
}
