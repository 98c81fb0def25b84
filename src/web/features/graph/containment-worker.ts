import type { ContainmentInput } from './containment-layout';
import { runLayoutWorker } from './layout-worker';

/** Runs the containment layout in a worker: positions, or null when the graph is no hierarchy. */
export function computeContainmentLayout(input: ContainmentInput, signal: AbortSignal): Promise<{ positions: Float32Array; coverage: number } | null> {
  return runLayoutWorker(
    () => new Worker(new URL('./containment-layout.worker.ts', import.meta.url), { type: 'module' }),
    input,
    [input.links.buffer, input.names.buffer],
    signal,
  );
}
