import { describe, it, expect, afterEach } from 'vitest';
import type { EventRoute } from '../../shared/adt';
import { EVENT_TYPES } from '../../shared/adt';
import { sampleEvents, telemetryEvent, twinCreateEvent } from '../../shared/events';
import type { EndpointConfig, LiveEvent, WebhookEventDispatcher } from './index';
import { CLOUDEVENTS_CONTENT_TYPE, WebhookDeliveryError, createEventDispatcher } from './index';

const HOST = 'inst.api.wcus.digitaltwins.azure.net';
const HOOK = 'http://127.0.0.1:9/hook';

interface Call { url: string; init: RequestInit; at: number }

/** A fetch double answering from a script of statuses (or thrown errors); it records every call. */
function scriptedFetch(script: (number | Error | 'hang')[], fallback: number | Error = 200): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {}, at: Date.now() });
    const step = script.length > 0 ? script.shift()! : fallback;
    if (step === 'hang') return new Promise<Response>(() => undefined);
    if (step instanceof Error) throw step;
    return new Response(null, { status: step });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const dispatchers: WebhookEventDispatcher[] = [];
function make(o: {
  endpoints?: EndpointConfig[]; routes?: EventRoute[]; fetch?: typeof fetch; maxAttempts?: number; timeoutMs?: number;
  errors?: { err: unknown; endpoint: string }[]; maxQueueLength?: number; closeTimeoutMs?: number;
}): WebhookEventDispatcher {
  const routes = o.routes ?? [];
  const d = createEventDispatcher({
    endpoints: o.endpoints ?? [{ name: 'live', kind: 'live' }, { name: 'hook', kind: 'webhook', url: HOOK }],
    listRoutes: () => routes,
    fetch: o.fetch ?? scriptedFetch([]).fetch,
    maxAttempts: o.maxAttempts ?? 4,
    baseDelayMs: 5,
    timeoutMs: o.timeoutMs ?? 1000,
    maxQueueLength: o.maxQueueLength,
    closeTimeoutMs: o.closeTimeoutMs,
    onDeliveryError: (err, endpoint) => o.errors?.push({ err, endpoint }),
  });
  dispatchers.push(d);
  return d;
}

afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.close()));
});

const created = (): ReturnType<typeof twinCreateEvent> =>
  twinCreateEvent({ source: HOST, twin: { $dtId: 'room1', $metadata: { $model: 'dtmi:x:Room;1' } } });

describe('createEventDispatcher: endpoints', () => {
  it('lists endpoints and answers hasEndpoint', () => {
    const d = make({});
    expect(d.endpoints().map((e) => e.name)).toEqual(['live', 'hook']);
    expect(d.hasEndpoint('hook')).toBe(true);
    expect(d.hasEndpoint('Hook')).toBe(false);
    d.endpoints()[0]!.name = 'changed';
    expect(d.hasEndpoint('live')).toBe(true);
    expect(d.endpoints()[0]!.name).toBe('live');
  });

  it('rejects a bad configuration at creation', () => {
    expect(() => createEventDispatcher({ endpoints: [{ name: 'a', kind: 'live' }, { name: 'a', kind: 'live' }], listRoutes: () => [] })).toThrow(/Duplicate/);
    expect(() => createEventDispatcher({ endpoints: [{ name: 'w', kind: 'webhook', url: 'not a url' }], listRoutes: () => [] })).toThrow(/invalid webhook URL/);
    expect(() => createEventDispatcher({ endpoints: [{ name: 'w', kind: 'webhook', url: 'ftp://x/y' }], listRoutes: () => [] })).toThrow(/http or https/);
  });
});

describe('createEventDispatcher: live routing', () => {
  it('delivers matching events synchronously to every live listener, with route and endpoint', () => {
    const d = make({ routes: [{ id: 'r-twins', endpointName: 'live', filter: `STARTS_WITH(type, 'Microsoft.DigitalTwins.Twin.')` }] });
    const a: LiveEvent[] = [];
    const b: LiveEvent[] = [];
    d.subscribeLive((e) => a.push(e));
    d.subscribeLive((e) => b.push(e));
    for (const e of sampleEvents(HOST)) d.publish(e);
    expect(a.map((e) => e.event.type)).toEqual([EVENT_TYPES.twinCreate, EVENT_TYPES.twinUpdate, EVENT_TYPES.twinDelete]);
    expect(a[0]).toMatchObject({ routeId: 'r-twins', endpointName: 'live' });
    expect(b).toEqual(a);
  });

  it('delivers once per matching route, and stops after unsubscribe', () => {
    const d = make({
      routes: [
        { id: 'r1', endpointName: 'live', filter: 'true' },
        { id: 'r2', endpointName: 'live', filter: `type = '${EVENT_TYPES.telemetry}'` },
        { id: 'r3', endpointName: 'live', filter: 'false' },
      ],
    });
    const got: LiveEvent[] = [];
    const off = d.subscribeLive((e) => got.push(e));
    d.publish(telemetryEvent({ source: HOST, twinId: 't', modelId: 'dtmi:a;1', messageId: 'm1', data: {} }));
    d.publish(created());
    expect(got.map((e) => `${e.routeId}:${e.event.type}`)).toEqual([
      `r1:${EVENT_TYPES.telemetry}`, `r2:${EVENT_TYPES.telemetry}`, `r1:${EVENT_TYPES.twinCreate}`,
    ]);
    off();
    d.publish(created());
    expect(got).toHaveLength(3);
  });

  it('skips routes whose endpoint is not configured or whose filter is invalid', () => {
    const d = make({
      routes: [
        { id: 'gone', endpointName: 'nowhere', filter: 'true' },
        { id: 'bad', endpointName: 'live', filter: 'type = ' },
      ],
    });
    const got: LiveEvent[] = [];
    d.subscribeLive((e) => got.push(e));
    d.publish(created());
    expect(got).toEqual([]);
  });

  it('re-reads the routes on each publish, so route changes apply at once', () => {
    const routes: EventRoute[] = [];
    const d = createEventDispatcher({ endpoints: [{ name: 'live', kind: 'live' }], listRoutes: () => routes });
    dispatchers.push(d);
    const got: LiveEvent[] = [];
    d.subscribeLive((e) => got.push(e));
    d.publish(created());
    routes.push({ id: 'r', endpointName: 'live', filter: 'true' });
    d.publish(created());
    routes[0]!.filter = 'false';
    d.publish(created());
    expect(got).toHaveLength(1);
  });

  it('a throwing listener neither breaks publish nor starves other listeners', () => {
    const errors: { err: unknown; endpoint: string }[] = [];
    const d = make({ routes: [{ id: 'r', endpointName: 'live', filter: 'true' }], errors });
    const got: LiveEvent[] = [];
    d.subscribeLive(() => {
      throw new Error('listener bug');
    });
    d.subscribeLive((e) => got.push(e));
    expect(() => d.publish(created())).not.toThrow();
    expect(got).toHaveLength(1);
    expect(errors).toMatchObject([{ endpoint: 'live', err: { message: 'listener bug' } }]);
  });

  it('publish never throws, even when listing routes fails', () => {
    const errors: { err: unknown; endpoint: string }[] = [];
    const d = createEventDispatcher({
      endpoints: [], listRoutes: () => { throw new Error('store closed'); }, onDeliveryError: (err, endpoint) => errors.push({ err, endpoint }),
    });
    dispatchers.push(d);
    expect(() => d.publish(created())).not.toThrow();
    expect(errors).toMatchObject([{ endpoint: '', err: { message: 'store closed' } }]);
  });
});

describe('createEventDispatcher: webhook delivery', () => {
  const allToHook: EventRoute[] = [{ id: 'r', endpointName: 'hook', filter: 'true' }];

  it('POSTs the CloudEvent in structured mode, without blocking publish', async () => {
    const { fetch, calls } = scriptedFetch([]);
    const d = make({ routes: allToHook, fetch });
    const event = created();
    d.publish(event);
    expect(d.pendingDeliveries()).toBe(1);
    await d.whenIdle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(HOOK);
    expect(calls[0]!.init.method).toBe('POST');
    expect(new Headers(calls[0]!.init.headers).get('content-type')).toBe(CLOUDEVENTS_CONTENT_TYPE);
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual(event);
    expect(d.pendingDeliveries()).toBe(0);
  });

  it('retries with exponential back-off: fails twice, then succeeds -> delivered once after 3 attempts', async () => {
    const errors: { err: unknown; endpoint: string }[] = [];
    const { fetch, calls } = scriptedFetch([500, new TypeError('fetch failed')]);
    const d = make({ routes: allToHook, fetch, errors });
    d.publish(created());
    await d.whenIdle();
    expect(calls).toHaveLength(3);
    const bodies = new Set(calls.map((c) => c.init.body));
    expect(bodies.size).toBe(1);
    // baseDelayMs 5: waits of >= 5 ms then >= 10 ms.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(4);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(9);
    expect(errors).toEqual([]);
  });

  it('gives up after maxAttempts and reports it', async () => {
    const errors: { err: unknown; endpoint: string }[] = [];
    const { fetch, calls } = scriptedFetch([], 503);
    const d = make({ routes: allToHook, fetch, errors, maxAttempts: 3 });
    const event = created();
    d.publish(event);
    await d.whenIdle();
    expect(calls).toHaveLength(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.endpoint).toBe('hook');
    const err = errors[0]!.err;
    expect(err).toBeInstanceOf(WebhookDeliveryError);
    expect(err).toMatchObject({ attempts: 3, status: 503, eventId: event.id, endpoint: 'hook' });
  });

  it('does not retry permanent refusals (400)', async () => {
    const errors: { err: unknown; endpoint: string }[] = [];
    const { fetch, calls } = scriptedFetch([400]);
    const d = make({ routes: allToHook, fetch, errors });
    d.publish(created());
    await d.whenIdle();
    expect(calls).toHaveLength(1);
    expect(errors[0]!.err).toMatchObject({ status: 400, attempts: 1 });
  });

  it('times out a hanging attempt and retries it', async () => {
    const { fetch, calls } = scriptedFetch(['hang']);
    const d = make({ routes: allToHook, fetch, timeoutMs: 30 });
    d.publish(created());
    await d.whenIdle();
    expect(calls).toHaveLength(2);
    expect((calls[0]!.init.signal as AbortSignal).aborted).toBe(true);
  });

  it('a false filter sends nothing', async () => {
    const { fetch, calls } = scriptedFetch([]);
    const d = make({ routes: [{ id: 'off', endpointName: 'hook', filter: 'false' }], fetch });
    for (const e of sampleEvents(HOST)) d.publish(e);
    expect(d.pendingDeliveries()).toBe(0);
    await d.whenIdle();
    expect(calls).toHaveLength(0);
  });

  it('publish never throws even if fetch throws synchronously; the attempt is retried', async () => {
    const errors: { err: unknown; endpoint: string }[] = [];
    let n = 0;
    const fetch = ((): Promise<Response> => {
      n++;
      throw new Error('sync boom');
    }) as unknown as typeof globalThis.fetch;
    const d = make({ routes: allToHook, fetch, errors, maxAttempts: 2 });
    expect(() => d.publish(created())).not.toThrow();
    await d.whenIdle();
    expect(n).toBe(2);
    expect(errors[0]!.err).toMatchObject({ message: expect.stringMatching(/sync boom/), attempts: 2 });
  });

  it('keeps publish order per endpoint, even across retries', async () => {
    const { fetch, calls } = scriptedFetch([500]);
    const d = make({ routes: allToHook, fetch });
    const events = sampleEvents(HOST);
    for (const e of events) d.publish(e);
    await d.whenIdle();
    const delivered = calls.map((c) => (JSON.parse(c.init.body as string) as { id: string }).id);
    expect(delivered).toEqual([events[0]!.id, ...events.map((e) => e.id)]);
  });

  it('routes by filter to several endpoints independently', async () => {
    const a = scriptedFetch([]);
    const d = make({
      endpoints: [
        { name: 'twins', kind: 'webhook', url: 'http://127.0.0.1:9/twins' },
        { name: 'telemetry', kind: 'webhook', url: 'http://127.0.0.1:9/telemetry' },
      ],
      routes: [
        { id: 'a', endpointName: 'twins', filter: `$eventType = 'DigitalTwinLifecycleNotification'` },
        { id: 'b', endpointName: 'telemetry', filter: `type = '${EVENT_TYPES.telemetry}' AND $body.temperature > 20` },
      ],
      fetch: a.fetch,
    });
    for (const e of sampleEvents(HOST)) d.publish(e);
    await d.whenIdle();
    const got = a.calls.map((c) => `${c.url} ${(JSON.parse(c.init.body as string) as { type: string }).type}`).sort();
    expect(got).toEqual([
      `http://127.0.0.1:9/telemetry ${EVENT_TYPES.telemetry}`,
      `http://127.0.0.1:9/twins ${EVENT_TYPES.twinCreate}`,
      `http://127.0.0.1:9/twins ${EVENT_TYPES.twinDelete}`,
    ]);
  });

  it('drops the oldest event when a queue is full, and says so', async () => {
    const errors: { err: unknown; endpoint: string }[] = [];
    const { fetch, calls } = scriptedFetch([]);
    const d = make({ routes: allToHook, fetch, errors, maxQueueLength: 2 });
    const events = sampleEvents(HOST).slice(0, 4);
    for (const e of events) d.publish(e);
    await d.whenIdle();
    // The first is in flight at once; of the three queued behind it, the oldest is dropped.
    expect(calls.map((c) => (JSON.parse(c.init.body as string) as { id: string }).id)).toEqual([events[0]!.id, events[2]!.id, events[3]!.id]);
    expect(errors).toMatchObject([{ endpoint: 'hook', err: { eventId: events[1]!.id } }]);
  });

  it('close() cuts back-off short, aborts a hanging attempt after the grace period, and publishes nothing more', async () => {
    const { fetch, calls } = scriptedFetch(['hang']);
    const d = make({ routes: allToHook, fetch, timeoutMs: 60_000, closeTimeoutMs: 20 });
    d.publish(created());
    d.publish(created());
    await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await d.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toHaveLength(1);
    expect(d.pendingDeliveries()).toBe(0);
    d.publish(created());
    await d.whenIdle();
    expect(calls).toHaveLength(1);
  });

  it('close() waits for an attempt that finishes within the grace period', async () => {
    let resolveFetch: (r: Response) => void = () => undefined;
    const calls: number[] = [];
    const fetch = (() => {
      calls.push(Date.now());
      return new Promise<Response>((r) => { resolveFetch = r; });
    }) as unknown as typeof globalThis.fetch;
    const errors: { err: unknown; endpoint: string }[] = [];
    const d = make({ routes: allToHook, fetch, errors, closeTimeoutMs: 5_000 });
    d.publish(created());
    await new Promise((r) => setTimeout(r, 5));
    setTimeout(() => resolveFetch(new Response(null, { status: 204 })), 20);
    await d.close();
    expect(calls).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
