import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enc, startTestEmulator } from '../test-support';
import type { CallResult, TestApi, TestEmulator } from '../test-support';

/**
 * One test per exchange with the live service that the emulator matches: the request the recording shows, and the
 * status, content type, error code and message it recorded. Recordings are cited by repository and path:
 *   NET = github.com/Azure/azure-sdk-for-net, sdk/digitaltwins/Azure.DigitalTwins.Core/tests/SessionRecords/
 *   JS  = github.com/Azure/azure-sdk-for-js, sdk/digitaltwins/digital-twins-core/recordings/
 * Ids and etags are the test's own; everything else is compared as recorded.
 */

let t: TestEmulator;
let api: TestApi;

const JSON_UTF8 = 'application/json; charset=utf-8';

function expectAdtError(r: CallResult, status: number, code: string, message: string | RegExp): void {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toBe(JSON_UTF8);
  expect(Object.keys(r.body)).toEqual(['error']);
  expect(r.body.error.code).toBe(code);
  if (typeof message === 'string') expect(r.body.error.message).toBe(message);
  else expect(r.body.error.message).toMatch(message);
  // Recordings since 2023 carry the code in a header too.
  expect(r.headers.get('x-ms-error-code')).toBe(code);
}

const room = {
  '@id': 'dtmi:example:room;1', '@type': 'Interface', displayName: 'Room', description: 'An enclosure inside a building.',
  '@context': 'dtmi:dtdl:context;2',
  contents: [
    { '@type': 'Relationship', name: 'containedIn', target: 'dtmi:example:floor;1' },
    { '@type': 'Property', name: 'Temperature', schema: 'double' },
    { '@type': 'Property', name: 'Humidity', schema: 'double' },
    { '@type': 'Property', name: 'IsOccupied', schema: 'boolean' },
    { '@type': 'Property', name: 'EmployeeId', schema: 'string' },
  ],
};
const relModels = [
  {
    '@id': 'dtmi:samples:DTRelationshipsTestsBuilding;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', displayName: 'Building',
    contents: [
      { '@type': 'Relationship', name: 'has', target: 'dtmi:samples:DTRelationshipsTestsFloor;1',
        properties: [{ '@type': 'Property', name: 'isAccessRestricted', schema: 'boolean' }] },
      { '@type': 'Property', name: 'AverageTemperature', schema: 'double' },
    ],
  },
  {
    '@id': 'dtmi:samples:DTRelationshipsTestsFloor;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', displayName: 'Floor',
    contents: [{ '@type': 'Property', name: 'AverageTemperature', schema: 'double' }],
  },
];

beforeAll(async () => {
  t = await startTestEmulator();
  api = t.api;
  expect((await api.post('/models', [room, ...relModels])).status).toBe(201);
  expect((await api.put('/digitaltwins/roomTwin1', {
    $metadata: { $model: 'dtmi:example:room;1' }, Temperature: 80, Humidity: 25, IsOccupied: true, EmployeeId: 'Employee1',
  })).status).toBe(200);
  await api.put('/digitaltwins/BuildingTwin', { $metadata: { $model: relModels[0]!['@id'] }, AverageTemperature: 68 });
  await api.put('/digitaltwins/FloorTwin', { $metadata: { $model: relModels[1]!['@id'] }, AverageTemperature: 75 });
  expect((await api.put('/digitaltwins/BuildingTwin/relationships/BuildingHasFloor', {
    $relationshipId: 'BuildingHasFloor', $sourceId: 'BuildingTwin', $relationshipName: 'has', $targetId: 'FloorTwin', isAccessRestricted: false,
  })).status).toBe(200);
});
afterAll(async () => t.close());

async function snapshot(path: string): Promise<string> {
  return (await api.get(path)).text;
}

describe('recorded exchanges with the live service', () => {
  it('NET DigitalTwinTests/DigitalTwins_PatchTwinFailsIfInvalidETagProvided.json: a stale If-Match on a twin patch', async () => {
    const before = await api.get('/digitaltwins/roomTwin1');
    const stale = before.headers.get('etag')!;
    expect((await api.patch('/digitaltwins/roomTwin1', [{ op: 'replace', path: '/Temperature', value: 70 }], { headers: { 'If-Match': '*' } })).status).toBe(204);
    const after = await snapshot('/digitaltwins/roomTwin1');
    const r = await api.patch('/digitaltwins/roomTwin1', [{ op: 'replace', path: '/Humidity', value: 80 }], { headers: { 'If-Match': stale } });
    expectAdtError(r, 412, 'PreconditionFailed',
      `The provided etag ${stale} doesn't match the current etag for the resource. Please obtain and provide the latest etag by getting the resource. See section on get apis in the documentation https://aka.ms/adtv2twins.`);
    expect(await snapshot('/digitaltwins/roomTwin1')).toBe(after);
  });

  it('JS node/digitaltwins_models__create_read_list_delete_operations/recording_create_models_empty.json: an empty model array', async () => {
    const r = await api.post('/models', []);
    expectAdtError(r, 400, 'InvalidArgument',
      'Operation failed as models provided was empty or of a type that is not supported.. Check that your Model Array contains at least one item and it is of a supported type. See link(https://aka.ms/ADTv2Models) for details.');
  });

  it('JS node/digitaltwins_models__create_read_list_delete_operations/recording_create_model_invalid_model.json: a model without @id', async () => {
    const r = await api.post('/models', [{
      '@context': 'dtmi:dtdl:context;2', displayName: 'Component1',
      contents: [{ '@type': 'Property', name: 'ComponentProp1', schema: 'string' }, { '@type': 'Telemetry', name: 'ComponentTelemetry1', schema: 'integer' }],
    }]);
    expectAdtError(r, 400, 'DTDLParserError',
      "None of the models in this request could be created due to a problem with one or more models: In source, top-level JSON element requires an identifer but none provided. Add an '@id' property whose value is a string that conforms to the DTMI syntax -- see https://github.com/Azure/digital-twin-model-identifier.. See model documentation(https://aka.ms/ADTv2Models) for supported format.");
  });

  it('JS node/digitaltwins_models__create_read_list_delete_operations/recording_create_model_invalid_reference.json: a component schema that is no DTMI', async () => {
    const r = await api.post('/models', [{
      '@id': 'dtmi:samples:DTModelTestsModel;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', displayName: 'TempModel',
      contents: [
        { '@type': 'Property', name: 'Prop1', schema: 'string' },
        { '@type': 'Component', name: 'Component1', schema: 'XXX' },
        { '@type': 'Telemetry', name: 'Telemetry1', schema: 'integer' },
      ],
    }]);
    expectAdtError(r, 400, 'DTDLParserError',
      "None of the models in this request could be created due to a problem with one or more models: dtmi:samples:DTModelTestsModel;1 has 'contents' value with name 'Component1' whose property 'schema' has value 'XXX' that is neither a valid DTMI reference nor a DTDL term. Replace the value of property 'schema' with a valid DTMI reference or a term defined by DTDL -- see https://github.com/Azure/opendigitaltwins-dtdl/tree/master/DTDL. | dtmi:samples:DTModelTestsModel;1 has 'contents' value with name 'Component1' whose property 'schema' has no valid value but one is required. Provide a value for 'schema' that is either an element definition or a DTMI reference.. See model documentation(https://aka.ms/ADTv2Models) for supported format.");
    expect((await api.get(`/models/${enc('dtmi:samples:DTModelTestsModel;1')}`)).status).toBe(404);
  });

  it('NET DigitalTwinTests/DigitalTwins_PatchTwinFailsIfInvalidETagProvided.json: a relationship target model that is not uploaded is accepted', async () => {
    // The recording uploads the room model while its relationship target (the floor model) answers 404: 201.
    const r = await api.post('/models', [{ ...room, '@id': 'dtmi:example:room;2', contents: [room.contents[0]] }]);
    expect(r.status).toBe(201);
  });

  const relPath = '/digitaltwins/BuildingTwin/relationships/BuildingHasFloor';
  const patchHelp = 'Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.';

  it('JS browsers/digitaltwins_relationships__create_read_list_delete_operations/recording_update_relationship_invalid_patch.json: op move', async () => {
    const before = await snapshot(relPath);
    const r = await api.patch(relPath, [{ op: 'move', path: '/isAccessRestricted' }]);
    expectAdtError(r, 400, 'JsonPatchInvalid', `Unsupported operation type move. ${patchHelp}`);
    expect(await snapshot(relPath)).toBe(before);
  });

  it('JS browsers/digitaltwins_relationships__create_read_list_delete_operations/recording_update_relationship_invalid_patch.json: remove of a property the relationship lacks', async () => {
    const before = await snapshot(relPath);
    const r = await api.patch(relPath, [{ op: 'remove', path: '/isAccessDoorRestricted' }]);
    expectAdtError(r, 400, 'JsonPatchInvalid', `The target location specified by path segment 'isAccessDoorRestricted' was not found. ${patchHelp}`);
    expect(await snapshot(relPath)).toBe(before);
  });

  it('JS browsers/digitaltwins_relationships__create_read_list_delete_operations/recording_update_relationship_invalid_patch.json: a property map instead of a patch', async () => {
    const before = await snapshot(relPath);
    const r = await api.patch(relPath, [{ isAccessRestricted: false }]);
    expectAdtError(r, 400, 'JsonPatchInvalid', `Parameter op must not be empty. ${patchHelp}`);
    expect(await snapshot(relPath)).toBe(before);
  });

  it('JS browsers/digitaltwins_relationships__create_read_list_delete_operations/recording_update_relationship_invalid_patch.json: an empty operation', async () => {
    const r = await api.patch(relPath, [{}]);
    expectAdtError(r, 400, 'JsonPatchInvalid', `Parameter op must not be empty. ${patchHelp}`);
  });

  it('JS browsers/digitaltwins__create_read_update_delete_and_telemetry_operations/recording_update_digital_twin_invalid_patch.json: op move on a twin', async () => {
    const r = await api.patch('/digitaltwins/roomTwin1', [{ op: 'move', path: '/Temperature', value: 42 }]);
    expectAdtError(r, 400, 'JsonPatchInvalid', `Unsupported operation type move. ${patchHelp}`);
  });

  it('NET EventRouteTests/EventRoutes_EventRouteNotExist_ThrowsNotFoundException.json: an unknown route', async () => {
    const r = await api.get('/eventroutes/someNonExistantEventRoute');
    expectAdtError(r, 404, 'EventRouteNotFound',
      'There is no route available that matches the provided input. Check for all valid event routes by calling EventRoute_List. See Swagger example (https://aka.ms/RouteSwSmpl).');
  });

  it('NET EventRouteTests/EventRoutes_MalformedEventRouteFilter_ThrowsBadRequestException.json: a filter that does not parse', async () => {
    const r = await api.put('/eventroutes/someEventRouteId', { endpointName: 'live', filter: 'this is not a valid filter string' });
    // The frame and link are as recorded; the parser's own sentence differs (README, known differences).
    expectAdtError(r, 400, 'EventRouteFilterInvalid',
      /^The provided filter is invalid\. Parsing error, Line=1, Position=\d+, Message=.+\. See event route documentation for supported values and structure \(https:\/\/aka\.ms\/ADTv2Routes\)\.$/);
  });

  it('NET ImportTests/Import_MalformedInput_ThrowsBadRequest.json: an unknown job, then blob URIs that are no URIs', async () => {
    expectAdtError(await api.get('/jobs/imports/job1380737140'), 404, 'JobNotFound',
      'There is no job available that matches the provided id job1380737140. Check that the Job ID provided is valid by doing a Jobs_List API call.');
    const r = await api.put('/jobs/imports/job1380737140', { inputBlobUri: 'invalidUri', outputBlobUri: 'invalidOutputUri' });
    expectAdtError(r, 400, 'InvalidArgument',
      "Azure Storage Blob URI 'invalidUri' failed validation. Invalid URI: The format of the URI could not be determined. Please check: https://docs.microsoft.com/en-us/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata");
    expect((await api.get('/jobs/imports/job1380737140')).status).toBe(404);
  });
});

describe('answers of the live service reported outside the recordings', () => {
  it('a reference to a model that is neither uploaded nor in the request fails in the resolver (github.com/RealEstateCore/rec, issue 154)', async () => {
    const r = await api.post('/models', [{
      '@id': 'dtmi:test:Child;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', extends: 'dtmi:test:Missing;1',
      contents: [{ '@type': 'Component', name: 'c', schema: 'dtmi:test:Missing;1' }, { '@type': 'Component', name: 'd', schema: 'dtmi:test:Other;1' }],
    }]);
    expectAdtError(r, 400, 'DTDLParserError',
      'None of the models in this request could be created due to a problem with one or more models: DtmiResolverAsync failed to resolve requisite references to element(s): dtmi:test:Missing;1 (referenced in 2 places), dtmi:test:Other;1 (referenced in 1 place). See model documentation(https://aka.ms/ADTv2Models) for supported format.');
  });

  it('a model without @context gets the DTDL parser\'s missingContext sentence', async () => {
    const r = await api.post('/models', [{ '@id': 'dtmi:test:NoContext;1', '@type': 'Interface' }]);
    expectAdtError(r, 400, 'DTDLParserError', /: In source, top-level JSON object has no @context specifier\. Add a '@context' property whose value is a valid DTDL context specifier, such as 'dtmi:dtdl:context;3'\.\. See model documentation\(https:\/\/aka\.ms\/ADTv2Models\)/);
  });

  it('POST /models without a body: 400 BadRequest with ASP.NET\'s text', async () => {
    const r = await api.call('POST', '/models', { headers: { 'content-type': 'application/json' } });
    expectAdtError(r, 400, 'BadRequest', 'A non-empty request body is required.');
  });

  it('a patch of plain strings (a dictionary handed to an SDK as a patch) is ASP.NET\'s validation problem, without an error object', async () => {
    const before = await snapshot('/digitaltwins/roomTwin1');
    const r = await api.patch('/digitaltwins/roomTwin1', ['Temperature', 'Humidity']);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(r.headers.get('x-ms-error-code')).toBeNull();
    expect(r.body).toMatchObject({
      type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: {
        '[0]': ["Error converting value \"Temperature\" to type 'Microsoft.AspNetCore.JsonPatch.Operations.Operation'. Path '[0]'."],
        '[1]': ["Error converting value \"Humidity\" to type 'Microsoft.AspNetCore.JsonPatch.Operations.Operation'. Path '[1]'."],
      },
    });
    expect(r.body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(r.body).not.toHaveProperty('error');
    expect(await snapshot('/digitaltwins/roomTwin1')).toBe(before);
  });
});
