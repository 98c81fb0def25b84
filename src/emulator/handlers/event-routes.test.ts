import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../shared/adt';
import { buildingTwin, seedTestGraph, startTestEmulator } from '../test-support';
import type { TestApi, TestEmulator } from '../test-support';

let t: TestEmulator;
let api: TestApi;

beforeAll(async () => {
  t = await startTestEmulator({ endpoints: [{ name: 'live', kind: 'live' }, { name: 'other', kind: 'live' }] });
  api = t.api;
  await seedTestGraph(api);
});
afterAll(async () => t.close());

/** Reads the live SSE stream and collects the CloudEvents it carries. */
async function openLiveStream(baseUrl: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/_emulator/events`, { signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: { event: CloudEvent; routeId: string; endpointName: string }[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)));
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    async waitFor(predicate: (e: CloudEvent) => boolean, timeoutMs = 10_000): Promise<CloudEvent> {
      const start = Date.now();
      for (;;) {
        const found = events.find((e) => predicate(e.event));
        if (found) return found.event;
        if (Date.now() - start > timeoutMs) throw new Error(`no matching event among ${events.map((e) => e.event.type).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

describe('event routes', () => {
  it('PUT creates (204, no body), GET returns it, list pages it, DELETE removes it', async () => {
    const put = await api.put('/eventroutes/route-a', { endpointName: 'live', filter: "type = 'Microsoft.DigitalTwins.Twin.Create'" });
    expect(put.status).toBe(204);
    expect(put.text).toBe('');
    const got = await api.get('/eventroutes/route-a');
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ id: 'route-a', endpointName: 'live', filter: "type = 'Microsoft.DigitalTwins.Twin.Create'" });
    const list = await api.get('/eventroutes');
    expect(list.body).toEqual({ value: [got.body], nextLink: null });
    expect((await api.delete('/eventroutes/route-a')).status).toBe(204);
    expect((await api.get('/eventroutes/route-a')).status).toBe(404);
  });

  it('matches /eventRoutes case-insensitively (the docs spell it that way)', async () => {
    expect((await api.put('/eventRoutes/route-case', { endpointName: 'live', filter: 'true' })).status).toBe(204);
    expect((await api.get('/EVENTROUTES/route-case')).body.id).toBe('route-case');
    expect((await api.delete('/eventroutes/route-case')).status).toBe(204);
  });

  it('unknown route: 404 EventRouteNotFound with the observed text', async () => {
    const r = await api.get('/eventroutes/nope');
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({
      code: 'EventRouteNotFound',
      message: 'There is no route available that matches the provided input. Check for all valid event routes by calling EventRoute_List. See Swagger example (https://aka.ms/RouteSwSmpl).',
    });
    expect((await api.delete('/eventroutes/nope')).status).toBe(404);
  });

  it('an unknown endpoint is EventRouteEndpointInvalid (observed text); a bad filter EventRouteFilterInvalid', async () => {
    const endpoint = await api.put('/eventroutes/r', { endpointName: 'nowhere', filter: 'true' });
    expect(endpoint.status).toBe(400);
    expect(endpoint.body.error).toEqual({
      code: 'EventRouteEndpointInvalid',
      message: 'The endpoint provided does not exist or is not active. Check that your endpoint is provisioned correctly. See event route documentation (https://aka.ms/ADTv2Routes).',
    });
    for (const filter of ["type = 'x' AND", '', 42]) {
      const r = await api.put('/eventroutes/r', { endpointName: 'live', filter });
      expect(r.status, String(filter)).toBe(400);
      expect(r.body.error.code).toBe('EventRouteFilterInvalid');
    }
    expect((await api.get('/eventroutes/r')).status).toBe(404);
  });

  it('allows six routes; a seventh is LimitExceeded, replacing an existing one is fine', async () => {
    for (let i = 0; i < 6; i++) expect((await api.put(`/eventroutes/limit-${i}`, { endpointName: 'other', filter: 'false' })).status).toBe(204);
    const seventh = await api.put('/eventroutes/limit-6', { endpointName: 'other', filter: 'false' });
    expect(seventh.status).toBe(400);
    expect(seventh.body.error.code).toBe('LimitExceeded');
    expect((await api.put('/eventroutes/limit-0', { endpointName: 'other', filter: 'true' })).status).toBe(204);
    const page = await api.get('/eventroutes', { headers: { 'max-items-per-page': '4' } });
    expect(page.body.value).toHaveLength(4);
    const next = await api.get(page.body.nextLink);
    expect(next.body.value).toHaveLength(2);
    expect(next.body.nextLink).toBeNull();
    for (let i = 0; i < 6; i++) expect((await api.delete(`/eventroutes/limit-${i}`)).status).toBe(204);
  });
});

describe('events and telemetry through the live stream', () => {
  it('publishes twin, relationship and telemetry events after each committed write', async () => {
    expect((await api.put('/eventroutes/live-all', { endpointName: 'live', filter: 'true' })).status).toBe(204);
    const stream = await openLiveStream(api.baseUrl);
    try {
      await api.put('/digitaltwins/ev-1', buildingTwin());
      const created = await stream.waitFor((e) => e.type === 'Microsoft.DigitalTwins.Twin.Create' && e.subject === 'ev-1');
      expect((created.data as { $dtId: string }).$dtId).toBe('ev-1');

      await api.patch('/digitaltwins/ev-1', [{ op: 'replace', path: '/AverageTemperature', value: 1 }]);
      const updated = await stream.waitFor((e) => e.type === 'Microsoft.DigitalTwins.Twin.Update' && e.subject === 'ev-1');
      expect(updated.data).toMatchObject({ patch: [{ op: 'replace', path: '/AverageTemperature', value: 1 }] });

      // A failed write publishes nothing.
      await api.patch('/digitaltwins/ev-1', [{ op: 'replace', path: '/AverageTemperature', value: 'bad' }]);

      await api.put('/digitaltwins/ev-1/relationships/ev-rel', { $relationshipName: 'has', $targetId: 'floor-1' });
      await stream.waitFor((e) => e.type === 'Microsoft.DigitalTwins.Relationship.Create');
      await api.delete('/digitaltwins/ev-1/relationships/ev-rel');
      await stream.waitFor((e) => e.type === 'Microsoft.DigitalTwins.Relationship.Delete');

      const telemetry = await api.post('/digitaltwins/ev-1/telemetry', { temperature: 21.5 },
        { headers: { 'Message-Id': 'msg-1', 'Telemetry-Source-Time': '2024-01-01T00:00:00Z' } });
      expect(telemetry.status).toBe(204);
      const t1 = await stream.waitFor((e) => e.type === 'microsoft.iot.telemetry' && e.id === 'msg-1');
      expect(t1.data).toEqual({ temperature: 21.5 });

      const comp = await api.post('/digitaltwins/room-1/components/thermostat/telemetry', { temperature: 19 }, { headers: { 'Message-Id': 'msg-2' } });
      expect(comp.status).toBe(204);
      await stream.waitFor((e) => e.type === 'microsoft.iot.telemetry' && e.id === 'msg-2');

      // Message-Id de-duplicates per twin (and component): a repeat is accepted but not delivered; the same id on
      // another twin is a message of its own.
      const again = await api.post('/digitaltwins/ev-1/telemetry', { temperature: 99 }, { headers: { 'Message-Id': 'msg-1' } });
      expect(again.status).toBe(204);
      expect((await api.post('/digitaltwins/room-1/telemetry', { temperature: 5 }, { headers: { 'Message-Id': 'msg-1' } })).status).toBe(204);
      await stream.waitFor((e) => e.type === 'microsoft.iot.telemetry' && e.id === 'msg-1' && e.source.endsWith('/digitaltwins/room-1'));
      expect(stream.events.filter((e) => e.event.type === 'microsoft.iot.telemetry' && e.event.id === 'msg-1' && e.event.source.endsWith('/digitaltwins/ev-1'))).toHaveLength(1);

      await api.delete('/digitaltwins/ev-1');
      await stream.waitFor((e) => e.type === 'Microsoft.DigitalTwins.Twin.Delete' && e.subject === 'ev-1');
      const updates = stream.events.filter((e) => e.event.type === 'Microsoft.DigitalTwins.Twin.Update' && e.event.subject === 'ev-1');
      expect(updates).toHaveLength(1);
      expect(stream.events.every((e) => e.routeId === 'live-all' && e.endpointName === 'live')).toBe(true);
    } finally {
      await stream.close();
      await api.delete('/eventroutes/live-all');
    }
  });

  it('telemetry needs Message-Id, a valid source time, an existing twin and component', async () => {
    const noId = await api.post('/digitaltwins/room-1/telemetry', { a: 1 });
    expect(noId.status).toBe(400);
    expect(noId.body.error.code).toBe('InvalidArgument');
    const badTime = await api.post('/digitaltwins/room-1/telemetry', { a: 1 }, { headers: { 'Message-Id': 'm', 'Telemetry-Source-Time': 'now' } });
    expect(badTime.status).toBe(400);
    const noTwin = await api.post('/digitaltwins/nope/telemetry', { a: 1 }, { headers: { 'Message-Id': 'm' } });
    expect(noTwin.status).toBe(404);
    expect(noTwin.body.error.code).toBe('DigitalTwinNotFound');
    const noComp = await api.post('/digitaltwins/room-1/components/nope/telemetry', { a: 1 }, { headers: { 'Message-Id': 'm' } });
    expect(noComp.status).toBe(404);
    expect(noComp.body.error.code).toBe('ComponentNotFound');
  });
});
