/**
 * Runs one layout in a dedicated worker and stops the worker when it answers, fails or the signal aborts. The caller
 * creates the worker, because Vite bundles a worker only from a literal `new Worker(new URL(...), ...)` at its site:
 * https://vite.dev/guide/features.html#web-workers
 */
export function runLayoutWorker<T>(start: () => Worker, input: unknown, transfer: Transferable[], signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const worker = start();
    const stop = () => {
      worker.terminate();
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
    worker.onmessage = (e: MessageEvent<T>) => {
      signal.removeEventListener('abort', stop);
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      signal.removeEventListener('abort', stop);
      worker.terminate();
      reject(new Error(`The layout failed: ${e.message}`));
    };
    worker.postMessage(input, transfer);
  });
}
