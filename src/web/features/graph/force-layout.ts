import type { ForceInput } from './force-simulate';

/** Runs the force layout in a worker; rejects when aborted (the worker is stopped) or when the worker fails. */
export function computeForceLayout(input: ForceInput, signal: AbortSignal): Promise<Float32Array> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const worker = new Worker(new URL('./force-layout.worker.ts', import.meta.url), { type: 'module' });
    const stop = () => {
      worker.terminate();
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
    worker.onmessage = (e: MessageEvent<Float32Array>) => {
      signal.removeEventListener('abort', stop);
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      signal.removeEventListener('abort', stop);
      worker.terminate();
      reject(new Error(`The layout failed: ${e.message}`));
    };
    worker.postMessage(input, [input.links.buffer]);
  });
}
