import { DigitalTwinsClient } from '@azure/digital-twins-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, TEST_IDS, testModels } from './test-support';
import type { TestEmulator } from './test-support';

// The emulator's certificate is self-signed; this test talks to it only, over loopback.
process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';

/** The SDK insists on a TokenCredential (and on HTTPS for it); the emulator accepts any token on loopback. */
const credential = { getToken: async () => ({ token: 'any-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

let t: TestEmulator;
let client: DigitalTwinsClient;

beforeAll(async () => {
  t = await startTestEmulator();
  client = new DigitalTwinsClient(t.emulator.httpsUrl, credential);
});
afterAll(async () => t.close());

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function expectRestError(promise: Promise<unknown>, status: number, code: string): Promise<void> {
  try {
    await promise;
  } catch (err) {
    const e = err as { statusCode?: number; code?: string; message?: string };
    expect(e.statusCode).toBe(status);
    expect(`${e.code ?? ''} ${e.message ?? ''}`).toContain(code);
    return;
  }
  throw new Error(`expected a ${status} ${code}`);
}

describe('official SDK (@azure/digital-twins-core) against the emulator over HTTPS', () => {
  it('models: createModels, getModel, listModels (dependencies, definition, pages), decomissionModel, deleteModel', async () => {
    const created = await client.createModels(testModels);
    expect(created.map((m) => m.id).sort()).toEqual(testModels.map((m) => m['@id'] as string).sort());
    await expectRestError(client.createModels([testModels[0]]), 409, 'ModelIdAlreadyExists');

    const room = await client.getModel(TEST_IDS.room, true);
    expect(room.id).toBe(TEST_IDS.room);
    expect(room.model).toEqual(testModels.find((m) => m['@id'] === TEST_IDS.room));
    expect(room.uploadTime).toBeInstanceOf(Date);

    const deps = await collect(client.listModels([TEST_IDS.room], true));
    expect(deps.map((m) => m.id).sort()).toEqual([TEST_IDS.room, TEST_IDS.thermostat].sort());

    const pages = [];
    // SDK 1.x takes the page size from byPage's settings (its resultsPerPage argument is overwritten there).
    for await (const page of client.listModels(undefined, false).byPage({ maxPageSize: 2 })) pages.push(page.value?.length ?? 0);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(testModels.length);
    expect(pages.length).toBe(Math.ceil(testModels.length / 2));

    await client.createModels([{ '@id': 'dtmi:test:Sdk;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;2' }]);
    await client.decomissionModel('dtmi:test:Sdk;1');
    expect((await client.getModel('dtmi:test:Sdk;1')).decommissioned).toBe(true);
    await client.deleteModel('dtmi:test:Sdk;1');
    await expectRestError(client.getModel('dtmi:test:Sdk;1'), 404, 'ModelNotFound');
  });

  it('twins: upsertDigitalTwin (with ifNoneMatch), getDigitalTwin, updateDigitalTwin (ifMatch), deleteDigitalTwin', async () => {
    const twin = { $metadata: { $model: TEST_IDS.building }, AverageTemperature: 68, TemperatureUnit: 'Celsius' };
    const created = await client.upsertDigitalTwin('sdk-building', JSON.stringify(twin));
    expect(created.body.$dtId).toBe('sdk-building');
    expect(created.etag).toBe(created.body.$etag);
    await expectRestError(client.upsertDigitalTwin('sdk-building', JSON.stringify(twin), { ifNoneMatch: '*' }), 412, 'PreconditionFailed');

    const got = await client.getDigitalTwin('sdk-building');
    expect(got.body.AverageTemperature).toBe(68);
    expect(got.etag).toBe(created.etag);

    const updated = await client.updateDigitalTwin('sdk-building', [{ op: 'replace', path: '/AverageTemperature', value: 42 }], { ifMatch: got.etag });
    expect(updated.etag).toMatch(/^W\/"/);
    expect(updated.etag).not.toBe(got.etag);
    await expectRestError(client.updateDigitalTwin('sdk-building', [{ op: 'replace', path: '/AverageTemperature', value: 1 }], { ifMatch: got.etag }), 412, 'PreconditionFailed');
    await expectRestError(client.updateDigitalTwin('sdk-building', [{ op: 'move', path: '/AverageTemperature', value: 1 }]), 400, 'JsonPatchInvalid');
    expect((await client.getDigitalTwin('sdk-building')).body.AverageTemperature).toBe(42);

    await client.deleteDigitalTwin('sdk-building', { ifMatch: updated.etag });
    await expectRestError(client.getDigitalTwin('sdk-building'), 404, 'DigitalTwinNotFound');
  });

  it('components: getComponent, updateComponent, publishComponentTelemetry', async () => {
    await client.upsertDigitalTwin('sdk-room', JSON.stringify({
      $metadata: { $model: TEST_IDS.room }, temperature: 20, thermostat: { $metadata: {}, setpoint: 19 },
    }));
    const component = await client.getComponent('sdk-room', 'thermostat');
    expect(component.body.setpoint).toBe(19);
    expect(component.etag).toMatch(/^W\/"/);
    const updated = await client.updateComponent('sdk-room', 'thermostat', [{ op: 'replace', path: '/setpoint', value: 22 }]);
    expect(updated.etag).not.toBe(component.etag);
    expect((await client.getComponent('sdk-room', 'thermostat')).body.setpoint).toBe(22);
    await expectRestError(client.getComponent('sdk-room', 'nope'), 404, 'ComponentNotFound');
    await client.publishComponentTelemetry('sdk-room', 'thermostat', JSON.stringify({ temperature: 21 }), 'sdk-msg-1');
    await client.publishTelemetry('sdk-room', { occupancy: 3 }, 'sdk-msg-2');
  });

  it('relationships: upsert, get, update, listRelationships, listIncomingRelationships, delete', async () => {
    await client.upsertDigitalTwin('sdk-b', JSON.stringify({ $metadata: { $model: TEST_IDS.building } }));
    await client.upsertDigitalTwin('sdk-f', JSON.stringify({ $metadata: { $model: TEST_IDS.floor } }));
    const rel = await client.upsertRelationship('sdk-b', 'sdk-b-has-f', {
      $relationshipId: 'sdk-b-has-f', $sourceId: 'sdk-b', $relationshipName: 'has', $targetId: 'sdk-f', isAccessRestricted: false,
    });
    expect(rel.body.$relationshipId).toBe('sdk-b-has-f');
    expect(rel.etag).toBe(rel.body.$etag);
    await expectRestError(client.upsertRelationship('sdk-b', 'sdk-b-has-f', { $relationshipName: 'has', $targetId: 'sdk-f' }, { ifNoneMatch: '*' }), 412, 'PreconditionFailed');
    await expectRestError(client.upsertRelationship('sdk-b', 'bad', { $relationshipName: 'has', $targetId: 'foo' }), 404, 'TargetDigitalTwinNotFound');

    const got = await client.getRelationship('sdk-b', 'sdk-b-has-f');
    expect(got.body.$targetId).toBe('sdk-f');
    const updated = await client.updateRelationship('sdk-b', 'sdk-b-has-f', [{ op: 'replace', path: '/isAccessRestricted', value: true }], { ifMatch: got.etag });
    expect(updated.etag).not.toBe(got.etag);

    const out = await collect(client.listRelationships('sdk-b'));
    expect(out.map((r: { $relationshipId: string }) => r.$relationshipId)).toEqual(['sdk-b-has-f']);
    expect(out[0].isAccessRestricted).toBe(true);
    const incoming = await collect(client.listIncomingRelationships('sdk-f'));
    // The SDK maps the wire names ($relationshipId, ...) to its IncomingRelationship model.
    expect(incoming).toEqual([{
      relationshipId: 'sdk-b-has-f', sourceId: 'sdk-b', relationshipName: 'has', relationshipLink: '/digitaltwins/sdk-b/relationships/sdk-b-has-f',
    }]);

    await expectRestError(client.deleteDigitalTwin('sdk-b'), 400, 'RelationshipsNotDeleted');
    await client.deleteRelationship('sdk-b', 'sdk-b-has-f', { ifMatch: updated.etag });
    await expectRestError(client.getRelationship('sdk-b', 'sdk-b-has-f'), 404, 'RelationshipNotFound');
  });

  it('relationship lists page through nextLink as the SDK follows it', async () => {
    await client.upsertDigitalTwin('sdk-hub', JSON.stringify({ $metadata: { $model: TEST_IDS.building } }));
    for (let i = 0; i < 120; i++) {
      await client.upsertDigitalTwin(`sdk-spoke-${i}`, JSON.stringify({ $metadata: { $model: TEST_IDS.floor } }));
      await client.upsertRelationship('sdk-hub', `spoke-${i}`, { $relationshipName: 'has', $targetId: `sdk-spoke-${i}` });
    }
    const all = await collect(client.listRelationships('sdk-hub'));
    expect(all).toHaveLength(120);
    expect(new Set(all.map((r: { $relationshipId: string }) => r.$relationshipId)).size).toBe(120);
  });

  it('event routes: upsertEventRoute, getEventRoute, listEventRoutes, deleteEventRoute', async () => {
    await client.upsertEventRoute('sdk-route', 'live', "type = 'Microsoft.DigitalTwins.Twin.Create'");
    const route = await client.getEventRoute('sdk-route');
    expect(route).toMatchObject({ id: 'sdk-route', endpointName: 'live', filter: "type = 'Microsoft.DigitalTwins.Twin.Create'" });
    const routes = await collect(client.listEventRoutes());
    expect(routes.map((r) => r.id)).toContain('sdk-route');
    await expectRestError(client.upsertEventRoute('sdk-bad', 'nowhere', 'true'), 400, 'EventRouteEndpointInvalid');
    await client.deleteEventRoute('sdk-route');
    await expectRestError(client.getEventRoute('sdk-route'), 404, 'EventRouteNotFound');
  });

  it('queryTwins: all pages through continuation tokens', async () => {
    const twins = await collect(client.queryTwins(`SELECT * FROM digitaltwins WHERE IS_OF_MODEL('${TEST_IDS.floor}')`));
    expect(twins.length).toBe(121);
    const pages = [];
    for await (const page of client.queryTwins(`SELECT * FROM digitaltwins WHERE IS_OF_MODEL('${TEST_IDS.floor}')`, 50).byPage()) {
      pages.push(page.value?.length ?? 0);
    }
    expect(pages).toEqual([50, 50, 21]);
    await expectRestError(collect(client.queryTwins('foo')), 400, 'SqlQueryError');
  });
});
