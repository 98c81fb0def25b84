import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enc, startTestEmulator, TEST_IDS, testModels } from '../test-support';
import type { TestApi, TestEmulator } from '../test-support';

let t: TestEmulator;
let api: TestApi;

beforeAll(async () => {
  t = await startTestEmulator();
  api = t.api;
});
afterAll(async () => t.close());

function model(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { '@id': id, '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', ...extra };
}

describe('POST /models', () => {
  it('creates a batch and answers 201 with model data (no definition, description {} when absent)', async () => {
    const r = await api.post('/models', testModels);
    expect(r.status).toBe(201);
    expect(r.body).toHaveLength(testModels.length);
    const building = r.body.find((m: { id: string }) => m.id === TEST_IDS.building);
    expect(building).toEqual({
      id: TEST_IDS.building, description: {}, displayName: { en: 'Building' }, decommissioned: false,
      uploadTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/),
    });
    expect(building.model).toBeUndefined();
    const room = r.body.find((m: { id: string }) => m.id === TEST_IDS.room);
    expect(room.description).toEqual({ en: 'A room' });
  });

  it('refuses existing ids with 409 ModelIdAlreadyExists and the observed message', async () => {
    const r = await api.post('/models', [testModels[0]]);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ModelIdAlreadyExists');
    expect(r.body.error.message).toBe(
      `Some of the model ids already exist: ${TEST_IDS.building}. Use Model_List API to view models that already exist. See the Swagger example (https://aka.ms/ModelListSwSmpl).`);
    expect(r.headers.get('x-ms-error-code')).toBe('ModelIdAlreadyExists');
  });

  it('answers an empty array with the observed InvalidArgument', async () => {
    const r = await api.post('/models', []);
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'InvalidArgument',
      message: 'Operation failed as models provided was empty or of a type that is not supported.. Check that your Model Array contains at least one item and it is of a supported type. See link(https://aka.ms/ADTv2Models) for details.',
    });
  });

  it('answers a non-array body like an empty one', async () => {
    const r = await api.post('/models', model('dtmi:test:Single;1'));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('InvalidArgument');
  });

  it('rejects invalid DTDL with DTDLParserError and uploads nothing of the batch', async () => {
    const before = (await api.get('/models')).body.value.length;
    const r = await api.post('/models', [
      model('dtmi:test:Good;1'),
      { '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', displayName: 'no id' },
    ]);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('DTDLParserError');
    expect(r.body.error.message).toMatch(/^None of the models in this request could be created due to a problem with one or more models: .+\.\. See model documentation\(https:\/\/aka\.ms\/ADTv2Models\) for supported format\.$/);
    expect(r.body.error.message.match(/None of the models/g)).toHaveLength(1);
    expect((await api.get('/models')).body.value.length).toBe(before);
    expect((await api.get(`/models/${enc('dtmi:test:Good;1')}`)).status).toBe(404);
  });

  it('rejects a model whose dependency is missing', async () => {
    const r = await api.post('/models', [model('dtmi:test:Orphan;1', { extends: 'dtmi:test:Missing;1' })]);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('DTDLParserError');
  });

  it('limits a request to 250 models', async () => {
    const many = Array.from({ length: 251 }, (_, i) => model(`dtmi:test:many:M${i};1`));
    const r = await api.post('/models', many);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('LimitExceeded');
  });
});

describe('GET /models', () => {
  it('gets one model, with the definition on request; a DTMI arrives percent-encoded', async () => {
    const plain = await api.get(`/models/${enc(TEST_IDS.room)}`);
    expect(plain.status).toBe(200);
    expect(plain.body.id).toBe(TEST_IDS.room);
    expect(plain.body.model).toBeUndefined();
    const full = await api.get(`/models/${enc(TEST_IDS.room)}?includeModelDefinition=true`);
    expect(full.body.model).toEqual(testModels.find((m) => m['@id'] === TEST_IDS.room));
  });

  it('answers an unknown id with the observed ModelNotFound', async () => {
    const r = await api.get(`/models/${enc('dtmi:test:Nope;1')}`);
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({
      code: 'ModelNotFound',
      message: 'There is no Model(s) available that matches the provided id(s) dtmi:test:Nope;1. Check that the Model ID provided is valid by doing a Model_List API call.',
    });
  });

  it('lists with dependenciesFor, repeated or comma-separated, including transitive dependencies', async () => {
    const repeated = await api.get(`/models?dependenciesFor=${enc(TEST_IDS.room)}&dependenciesFor=${enc(TEST_IDS.wing)}`);
    expect(repeated.status).toBe(200);
    const ids = repeated.body.value.map((m: { id: string }) => m.id).sort();
    expect(ids).toEqual([TEST_IDS.building, TEST_IDS.room, TEST_IDS.thermostat, TEST_IDS.wing].sort());
    const csv = await api.get(`/models?dependenciesFor=${enc(`${TEST_IDS.room},${TEST_IDS.wing}`)}`);
    expect(csv.body.value.map((m: { id: string }) => m.id).sort()).toEqual(ids);
    const missing = await api.get(`/models?dependenciesFor=${enc('dtmi:test:Nope;1')}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ModelNotFound');
  });

  it('pages at most 100 models with an absolute nextLink, null on the last page', async () => {
    const batch = Array.from({ length: 130 }, (_, i) => model(`dtmi:test:paging:P${i};1`));
    expect((await api.post('/models', batch)).status).toBe(201);
    const seen: string[] = [];
    let r = await api.get('/models?includeModelDefinition=true', { headers: { 'max-items-per-page': '1000' } });
    let pages = 0;
    for (;;) {
      expect(r.status).toBe(200);
      pages++;
      expect(r.body.value.length).toBeLessThanOrEqual(100);
      seen.push(...r.body.value.map((m: { id: string; model: unknown }) => {
        expect(m.model).toBeDefined();
        return m.id;
      }));
      if (r.body.nextLink === null) break;
      expect(r.body.nextLink).toMatch(new RegExp(`^${api.baseUrl}/models\\?`));
      // Followed verbatim, plus the api-version the SDK re-appends: a duplicate must not break it.
      r = await api.get(r.body.nextLink);
    }
    expect(Object.keys(r.body)).toEqual(['value', 'nextLink']);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(testModels.length + 130);
  });

  it('honours a smaller max-items-per-page', async () => {
    const r = await api.get('/models', { headers: { 'max-items-per-page': '2' } });
    expect(r.body.value).toHaveLength(2);
    expect(typeof r.body.nextLink).toBe('string');
    const bad = await api.get('/models', { headers: { 'max-items-per-page': 'lots' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('InvalidArgument');
  });
});

describe('PATCH /models/{id} (decommission)', () => {
  it('decommissions with the replace /decommissioned patch, twice in a row', async () => {
    expect((await api.post('/models', [model('dtmi:test:Old;1', { contents: [{ '@type': 'Property', name: 'p', schema: 'string' }] })])).status).toBe(201);
    const patch = [{ op: 'replace', path: '/decommissioned', value: true }];
    const first = await api.patch(`/models/${enc('dtmi:test:Old;1')}`, patch);
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect((await api.patch(`/models/${enc('dtmi:test:Old;1')}`, patch)).status).toBe(204);
    expect((await api.get(`/models/${enc('dtmi:test:Old;1')}`)).body.decommissioned).toBe(true);
  });

  it('refuses twins of a decommissioned model with ModelDecommissioned', async () => {
    const r = await api.put('/digitaltwins/old-1', { $metadata: { $model: 'dtmi:test:Old;1' }, p: 'x' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('ModelDecommissioned');
    expect((await api.get('/digitaltwins/old-1')).status).toBe(404);
  });

  it('accepts only the decommission patch', async () => {
    const r = await api.patch(`/models/${enc(TEST_IDS.room)}`, [{ op: 'replace', path: '/displayName', value: 'x' }]);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('JsonPatchInvalid');
    const undo = await api.patch(`/models/${enc('dtmi:test:Old;1')}`, [{ op: 'replace', path: '/decommissioned', value: false }]);
    expect(undo.status).toBe(400);
    const move = await api.patch(`/models/${enc(TEST_IDS.room)}`, [{ op: 'move', from: '/a', path: '/decommissioned' }]);
    expect(move.body.error.message).toMatch(/^Unsupported operation type move\./);
    expect((await api.get(`/models/${enc(TEST_IDS.room)}`)).body.decommissioned).toBe(false);
    expect((await api.patch(`/models/${enc('dtmi:test:Nope;1')}`, [{ op: 'replace', path: '/decommissioned', value: true }])).status).toBe(404);
  });
});

describe('DELETE /models/{id}', () => {
  it('refuses a model still referenced by another with the observed 409', async () => {
    const r = await api.delete(`/models/${enc(TEST_IDS.thermostat)}`);
    expect(r.status).toBe(409);
    expect(r.body.error).toEqual({
      code: 'ModelReferencesNotDeleted',
      message: `This model is currently being referenced by ${TEST_IDS.room}. You must delete these references before deleting the Model.. To delete references, do Delete Model on Ids provided above.`,
    });
  });

  it('deletes, then the id is unknown and can be uploaded again', async () => {
    const id = 'dtmi:test:Temp;1';
    expect((await api.post('/models', [model(id)])).status).toBe(201);
    const r = await api.delete(`/models/${enc(id)}`);
    expect(r.status).toBe(204);
    expect((await api.get(`/models/${enc(id)}`)).status).toBe(404);
    expect((await api.delete(`/models/${enc(id)}`)).status).toBe(404);
    expect((await api.post('/models', [model(id)])).status).toBe(201);
  });

  it('leaves twins of a deleted model readable but not editable', async () => {
    const id = 'dtmi:test:Fleeting;1';
    await api.post('/models', [model(id, { contents: [{ '@type': 'Property', name: 'p', schema: 'string' }] })]);
    expect((await api.put('/digitaltwins/fleeting-1', { $metadata: { $model: id }, p: 'a' })).status).toBe(200);
    expect((await api.delete(`/models/${enc(id)}`)).status).toBe(204);
    const got = await api.get('/digitaltwins/fleeting-1');
    expect(got.status).toBe(200);
    expect(got.body.p).toBe('a');
    const patch = await api.patch('/digitaltwins/fleeting-1', [{ op: 'replace', path: '/p', value: 'b' }]);
    expect(patch.status).toBe(400);
    expect(patch.body.error.details[0].message).toBe(`${id} or one of its dependencies does not exist.`);
    expect((await api.delete('/digitaltwins/fleeting-1')).status).toBe(204);
  });
});
