/**
 * The live event stream for the app's events panel, as Server-Sent Events (GET /_emulator/events), on a standard
 * ReadableStream so that any host can serve it: node:http pipes it, a Web Worker hands it to the page.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html
 *
 * Each LiveEvent is one SSE message: `event: cloudevent`, `id: <CloudEvent id>`, `data: <LiveEvent JSON>`.
 * Optional query parameters: `type` (event-type prefix, case-insensitive, so `type=microsoft.digitaltwins.twin`
 * selects twin events) and `endpoint` (only events routed to that live endpoint).
 */
import type { EventDispatcher, LiveEvent } from '../events';
import type { Answer } from './service';

export interface LiveStreamOptions {
  /** Comment line interval that keeps proxies and idle timeouts from closing the stream (default 15 s). */
  heartbeatMs?: number;
  /**
   * A client that stops reading would make the server buffer without bound; past this many queued bytes events
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

export function liveStreamResponse(
  url: URL,
  dispatcher: EventDispatcher,
  headers: Record<string, string>,
  signal?: AbortSignal,
  options: LiveStreamOptions = {},
): Answer {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const typePrefix = url.searchParams.get('type')?.toLowerCase() ?? '';
  const endpointName = url.searchParams.get('endpoint');
  const encoder = new TextEncoder();

  let cleanup = (): void => undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string): void => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      // The first bytes flush the headers, so the client's fetch/EventSource resolves before the first event.
      write(`retry: ${RETRY_MS}\n: connected\n\n`);
      const unsubscribe = dispatcher.subscribeLive((live) => {
        if (closed) return;
        if (typePrefix && !live.event.type.toLowerCase().startsWith(typePrefix)) return;
        if (endpointName !== null && live.endpointName !== endpointName) return;
        if ((controller.desiredSize ?? 0) <= 0) return;
        write(formatSseMessage(live));
      });
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
      // Node: the heartbeat alone must not keep the process alive.
      (heartbeat as { unref?: () => void }).unref?.();
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
      };
      signal?.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed or errored
        }
      }, { once: true });
    },
    cancel() {
      cleanup();
    },
  }, { highWaterMark: maxBufferedBytes, size: (chunk) => chunk.byteLength });

  return {
    status: 200,
    body,
    headers: {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      // Stops reverse proxies such as nginx from buffering the stream.
      'x-accel-buffering': 'no',
    },
  };
}
