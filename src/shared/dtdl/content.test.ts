import { describe, it, expect } from 'vitest';
import { ModelIndex } from './model-index';
import { validateModels } from './validate';
import {
  ADT_RELATIONSHIP_MISMATCH_MESSAGE, checkRelationship, isDuration, utf8Length, validateComponentContent,
  validateTwinContent, validateValue,
} from './content';
import type { Schema } from './types';

const V3 = 'dtmi:dtdl:context;3';
type Json = Record<string, unknown>;
const iface = (id: string, extra: Json = {}): Json => ({ '@context': V3, '@id': id, '@type': 'Interface', ...extra });
const prop = (name: string, schema: unknown): Json => ({ '@type': 'Property', name, schema });

const ROOM = 'dtmi:t:Room;1';
const SPACE = 'dtmi:t:Space;1';
const SENSOR = 'dtmi:t:Sensor;1';

function build(): ModelIndex {
  const r = validateModels([
    iface(SPACE, {
      contents: [
        prop('name', 'string'),
        { '@type': 'Relationship', name: 'isPartOf', target: SPACE, properties: [prop('since', 'dateTime'), prop('weight', 'integer')] },
        { '@type': 'Relationship', name: 'near' },
      ],
    }),
    iface(ROOM, {
      extends: SPACE,
      contents: [
        prop('capacity', 'integer'),
        prop('mode', { '@type': 'Enum', valueSchema: 'string', enumValues: [{ name: 'eco', enumValue: 'ECO' }, { name: 'max', enumValue: 'MAX' }] }),
        prop('limits', { '@type': 'Object', fields: [{ name: 'low', schema: 'double' }, { name: 'high', schema: 'double' }] }),
        prop('tags', { '@type': 'Map', mapKey: { name: 'k', schema: 'string' }, mapValue: { name: 'v', schema: 'boolean' } }),
        prop('history', { '@type': 'Array', elementSchema: 'long' }),
        { '@type': 'Telemetry', name: 'temperature', schema: 'double' },
        { '@type': 'Component', name: 'sensor', schema: SENSOR },
        { '@type': 'Relationship', name: 'contains', target: ROOM },
      ],
    }),
    iface(SENSOR, { contents: [prop('battery', 'double'), { '@type': 'Telemetry', name: 'reading', schema: 'double' }] }),
    iface('dtmi:t:Room;2', { extends: SPACE }),
    iface('dtmi:t:MeetingRoom;1', { extends: ROOM }),
  ], new ModelIndex());
  expect(r.diagnostics).toEqual([]);
  return new ModelIndex(r.interfaces);
}

const index = build();
const twin = (extra: Json = {}): Json => ({ $metadata: { $model: ROOM }, sensor: { $metadata: {} }, ...extra });

describe('validateTwinContent', () => {
  it('accepts own and inherited properties, components and server fields echoed back', () => {
    const t = twin({
      $dtId: 'r1', $etag: 'W/"x"', name: 'Room 1', capacity: 4, mode: 'ECO', limits: { low: 1, high: 2.5 }, tags: { a: true },
      history: [1, 2], sensor: { battery: 0.5, $metadata: { $lastUpdateTime: 'x', battery: { lastUpdateTime: 'x', sourceTime: '2024-01-01T00:00:00Z' } } },
    });
    (t.$metadata as Json).$lastUpdateTime = '2024-01-01T00:00:00.0000000Z';
    (t.$metadata as Json).capacity = { sourceTime: '2024-01-01T00:00:00.1234567Z', lastUpdateTime: 'whatever' };
    expect(validateTwinContent(ROOM, t, index)).toEqual([]);
  });

  it('rejects properties that the model and its ancestors do not declare', () => {
    expect(validateTwinContent(ROOM, twin({ colour: 'red' }), index)).toEqual([
      { pointer: '/colour', message: `Property 'colour' is not defined in ${ROOM} nor in the Interfaces it extends.` },
    ]);
  });

  it('rejects telemetry and relationship names as twin properties', () => {
    const problems = validateTwinContent(ROOM, twin({ temperature: 21, contains: 'x' }), index);
    expect(problems.map((p) => p.pointer)).toEqual(['/temperature', '/contains']);
    expect(problems[0]?.message).toContain('telemetry is not stored on twins');
  });

  it('requires every declared component, as an object', () => {
    const missing = validateTwinContent(ROOM, { $metadata: { $model: ROOM } }, index);
    expect(missing).toEqual([{ pointer: '/sensor', message: expect.stringContaining("Twin is missing component 'sensor'") }]);
    expect(validateTwinContent(ROOM, twin({ sensor: 5 }), index)).toEqual([{ pointer: '/sensor', message: expect.stringContaining('must be a JSON object') }]);
    expect(validateTwinContent(ROOM, twin({ sensor: null }), index)).toHaveLength(1);
  });

  it('validates component contents against the component interface', () => {
    const problems = validateTwinContent(ROOM, twin({ sensor: { battery: 'full', reading: 3, $metadata: { $model: SENSOR } } }), index);
    expect(problems.map((p) => p.pointer)).toEqual(['/sensor/battery', '/sensor/reading', '/sensor/$metadata/$model']);
  });

  it('restricts $metadata to $model and per-property sourceTime', () => {
    const check = (meta: Json) => validateTwinContent(ROOM, twin({ $metadata: { $model: ROOM, ...meta } }), index).map((p) => p.pointer);
    expect(check({ name: { sourceTime: '2024-05-01T10:00:00+02:00' } })).toEqual([]);
    expect(check({ name: { sourceTime: 'yesterday' } })).toEqual(['/$metadata/name/sourceTime']);
    expect(check({ name: { desiredValue: 1 } })).toEqual(['/$metadata/name/desiredValue']);
    expect(check({ colour: { sourceTime: '2024-05-01T10:00:00Z' } })).toEqual(['/$metadata/colour']);
    expect(check({ $foo: 1 })).toEqual(['/$metadata/$foo']);
    // Server timestamps of a property the (new) model no longer declares are tolerated, client data is not.
    expect(check({ colour: { lastUpdateTime: '2024-05-01T10:00:00Z' } })).toEqual([]);
    expect(check({ $model: 'dtmi:t:Other;1' })).toEqual(['/$metadata/$model']);
    expect(validateTwinContent(ROOM, { ...twin(), $metadata: 'x' }, index).map((p) => p.pointer)).toEqual(['/$metadata']);
    expect(validateTwinContent(ROOM, twin({ $relationships: 'x' }), index).map((p) => p.pointer)).toEqual(['/$relationships']);
  });

  it('accepts null as a property value', () => {
    expect(validateTwinContent(ROOM, twin({ capacity: null, limits: { low: null } }), index)).toEqual([]);
  });

  it('reports unknown models and models with missing dependencies', () => {
    expect(validateTwinContent('dtmi:t:Nope;1', {}, index)).toEqual([{ pointer: '/$metadata/$model', message: 'dtmi:t:Nope;1 or one of its dependencies does not exist.' }]);
    const partial = build();
    partial.remove(SENSOR);
    expect(validateTwinContent(ROOM, twin(), partial)[0]?.message).toBe(`${ROOM} or one of its dependencies does not exist.`);
  });
});

describe('validateComponentContent', () => {
  it('validates a component object on its own', () => {
    expect(validateComponentContent(SENSOR, { battery: 1, $metadata: {} }, index)).toEqual([]);
    expect(validateComponentContent(SENSOR, { battery: true }, index).map((p) => p.pointer)).toEqual(['/battery']);
    expect(validateComponentContent(SENSOR, { $metadata: { $model: SENSOR } }, index).map((p) => p.pointer)).toEqual(['/$metadata/$model']);
    expect(validateComponentContent('dtmi:t:Nope;1', {}, index)).toHaveLength(1);
  });
});

describe('value checks', () => {
  const ok = (schema: Schema, v: unknown) => expect(validateValue(schema, v), JSON.stringify(v)).toEqual([]);
  const bad = (schema: Schema, v: unknown) => expect(validateValue(schema, v), JSON.stringify(v)).toHaveLength(1);
  const p = (name: string): Schema => ({ kind: 'primitive', name });

  it('integer is a 32-bit whole number, long any whole number', () => {
    ok(p('integer'), 2147483647); ok(p('integer'), -2147483648);
    bad(p('integer'), 2147483648); bad(p('integer'), 1.5); bad(p('integer'), '1');
    ok(p('long'), 2 ** 40); bad(p('long'), 0.5); bad(p('long'), 2 ** 64);
  });
  it('double and float are numbers, float within single precision', () => {
    ok(p('double'), 1e300); ok(p('double'), 3); bad(p('double'), '3');
    ok(p('float'), 3.5); bad(p('float'), 1e39);
  });
  it('boolean and string (at most 4 KB of UTF-8)', () => {
    ok(p('boolean'), false); bad(p('boolean'), 0);
    ok(p('string'), 'x'.repeat(4096)); bad(p('string'), 'x'.repeat(4097));
    ok(p('string'), 'é'.repeat(2048)); bad(p('string'), 'é'.repeat(2049));
    expect(utf8Length('a€😀')).toBe(1 + 3 + 4);
  });
  it('temporal values are ISO 8601 strings', () => {
    ok(p('date'), '2020-02-29'); bad(p('date'), '2021-02-29'); bad(p('date'), '2021-1-1');
    ok(p('dateTime'), '2021-11-30T18:47:53.7648958Z'); ok(p('dateTime'), '2021-11-30T18:47:53+01:00'); ok(p('dateTime'), '2021-11-30T18:47:53');
    bad(p('dateTime'), '2021-11-30'); bad(p('dateTime'), '2021-11-30T25:00:00Z'); bad(p('dateTime'), 1638297600000);
    ok(p('time'), '18:47:53'); ok(p('time'), '18:47:53.5Z'); bad(p('time'), '18:47');
    ok(p('duration'), 'P1DT2H'); ok(p('duration'), 'PT0.5S'); ok(p('duration'), 'P2W');
    bad(p('duration'), 'P'); bad(p('duration'), 'PT'); bad(p('duration'), '1 hour');
    expect(isDuration('P1Y2M3DT4H5M6S')).toBe(true);
  });
  it('enums match by value, not by name', () => {
    const e: Schema = { kind: 'enum', valueSchema: 'integer', values: [{ name: 'on', value: 1 }] };
    ok(e, 1); bad(e, 'on'); bad(e, 2);
  });
  it('objects reject unknown fields, maps check values, arrays check elements and refuse null', () => {
    const o: Schema = { kind: 'object', fields: [{ name: 'x', schema: p('double') }] };
    ok(o, { x: 1 }); ok(o, {}); bad(o, { y: 1 }); bad(o, { x: 'a' }); bad(o, [1]);
    const m: Schema = { kind: 'map', keySchema: 'string', valueSchema: p('integer') };
    ok(m, { a: 1, b: null }); bad(m, { a: 1.5 }); bad(m, 'a');
    const a: Schema = { kind: 'array', elementSchema: p('string') };
    ok(a, ['a', 'b']); ok(a, []); bad(a, ['a', 1]); bad(a, [null]); bad(a, 'a');
    expect(validateValue(a, ['a', 1, 'c'], '/list')).toEqual([{ pointer: '/list/1', message: "'list/1' must be a string; got the number 1." }]);
  });
  it('geospatial values are GeoJSON objects', () => {
    ok(p('point'), { type: 'Point', coordinates: [47.6, -122.1] });
    bad(p('point'), { type: 'Point', coordinates: [47.6] }); bad(p('point'), [47.6, -122.1]); bad(p('point'), { type: 'LineString', coordinates: [[1, 2], [3, 4]] });
    ok(p('lineString'), { type: 'LineString', coordinates: [[1, 2], [3, 4]] }); bad(p('lineString'), { type: 'LineString', coordinates: [[1, 2]] });
    const ring = [[0, 0], [1, 0], [1, 1], [0, 0]];
    ok(p('polygon'), { type: 'Polygon', coordinates: [ring] }); bad(p('polygon'), { type: 'Polygon', coordinates: [ring.slice(0, 3).concat([[2, 2]])] });
    ok(p('multiPoint'), { type: 'MultiPoint', coordinates: [[1, 2]] });
    ok(p('multiLineString'), { type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]]] });
    ok(p('multiPolygon'), { type: 'MultiPolygon', coordinates: [[ring]] }); bad(p('multiPolygon'), { type: 'MultiPolygon', coordinates: [ring] });
  });
});

describe('checkRelationship', () => {
  it('accepts a declared (also inherited) relationship to a compatible target', () => {
    expect(checkRelationship(ROOM, 'isPartOf', SPACE, { since: '2024-01-01T00:00:00Z' }, index)).toBeNull();
    expect(checkRelationship(ROOM, 'isPartOf', 'dtmi:t:MeetingRoom;1', {}, index)).toBeNull();
    expect(checkRelationship(ROOM, 'near', 'dtmi:t:Sensor;1', {}, index)).toBeNull();
    // A target twin without a (known) model can still be targeted.
    expect(checkRelationship(ROOM, 'contains', undefined, {}, index)).toBeNull();
    expect(checkRelationship(ROOM, 'isPartOf', SPACE, { $relationshipId: 'r', $sourceId: 'a', $targetId: 'b', $relationshipName: 'isPartOf', $etag: 'x' }, index)).toBeNull();
  });

  it('rejects an undeclared relationship name with the ADT message', () => {
    expect(checkRelationship(ROOM, 'owns', SPACE, {}, index)).toEqual({ code: 'InvalidRelationship', message: ADT_RELATIONSHIP_MISMATCH_MESSAGE });
    expect(checkRelationship(ROOM, 'capacity', SPACE, {}, index)?.code).toBe('InvalidRelationship');
    expect(checkRelationship('dtmi:t:Nope;1', 'isPartOf', SPACE, {}, index)?.code).toBe('InvalidRelationship');
  });

  it('rejects a target twin whose model is not the target nor extends it (versions are not widened)', () => {
    expect(checkRelationship(ROOM, 'contains', SPACE, {}, index)).toEqual({ code: 'InvalidRelationship', message: ADT_RELATIONSHIP_MISMATCH_MESSAGE });
    expect(checkRelationship(ROOM, 'contains', 'dtmi:t:Room;2', {}, index)?.code).toBe('InvalidRelationship');
    expect(checkRelationship(ROOM, 'contains', 'dtmi:t:MeetingRoom;1', {}, index)).toBeNull();
  });

  it('validates relationship properties', () => {
    expect(checkRelationship(ROOM, 'isPartOf', SPACE, { weight: 1.5 }, index)).toEqual({ code: 'ValidationFailed', message: "'weight' must be an integer (a 32-bit whole number); got the number 1.5." });
    expect(checkRelationship(ROOM, 'isPartOf', SPACE, { colour: 'red' }, index)?.code).toBe('ValidationFailed');
    expect(checkRelationship(ROOM, 'isPartOf', SPACE, { $weird: 1 }, index)?.code).toBe('ValidationFailed');
  });
});
