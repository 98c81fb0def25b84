/**
 * Route matching and delivery. Portable (no node:http/fs): the only I/O is the injected `fetch`.
 *
 * - `live` endpoints fan out synchronously to in-process listeners (the SSE stream of the app's events panel).
 * - `webhook` endpoints get CloudEvents over HTTP in structured mode, one FIFO queue per endpoint so events arrive in
 *   publish order, at least once: an attempt that fails (network error, timeout, 408, 429, 5xx, ...) is retried with
 *   exponential back-off up to `maxAttempts`. Like Event Grid, 400, 403 and 413 are treated as permanent and not
 *   retried, since resending the same body cannot succeed.
 */
import type { CloudEvent, EventRoute } from '../../shared/adt';
import type { ParseRouteFilterResult } from '../../shared/events';
import { evaluateRouteFilter, parseRouteFilter } from '../../shared/events';

export type EndpointConfig = { name: string; kind: 'webhook'; url: string } | { name: string; kind: 'live' };

export interface LiveEvent { event: CloudEvent; routeId: string; endpointName: string }

export interface EventDispatcher {
  endpoints(): EndpointConfig[];
  hasEndpoint(name: string): boolean;
  /** Never throws, never blocks the request: matches routes and queues delivery. */
  publish(event: CloudEvent): void;
  subscribeLive(listener: (e: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

/** What createEventDispatcher returns: the contract plus hooks for tests and diagnostics. */
export interface WebhookEventDispatcher extends EventDispatcher {
  /** Resolves once every webhook queue is empty and no delivery is in flight. */
  whenIdle(): Promise<void>;
  /** Webhook events queued or in flight. */
  pendingDeliveries(): number;
}

export interface EventDispatcherOptions {
  endpoints: EndpointConfig[];
  listRoutes: () => EventRoute[];
  fetch?: typeof fetch;
  /** Attempts per event, the first included (default 5). */
  maxAttempts?: number;
  /** Delay before the first retry; doubles each time (default 1000 ms). */
  baseDelayMs?: number;
  /** Cap on a single back-off delay, also on an honoured Retry-After (default 60 s). */
  maxDelayMs?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  /** Per-endpoint queue bound; the oldest event is dropped (and reported) beyond it (default 10,000). */
  maxQueueLength?: number;
  /** How long close() waits for in-flight attempts before aborting them (default 2 s). */
  closeTimeoutMs?: number;
  /**
   * Called when an event is not delivered: given up after retries or a permanent status (WebhookDeliveryError),
   * dropped by a full queue, or a live listener threw. `endpoint` is '' when routes could not be listed.
   */
  onDeliveryError?: (err: unknown, endpoint: string) => void;
}

export class WebhookDeliveryError extends Error {
  constructor(
    message: string,
    readonly endpoint: string,
    readonly eventId: string,
    readonly attempts: number,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WebhookDeliveryError';
  }
}

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

const NON_RETRYABLE_STATUS = new Set([400, 403, 413]);
const MAX_CACHED_FILTERS = 256;

interface QueuedDelivery { eventId: string; body: string }

type Timer = ReturnType<typeof setTimeout>;

/** Keeps a pending timer from holding a Node process open; a no-op where timers are plain numbers. */
function unref(timer: Timer): void {
  (timer as { unref?: () => void }).unref?.();
}

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function validateEndpoints(endpoints: EndpointConfig[]): void {
  const seen = new Set<string>();
  for (const e of endpoints) {
    if (!e.name) throw new Error('Event endpoint without a name');
    if (seen.has(e.name)) throw new Error(`Duplicate event endpoint name '${e.name}'`);
    seen.add(e.name);
    if (e.kind === 'webhook') {
      let url: URL;
      try {
        url = new URL(e.url);
      } catch {
        throw new Error(`Event endpoint '${e.name}': invalid webhook URL '${e.url}'`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new Error(`Event endpoint '${e.name}': webhook URL must be http or https`);
      }
    }
  }
}

export function createEventDispatcher(o: EventDispatcherOptions): WebhookEventDispatcher {
  validateEndpoints(o.endpoints);
  const configs = o.endpoints.map((e) => ({ ...e }));
  const byName = new Map(configs.map((e) => [e.name, e]));
  const fetchImpl: typeof fetch = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const maxAttempts = Math.max(1, Math.floor(o.maxAttempts ?? 5));
  const baseDelayMs = Math.max(0, o.baseDelayMs ?? 1000);
  const maxDelayMs = Math.max(baseDelayMs, o.maxDelayMs ?? 60_000);
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxQueueLength = Math.max(1, o.maxQueueLength ?? 10_000);
  const closeTimeoutMs = o.closeTimeoutMs ?? 2_000;

  const report = (err: unknown, endpoint: string): void => {
    try {
      o.onDeliveryError?.(err, endpoint);
    } catch {
      // A faulty error hook must not turn into an exception in the caller's write path.
    }
  };

  const filterCache = new Map<string, ParseRouteFilterResult>();
  const parsedFilter = (text: string): ParseRouteFilterResult => {
    let parsed = filterCache.get(text);
    if (!parsed) {
      // Routes are few, but their filters can be edited endlessly; keep the cache bounded.
      if (filterCache.size >= MAX_CACHED_FILTERS) filterCache.clear();
      parsed = parseRouteFilter(text);
      filterCache.set(text, parsed);
    }
    return parsed;
  };

  const listeners = new Set<(e: LiveEvent) => void>();
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  class WebhookQueue {
    readonly items: QueuedDelivery[] = [];
    running: Promise<void> | null = null;
    private cancel: ((reason: Error) => void) | null = null;
    private sleeping: { timer: Timer; wake: () => void } | null = null;

    constructor(readonly endpoint: { name: string; url: string }) {}

    enqueue(item: QueuedDelivery): void {
      if (this.items.length >= maxQueueLength) {
        const dropped = this.items.shift();
        if (dropped) {
          report(new WebhookDeliveryError(`Queue for endpoint '${this.endpoint.name}' is full; dropped event ${dropped.eventId}`,
            this.endpoint.name, dropped.eventId, 0), this.endpoint.name);
        }
      }
      this.items.push(item);
      if (!this.running) {
        this.running = this.drain().finally(() => {
          this.running = null;
          notifyIfIdle();
        });
      }
    }

    /** Cut a back-off short (on close) so the drain loop can exit. */
    wake(): void {
      if (this.sleeping) {
        clearTimeout(this.sleeping.timer);
        this.sleeping.wake();
        this.sleeping = null;
      }
    }

    abort(): void {
      this.cancel?.(new Error('Event dispatcher closed'));
    }

    private async drain(): Promise<void> {
      let item: QueuedDelivery | undefined;
      while (!closed && (item = this.items.shift())) await this.deliver(item);
    }

    private sleep(ms: number): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          this.sleeping = null;
          resolve();
        }, ms);
        unref(timer);
        this.sleeping = { timer, wake: resolve };
      });
    }

    private async attempt(body: string): Promise<{ status?: number; retryAfterMs?: number; error?: unknown }> {
      const controller = new AbortController();
      let timer: Timer | undefined;
      // Racing against our own rejection makes the timeout and close() effective even with a fetch that ignores signals.
      const cancelled = new Promise<never>((_, reject) => {
        this.cancel = (reason) => {
          controller.abort(reason);
          reject(reason);
        };
        timer = setTimeout(() => this.cancel?.(new Error(`Timed out after ${timeoutMs} ms`)), timeoutMs);
        unref(timer);
      });
      try {
        const request = fetchImpl(this.endpoint.url, {
          method: 'POST',
          headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
          body,
          signal: controller.signal,
        });
        // If the cancellation wins the race, the request's own later rejection must not go unhandled.
        request.catch(() => undefined);
        const res = await Promise.race([request, cancelled]);
        // Release the connection; the receiver's body is of no use to us.
        await res.body?.cancel().catch(() => undefined);
        const retryAfterSeconds = Number(res.headers.get('retry-after') ?? '');
        return retryAfterSeconds > 0 ? { status: res.status, retryAfterMs: retryAfterSeconds * 1000 } : { status: res.status };
      } catch (error) {
        return { error };
      } finally {
        clearTimeout(timer);
        this.cancel = null;
      }
    }

    private async deliver(item: QueuedDelivery): Promise<void> {
      const name = this.endpoint.name;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const result = await this.attempt(item.body);
        if (result.status !== undefined && result.status >= 200 && result.status < 300) return;
        if (result.status !== undefined && NON_RETRYABLE_STATUS.has(result.status)) {
          report(new WebhookDeliveryError(`Endpoint '${name}' refused event ${item.eventId} with HTTP ${result.status}; not retried`,
            name, item.eventId, attempt, result.status), name);
          return;
        }
        if (closed) break;
        if (attempt < maxAttempts) {
          const backoff = baseDelayMs * 2 ** (attempt - 1);
          await this.sleep(Math.min(maxDelayMs, Math.max(backoff, result.retryAfterMs ?? 0)));
          if (closed) break;
        } else {
          const why = result.status !== undefined ? `HTTP ${result.status}` : describe(result.error);
          report(new WebhookDeliveryError(`Gave up delivering event ${item.eventId} to endpoint '${name}' after ${attempt} attempts (${why})`,
            name, item.eventId, attempt, result.status, { cause: result.error }), name);
        }
      }
    }
  }

  const queues = new Map<string, WebhookQueue>();
  for (const e of configs) if (e.kind === 'webhook') queues.set(e.name, new WebhookQueue(e));

  const pendingDeliveries = (): number => {
    let n = 0;
    for (const q of queues.values()) n += q.items.length + (q.running ? 1 : 0);
    return n;
  };

  function notifyIfIdle(): void {
    if (pendingDeliveries() > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  function deliverLive(live: LiveEvent): void {
    for (const listener of [...listeners]) {
      try {
        listener(live);
      } catch (err) {
        report(err, live.endpointName);
      }
    }
  }

  return {
    endpoints: () => configs.map((e) => ({ ...e })),
    hasEndpoint: (name) => byName.has(name),

    publish(event) {
      if (closed) return;
      let routes: EventRoute[];
      try {
        routes = o.listRoutes();
      } catch (err) {
        report(err, '');
        return;
      }
      let body: string | undefined;
      for (const route of routes) {
        try {
          const endpoint = byName.get(route.endpointName);
          if (!endpoint) continue;
          const parsed = parsedFilter(route.filter);
          // CORE validates filters on PUT; a bad one that slipped in routes nothing rather than everything.
          if (!parsed.ok || !evaluateRouteFilter(parsed.filter, event)) continue;
          if (endpoint.kind === 'live') {
            deliverLive({ event, routeId: route.id ?? '', endpointName: endpoint.name });
          } else {
            // Serialised once at publish time, so later mutation of the event object cannot change what is sent.
            body ??= JSON.stringify(event);
            queues.get(endpoint.name)?.enqueue({ eventId: event.id, body });
          }
        } catch (err) {
          report(err, route.endpointName);
        }
      }
    },

    subscribeLive(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    whenIdle() {
      if (pendingDeliveries() === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },

    pendingDeliveries,

    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      const running: Promise<void>[] = [];
      for (const q of queues.values()) {
        q.wake();
        if (q.running) running.push(q.running);
      }
      if (running.length > 0) {
        let timer: Timer | undefined;
        const grace = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, closeTimeoutMs);
          unref(timer);
        });
        await Promise.race([Promise.all(running), grace]);
        if (timer !== undefined) clearTimeout(timer);
        // Aborting settles each in-flight attempt at once, and the drain loops exit because `closed` is set.
        for (const q of queues.values()) q.abort();
        await Promise.all(running);
      }
      for (const q of queues.values()) q.items.length = 0;
      notifyIfIdle();
    },
  };
}
