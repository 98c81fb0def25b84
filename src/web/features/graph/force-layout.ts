import type { ForceInput } from './force-simulate';
import { runLayoutWorker } from './layout-worker';

/** Runs the force layout in a worker; rejects when aborted (the worker is stopped) or when the worker fails. */
export function computeForceLayout(input: ForceInput, signal: AbortSignal): Promise<Float32Array> {
  return runLayoutWorker(() => new Worker(new URL('./force-layout.worker.ts', import.meta.url), { type: 'module' }), input, [input.links.buffer], signal);
}
