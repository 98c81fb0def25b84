/**
 * ELK in a Web Worker, so that laying out hundreds of models never blocks the page. The worker script is ELK's own
 * (elkjs/lib/elk-worker.min.js), emitted by Vite as a same-origin asset: the Content Security Policy's
 * worker-src 'self' allows it. Only the lazily loaded model graph imports this module.
 * https://github.com/kieler/elkjs#web-worker
 */
import ELK, { type ElkNode } from 'elkjs/lib/elk-api';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';

let elk: InstanceType<typeof ELK> | null = null;

function instance(): InstanceType<typeof ELK> {
  elk ??= new ELK({ workerFactory: () => new Worker(workerUrl, { name: 'elk-layout' }) });
  return elk;
}

/** Lays out `graph` in the worker. Results of calls superseded by a later one are still delivered; callers compare. */
export function runElk(graph: ElkNode): Promise<ElkNode> {
  return instance().layout(graph);
}
