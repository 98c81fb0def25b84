import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enc, startTestEmulator } from './test-support';
import type { CallResult, TestApi, TestEmulator } from './test-support';

/**
 * Replays the x-ms-examples of the REST spec (reference/adt-examples) against the emulator and compares the
 * response shapes. The examples are independent documents written against made-up models, so the fixtures below
 * define models that make each example meaningful. Left out: PatchTwinAdvancedExample (adds the number 1 under
 * property2/subProperty1, a string in the other examples), GetComponent (its body nests a twin inside the
 * component), the import-job examples (their blob URIs are placeholders, not URLs) and QueryNextPage (its token is a
 * placeholder).
 */

// Verbatim copies of the spec's x-ms-examples (Azure/azure-rest-api-specs, MIT); see _SOURCES.md there.
const EXAMPLES = join(import.meta.dirname, 'testdata', 'adt-examples');

interface Example { parameters: Record<string, unknown>; responses: Record<string, { body?: unknown; headers?: Record<string, string> }> }

function example(name: string): Example {
  return JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')) as Example;
}

const SYSTEM_VALUES = new Set(['id', 'decommissioned', 'uploadTime', 'endpointName', 'filter', 'status', 'createdDateTime',
  'finishedDateTime', 'purgeDateTime', 'lastUpdateTime', 'sourceTime']);

/** Every key of the example is in the response, with the same JSON type for system values, recursively. */
function expectShape(actual: unknown, expected: unknown, path = '$'): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    const items = actual as unknown[];
    if (expected.length > 0) {
      expect(items.length, `${path} has items`).toBeGreaterThan(0);
      for (const item of items) expectShape(item, expected[0], `${path}[]`);
    }
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    expect(typeof actual === 'object' && actual !== null && !Array.isArray(actual), `${path} is an object`).toBe(true);
    for (const [key, value] of Object.entries(expected)) {
      expect(actual, `${path} has ${key}`).toHaveProperty([key]);
      const got = (actual as Record<string, unknown>)[key];
      if (key === 'nextLink') expect(got === null || typeof got === 'string', `${path}.nextLink`).toBe(true);
      else expectShape(got, value, `${path}.${key}`);
    }
    return;
  }
  const key = path.split('.').at(-1)!;
  if (key.startsWith('$') || SYSTEM_VALUES.has(key)) expect(typeof actual, path).toBe(typeof expected);
}

function expectResponse(r: CallResult, ex: Example): void {
  const [status, response] = Object.entries(ex.responses)[0]!;
  expect(r.status, r.text).toBe(Number(status));
  if (response.body !== undefined) expectShape(r.body, response.body);
  else expect(r.text).toBe('');
}

const v2 = 'dtmi:dtdl:context;2';
const INTERFACE = 'dtmi:com:example:interfaces:interfaceName;1';
const COMPONENT = 'dtmi:com:example:interfaces:componentName;1';
const objectOf = (...names: string[]) => ({ '@type': 'Object', fields: names.map((name) => ({ name, schema: 'string' })) });

const componentModel = {
  '@id': COMPONENT, '@type': 'Interface', '@context': v2,
  contents: [
    { '@type': 'Property', name: 'componentProperty', schema: 'string' },
    { '@type': 'Property', name: 'property', schema: 'integer' },
    { '@type': 'Property', name: 'property1', schema: 'integer' },
    { '@type': 'Property', name: 'property2', schema: 'string' },
    { '@type': 'Property', name: 'property3', schema: objectOf('subProperty1') },
  ],
};

function interfaceModel(withComponents: boolean) {
  return {
    '@id': INTERFACE, '@type': 'Interface', '@context': v2,
    contents: [
      { '@type': 'Property', name: 'property1', schema: 'integer' },
      { '@type': 'Property', name: 'property2', schema: objectOf('subProperty1', 'subProperty2') },
      { '@type': 'Property', name: 'property3', schema: 'string' },
      ...(withComponents ? [
        { '@type': 'Component', name: 'component1', schema: COMPONENT },
        { '@type': 'Component', name: 'myComponent', schema: COMPONENT },
      ] : []),
      {
        '@type': 'Relationship', name: 'myRelationship',
        properties: [
          { '@type': 'Property', name: 'relationshipProperty1', schema: 'integer' },
          { '@type': 'Property', name: 'relationshipProperty2', schema: 'string' },
          { '@type': 'Property', name: 'relationshipProperty', schema: 'string' },
          { '@type': 'Property', name: 'property', schema: 'integer' },
          { '@type': 'Property', name: 'property1', schema: 'integer' },
          { '@type': 'Property', name: 'property2', schema: 'string' },
          { '@type': 'Property', name: 'property3', schema: objectOf('subProperty1') },
        ],
      },
    ],
  };
}

describe('spec examples: models, plain twins, routes, query, delete job', () => {
  let t: TestEmulator;
  let api: TestApi;
  beforeAll(async () => {
    t = await startTestEmulator({ endpoints: [{ name: 'endpoint-001', kind: 'live' }, { name: 'endpoint-002', kind: 'live' }] });
    api = t.api;
  });
  afterAll(async () => t.close());

  it('ModelAdd, ModelGetById(+definition), ModelsGet', async () => {
    const add = example('ModelAdd');
    expectResponse(await api.post('/models', add.parameters['models']), add);
    const withDef = example('ModelGetByIdWithIncludeModelDefinition');
    const got = await api.get(`/models/${enc(String(withDef.parameters['id']))}?includeModelDefinition=true`);
    expectResponse(got, withDef);
    // The two examples disagree on displayName; the definition comes back as uploaded.
    expect(got.body.model).toEqual((add.parameters['models'] as unknown[])[0]);
    const byId = example('ModelGetById');
    expectResponse(await api.get(`/models/${enc(String(byId.parameters['id']))}`), byId);
    await api.post('/models', [
      { '@id': 'dtmi:com:example:SampleDeviceModel;1', '@type': 'Interface', '@context': v2, displayName: 'My Device Model' },
    ]);
    expectResponse(await api.get('/models'), example('ModelsGet'));
  });

  it('QueryFirstPage', async () => {
    const ex = example('QueryFirstPage');
    const expected = (ex.responses['200']!.body as { value: Record<string, unknown>[] }).value;
    for (const twin of expected) {
      const { $dtId, $metadata, ...props } = twin as { $dtId: string; $metadata: { $model: string } };
      expect((await api.put(`/digitaltwins/${$dtId}`, { $metadata: { $model: $metadata.$model }, ...props })).status).toBe(200);
    }
    const r = await api.post('/query', ex.parameters['querySpecification']);
    expectResponse(r, ex);
    expect(r.body.value.map((x: { $dtId: string }) => x.$dtId).sort()).toEqual(expected.map((x) => x['$dtId']).sort());
  });

  it('ModelUpdateDecommissioned, DeleteModel', async () => {
    const decommission = example('ModelUpdateDecommissioned');
    expectResponse(await api.patch(`/models/${enc(String(decommission.parameters['id']))}`, decommission.parameters['updateModel']), decommission);
    for (const id of ['Twin-01', 'Twin-02', 'Twin-03']) await api.delete(`/digitaltwins/${id}`);
    const del = example('DeleteModel');
    expectResponse(await api.delete(`/models/${enc(String(del.parameters['id']))}`), del);
  });

  it('EventRoutePut, EventRoutePutWithFilter, EventRouteGet, EventRoutesList, EventRouteDelete', async () => {
    const put = example('EventRoutePut');
    expectResponse(await api.put(`/eventroutes/${put.parameters['id']}`, put.parameters['eventRoute']), put);
    const withFilter = example('EventRoutePutWithFilter');
    expectResponse(await api.put(`/eventroutes/${withFilter.parameters['id']}`, withFilter.parameters['eventRoute']), withFilter);
    const list = example('EventRoutesList');
    const second = (list.responses['200']!.body as { value: { id: string; endpointName: string; filter: string }[] }).value[1]!;
    expect((await api.put(`/eventroutes/${second.id}`, { endpointName: second.endpointName, filter: second.filter })).status).toBe(204);
    const get = example('EventRouteGet');
    const got = await api.get(`/eventroutes/${get.parameters['id']}`);
    expectResponse(got, get);
    expect(got.body).toEqual(get.responses['200']!.body);
    const listed = await api.get('/eventroutes');
    expectResponse(listed, list);
    expect(listed.body.value).toEqual((list.responses['200']!.body as { value: unknown[] }).value);
    const del = example('EventRouteDelete');
    expectResponse(await api.delete(`/eventroutes/${del.parameters['id']}`), del);
  });

  it('PutTwinBasicExample, PatchTwinBasicExample, DeleteTwin', async () => {
    expect((await api.post('/models', [interfaceModel(false)])).status).toBe(201);
    const put = example('PutTwinBasicExample');
    const r = await api.put(`/digitaltwins/${put.parameters['id']}`, put.parameters['twin']);
    expectResponse(r, put);
    expect(r.body.$metadata.$model).toBe(INTERFACE);
    const patch = example('PatchTwinBasicExample');
    await api.patch(`/digitaltwins/${patch.parameters['id']}`, [{ op: 'add', path: '/property1', value: 0 }]);
    expectResponse(await api.patch(`/digitaltwins/${patch.parameters['id']}`, patch.parameters['patchDocument']), patch);
    expect((await api.get(`/digitaltwins/${patch.parameters['id']}`)).body.property1).toBe(1);
    await api.put('/digitaltwins/myTwinId', put.parameters['twin']);
    expectResponse(await api.delete('/digitaltwins/myTwinId'), example('DeleteTwin'));
  });

  it('DeleteJobPost', async () => {
    const ex = example('DeleteJobPost');
    const r = await api.post(`/jobs/deletions?timeoutInMinutes=${ex.parameters['timeoutInMinutes']}`, undefined);
    // The example gives a job that has not started a finishedDateTime; a job that has not finished has none.
    const { finishedDateTime: _f, ...expected } = ex.responses['202']!.body as Record<string, unknown>;
    expectResponse(r, { ...ex, responses: { '202': { body: expected } } });
    expect(r.headers.get('operation-location')).toMatch(new RegExp(`^${api.baseUrl}/jobs/deletions/[^?]+\\?api-version=2023-10-31$`));
    expect(r.headers.get('operation-id')).toBe(r.body.id);
  });
});

describe('spec examples: twins with components, relationships, telemetry', () => {
  let t: TestEmulator;
  let api: TestApi;
  beforeAll(async () => {
    t = await startTestEmulator();
    api = t.api;
    expect((await api.post('/models', [componentModel, interfaceModel(true)])).status).toBe(201);
  });
  afterAll(async () => t.close());

  it('PutTwinAdvancedExample, then GetTwin', async () => {
    const put = example('PutTwinAdvancedExample');
    const twin = put.parameters['twin'] as Record<string, unknown>;
    const body = { ...twin, myComponent: { $metadata: {} } };
    const r = await api.put(`/digitaltwins/${put.parameters['id']}`, body, { headers: { 'If-None-Match': String(put.parameters['If-None-Match']) } });
    expectResponse(r, put);
    expect(r.body.$metadata.property1.sourceTime).toBe('2022-05-31T12:00:01.000125009Z');
    expect(r.body.component1.$metadata.componentProperty.sourceTime).toBe('2022-05-31T12:00:00.000125009Z');

    const get = example('GetTwin');
    const expected = get.responses['200']!.body as Record<string, unknown>;
    const { $dtId: _id, $etag: _etag, ...content } = expected;
    const stripped = JSON.parse(JSON.stringify(content, (k, v) => (k === '$lastUpdateTime' || k === 'lastUpdateTime' ? undefined : v)));
    stripped.myComponent = { $metadata: {}, property2: 'two', property3: { subProperty1: 'old' } };
    expect((await api.put(`/digitaltwins/${get.parameters['id']}`, stripped)).status).toBe(200);
    const got = await api.get(`/digitaltwins/${get.parameters['id']}`);
    expectResponse(got, get);
    expect(got.body.property2).toEqual(expected['property2']);
  });

  it('PatchComponentBasicExample, PatchComponentAdvancedExample', async () => {
    const basic = example('PatchComponentBasicExample');
    expectResponse(await api.patch(`/digitaltwins/${basic.parameters['id']}/components/${basic.parameters['componentPath']}`, basic.parameters['patchDocument']), basic);
    const advanced = example('PatchComponentAdvancedExample');
    const r = await api.patch(`/digitaltwins/${advanced.parameters['id']}/components/${advanced.parameters['componentPath']}`, advanced.parameters['patchDocument']);
    expectResponse(r, advanced);
    const component = (await api.get('/digitaltwins/myTwinId/components/myComponent')).body;
    expect(component.property1).toBe(1);
    expect(component.$metadata.property1.sourceTime).toBe('2022-05-31T12:00:01.000125009Z');
    expect(component.property2).toBeUndefined();
    expect(component.property3).toEqual({ subProperty1: 'new value' });
  });

  it('SendTelemetry, SendTelemetryFromComponent', async () => {
    for (const name of ['SendTelemetry', 'SendTelemetryFromComponent']) {
      const ex = example(name);
      const component = ex.parameters['componentPath'];
      const path = `/digitaltwins/${ex.parameters['id']}${component ? `/components/${component}` : ''}/telemetry`;
      const r = await api.post(path, ex.parameters['telemetry'], {
        headers: { 'Message-Id': String(ex.parameters['Message-Id']), 'Telemetry-Source-Time': String(ex.parameters['Telemetry-Source-Time']) },
      });
      expectResponse(r, ex);
    }
  });

  it('CreateRelationship Basic/Advanced, GetRelationshipById, GetRelationship(ByRelationshipName), GetIncomingRelationship, PatchRelationship Basic/Advanced', async () => {
    const twin = { $metadata: { $model: INTERFACE }, component1: { $metadata: {} }, myComponent: { $metadata: {} } };
    for (const id of ['mySourceTwin', 'myTargetTwin', 'targetTwinId']) expect((await api.put(`/digitaltwins/${id}`, twin)).status).toBe(200);

    const basic = example('CreateRelationshipBasicExample');
    const created = await api.put(`/digitaltwins/${basic.parameters['id']}/relationships/${basic.parameters['relationshipId']}`, basic.parameters['relationship']);
    expectResponse(created, basic);
    const advanced = example('CreateRelationshipAdvancedExample');
    const replaced = await api.put(`/digitaltwins/${advanced.parameters['id']}/relationships/${advanced.parameters['relationshipId']}`, advanced.parameters['relationship']);
    expectResponse(replaced, advanced);
    expect(replaced.body).toMatchObject({ relationshipProperty1: 1, relationshipProperty2: 'some value' });

    await api.put('/digitaltwins/mySourceTwin/relationships/myRelationshipId',
      { $targetId: 'myTargetTwin', $relationshipName: 'myRelationship', relationshipProperty: 'some value', property: 0 });
    const byId = example('GetRelationshipById');
    expectResponse(await api.get(`/digitaltwins/${byId.parameters['id']}/relationships/${byId.parameters['relationshipId']}`), byId);

    for (const id of ['firstRelationshipId', 'secondRelationshipId']) {
      await api.put(`/digitaltwins/mySourceTwin/relationships/${id}`, { $targetId: 'targetTwinId', $relationshipName: 'myRelationship', property: 1 });
    }
    expectResponse(await api.get('/digitaltwins/mySourceTwin/relationships'), example('GetRelationship'));
    const byName = example('GetRelationshipByRelationshipName');
    expectResponse(await api.get(`/digitaltwins/mySourceTwin/relationships?relationshipName=${byName.parameters['relationshipName']}`), byName);
    const incoming = await api.get('/digitaltwins/targetTwinId/incomingrelationships');
    expectResponse(incoming, example('GetIncomingRelationship'));

    const patchBasic = example('PatchRelationshipBasicExample');
    expectResponse(await api.patch('/digitaltwins/mySourceTwin/relationships/myRelationshipId', patchBasic.parameters['patchDocument']), patchBasic);
    await api.patch('/digitaltwins/mySourceTwin/relationships/myRelationshipId', [
      { op: 'add', path: '/property2', value: 'two' }, { op: 'add', path: '/property3', value: { subProperty1: 'old' } },
    ]);
    const patchAdvanced = example('PatchRelationshipAdvancedExample');
    expectResponse(await api.patch('/digitaltwins/mySourceTwin/relationships/myRelationshipId', patchAdvanced.parameters['patchDocument']), patchAdvanced);
    const after = (await api.get('/digitaltwins/mySourceTwin/relationships/myRelationshipId')).body;
    expect(after).toMatchObject({ property: 1, property1: 1, property3: { subProperty1: 'new value' } });
    expect(after.property2).toBeUndefined();
  });
});
