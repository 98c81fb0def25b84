import { describe, it, expect, afterEach } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventRoute } from '../../shared/adt';
import { EVENT_TYPES } from '../../shared/adt';
import { sampleEvents } from '../../shared/events';
import type { EventDispatcher, LiveEvent } from '../events';
import { createEventDispatcher } from '../events';
import type { LiveStreamOptions } from './live-stream';
import { serveLiveStream } from './live-stream';

const HOST = 'inst.api.wcus.digitaltwins.azure.net';

interface Harness { url: string; dispatcher: EventDispatcher; listenerCount: () => number; server: Server }
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real loopback server whose only route is the live stream; counts live subscriptions to observe unsubscribes. */
async function start(routes: EventRoute[], options?: LiveStreamOptions): Promise<Harness> {
  const inner = createEventDispatcher({
    endpoints: [{ name: 'live', kind: 'live' }, { name: 'other', kind: 'live' }],
    listRoutes: () => routes,
  });
  let subscribed = 0;
  const dispatcher: EventDispatcher = {
    ...inner,
    subscribeLive(listener) {
      subscribed++;
      const off = inner.subscribeLive(listener);
      return () => {
        subscribed--;
        off();
      };
    },
  };
  const server = createServer((req, res) => serveLiveStream(req, res, dispatcher, options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await inner.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/_emulator/events`, dispatcher, listenerCount: () => subscribed, server };
}

/** Reads SSE blocks (separated by a blank line) from a fetch response body. */
function sseReader(res: Response): { next(): Promise<string> } {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return block;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
  };
}

function parseMessage(block: string): { event?: string; id?: string; data?: LiveEvent } {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) fields[line.slice(0, i)] = line.slice(i + 2);
  }
  return { event: fields.event, id: fields.id, data: fields.data === undefined ? undefined : (JSON.parse(fields.data) as LiveEvent) };
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('serveLiveStream', () => {
  it('streams each routed event as an SSE message with the SSE headers', async () => {
    const h = await start([{ id: 'r1', endpointName: 'live', filter: 'true' }]);
    const controller = new AbortController();
    cleanups.push(async () => controller.abort());
    const res = await fetch(h.url, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const sse = sseReader(res);
    expect(await sse.next()).toMatch(/^retry: \d+\n: connected$/);
    await waitFor(() => h.listenerCount() === 1);

    const [first, second] = sampleEvents(HOST);
    h.dispatcher.publish(first!);
    h.dispatcher.publish(second!);
    const m1 = parseMessage(await sse.next());
    expect(m1).toEqual({ event: 'cloudevent', id: first!.id, data: { event: first, routeId: 'r1', endpointName: 'live' } });
    const m2 = parseMessage(await sse.next());
    expect(m2.id).toBe(second!.id);
    expect(m2.data?.event.type).toBe(EVENT_TYPES.twinUpdate);
  });

  it('unsubscribes when the client goes away', async () => {
    const h = await start([{ id: 'r1', endpointName: 'live', filter: 'true' }]);
    const controller = new AbortController();
    const res = await fetch(h.url, { signal: controller.signal });
    await sseReader(res).next();
    await waitFor(() => h.listenerCount() === 1);
    controller.abort();
    await waitFor(() => h.listenerCount() === 0);
    // Publishing after the disconnect must not write to (or throw on) the closed response.
    expect(() => h.dispatcher.publish(sampleEvents(HOST)[0]!)).not.toThrow();
  });

  it('sends comment heartbeats', async () => {
    const h = await start([], { heartbeatMs: 20 });
    const controller = new AbortController();
    cleanups.push(async () => controller.abort());
    const sse = sseReader(await fetch(h.url, { signal: controller.signal }));
    await sse.next();
    expect(await sse.next()).toBe(': heartbeat');
  });

  it('filters by ?type= prefix (case-insensitive) and ?endpoint=', async () => {
    const h = await start([
      { id: 'to-live', endpointName: 'live', filter: 'true' },
      { id: 'to-other', endpointName: 'other', filter: 'true' },
    ]);
    const controller = new AbortController();
    cleanups.push(async () => controller.abort());
    const sse = sseReader(await fetch(`${h.url}?type=microsoft.digitaltwins.relationship&endpoint=other`, { signal: controller.signal }));
    await sse.next();
    await waitFor(() => h.listenerCount() === 1);
    for (const e of sampleEvents(HOST)) h.dispatcher.publish(e);
    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = parseMessage(await sse.next());
      got.push(`${m.data?.routeId} ${m.data?.event.type}`);
    }
    expect(got).toEqual([
      `to-other ${EVENT_TYPES.relationshipCreate}`, `to-other ${EVENT_TYPES.relationshipUpdate}`, `to-other ${EVENT_TYPES.relationshipDelete}`,
    ]);
  });
});
