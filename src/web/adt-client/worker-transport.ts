/**
 * A fetch that posts each request to a Web Worker hosting the emulator, and turns the worker's answer back into a
 * Response whose body streams (the live event stream stays open). The worker is started on the first request only,
 * so pages that never use it load neither it nor its WebAssembly.
 *
 * Protocol (structured-clone messages):
 *   page -> worker  { type: 'request', id, url, method, headers, body }   { type: 'cancel', id }   { type: 'reset', id }
 *   worker -> page  { type: 'head', id, status, headers }  { type: 'chunk', id, bytes }  { type: 'end', id }
 *                   { type: 'error', id, message }  { type: 'status', status }  { type: 'reset-done', id }
 */

/** What the worker says about its store. */
export type InBrowserStatus =
  | { state: 'starting' }
  | { state: 'ready'; persistence: 'opfs' | 'memory'; detail: string; seeded: boolean }
  /** Another tab holds the store; this one waits for it and says so. */
  | { state: 'busy'; detail: string }
  | { state: 'failed'; detail: string };

export interface WorkerTransport {
  fetch: typeof fetch;
  status(): InBrowserStatus;
  onStatus(listener: (status: InBrowserStatus) => void): () => void;
  /** Deletes the data in this browser and seeds the sample graph again. */
  reset(): Promise<void>;
  /** Whether the worker has been started. */
  started(): boolean;
}

type WorkerMessage =
  | { type: 'head'; id: number; status: number; headers: [string, string][] }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; message: string }
  | { type: 'status'; status: InBrowserStatus }
  | { type: 'reset-done'; id: number; error?: string };

interface Pending {
  resolve: (response: Response) => void;
  reject: (error: Error) => void;
  stream?: ReadableStreamDefaultController<Uint8Array>;
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function createWorkerTransport(spawn: () => Worker): WorkerTransport {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const resets = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let current: InBrowserStatus = { state: 'starting' };
  const listeners = new Set<(status: InBrowserStatus) => void>();

  function setStatus(status: InBrowserStatus): void {
    current = status;
    for (const l of listeners) l(status);
  }

  function ensure(): Worker {
    if (worker) return worker;
    const w = spawn();
    worker = w;
    w.onmessage = (e: MessageEvent<WorkerMessage>) => receive(e.data);
    w.onerror = (e) => {
      const message = `The in-browser emulator failed to start: ${e.message || 'unknown error'}`;
      setStatus({ state: 'failed', detail: message });
      for (const [id, p] of pending) {
        pending.delete(id);
        if (p.stream) p.stream.error(new Error(message));
        else p.reject(new TypeError(message));
      }
    };
    return w;
  }

  function receive(m: WorkerMessage): void {
    if (m.type === 'status') {
      setStatus(m.status);
      return;
    }
    if (m.type === 'reset-done') {
      const r = resets.get(m.id);
      resets.delete(m.id);
      if (m.error) r?.reject(new Error(m.error));
      else r?.resolve();
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'head') {
      const id = m.id;
      if (NULL_BODY.has(m.status)) {
        p.resolve(new Response(null, { status: m.status, headers: m.headers }));
        return;
      }
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => {
          p.stream = controller;
        },
        cancel: () => {
          pending.delete(id);
          worker?.postMessage({ type: 'cancel', id });
        },
      });
      p.resolve(new Response(body, { status: m.status, headers: m.headers }));
    } else if (m.type === 'chunk') {
      p.stream?.enqueue(m.bytes);
    } else if (m.type === 'end') {
      pending.delete(m.id);
      p.stream?.close();
    } else if (m.type === 'error') {
      pending.delete(m.id);
      if (p.stream) p.stream.error(new Error(m.message));
      else p.reject(new TypeError(m.message));
    }
  }

  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const signal = request.signal;
    if (signal.aborted) throw abortError(signal);
    const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
    const w = ensure();
    const id = nextId++;
    const headers: [string, string][] = [];
    request.headers.forEach((value, name) => headers.push([name, value]));
    return new Promise<Response>((resolve, reject) => {
      const entry: Pending = { resolve, reject };
      pending.set(id, entry);
      signal.addEventListener('abort', () => {
        if (!pending.has(id)) return;
        pending.delete(id);
        w.postMessage({ type: 'cancel', id });
        const error = abortError(signal);
        if (entry.stream) {
          try {
            entry.stream.error(error);
          } catch {
            // already closed
          }
        } else reject(error);
      }, { once: true });
      w.postMessage({ type: 'request', id, url: request.url, method: request.method, headers, body }, body ? [body] : []);
    });
  };

  return {
    fetch: fetchImpl,
    status: () => current,
    onStatus: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset: () => {
      const w = ensure();
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        resets.set(id, { resolve, reject });
        w.postMessage({ type: 'reset', id });
      });
    },
    started: () => worker !== null,
  };
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');
}
