/**
 * The emulator in a dedicated Web Worker, for the static site: the same fetch-style service as the Node server
 * (core/service.ts), on SQLite compiled to WebAssembly, persisted in the origin private file system.
 * The page reaches it through a fetch that posts messages (src/web/adt-client/worker-transport.ts).
 *
 * One tab owns the store: the worker takes a Web Lock (https://developer.mozilla.org/docs/Web/API/Web_Locks_API)
 * before opening it. A second tab's worker waits for that lock, says so, and opens the store once the first tab
 * closes, so two tabs never write over each other.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { assembleEmulator } from '../core/assemble';
import type { AssembledEmulator } from '../core/assemble';
import { openWasmStore } from '../storage/sqlite-wasm';
import type { OpenedWasmStore } from '../storage/sqlite-wasm';
import { IN_BROWSER_HOST, IN_BROWSER_LOCK } from './protocol';
import type { InBrowserStatus, PageMessage } from './protocol';

interface Scope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<PageMessage>) => void): void;
}
const scope = self as unknown as Scope;

let emulator: AssembledEmulator | null = null;
let opened: OpenedWasmStore | null = null;
let sqlite3: Awaited<ReturnType<typeof sqlite3InitModule>> | null = null;
let busyDetail: string | null = null;
const streams = new Map<number, ReadableStreamDefaultReader<Uint8Array>>();

function post(message: unknown, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function status(s: InBrowserStatus): void {
  post({ type: 'status', status: s });
}

const log = (message: string): void => console.info(`[in-browser emulator] ${message}`);

/** Opens the store and the emulator; seeds the sample graph on the very first visit only. */
async function open(forceSeed: boolean): Promise<boolean> {
  sqlite3 ??= await sqlite3InitModule();
  opened = await openWasmStore(sqlite3, {
    onModelsRejected: (ids) => log(`stored models no longer validate and are not indexed: ${ids.join(', ')}`),
  });
  const db = opened.binding;
  db.exec('CREATE TABLE IF NOT EXISTS browser_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const firstVisit = forceSeed || db.all("SELECT value FROM browser_state WHERE key = 'seeded'").length === 0;
  emulator = assembleEmulator({
    store: opened.store,
    log,
    seed: firstVisit ? 'sample' : 'none',
    seedHost: IN_BROWSER_HOST,
    scratchHosts: new Set([IN_BROWSER_HOST]),
    // Same-origin by construction: the page talks to the worker through messages, not the network.
    cors: false,
    endpoints: [{ name: 'live', kind: 'live' }],
  });
  if (firstVisit) db.exec(`INSERT OR REPLACE INTO browser_state (key, value) VALUES ('seeded', '${new Date().toISOString()}')`);
  const p = opened.persistence;
  status(p.kind === 'opfs'
    ? { state: 'ready', persistence: 'opfs', detail: p.detail, seeded: emulator.seeded !== null }
    : { state: 'ready', persistence: 'memory', detail: p.reason, seeded: emulator.seeded !== null });
  return true;
}

/** Takes the store's lock, waiting (and saying so) while another tab holds it. */
function acquire(): Promise<void> {
  const locks = (navigator as WorkerNavigator & { locks?: LockManager }).locks;
  if (!locks) return Promise.resolve();
  return new Promise<void>((granted) => {
    void locks.request(IN_BROWSER_LOCK, { ifAvailable: true }, (lock: Lock | null) => {
      if (lock) {
        granted();
        // Held for as long as this worker lives.
        return new Promise<void>(() => undefined);
      }
      busyDetail = 'The in-browser data is open in another tab of this site. Close that tab, and this one takes over.';
      status({ state: 'busy', detail: busyDetail });
      void locks.request(IN_BROWSER_LOCK, () => {
        busyDetail = null;
        granted();
        return new Promise<void>(() => undefined);
      });
      return undefined;
    });
  });
}

const ready: Promise<boolean> = (async () => {
  status({ state: 'starting' });
  await acquire();
  return open(false);
})().catch((err: unknown) => {
  status({ state: 'failed', detail: `The in-browser emulator could not start: ${err instanceof Error ? err.message : String(err)}` });
  return false;
});

function errorAnswer(id: number, status: number, code: string, message: string): void {
  const bytes = new TextEncoder().encode(JSON.stringify({ error: { code, message } }));
  post({ type: 'head', id, status, headers: [['content-type', 'application/json; charset=utf-8'], ['x-ms-error-code', code]] });
  post({ type: 'chunk', id, bytes }, [bytes.buffer]);
  post({ type: 'end', id });
}

async function serve(m: Extract<PageMessage, { type: 'request' }>): Promise<void> {
  if (busyDetail !== null && !emulator) {
    errorAnswer(m.id, 503, 'ServiceUnavailable', busyDetail);
    return;
  }
  const ok = await ready;
  if (!ok || !emulator) {
    errorAnswer(m.id, 503, 'ServiceUnavailable', 'The in-browser emulator did not start; see the banner for why.');
    return;
  }
  const init: RequestInit = { method: m.method, headers: m.headers };
  if (m.body !== null && m.method !== 'GET' && m.method !== 'HEAD') init.body = m.body;
  const response = await emulator.service.handle(new Request(m.url, init));
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  post({ type: 'head', id: m.id, status: response.status, headers });
  if (!response.body) {
    post({ type: 'end', id: m.id });
    return;
  }
  const reader = response.body.getReader();
  streams.set(m.id, reader);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const bytes = value.slice();
      post({ type: 'chunk', id: m.id, bytes }, [bytes.buffer]);
    }
    post({ type: 'end', id: m.id });
  } catch (err) {
    post({ type: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) });
  } finally {
    streams.delete(m.id);
  }
}

async function reset(id: number): Promise<void> {
  try {
    await ready;
    if (!emulator || !opened) throw new Error('The in-browser emulator is not running.');
    for (const reader of streams.values()) void reader.cancel().catch(() => undefined);
    await emulator.close();
    await opened.wipe();
    emulator = null;
    await open(true);
    post({ type: 'reset-done', id });
  } catch (err) {
    post({ type: 'reset-done', id, error: err instanceof Error ? err.message : String(err) });
  }
}

scope.addEventListener('message', (event) => {
  const m = event.data;
  if (m.type === 'request') {
    void serve(m).catch((err: unknown) => post({ type: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) }));
  } else if (m.type === 'cancel') {
    void streams.get(m.id)?.cancel().catch(() => undefined);
    streams.delete(m.id);
  } else if (m.type === 'reset') {
    void reset(m.id);
  }
});
