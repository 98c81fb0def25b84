import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildingTwin, roomTwin, seedTestGraph, startTestEmulator, TEST_IDS } from '../test-support';
import type { TestApi, TestEmulator } from '../test-support';

let t: TestEmulator;
let api: TestApi;

beforeAll(async () => {
  t = await startTestEmulator();
  api = t.api;
  await seedTestGraph(api);
});
afterAll(async () => t.close());

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;
const ETAG = /^W\/"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/;

describe('PUT /digitaltwins/{id}', () => {
  it('creates a twin: 200, full twin with $etag, metadata times with 7 digits, ETag header equal to $etag', async () => {
    const r = await api.put('/digitaltwins/t-create', buildingTwin({ $dtId: 'ignored-id' }));
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['$dtId', '$etag', 'AverageTemperature', 'TemperatureUnit', '$metadata']);
    expect(r.body.$dtId).toBe('t-create');
    expect(r.body.$etag).toMatch(ETAG);
    expect(r.headers.get('etag')).toBe(r.body.$etag);
    expect(r.body.$metadata.$model).toBe(TEST_IDS.building);
    expect(r.body.$metadata.$lastUpdateTime).toMatch(TIME);
    expect(r.body.$metadata.AverageTemperature).toEqual({ lastUpdateTime: r.body.$metadata.$lastUpdateTime });
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const got = await api.get('/digitaltwins/t-create');
    expect(got.body).toEqual(r.body);
    expect(got.headers.get('etag')).toBe(r.body.$etag);
  });

  it('replaces the whole twin on a second PUT, with a new ETag', async () => {
    const first = await api.put('/digitaltwins/t-replace', buildingTwin());
    const second = await api.put('/digitaltwins/t-replace', { $metadata: { $model: TEST_IDS.building }, TemperatureUnit: 'F' });
    expect(second.status).toBe(200);
    expect(second.body.$etag).not.toBe(first.body.$etag);
    expect(second.body.AverageTemperature).toBeUndefined();
    expect(second.body.$metadata.AverageTemperature).toBeUndefined();
  });

  it('keeps sourceTime from the request metadata, for properties and component properties', async () => {
    const r = await api.put('/digitaltwins/t-source', roomTwin({
      $metadata: { $model: TEST_IDS.room, temperature: { sourceTime: '2022-05-31T12:00:01.000125009Z' } },
      thermostat: { $metadata: { setpoint: { sourceTime: '2022-05-31T12:00:00.5Z' } }, setpoint: 19 },
    }));
    expect(r.status).toBe(200);
    expect(r.body.$metadata.temperature.sourceTime).toBe('2022-05-31T12:00:01.000125009Z');
    expect(r.body.thermostat.$metadata.setpoint.sourceTime).toBe('2022-05-31T12:00:00.5Z');
    expect(r.body.thermostat.$metadata.$lastUpdateTime).toMatch(TIME);
    expect(r.body.thermostat.$metadata.$model).toBeUndefined();
    const bad = await api.put('/digitaltwins/t-source2', roomTwin({
      $metadata: { $model: TEST_IDS.room, temperature: { sourceTime: 'yesterday' } },
    }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('ValidationFailed');
  });

  it('If-None-Match: * creates only: 412 with the observed message when the twin exists', async () => {
    const r = await api.put('/digitaltwins/building-1', buildingTwin(), { headers: { 'If-None-Match': '*' } });
    expect(r.status).toBe(412);
    expect(r.body.error).toEqual({
      code: 'PreconditionFailed',
      message: 'If-None-Match: * header was specified but a twin with the id building-1 was found. Please specify a different twin id.',
    });
    const created = await api.put('/digitaltwins/t-ifnone', buildingTwin(), { headers: { 'If-None-Match': '*' } });
    expect(created.status).toBe(200);
  });

  it('If-None-Match other than * is a 400 with the observed message, and nothing is written', async () => {
    const r = await api.put('/digitaltwins/t-badnone', buildingTwin(), { headers: { 'If-None-Match': 'W/"abc"' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'InvalidArgument', message: 'Invalid If-None-Match header value. Allowed value(s): If-None-Match: *',
    });
    expect((await api.get('/digitaltwins/t-badnone')).status).toBe(404);
  });

  it('an unknown model is the observed ValidationFailed with details', async () => {
    const r = await api.put('/digitaltwins/t-nomodel', { $metadata: { $model: 'dtmi:samples:DTTestBuilding;2' }, AverageTemperature: 68 });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: {
        code: 'ValidationFailed', message: 'Invalid twin specified',
        details: [{ code: 'ValidationFailed', message: 'dtmi:samples:DTTestBuilding;2 or one of its dependencies does not exist.' }],
      },
    });
  });

  it('rejects content that does not match the model and leaves the store unchanged', async () => {
    for (const body of [
      buildingTwin({ AverageTemperature: 'warm' }),
      buildingTwin({ notInModel: 1 }),
      { AverageTemperature: 1 },
      { $metadata: {} },
    ]) {
      const r = await api.put('/digitaltwins/t-invalid', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('ValidationFailed');
    }
    expect((await api.get('/digitaltwins/t-invalid')).status).toBe(404);
  });

  it('requires the components of the model', async () => {
    const r = await api.put('/digitaltwins/t-nocomp', { $metadata: { $model: TEST_IDS.room }, temperature: 1 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('ValidationFailed');
  });

  it('answers a body that is not JSON with 400 InvalidArgument', async () => {
    const r = await api.call('PUT', '/digitaltwins/t-json', { rawBody: '{"$metadata": {', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('InvalidArgument');
    expect((await api.get('/digitaltwins/t-json')).status).toBe(404);
  });
});

describe('GET and DELETE /digitaltwins/{id}', () => {
  it('404 with the observed DigitalTwinNotFound message', async () => {
    const r = await api.get('/digitaltwins/nope');
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({
      code: 'DigitalTwinNotFound',
      message: 'There is no digital twin instance that exists with the ID nope. Please verify that the twin id is valid and ensure that the twin is not deleted. See section on querying the twins https://aka.ms/adtv2query.',
    });
  });

  it('ids with reserved characters round-trip through percent-encoding', async () => {
    const id = 'odd id/with:chars;?#';
    const r = await api.put(`/digitaltwins/${encodeURIComponent(id)}`, buildingTwin());
    expect(r.status).toBe(200);
    expect(r.body.$dtId).toBe(id);
    expect((await api.get(`/digitaltwins/${encodeURIComponent(id)}`)).body.$dtId).toBe(id);
    expect((await api.delete(`/digitaltwins/${encodeURIComponent(id)}`)).status).toBe(204);
  });

  it('refuses to delete a twin with relationships (400 RelationshipsNotDeleted, observed text)', async () => {
    for (const id of ['building-1', 'floor-1']) {
      const r = await api.delete(`/digitaltwins/${id}`);
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual({
        code: 'RelationshipsNotDeleted',
        message: `Twin ${id} has active relationships. Cannot delete a twin unless all the relationships are deleted. Please ensure that the active relationships on the twin are deleted. See section on retrieving relationships https://aka.ms/adtv2twins.`,
      });
    }
  });

  it('conditional delete: bad syntax 400, stale ETag 412, current ETag 204', async () => {
    const created = await api.put('/digitaltwins/t-del', buildingTwin());
    const bad = await api.delete('/digitaltwins/t-del', { headers: { 'If-Match': 'XXX' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({
      code: 'InvalidArgument', message: 'Invalid If-Match header value. Allowed value(s): If-Match: {etag} or If-Match: *',
    });
    const stale = await api.delete('/digitaltwins/t-del', { headers: { 'If-Match': 'W/"00000000-0000-4000-8000-000000000000"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PreconditionFailed');
    expect((await api.get('/digitaltwins/t-del')).status).toBe(200);
    const okDelete = await api.delete('/digitaltwins/t-del', { headers: { 'If-Match': created.body.$etag } });
    expect(okDelete.status).toBe(204);
    expect(okDelete.text).toBe('');
    expect((await api.get('/digitaltwins/t-del')).status).toBe(404);
    expect((await api.delete('/digitaltwins/t-del')).status).toBe(404);
  });
});

describe('PATCH /digitaltwins/{id}', () => {
  it('applies add/replace/remove, answers 204 with the new ETag header, updates only touched metadata', async () => {
    const created = await api.put('/digitaltwins/t-patch', buildingTwin());
    await new Promise((r) => setTimeout(r, 5));
    const r = await api.patch('/digitaltwins/t-patch', [
      { op: 'replace', path: '/AverageTemperature', value: 42 },
      { op: 'add', path: '/location', value: { city: 'Oslo' } },
      { op: 'remove', path: '/TemperatureUnit' },
    ]);
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    const etag = r.headers.get('etag');
    expect(etag).toMatch(ETAG);
    expect(etag).not.toBe(created.body.$etag);
    const got = await api.get('/digitaltwins/t-patch');
    expect(got.body.$etag).toBe(etag);
    expect(got.body.AverageTemperature).toBe(42);
    expect(got.body.location).toEqual({ city: 'Oslo' });
    expect(got.body.TemperatureUnit).toBeUndefined();
    expect(got.body.$metadata.TemperatureUnit).toBeUndefined();
    expect(got.body.$metadata.AverageTemperature.lastUpdateTime).not.toBe(created.body.$metadata.AverageTemperature.lastUpdateTime);
    expect(got.body.$metadata.$lastUpdateTime).toBe(got.body.$metadata.AverageTemperature.lastUpdateTime);

    // A nested object property, once set, can be patched below its root.
    expect((await api.patch('/digitaltwins/t-patch', [{ op: 'add', path: '/location/zip', value: '0150' }])).status).toBe(204);
    expect((await api.get('/digitaltwins/t-patch')).body.location).toEqual({ city: 'Oslo', zip: '0150' });
  });

  it('sets and keeps sourceTime through /$metadata/<prop>/sourceTime', async () => {
    await api.put('/digitaltwins/t-st', buildingTwin());
    const r = await api.patch('/digitaltwins/t-st', [
      { op: 'replace', path: '/AverageTemperature', value: 1 },
      { op: 'replace', path: '/$metadata/AverageTemperature/sourceTime', value: '2022-05-31T12:00:01.000125009Z' },
    ]);
    expect(r.status).toBe(204);
    await api.patch('/digitaltwins/t-st', [{ op: 'replace', path: '/AverageTemperature', value: 2 }]);
    const got = await api.get('/digitaltwins/t-st');
    expect(got.body.$metadata.AverageTemperature.sourceTime).toBe('2022-05-31T12:00:01.000125009Z');
    const bad = await api.patch('/digitaltwins/t-st', [{ op: 'replace', path: '/$metadata/AverageTemperature/sourceTime', value: 'soon' }]);
    expect(bad.status).toBe(400);
    const readOnly = await api.patch('/digitaltwins/t-st', [{ op: 'replace', path: '/$metadata/AverageTemperature/lastUpdateTime', value: '2020-01-01T00:00:00Z' }]);
    expect(readOnly.status).toBe(400);
    expect(readOnly.body.error.code).toBe('JsonPatchInvalid');
  });

  it('migrates the model through /$metadata/$model and validates against the new model', async () => {
    await api.put('/digitaltwins/t-migrate', buildingTwin());
    const wrong = await api.patch('/digitaltwins/t-migrate', [{ op: 'replace', path: '/$metadata/$model', value: TEST_IDS.floor }]);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('ValidationFailed');
    const r = await api.patch('/digitaltwins/t-migrate', [
      { op: 'replace', path: '/$metadata/$model', value: TEST_IDS.wing },
      { op: 'add', path: '/wingName', value: 'East' },
    ]);
    expect(r.status).toBe(204);
    const got = await api.get('/digitaltwins/t-migrate');
    expect(got.body.$metadata.$model).toBe(TEST_IDS.wing);
    expect(got.body.wingName).toBe('East');
  });

  it('JsonPatchInvalid for unsupported ops (observed text), bad documents, unresolvable paths and replace of unset values', async () => {
    await api.put('/digitaltwins/t-badpatch', buildingTwin());
    const before = await api.get('/digitaltwins/t-badpatch');
    const move = await api.patch('/digitaltwins/t-badpatch', [{ op: 'move', path: '/AverageTemperature', value: 42 }]);
    expect(move.status).toBe(400);
    expect(move.body.error).toEqual({
      code: 'JsonPatchInvalid',
      message: 'Unsupported operation type move. Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.',
    });
    const cases: unknown[] = [
      { op: 'replace', path: '/AverageTemperature', value: 1 },
      [{ op: 'replace', path: 'AverageTemperature', value: 1 }],
      [{ op: 'replace', path: '/AverageTemperature' }],
      [{ path: '/AverageTemperature', value: 1 }],
      [{ op: 'copy', from: '/AverageTemperature', path: '/x' }],
      [{ op: 'test', path: '/AverageTemperature', value: 68 }],
      [{ op: 'replace', path: '/$dtId', value: 'other' }],
    ];
    for (const body of cases) {
      const r = await api.patch('/digitaltwins/t-badpatch', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code, JSON.stringify(body)).toBe('JsonPatchInvalid');
    }
    const unresolved = await api.patch('/digitaltwins/t-badpatch', [{ op: 'add', path: '/location/city', value: 'x' }]);
    expect(unresolved.body.error.message).toMatch(/^Could not resolve path \/location\/city\. Please provide a valid patch document\./);
    const unset = await api.patch('/digitaltwins/t-badpatch', [{ op: 'replace', path: '/location', value: { city: 'x' } }]);
    expect(unset.body.error.code).toBe('JsonPatchInvalid');
    expect(unset.body.error.message).toMatch(/^location does not exist on twin\. /);
    const invalidValue = await api.patch('/digitaltwins/t-badpatch', [{ op: 'replace', path: '/AverageTemperature', value: 'hot' }]);
    expect(invalidValue.status).toBe(400);
    expect(invalidValue.body.error.code).toBe('ValidationFailed');
    // The failed patch (its first op was valid) left nothing behind.
    const partial = await api.patch('/digitaltwins/t-badpatch', [
      { op: 'replace', path: '/AverageTemperature', value: 99 },
      { op: 'replace', path: '/nothing', value: 1 },
    ]);
    expect(partial.status).toBe(400);
    expect((await api.get('/digitaltwins/t-badpatch')).body).toEqual(before.body);
  });

  it('conditional patch: bad If-Match syntax 400 (observed), stale 412, current and * succeed', async () => {
    const created = await api.put('/digitaltwins/t-cond', buildingTwin());
    const patch = [{ op: 'replace', path: '/AverageTemperature', value: 42 }];
    const bad = await api.patch('/digitaltwins/t-cond', patch, { headers: { 'If-Match': 'XXX' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Invalid If-Match header value. Allowed value(s): If-Match: {etag} or If-Match: *');
    const good = await api.patch('/digitaltwins/t-cond', patch, { headers: { 'If-Match': created.body.$etag } });
    expect(good.status).toBe(204);
    const stale = await api.patch('/digitaltwins/t-cond', patch, { headers: { 'If-Match': created.body.$etag } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PreconditionFailed');
    expect((await api.patch('/digitaltwins/t-cond', patch, { headers: { 'If-Match': '*' } })).status).toBe(204);
    expect((await api.patch('/digitaltwins/nope', patch)).status).toBe(404);
  });

  it('exactly one of several concurrent conditional writers wins each ETag', async () => {
    const created = await api.put('/digitaltwins/t-race', buildingTwin());
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      api.patch('/digitaltwins/t-race', [{ op: 'replace', path: '/AverageTemperature', value: i }], { headers: { 'If-Match': created.body.$etag } })));
    expect(results.filter((r) => r.status === 204)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(7);
  });

  it('an empty patch changes nothing', async () => {
    const created = await api.put('/digitaltwins/t-empty', buildingTwin());
    const r = await api.patch('/digitaltwins/t-empty', []);
    expect(r.status).toBe(204);
    expect((await api.get('/digitaltwins/t-empty')).body.AverageTemperature).toBe(created.body.AverageTemperature);
  });
});

describe('components', () => {
  it('GET returns the component with its metadata and the twin ETag', async () => {
    const twin = await api.get('/digitaltwins/room-1');
    const r = await api.get('/digitaltwins/room-1/components/thermostat');
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe(twin.body.$etag);
    expect(r.body).toEqual(twin.body.thermostat);
    expect(r.body.setpoint).toBe(20);
    expect(r.body.$metadata.$lastUpdateTime).toMatch(TIME);
  });

  it('unknown component: 404 ComponentNotFound with the observed text', async () => {
    const r = await api.get('/digitaltwins/room-1/components/Component3');
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({
      code: 'ComponentNotFound',
      message: 'room-1 does not have component Component3 Please verify that the component path is correct. You can get components by getting the twin, See example https://aka.ms/TwinGetSwSmpl.',
    });
    expect((await api.get('/digitaltwins/nope/components/thermostat')).body.error.code).toBe('DigitalTwinNotFound');
  });

  it('PATCH applies relative paths, bumps the twin ETag and the component metadata', async () => {
    const before = await api.get('/digitaltwins/room-1');
    const r = await api.patch('/digitaltwins/room-1/components/thermostat', [
      { op: 'replace', path: '/setpoint', value: 23.5 },
      { op: 'add', path: '/mode', value: 'cool' },
      { op: 'add', path: '/$metadata/mode/sourceTime', value: '2023-01-01T00:00:00Z' },
    ]);
    expect(r.status).toBe(204);
    const after = await api.get('/digitaltwins/room-1');
    expect(r.headers.get('etag')).toBe(after.body.$etag);
    expect(after.body.$etag).not.toBe(before.body.$etag);
    expect(after.body.thermostat.setpoint).toBe(23.5);
    expect(after.body.thermostat.mode).toBe('cool');
    expect(after.body.thermostat.$metadata.mode.sourceTime).toBe('2023-01-01T00:00:00Z');
    expect(after.body.temperature).toBe(before.body.temperature);
    expect(after.body.$metadata.temperature).toEqual(before.body.$metadata.temperature);
  });

  it('PATCH errors: replace of an unset property (observed text), wrong type, unknown component, stale ETag', async () => {
    const before = await api.get('/digitaltwins/room-1');
    await api.patch('/digitaltwins/room-1/components/thermostat', [{ op: 'remove', path: '/mode' }]);
    const unset = await api.patch('/digitaltwins/room-1/components/thermostat', [{ op: 'replace', path: '/mode', value: 'x' }]);
    expect(unset.status).toBe(400);
    expect(unset.body.error.message).toBe('mode does not exist on component. Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.');
    const wrongType = await api.patch('/digitaltwins/room-1/components/thermostat', [{ op: 'replace', path: '/setpoint', value: 'x' }]);
    expect(wrongType.body.error.code).toBe('ValidationFailed');
    const unknown = await api.patch('/digitaltwins/room-1/components/Component2', [{ op: 'replace', path: '/ComponentProp1', value: 'v' }]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('Could not resolve path /Component2/ComponentProp1. Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.');
    const stale = await api.patch('/digitaltwins/room-1/components/thermostat', [{ op: 'replace', path: '/setpoint', value: 1 }],
      { headers: { 'If-Match': before.body.$etag } });
    expect(stale.status).toBe(412);
    const bad = await api.patch('/digitaltwins/room-1/components/thermostat', [{ op: 'replace', path: '/setpoint', value: 1 }],
      { headers: { 'If-Match': 'XXX' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('InvalidArgument');
  });
});
