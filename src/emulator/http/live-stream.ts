/**
 * The live event stream for the app's events panel, as Server-Sent Events (mounted by CORE at GET /_emulator/events).
 *
 * Each LiveEvent is one SSE message: `event: cloudevent`, `id: <CloudEvent id>`, `data: <LiveEvent JSON>`.
 * Optional query parameters: `type` (event-type prefix, case-insensitive, so `type=microsoft.digitaltwins.twin`
 * selects twin events) and `endpoint` (only events routed to that live endpoint).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventDispatcher, LiveEvent } from '../events';

export interface LiveStreamOptions {
  /** Comment line interval that keeps proxies and idle timeouts from closing the stream (default 15 s). */
  heartbeatMs?: number;
  /**
   * A client that stops reading would make the server buffer without bound; past this many buffered bytes events
   * for that client are skipped (the stream is a debugging view, not the at-least-once path). Default 1 MiB.
   */
  maxBufferedBytes?: number;
}

/** Browsers reconnect after this delay if the stream drops. */
const RETRY_MS = 2000;

export function formatSseMessage(live: LiveEvent): string {
  // JSON.stringify never emits raw line breaks, so the payload fits on one `data:` line.
  return `event: cloudevent\nid: ${live.event.id.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(live)}\n\n`;
}

export function serveLiveStream(
  req: IncomingMessage,
  res: ServerResponse,
  dispatcher: EventDispatcher,
  options: LiveStreamOptions = {},
): void {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const typePrefix = query.get('type')?.toLowerCase() ?? '';
  const endpointName = query.get('endpoint');

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    // Stops reverse proxies such as nginx from buffering the stream.
    'x-accel-buffering': 'no',
  });
  // The first bytes flush the headers, so the client's fetch/EventSource resolves before the first event.
  res.write(`retry: ${RETRY_MS}\n: connected\n\n`);

  let closed = false;
  const unsubscribe = dispatcher.subscribeLive((live) => {
    if (closed) return;
    if (typePrefix && !live.event.type.toLowerCase().startsWith(typePrefix)) return;
    if (endpointName !== null && live.endpointName !== endpointName) return;
    if (res.writableLength > maxBufferedBytes) return;
    res.write(formatSseMessage(live));
  });
  const heartbeat = setInterval(() => {
    if (!closed) res.write(': heartbeat\n\n');
  }, heartbeatMs);
  heartbeat.unref();

  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', cleanup);
  res.on('close', cleanup);
  res.on('error', cleanup);
}
