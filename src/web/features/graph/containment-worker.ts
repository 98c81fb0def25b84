import type { ContainmentInput } from './containment-layout';

/** Runs the containment layout in a worker: positions, or null when the graph is no hierarchy. */
export function computeContainmentLayout(input: ContainmentInput, signal: AbortSignal): Promise<{ positions: Float32Array; coverage: number } | null> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const worker = new Worker(new URL('./containment-layout.worker.ts', import.meta.url), { type: 'module' });
    const stop = () => {
      worker.terminate();
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
    worker.onmessage = (e: MessageEvent<{ positions: Float32Array; coverage: number } | null>) => {
      signal.removeEventListener('abort', stop);
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      signal.removeEventListener('abort', stop);
      worker.terminate();
      reject(new Error(`The layout failed: ${e.message}`));
    };
    worker.postMessage(input, [input.links.buffer, input.names.buffer]);
  });
}
