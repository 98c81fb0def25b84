import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent, DigitalTwin, Relationship } from '../../shared/adt';
import { EVENT_TYPES } from '../../shared/adt';
import { buildingTwin, roomTwin, startTestEmulator, TEST_IDS, testModels } from '../../emulator/test-support';
import type { TestEmulator } from '../../emulator/test-support';
import type { RequestLogEntry, TwinInput } from './client';
import { AdtClient } from './client';
import { AdtError } from './errors';
import { collect, failure } from './test-helpers';

/**
 * The client against a real emulator over HTTP: every operation, paging, aborts, conditional requests and the
 * mapping of ADT error bodies to AdtError. The unit tests (client.test.ts) pin the wire format with a fake fetch;
 * these show that the wire format is the one the server speaks.
 */



/** What a call rejects with (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  const marker = Symbol('resolved');
  const outcome = await p.then(() => marker, (e: unknown) => e);
  if (outcome === marker) throw new Error('expected a rejection');
  return outcome;
}

const twin = (model: string, extra: Record<string, unknown> = {}): TwinInput => ({ $metadata: { $model: model }, ...extra });

/**
 * Stands in for the outside world the emulator talks to: blob storage for import jobs (GET input, PUT output log)
 * and a webhook endpoint for routed events. `/hang` never answers until the emulator aborts it.
 */
class World {
  blobs = new Map<string, string>();
  events: CloudEvent[] = [];
  fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (url.host === 'hook.test') {
      this.events.push(JSON.parse(String(init?.body)) as CloudEvent);
      return new Response(null, { status: 200 });
    }
    if (url.host !== 'blobs.test') return new Response(null, { status: 404 });
    if (url.pathname === '/hang') {
      return new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        // Like fetch: a signal aborted before the call (a cancel that beat the job's start) rejects at once.
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if ((init?.method ?? 'GET') === 'PUT') {
      this.blobs.set(url.pathname, String(init?.body));
      return new Response(null, { status: 201 });
    }
    const blob = this.blobs.get(url.pathname);
    return new Response(blob ?? '', { status: blob === undefined ? 404 : 200 });
  };
}

const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n');

/** Polls until `done`; the deadline is generous because the test machine is shared. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('AdtClient against the emulator', () => {
  let t: TestEmulator;
  let client: AdtClient;
  const world = new World();
  const logs: RequestLogEntry[] = [];

  beforeAll(async () => {
    t = await startTestEmulator({ endpoints: [{ name: 'live', kind: 'live' }, { name: 'hook', kind: 'webhook', url: 'http://hook.test/events' }], fetch: world.fetch });
    client = new AdtClient({ baseUrl: t.emulator.httpUrl!, onRequestLog: (e) => logs.push(e), logBodies: () => true });
  });
  afterAll(async () => t.close());

  it('models: createModels, getModel (with definition), listModels (dependencies), decommissionModel, deleteModel', async () => {
    const created = await client.createModels(testModels);
    expect(created.map((m) => m.id).sort()).toEqual(testModels.map((m) => m['@id']).sort());
    expect(created.every((m) => m.decommissioned === false && typeof m.uploadTime === 'string')).toBe(true);

    const room = await client.getModel(TEST_IDS.room, { includeModelDefinition: true });
    expect(room.id).toBe(TEST_IDS.room);
    expect(room.model).toEqual(testModels.find((m) => m['@id'] === TEST_IDS.room));
    expect((await client.getModel(TEST_IDS.room)).model).toBeUndefined();

    const deps = await collect(client.listModels({ dependenciesFor: [TEST_IDS.room] }));
    expect(deps.map((m) => m.id).sort()).toEqual([TEST_IDS.room, TEST_IDS.thermostat].sort());

    const extra = 'dtmi:test:ClientExtra;1';
    await client.createModels([{ '@id': extra, '@type': 'Interface', '@context': 'dtmi:dtdl:context;2' }]);
    await client.decommissionModel(extra);
    expect((await client.getModel(extra)).decommissioned).toBe(true);
    await client.deleteModel(extra);
    const gone = await failure(client.getModel(extra));
    expect(gone).toMatchObject({ status: 404, code: 'ModelNotFound', method: 'GET' });
  });

  it('twins: upsertDigitalTwin, getDigitalTwin, updateDigitalTwin, deleteDigitalTwin with ETags', async () => {
    const created = await client.upsertDigitalTwin('c-building', twin(TEST_IDS.building, { AverageTemperature: 68 }));
    expect(created.body.$dtId).toBe('c-building');
    expect(created.etag).toMatch(/^W\/"/);
    expect(created.etag).toBe(created.body.$etag);

    const got = await client.getDigitalTwin('c-building');
    expect(got.body.AverageTemperature).toBe(68);
    expect(got.etag).toBe(created.etag);

    const updated = await client.updateDigitalTwin('c-building', [{ op: 'replace', path: '/AverageTemperature', value: 42 }], { ifMatch: got.etag });
    expect(updated.etag).toMatch(/^W\/"/);
    expect(updated.etag).not.toBe(got.etag);
    expect((await client.getDigitalTwin('c-building')).body.AverageTemperature).toBe(42);

    await client.deleteDigitalTwin('c-building', { ifMatch: updated.etag });
    expect(await failure(client.getDigitalTwin('c-building'))).toMatchObject({ status: 404, code: 'DigitalTwinNotFound' });
  });

  it('ids that need percent-encoding reach the server intact', async () => {
    const id = 'room 1/a?b#c%d';
    const created = await client.upsertDigitalTwin(id, twin(TEST_IDS.floor, { name: 'odd' }));
    expect(created.body.$dtId).toBe(id);
    expect((await client.getDigitalTwin(id)).body.name).toBe('odd');
    await client.deleteDigitalTwin(id);
  });

  it('components: getComponent, updateComponent (If-Match), publishComponentTelemetry', async () => {
    await client.upsertDigitalTwin('c-room', roomTwin() as TwinInput);
    const component = await client.getComponent('c-room', 'thermostat');
    expect(component.body.setpoint).toBe(20);
    expect(component.etag).toMatch(/^W\/"/);
    const twinEtag = (await client.getDigitalTwin('c-room')).etag;
    const updated = await client.updateComponent('c-room', 'thermostat', [{ op: 'replace', path: '/setpoint', value: 23 }], { ifMatch: twinEtag });
    expect(updated.etag).not.toBe(twinEtag);
    expect((await client.getComponent('c-room', 'thermostat')).body.setpoint).toBe(23);
    expect(await failure(client.getComponent('c-room', 'nope'))).toMatchObject({ status: 404, code: 'ComponentNotFound' });
  });

  it('telemetry: publishTelemetry and publishComponentTelemetry become routed events with their message ids', async () => {
    await client.upsertEventRoute('c-telemetry', 'hook', `type = '${EVENT_TYPES.telemetry}'`);
    try {
      const sent = await client.publishTelemetry('c-room', { occupancy: 3 }, 'c-msg-1', { sourceTime: new Date('2024-05-01T12:00:00Z') });
      expect(sent.messageId).toBe('c-msg-1');
      const generated = await client.publishComponentTelemetry('c-room', 'thermostat', { temperature: 21.5 });
      expect(generated.messageId).toMatch(/^[0-9a-f-]{36}$/);

      const events = await until(async () => world.events.filter((e) => e.type === EVENT_TYPES.telemetry), (e) => e.length >= 2, 'two telemetry events');
      const twinLevel = events.find((e) => e.id === 'c-msg-1');
      expect(twinLevel?.data).toEqual({ occupancy: 3 });
      expect(twinLevel?.time).toBe('2024-05-01T12:00:00.000Z');
      const componentLevel = events.find((e) => e.id === generated.messageId);
      expect(componentLevel?.data).toEqual({ temperature: 21.5 });
      expect(componentLevel?.subject).toBe('thermostat');
    } finally {
      await client.deleteEventRoute('c-telemetry');
    }
  });

  it('relationships: upsert, get, update, list, list incoming, delete', async () => {
    await client.upsertDigitalTwin('c-b', twin(TEST_IDS.building));
    await client.upsertDigitalTwin('c-f', twin(TEST_IDS.floor));
    const rel = await client.upsertRelationship('c-b', 'c-b-has-f', { $relationshipName: 'has', $targetId: 'c-f', isAccessRestricted: false });
    expect(rel.body).toMatchObject({ $relationshipId: 'c-b-has-f', $sourceId: 'c-b', $targetId: 'c-f', $relationshipName: 'has' });
    expect(rel.etag).toBe(rel.body.$etag);

    const got = await client.getRelationship('c-b', 'c-b-has-f');
    expect(got.body.isAccessRestricted).toBe(false);
    const updated = await client.updateRelationship('c-b', 'c-b-has-f', [{ op: 'replace', path: '/isAccessRestricted', value: true }], { ifMatch: got.etag });
    expect(updated.etag).not.toBe(got.etag);

    const out = await collect(client.listRelationships('c-b'));
    expect(out.map((r) => [r.$relationshipId, r.isAccessRestricted])).toEqual([['c-b-has-f', true]]);
    expect(await collect(client.listRelationships('c-b', { relationshipName: 'near' }))).toEqual([]);
    expect(await collect(client.listIncomingRelationships('c-f'))).toEqual([{
      $relationshipId: 'c-b-has-f', $sourceId: 'c-b', $relationshipName: 'has', $relationshipLink: '/digitaltwins/c-b/relationships/c-b-has-f',
    }]);

    const blocked = await failure(client.deleteDigitalTwin('c-b'));
    expect(blocked).toMatchObject({ status: 400, code: 'RelationshipsNotDeleted' });
    await client.deleteRelationship('c-b', 'c-b-has-f', { ifMatch: updated.etag });
    expect(await failure(client.getRelationship('c-b', 'c-b-has-f'))).toMatchObject({ status: 404, code: 'RelationshipNotFound' });
  });

  it('event routes: upsertEventRoute, getEventRoute, listEventRoutes, deleteEventRoute', async () => {
    await client.upsertEventRoute('c-route', 'live', "type = 'Microsoft.DigitalTwins.Twin.Create'");
    expect(await client.getEventRoute('c-route')).toMatchObject({ id: 'c-route', endpointName: 'live', filter: "type = 'Microsoft.DigitalTwins.Twin.Create'" });
    expect((await collect(client.listEventRoutes())).map((r) => r.id)).toContain('c-route');
    expect(await failure(client.upsertEventRoute('c-bad', 'nowhere', 'true'))).toMatchObject({ status: 400, code: 'EventRouteEndpointInvalid' });
    await client.deleteEventRoute('c-route');
    expect(await failure(client.getEventRoute('c-route'))).toMatchObject({ status: 404, code: 'EventRouteNotFound' });
  });

  it('queryTwins returns rows and the query charge', async () => {
    await client.upsertDigitalTwin('c-q', twin(TEST_IDS.floor, { name: 'queried' }));
    const pages = await collect(client.queryTwins<DigitalTwin>("SELECT * FROM digitaltwins WHERE name = 'queried'").byPage());
    expect(pages).toHaveLength(1);
    expect(pages[0]!.value.map((x) => x.$dtId)).toEqual(['c-q']);
    expect(pages[0]!.continuationToken).toBeNull();
    expect(pages[0]!.queryCharge).toBeGreaterThan(0);
    const counted = await collect(client.queryTwins<{ COUNT: number }>("SELECT COUNT() FROM digitaltwins WHERE name = 'queried'"));
    expect(counted).toEqual([{ COUNT: 1 }]);
  });

  it('logs each exchange with status and headers, redacting nothing the emulator did not send', async () => {
    logs.length = 0;
    await client.getDigitalTwin('c-q');
    expect(logs).toHaveLength(1);
    const entry = logs[0]!;
    expect(entry).toMatchObject({ method: 'GET', status: 200, attempt: 1 });
    expect(entry.url).toContain('/digitaltwins/c-q?api-version=');
    expect(entry.requestHeaders.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(entry.requestHeaders.authorization).toBeUndefined();
    expect(entry.responseHeaders.etag).toMatch(/^W\/"/);
    expect(JSON.parse(entry.responseBody!)).toMatchObject({ $dtId: 'c-q' });
  });
});

describe('paging over several pages', () => {
  let t: TestEmulator;
  let client: AdtClient;
  const requests: string[] = [];

  beforeAll(async () => {
    t = await startTestEmulator();
    client = new AdtClient({ baseUrl: t.emulator.httpUrl!, onRequestLog: (e) => requests.push(`${e.method} ${e.url}`) });
    await client.createModels(testModels);
    await client.upsertDigitalTwin('hub', twin(TEST_IDS.building));
    for (let i = 0; i < 5; i++) {
      await client.upsertDigitalTwin(`spoke-${i}`, twin(TEST_IDS.floor, { name: `spoke ${i}` }));
      await client.upsertRelationship('hub', `hub-has-${i}`, { $relationshipName: 'has', $targetId: `spoke-${i}` });
      await client.upsertDigitalTwin(`neighbour-${i}`, twin(TEST_IDS.building));
      await client.upsertRelationship(`neighbour-${i}`, `neighbour-${i}-near-hub`, { $relationshipName: 'near', $targetId: 'hub' });
      await client.upsertEventRoute(`route-${i}`, 'live', 'true');
    }
  });
  afterAll(async () => t.close());

  async function pageSizes<P extends { value: unknown[] }>(pages: AsyncIterable<P>): Promise<number[]> {
    const sizes: number[] = [];
    for await (const page of pages) sizes.push(page.value.length);
    return sizes;
  }

  it('listModels follows nextLink page by page, each page asked for with max-items-per-page', async () => {
    requests.length = 0;
    expect(await pageSizes(client.listModels({ maxItemsPerPage: 2 }).byPage())).toEqual([2, 2, 1]);
    expect(requests).toHaveLength(3);
    // Items across pages: all five, none twice.
    const ids = (await collect(client.listModels({ maxItemsPerPage: 2 }))).map((m) => m.id);
    expect(ids.sort()).toEqual(testModels.map((m) => m['@id']).sort());
    // byPage's own size wins over the options bag.
    expect(await pageSizes(client.listModels({ maxItemsPerPage: 2 }).byPage({ maxPageSize: 4 }))).toEqual([4, 1]);
  });

  it('listRelationships and listIncomingRelationships page through every item once', async () => {
    const out = await collect(client.listRelationships('hub', { maxItemsPerPage: 2 }));
    expect(out.map((r: Relationship) => r.$relationshipId).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `hub-has-${i}`));
    expect(await pageSizes(client.listRelationships('hub', { maxItemsPerPage: 2 }).byPage())).toEqual([2, 2, 1]);
    const incoming = await collect(client.listIncomingRelationships('hub', { maxItemsPerPage: 3 }));
    expect(incoming.map((r) => r.$sourceId).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `neighbour-${i}`));
    expect(await pageSizes(client.listIncomingRelationships('hub', { maxItemsPerPage: 3 }).byPage())).toEqual([3, 2]);
  });

  it('listEventRoutes pages', async () => {
    expect(await pageSizes(client.listEventRoutes({ maxItemsPerPage: 2 }).byPage())).toEqual([2, 2, 1]);
    expect((await collect(client.listEventRoutes({ maxItemsPerPage: 2 }))).map((r) => r.id).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `route-${i}`));
  });

  it('queryTwins pages through continuation tokens and resumes from one', async () => {
    const query = `SELECT * FROM digitaltwins WHERE IS_OF_MODEL('${TEST_IDS.floor}')`;
    const pages = await collect(client.queryTwins<DigitalTwin>(query, { maxItemsPerPage: 2 }).byPage());
    expect(pages.map((p) => p.value.length)).toEqual([2, 2, 1]);
    expect(pages.slice(0, 2).every((p) => typeof p.continuationToken === 'string' && p.continuationToken !== '')).toBe(true);
    expect(pages[2]!.continuationToken).toBeNull();
    const all = pages.flatMap((p) => p.value.map((x) => x.$dtId));
    expect(all.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `spoke-${i}`));

    // A token handed back later (e.g. "load more") resumes after the page it came with.
    const resumed = await collect(client.queryTwins<DigitalTwin>(query).byPage({ continuationToken: pages[0]!.continuationToken!, maxPageSize: 2 }));
    expect(resumed.flatMap((p) => p.value.map((x) => x.$dtId))).toEqual(pages.slice(1).flatMap((p) => p.value.map((x) => x.$dtId)));
  });

  it('a nextLink handed back resumes a list', async () => {
    const first = await client.listModels({ maxItemsPerPage: 2 }).byPage().next();
    if (first.done) throw new Error('no first page');
    expect(first.value.nextLink).toMatch(/continuationToken=/);
    const rest = await collect(client.listModels().byPage({ continuationToken: first.value.continuationToken! }));
    expect(rest.map((p) => p.value.length)).toEqual([2, 1]);
  });

  it('an abort between pages stops paging: the iterator rejects and no further request is sent', async () => {
    const controller = new AbortController();
    requests.length = 0;
    const seen: string[] = [];
    const error = await rejection((async () => {
      for await (const model of client.listModels({ maxItemsPerPage: 2, signal: controller.signal })) {
        seen.push(model.id);
        if (seen.length === 2) controller.abort();
      }
    })());
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(2);
    expect(requests).toHaveLength(1);
  });

  it('an abort while a page is in flight rejects with the signal reason', async () => {
    const controller = new AbortController();
    let sent = 0;
    const aborting = new AdtClient({
      baseUrl: t.emulator.httpUrl!,
      // The second request is aborted just as it leaves: a real fetch to a real server, cancelled mid-paging.
      fetch: (input, init) => {
        if (++sent === 2) controller.abort(new DOMException('user cancelled', 'AbortError'));
        return globalThis.fetch(input, init);
      },
    });
    const pages: number[] = [];
    const error = await rejection((async () => {
      for await (const page of aborting.queryTwins(`SELECT * FROM digitaltwins WHERE IS_OF_MODEL('${TEST_IDS.floor}')`, { maxItemsPerPage: 2, signal: controller.signal }).byPage()) {
        pages.push(page.value.length);
      }
    })());
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).message).toBe('user cancelled');
    expect(pages).toEqual([2]);
    expect(sent).toBe(2);
  });

  it('an already aborted signal sends nothing', async () => {
    requests.length = 0;
    const error = await rejection(client.getDigitalTwin('hub', { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(requests).toEqual([]);
  });
});

describe('conditional requests', () => {
  let t: TestEmulator;
  let client: AdtClient;

  beforeAll(async () => {
    t = await startTestEmulator();
    client = new AdtClient({ baseUrl: t.emulator.httpUrl!, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    await client.createModels(testModels);
  });
  afterAll(async () => t.close());

  it('If-None-Match: * creates once, then answers 412 PreconditionFailed and leaves the twin as it was', async () => {
    const created = await client.upsertDigitalTwin('cond-1', twin(TEST_IDS.building, { AverageTemperature: 1 }), { ifNoneMatch: '*' });
    expect(created.body.AverageTemperature).toBe(1);
    const error = await failure(client.upsertDigitalTwin('cond-1', twin(TEST_IDS.building, { AverageTemperature: 2 }), { ifNoneMatch: '*' }));
    expect(error).toMatchObject({ status: 412, code: 'PreconditionFailed', method: 'PUT' });
    expect(error.message).not.toBe('');
    expect((await client.getDigitalTwin('cond-1')).body.AverageTemperature).toBe(1);
  });

  it('a stale If-Match is refused with 412 on PATCH, PUT and DELETE of twins', async () => {
    const first = await client.getDigitalTwin('cond-1');
    const second = await client.updateDigitalTwin('cond-1', [{ op: 'replace', path: '/AverageTemperature', value: 5 }], { ifMatch: first.etag });
    const stale = first.etag!;
    expect(second.etag).not.toBe(stale);

    expect(await failure(client.updateDigitalTwin('cond-1', [{ op: 'replace', path: '/AverageTemperature', value: 9 }], { ifMatch: stale })))
      .toMatchObject({ status: 412, code: 'PreconditionFailed', method: 'PATCH' });
    expect(await failure(client.upsertDigitalTwin('cond-1', twin(TEST_IDS.building), { ifMatch: stale })))
      .toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect(await failure(client.deleteDigitalTwin('cond-1', { ifMatch: stale })))
      .toMatchObject({ status: 412, code: 'PreconditionFailed', method: 'DELETE' });
    expect((await client.getDigitalTwin('cond-1')).body.AverageTemperature).toBe(5);

    // The fresh ETag and `*` both hold.
    await client.updateDigitalTwin('cond-1', [{ op: 'replace', path: '/AverageTemperature', value: 6 }], { ifMatch: second.etag });
    await client.updateDigitalTwin('cond-1', [{ op: 'replace', path: '/AverageTemperature', value: 7 }], { ifMatch: '*' });
    expect((await client.getDigitalTwin('cond-1')).body.AverageTemperature).toBe(7);
  });

  it('relationships and components honour If-Match and If-None-Match too', async () => {
    await client.upsertDigitalTwin('cond-f', twin(TEST_IDS.floor));
    const rel = await client.upsertRelationship('cond-1', 'cond-r', { $relationshipName: 'has', $targetId: 'cond-f' }, { ifNoneMatch: '*' });
    expect(await failure(client.upsertRelationship('cond-1', 'cond-r', { $relationshipName: 'has', $targetId: 'cond-f' }, { ifNoneMatch: '*' })))
      .toMatchObject({ status: 412, code: 'PreconditionFailed' });
    const next = await client.updateRelationship('cond-1', 'cond-r', [{ op: 'add', path: '/isAccessRestricted', value: true }], { ifMatch: rel.etag });
    expect(await failure(client.updateRelationship('cond-1', 'cond-r', [{ op: 'replace', path: '/isAccessRestricted', value: false }], { ifMatch: rel.etag })))
      .toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect(await failure(client.deleteRelationship('cond-1', 'cond-r', { ifMatch: rel.etag }))).toMatchObject({ status: 412 });
    await client.deleteRelationship('cond-1', 'cond-r', { ifMatch: next.etag });

    await client.upsertDigitalTwin('cond-room', roomTwin() as TwinInput);
    const before = (await client.getDigitalTwin('cond-room')).etag;
    await client.updateComponent('cond-room', 'thermostat', [{ op: 'replace', path: '/setpoint', value: 18 }]);
    expect(await failure(client.updateComponent('cond-room', 'thermostat', [{ op: 'replace', path: '/setpoint', value: 30 }], { ifMatch: before })))
      .toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect((await client.getComponent('cond-room', 'thermostat')).body.setpoint).toBe(18);
  });

  it('a malformed If-Match is a 400, not a 412', async () => {
    const error = await failure(client.updateDigitalTwin('cond-1', [{ op: 'replace', path: '/AverageTemperature', value: 1 }], { ifMatch: 'not-an-etag' }));
    expect(error.status).toBe(400);
  });
});

describe('error mapping', () => {
  let t: TestEmulator;
  let client: AdtClient;

  beforeAll(async () => {
    t = await startTestEmulator();
    client = new AdtClient({ baseUrl: t.emulator.httpUrl!, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    await client.createModels(testModels);
    await client.upsertDigitalTwin('e-b', buildingTwin() as TwinInput);
  });
  afterAll(async () => t.close());

  it('404s carry ADT code, message, request id, method and URL', async () => {
    const error = await failure(client.getDigitalTwin('missing-twin'));
    expect(error).toBeInstanceOf(AdtError);
    expect(error.name).toBe('AdtError');
    expect(error.status).toBe(404);
    expect(error.code).toBe('DigitalTwinNotFound');
    expect(error.message).toMatch(/missing-twin/);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.method).toBe('GET');
    expect(error.url).toBe(`${t.emulator.httpUrl}/digitaltwins/missing-twin?api-version=${client.apiVersion}`);

    for (const [call, code] of [
      [client.getModel('dtmi:test:Missing;1'), 'ModelNotFound'],
      [client.getRelationship('e-b', 'nope'), 'RelationshipNotFound'],
      [client.getComponent('missing-twin', 'c'), 'DigitalTwinNotFound'],
      [client.getEventRoute('nope'), 'EventRouteNotFound'],
      [client.getImportJob('nope'), 'JobNotFound'],
      [client.deleteDigitalTwin('missing-twin'), 'DigitalTwinNotFound'],
      [collect(client.listRelationships('missing-twin')), 'DigitalTwinNotFound'],
    ] as const) {
      const e = await failure(call);
      expect([e.status, e.code]).toEqual([404, code]);
    }
  });

  it('400 and 409 bodies become AdtErrors with their codes', async () => {
    const conflict = await failure(client.createModels([testModels[0]!]));
    expect(conflict).toMatchObject({ status: 409, code: 'ModelIdAlreadyExists', method: 'POST' });

    const query = await failure(collect(client.queryTwins('SELEKT nonsense')));
    expect(query).toMatchObject({ status: 400, code: 'SqlQueryError', method: 'POST' });

    const invalid = await failure(client.upsertDigitalTwin('e-bad', twin(TEST_IDS.building, { AverageTemperature: 'warm' })));
    expect(invalid.status).toBe(400);
    expect(invalid.code).toBe('ValidationFailed');
    expect(invalid.message).toBe('Invalid twin specified');
    // The reason sits in the details, which the client keeps.
    expect(invalid.details).toEqual([{ code: 'ValidationFailed', message: expect.stringMatching(/'AverageTemperature' must be a double/) }]);

    const target = await failure(client.upsertRelationship('e-b', 'e-r', { $relationshipName: 'has', $targetId: 'nowhere' }));
    expect(target).toMatchObject({ status: 404, code: 'TargetDigitalTwinNotFound' });

    const patch = await failure(client.updateDigitalTwin('e-b', [{ op: 'replace', path: '/NoSuchProperty', value: 1 }]));
    expect(patch).toMatchObject({ status: 400, code: 'JsonPatchInvalid', method: 'PATCH' });
    expect(patch.message).toMatch(/NoSuchProperty does not exist/);

    const dtdl = await failure(client.createModels([{
      '@id': 'dtmi:test:Bad;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;2',
      contents: [{ '@type': 'Property', name: 'x', schema: 'nonsense' }],
    }]));
    expect(dtdl).toMatchObject({ status: 400, code: 'DTDLParserError' });
    expect(dtdl.message).toMatch(/dtmi:test:Bad;1/);
  });

  it('a server that is not there is a NetworkError after the retries a GET is allowed', async () => {
    const closed = new AdtClient({ baseUrl: 'http://127.0.0.1:9', retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
    const error = await failure(closed.getDigitalTwin('x'));
    expect(error).toMatchObject({ status: 0, code: 'NetworkError', method: 'GET' });
  });
});

describe('import and delete jobs', () => {
  let t: TestEmulator;
  let client: AdtClient;
  const world = new World();

  beforeAll(async () => {
    t = await startTestEmulator({ fetch: world.fetch });
    client = new AdtClient({ baseUrl: t.emulator.httpUrl!, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
  });
  afterAll(async () => t.close());

  it('createImportJob runs to success; getImportJob, listImportJobs and deleteImportJob', async () => {
    world.blobs.set('/in.ndjson', ndjson([
      { Section: 'Header' }, { fileVersion: '1.0.0', author: 'client', organization: 'twinscope' },
      { Section: 'Models' }, ...testModels,
      { Section: 'Twins' }, { $dtId: 'imp-b', ...buildingTwin() }, { $dtId: 'imp-f', $metadata: { $model: TEST_IDS.floor } },
      { Section: 'Relationships' }, { $dtId: 'imp-b', $relationshipId: 'imp-r', $targetId: 'imp-f', $relationshipName: 'has' },
    ]));
    const job = await client.createImportJob('imp-1', { inputBlobUri: 'http://blobs.test/in.ndjson', outputBlobUri: 'http://blobs.test/out.ndjson' });
    expect(job).toMatchObject({ id: 'imp-1', inputBlobUri: 'http://blobs.test/in.ndjson' });
    expect(['notstarted', 'running', 'succeeded']).toContain(job.status);

    const done = await until(() => client.getImportJob('imp-1'), (j) => j.status !== 'notstarted' && j.status !== 'running', 'the import job');
    expect(done.status).toBe('succeeded');
    expect((await client.getRelationship('imp-b', 'imp-r')).body.$targetId).toBe('imp-f');
    expect(world.blobs.get('/out.ndjson')).toMatch(/Succeeded/);

    expect((await collect(client.listImportJobs())).map((j) => j.id)).toContain('imp-1');
    expect(await failure(client.createImportJob('imp-1', { inputBlobUri: 'http://blobs.test/in.ndjson', outputBlobUri: 'http://blobs.test/o2' })))
      .toMatchObject({ status: 409, code: 'JobIdAlreadyExists' });
    await client.deleteImportJob('imp-1');
    expect(await failure(client.getImportJob('imp-1'))).toMatchObject({ status: 404, code: 'JobNotFound' });
  });

  it('cancelImportJob cancels a running job', async () => {
    await client.createImportJob('imp-hang', { inputBlobUri: 'http://blobs.test/hang', outputBlobUri: 'http://blobs.test/hang-out' });
    const cancelling = await client.cancelImportJob('imp-hang');
    expect(['cancelling', 'cancelled']).toContain(cancelling.status);
    const done = await until(() => client.getImportJob('imp-hang'), (j) => j.status === 'cancelled' || j.status === 'failed' || j.status === 'succeeded', 'the cancelled job');
    expect(done.status).toBe('cancelled');
  });

  it('createDeleteJob deletes everything; its Operation-Location is followed with getDeleteJob; listDeleteJobs', async () => {
    const started = await client.createDeleteJob({ operationId: 'del-1' });
    expect(started.body.id).toBe('del-1');
    expect(started.operationLocation).toBe(`${t.emulator.httpUrl}/jobs/deletions/del-1?api-version=${client.apiVersion}`);
    const done = await until(() => client.getDeleteJob('del-1'), (j) => j.status === 'succeeded' || j.status === 'failed', 'the delete job');
    expect(done.status).toBe('succeeded');
    expect(await collect(client.listModels())).toEqual([]);
    expect(await failure(client.getDigitalTwin('imp-b'))).toMatchObject({ status: 404 });
    expect((await collect(client.listDeleteJobs())).map((j) => j.id)).toEqual(['del-1']);
    expect(await failure(client.createDeleteJob({ operationId: 'del-1' }))).toMatchObject({ status: 400 });
  });
});

// ------------------------------------------------------------------------------------------------ retries

interface Scripted { status: number; headers?: Record<string, string>; body?: unknown }

/** A real HTTP server on loopback that answers from a script and records when each request arrived. */
async function scriptedServer(script: (req: IncomingMessage, index: number) => Scripted) {
  const arrivals: { at: number; method: string; url: string; traceparent: string | undefined }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const index = arrivals.length;
      arrivals.push({ at: performance.now(), method: req.method ?? '', url: req.url ?? '', traceparent: req.headers.traceparent as string | undefined });
      const answer = script(req, index);
      const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, arrivals, close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

const throttled = (retryAfter: string): Scripted => ({
  status: 429, headers: { 'retry-after': retryAfter }, body: { error: { code: 'TooManyRequests', message: 'Rate limit exceeded.' } },
});
const unavailable: Scripted = { status: 503, headers: { 'retry-after': '0' }, body: { error: { code: 'ServiceUnavailable', message: 'Try again.' } } };

describe('retries against a real HTTP server', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => { await Promise.all(servers.map((s) => s.close())); });

  it('waits out Retry-After (seconds) on each 429, then succeeds', async () => {
    const server = await scriptedServer((_req, i) => (i < 2 ? throttled('1') : { status: 200, body: { $dtId: 't1', $metadata: { $model: 'dtmi:x;1' } } }));
    servers.push(server);
    const logs: RequestLogEntry[] = [];
    const client = new AdtClient({ baseUrl: server.url, onRequestLog: (e) => logs.push(e) });

    const started = performance.now();
    const result = await client.getDigitalTwin('t1');
    const elapsed = performance.now() - started;

    expect(result.body.$dtId).toBe('t1');
    expect(server.arrivals).toHaveLength(3);
    // Each retry came no sooner than the server asked (1 s; the client's own first back-off would be at most 0.5 s).
    // The upper bound only rules out a wait of another order (the machine is shared, so it is loose).
    const gaps = [server.arrivals[1]!.at - server.arrivals[0]!.at, server.arrivals[2]!.at - server.arrivals[1]!.at];
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(990);
      expect(gap).toBeLessThan(10_000);
    }
    expect(elapsed).toBeGreaterThanOrEqual(1980);
    expect(logs.map((e) => [e.attempt, e.status])).toEqual([[1, 429], [2, 429], [3, 200]]);
    // One operation, one trace: every attempt shares the trace id and has its own span.
    const traces = server.arrivals.map((a) => a.traceparent?.split('-'));
    expect(new Set(traces.map((p) => p?.[1])).size).toBe(1);
    expect(new Set(traces.map((p) => p?.[2])).size).toBe(3);
  });

  it('a 429 on POST /models is retried too: throttling means the request was not acted on', async () => {
    const server = await scriptedServer((_req, i) => (i === 0 ? throttled('0') : { status: 201, body: [{ id: 'dtmi:x;1', decommissioned: false, uploadTime: 't' }] }));
    servers.push(server);
    const client = new AdtClient({ baseUrl: server.url });
    const created = await client.createModels([{ '@id': 'dtmi:x;1' }]);
    expect(created.map((m) => m.id)).toEqual(['dtmi:x;1']);
    expect(server.arrivals.map((a) => a.method)).toEqual(['POST', 'POST']);
  });

  it('a 503 on a non-idempotent call (POST /models, PATCH) is not retried', async () => {
    const server = await scriptedServer(() => unavailable);
    servers.push(server);
    const client = new AdtClient({ baseUrl: server.url, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 } });

    const create = await failure(client.createModels([{ '@id': 'dtmi:x;1' }]));
    expect(create).toMatchObject({ status: 503, code: 'ServiceUnavailable', method: 'POST' });
    expect(server.arrivals).toHaveLength(1);

    const patch = await failure(client.updateDigitalTwin('t', [{ op: 'add', path: '/tags/-', value: 'x' }]));
    expect(patch).toMatchObject({ status: 503, method: 'PATCH' });
    expect(server.arrivals).toHaveLength(2);
  });

  it('a 503 on an idempotent GET is retried until it succeeds', async () => {
    const server = await scriptedServer((_req, i) => (i < 2 ? unavailable : { status: 200, body: { id: 'r', endpointName: 'e', filter: 'true' } }));
    servers.push(server);
    const client = new AdtClient({ baseUrl: server.url, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    expect((await client.getEventRoute('r')).id).toBe('r');
    expect(server.arrivals).toHaveLength(3);
  });

  it('gives up after maxRetries and surfaces the last 429 with its Retry-After', async () => {
    const server = await scriptedServer(() => throttled('0'));
    servers.push(server);
    const client = new AdtClient({ baseUrl: server.url, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const error = await failure(client.getDigitalTwin('t'));
    expect(error).toMatchObject({ status: 429, code: 'TooManyRequests', retryAfterMs: 0 });
    expect(server.arrivals).toHaveLength(3);
  });

  it('a Retry-After beyond maxRetryAfterMs is surfaced at once instead of waited out', async () => {
    const server = await scriptedServer(() => throttled('120'));
    servers.push(server);
    const client = new AdtClient({ baseUrl: server.url, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5_000 } });
    const started = performance.now();
    const error = await failure(client.getDigitalTwin('t'));
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(server.arrivals).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('an abort during the Retry-After wait rejects at once and sends nothing more', async () => {
    const server = await scriptedServer(() => throttled('30'));
    servers.push(server);
    const client = new AdtClient({ baseUrl: server.url });
    const controller = new AbortController();
    const started = performance.now();
    const pending = rejection(client.getDigitalTwin('t', { signal: controller.signal }));
    await until(async () => server.arrivals.length, (n) => n === 1, 'the first request');
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(10_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.arrivals).toHaveLength(1);
  });
});
