import { describe, it, expect } from 'vitest';
import { ModelIndex } from './model-index';
import { parseDtdlText } from './parse';
import { formatDiagnostics, parseInterfaces, validateModels } from './validate';
import type { Diagnostic, RelationshipInfo } from './types';

const V2 = 'dtmi:dtdl:context;2';
const V3 = 'dtmi:dtdl:context;3';
const QT = 'dtmi:dtdl:extension:quantitativeTypes;1';

type Json = Record<string, unknown>;
const iface = (id: string, extra: Json = {}, context: unknown = V3): Json => ({ '@context': context, '@id': id, '@type': 'Interface', ...extra });
const v2 = (id: string, extra: Json = {}): Json => iface(id, extra, V2);
const prop = (name: string, schema: unknown, extra: Json = {}): Json => ({ '@type': 'Property', name, schema, ...extra });
const tel = (name: string, schema: unknown, extra: Json = {}): Json => ({ '@type': 'Telemetry', name, schema, ...extra });
const rel = (name: string, extra: Json = {}): Json => ({ '@type': 'Relationship', name, ...extra });
const comp = (name: string, schema: unknown): Json => ({ '@type': 'Component', name, schema });

function run(docs: unknown[], index = new ModelIndex()): Diagnostic[] {
  return validateModels(docs, index).diagnostics;
}
function codes(docs: unknown[], index?: ModelIndex): string[] {
  return run(docs, index).map((d) => d.code);
}
function expectOk(docs: unknown[], index?: ModelIndex): void {
  const r = validateModels(docs, index ?? new ModelIndex());
  expect(r.diagnostics).toEqual([]);
  expect(r.ok).toBe(true);
}
/** Wraps a schema into a v3 (or v2) Property on a fresh interface. */
function withProperty(schema: unknown, context: unknown = V3, extra: Json = {}): Json[] {
  return [iface('dtmi:t:M;1', { contents: [prop('p', schema)], ...extra }, context)];
}
function nest(depth: number): unknown {
  let s: unknown = 'double';
  for (let i = 0; i < depth; i++) s = { '@type': 'Object', fields: [{ name: 'f', schema: s }] };
  return s;
}

describe('@context', () => {
  it('accepts v2, v3 and v3 with extension contexts', () => {
    expectOk([v2('dtmi:t:A;1'), iface('dtmi:t:B;1'), iface('dtmi:t:C;1', {}, [V3, QT, 'dtmi:dtdl:extension:historization;1'])]);
  });
  it('rejects a missing, unknown or misplaced context', () => {
    expect(codes([{ '@id': 'dtmi:t:A;1', '@type': 'Interface' }])).toEqual(['invalid-context']);
    expect(codes([iface('dtmi:t:A;1', {}, 'dtmi:dtdl:context;4')])).toEqual(['unsupported-version']);
    expect(codes([iface('dtmi:t:A;1', {}, [QT, V3])])).toEqual(['invalid-context']);
    expect(codes([iface('dtmi:t:A;1', {}, [V3, 'dtmi:dtdl:extension:nope;1'])])).toEqual(['invalid-context']);
    expect(codes([iface('dtmi:t:A;1', {}, [V2, QT])])).toEqual(['invalid-context']);
  });
});

describe('top-level elements and ids', () => {
  it('accepts v3 versionless and two-part ids', () => {
    expectOk([iface('dtmi:t:A'), iface('dtmi:t:B;2.5')]);
  });
  it('only accepts Interface objects with a valid id', () => {
    expect(codes(['x'])).toEqual(['invalid-document']);
    expect(codes([{ '@context': V3, '@id': 'dtmi:t:A;1', '@type': 'Property', name: 'x', schema: 'double' }])).toEqual(['invalid-type']);
    const missing = run([{ '@context': V3, '@type': 'Interface' }]);
    expect(missing).toEqual([expect.objectContaining({ code: 'missing-property', pointer: '/0', message: expect.stringContaining('requires an identifier') })]);
    expect(codes([v2('dtmi:t:A')])).toEqual(['invalid-dtmi']);
    expect(codes([iface('dtmi:dtdl:A;1')])).toEqual(['invalid-dtmi']);
    expect(codes([iface('dtmi:t:_A;1')])).toEqual(['invalid-dtmi']);
    expect(codes([iface(`dtmi:t:${'a'.repeat(130)};1`)])).toEqual(['invalid-dtmi']);
  });
  it('limits a model to 1 MiB', () => {
    expectOk([iface('dtmi:t:A;1', { description: { en: 'x' }, comment: 'c' })]);
    const big = iface('dtmi:t:A;1', { contents: Array.from({ length: 2200 }, (_, i) => prop(`p${i}`, 'double', { description: { en: 'x'.repeat(500) } })) });
    expect(JSON.stringify(big).length).toBeGreaterThan(1024 * 1024);
    expect(codes([big])).toEqual(['limit']);
  });
  it('rejects unknown properties on an Interface', () => {
    expect(codes([iface('dtmi:t:A;1', { colour: 'red' })])).toEqual(['unknown-property']);
  });
  it('rejects duplicate ids in a batch and ids that already exist', () => {
    const d = run([iface('dtmi:t:A;1'), iface('dtmi:t:A;1')]);
    expect(d).toEqual([expect.objectContaining({ code: 'duplicate-id', pointer: '/1/@id', modelId: 'dtmi:t:A;1' })]);
    const index = new ModelIndex(validateModels([iface('dtmi:t:A;1')], new ModelIndex()).interfaces);
    expect(codes([iface('dtmi:t:A;1')], index)).toEqual(['model-exists']);
  });
  it('rejects duplicate element ids inside an interface', () => {
    const enumSchema = (id: string) => ({ '@id': id, '@type': 'Enum', valueSchema: 'string', enumValues: [{ name: 'a', enumValue: 'a' }] });
    expectOk([iface('dtmi:t:A;1', { schemas: [enumSchema('dtmi:t:A:e;1'), enumSchema('dtmi:t:A:f;1')] })]);
    expect(codes([iface('dtmi:t:A;1', { schemas: [enumSchema('dtmi:t:A:e;1'), enumSchema('dtmi:t:A:e;1')] })])).toEqual(['duplicate-id']);
  });
});

describe('content types', () => {
  it('accepts Property, Telemetry, Relationship and Component', () => {
    expectOk([iface('dtmi:t:C;1'), iface('dtmi:t:A;1', { contents: [prop('p', 'double'), tel('t', 'double'), rel('r'), comp('c', 'dtmi:t:C;1')] })]);
  });
  it('rejects Commands (ADT does not support them) and unknown or missing types', () => {
    expect(codes([iface('dtmi:t:A;1', { contents: [{ '@type': 'Command', name: 'reboot' }] })])).toEqual(['unsupported-type']);
    expect(codes([iface('dtmi:t:A;1', { contents: [{ '@type': 'Gadget', name: 'x' }] })])).toEqual(['invalid-type']);
    expect(codes([iface('dtmi:t:A;1', { contents: [{ name: 'x', schema: 'double' }] })])).toEqual(['missing-property']);
    expect(codes([iface('dtmi:t:A;1', { contents: 'x' })])).toEqual(['invalid-value']);
    expectOk([iface('dtmi:t:A;1', { contents: prop('single', 'double') })]);
    expect(codes([iface('dtmi:t:A;1', { contents: [{ '@type': ['Property', 'Telemetry'], name: 'x', schema: 'double' }] })])).toEqual(['invalid-type']);
  });
  it('checks writable', () => {
    expectOk(withProperty('double', V3).map((d) => ({ ...d, contents: [prop('p', 'double', { writable: true })] })));
    expect(codes([iface('dtmi:t:A;1', { contents: [prop('p', 'double', { writable: 'yes' })] })])).toEqual(['invalid-value']);
  });
});

describe('co-types and units', () => {
  it('accepts semantic types natively in v2 and with the QuantitativeTypes extension in v3', () => {
    expectOk([v2('dtmi:t:A;1', { contents: [tel('t', 'double', { '@type': ['Telemetry', 'Temperature'], unit: 'degreeCelsius' })] })]);
    expectOk([iface('dtmi:t:B;1', { contents: [prop('p', 'integer', { '@type': ['Property', 'Temperature'], unit: 'kelvin' })] }, [V3, QT])]);
  });
  it('requires the extension in v3 and checks the unit and the schema', () => {
    const content = prop('p', 'double', { '@type': ['Property', 'Temperature'], unit: 'degreeCelsius' });
    expect(codes([iface('dtmi:t:A;1', { contents: [content] })])).toEqual(['missing-extension']);
    expect(codes([iface('dtmi:t:A;1', { contents: [{ ...content, unit: 'metre' }] }, [V3, QT])])).toEqual(['invalid-unit']);
    expect(codes([iface('dtmi:t:A;1', { contents: [{ ...content, schema: 'string' }] }, [V3, QT])])).toEqual(['invalid-value']);
    expect(codes([iface('dtmi:t:A;1', { contents: [rel('r', { '@type': ['Relationship', 'Temperature'] })] }, [V3, QT])])).toEqual(['invalid-type']);
  });
  it('allows undefined co-types, which permit extra properties', () => {
    expectOk([iface('dtmi:t:A;1', { contents: [prop('p', 'double', { '@type': ['Property', 'Commercial'], price: 3 })] })]);
    expect(codes([iface('dtmi:t:A;1', { contents: [prop('p', 'double', { price: 3 })] })])).toEqual(['unknown-property']);
    expect(codes([iface('dtmi:t:A;1', { contents: [prop('p', 'double', { unit: 'metre' })] })])).toEqual(['unknown-property']);
  });
  it('gates extension adjunct types on their context', () => {
    const h = prop('p', 'double', { '@type': ['Property', 'Historized'] });
    expectOk([iface('dtmi:t:A;1', { contents: [h] }, [V3, 'dtmi:dtdl:extension:historization;1'])]);
    expect(codes([iface('dtmi:t:A;1', { contents: [h] })])).toEqual(['missing-extension']);
  });
});

describe('names', () => {
  it('accepts valid names up to the version limit', () => {
    expectOk([v2('dtmi:t:A;1', { contents: [prop(`a${'b'.repeat(62)}9`, 'double'), prop('x_1', 'double')] })]);
    expectOk([iface('dtmi:t:B;1', { contents: [prop('a'.repeat(512), 'double')] })]);
  });
  it('rejects malformed, too long and duplicate names', () => {
    for (const bad of ['1abc', 'a-b', 'abc_', '_a', '']) {
      expect(codes([iface('dtmi:t:A;1', { contents: [prop(bad, 'double')] })]), bad).toEqual(['invalid-name']);
    }
    expect(codes([v2('dtmi:t:A;1', { contents: [prop('a'.repeat(65), 'double')] })])).toEqual(['limit']);
    expect(codes([iface('dtmi:t:A;1', { contents: [prop('a'.repeat(513), 'double')] })])).toEqual(['limit']);
    const d = run([iface('dtmi:t:A;1', { contents: [prop('x', 'double'), tel('x', 'double')] })]);
    expect(d).toEqual([expect.objectContaining({ code: 'duplicate-name', pointer: '/0/contents/1/name' })]);
  });
  it('rejects redeclaring an inherited name, and conflicting inherited names', () => {
    const base = iface('dtmi:t:Base;1', { contents: [prop('x', 'double')] });
    expectOk([base, iface('dtmi:t:Sub;1', { extends: 'dtmi:t:Base;1', contents: [prop('y', 'double')] })]);
    const d = run([base, iface('dtmi:t:Sub;1', { extends: 'dtmi:t:Base;1', contents: [prop('x', 'double')] })]);
    expect(d).toEqual([expect.objectContaining({ code: 'duplicate-name', pointer: '/1/contents/0/name', message: expect.stringContaining("'dtmi:t:Base;1'") })]);
    const other = iface('dtmi:t:Other;1', { contents: [tel('x', 'double')] });
    expect(codes([base, other, iface('dtmi:t:Sub;1', { extends: ['dtmi:t:Base;1', 'dtmi:t:Other;1'] })])).toEqual(['duplicate-name']);
  });
  it('accepts a diamond that inherits the same content twice', () => {
    expectOk([
      iface('dtmi:t:Root;1', { contents: [prop('x', 'double')] }),
      iface('dtmi:t:L;1', { extends: 'dtmi:t:Root;1' }), iface('dtmi:t:R;1', { extends: 'dtmi:t:Root;1' }),
      iface('dtmi:t:D;1', { extends: ['dtmi:t:L;1', 'dtmi:t:R;1'] }),
    ]);
  });
});

describe('schemas', () => {
  it('accepts every primitive, including geospatial ones in v3 properties', () => {
    const prims = ['boolean', 'date', 'dateTime', 'double', 'duration', 'float', 'integer', 'long', 'string', 'time',
      'point', 'lineString', 'polygon', 'multiPoint', 'multiLineString', 'multiPolygon'];
    expectOk([iface('dtmi:t:A;1', { contents: prims.map((s, i) => prop(`p${i}`, s)) })]);
  });
  it('rejects unknown schema names', () => {
    expect(codes(withProperty('decimal'))).toEqual(['unknown-schema']);
    expect(codes(withProperty(42))).toEqual(['invalid-value']);
    expect(codes([iface('dtmi:t:A;1', { contents: [{ '@type': 'Property', name: 'p' }] })])).toEqual(['missing-property']);
  });
  it('allows Arrays in v2 Telemetry but nowhere in a v2 Property schema', () => {
    const arr = { '@type': 'Array', elementSchema: 'double' };
    expectOk([v2('dtmi:t:A;1', { contents: [tel('t', arr), tel('g', 'point')] })]);
    expectOk(withProperty({ '@type': 'Map', mapKey: { name: 'k', schema: 'string' }, mapValue: { name: 'v', schema: arr } }));
    expect(codes(withProperty(arr, V2))).toEqual(['invalid-value']);
    expect(codes(withProperty('point', V2))).toEqual(['invalid-value']);
    expect(codes(withProperty({ '@type': 'Object', fields: [{ name: 'f', schema: arr }] }, V2))).toEqual(['invalid-value']);
  });
  it('limits complex schema nesting to 5 levels', () => {
    expectOk(withProperty(nest(5)));
    expect(codes(withProperty(nest(6)))).toEqual(['limit']);
  });
  it('resolves references to the schemas section', () => {
    const point = { '@id': 'dtmi:t:M:pt;1', '@type': 'Object', fields: [{ name: 'x', schema: 'double' }] };
    expectOk(withProperty('dtmi:t:M:pt;1', V3, { schemas: [point] }));
    expectOk([v2('dtmi:t:M;1', { schemas: point, contents: [tel('a', 'dtmi:t:M:pt;1'), tel('b', 'dtmi:t:M:pt;1')] })]);
    expect(codes(withProperty('dtmi:t:M:nope;1', V3, { schemas: [point] }))).toEqual(['unknown-schema']);
    expect(codes(withProperty('dtmi:t:M:pt;1', V3, { schemas: [{ ...point, '@id': undefined }] }))).toEqual(['missing-property', 'unknown-schema']);
  });
  it('does not let an extending interface reuse its parent schemas', () => {
    const base = iface('dtmi:t:Base;1', { schemas: [{ '@id': 'dtmi:t:Base:e;1', '@type': 'Enum', valueSchema: 'integer', enumValues: [{ name: 'a', enumValue: 1 }] }] });
    expect(codes([base, iface('dtmi:t:Sub;1', { extends: 'dtmi:t:Base;1', contents: [prop('p', 'dtmi:t:Base:e;1')] })])).toEqual(['unknown-schema']);
  });
  it('rejects self-referencing schemas', () => {
    const loop = { '@id': 'dtmi:t:M:loop;1', '@type': 'Object', fields: [{ name: 'next', schema: 'dtmi:t:M:loop;1' }] };
    expect(codes(withProperty('dtmi:t:M:loop;1', V3, { schemas: [loop] }))).toContain('schema-cycle');
  });
  it('checks Enums', () => {
    const e = (extra: Json) => ({ '@type': 'Enum', valueSchema: 'integer', enumValues: [{ name: 'on', enumValue: 1 }, { name: 'off', enumValue: 0 }], ...extra });
    expectOk(withProperty(e({})));
    expectOk(withProperty(e({ enumValues: [] })));
    expect(codes(withProperty(e({ valueSchema: 'double' })))).toContain('invalid-value');
    expect(codes(withProperty(e({ enumValues: [{ name: 'on', enumValue: 'one' }] })))).toEqual(['invalid-value']);
    expect(codes(withProperty(e({ enumValues: [{ name: 'on', enumValue: 1 }, { name: 'up', enumValue: 1 }] })))).toEqual(['duplicate-name']);
    expect(codes(withProperty(e({ enumValues: [{ name: 'on', enumValue: 1 }, { name: 'on', enumValue: 2 }] })))).toEqual(['duplicate-name']);
    expect(codes(withProperty(e({ enumValues: [] }), V2))).toEqual(['limit']);
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `v${i}`, enumValue: i }));
    expect(codes(withProperty(e({ enumValues: many }), V2))).toEqual(['limit']);
    expectOk(withProperty(e({ enumValues: many.slice(0, 100) }), V2));
  });
  it('checks Objects', () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, schema: 'double' }));
    expectOk(withProperty({ '@type': 'Object', fields: fields(30) }, V2));
    expectOk(withProperty({ '@type': 'Object', fields: [] }));
    expect(codes(withProperty({ '@type': 'Object', fields: fields(31) }, V2))).toEqual(['limit']);
    expect(codes(withProperty({ '@type': 'Object', fields: [] }, V2))).toEqual(['limit']);
    expect(codes(withProperty({ '@type': 'Object', fields: [{ name: 'a', schema: 'double' }, { name: 'a', schema: 'long' }] }))).toEqual(['duplicate-name']);
    expect(codes(withProperty({ '@type': 'Object', fields: [{ name: 'a', schema: 'double', extra: 1 }] }))).toEqual(['unknown-property']);
  });
  it('checks Maps', () => {
    const map = (key: unknown, value?: unknown) => ({ '@type': 'Map', mapKey: { name: 'k', schema: key }, ...(value === undefined ? {} : { mapValue: { name: 'v', schema: value } }) });
    expectOk(withProperty(map('string', 'boolean')));
    expect(codes(withProperty(map('integer', 'boolean')))).toEqual(['invalid-value']);
    expect(codes(withProperty(map('string')))).toEqual(['missing-property']);
  });
});

describe('relationships', () => {
  it('accepts targets (by reference, need not exist), properties and multiplicities', () => {
    expectOk([iface('dtmi:t:A;1', { contents: [rel('r', { target: 'dtmi:t:Elsewhere;1', minMultiplicity: 0, maxMultiplicity: 5000, writable: true, properties: [prop('since', 'dateTime')] })] })]);
    expectOk([v2('dtmi:t:A;1', { contents: [rel('r', { maxMultiplicity: 500, properties: prop('since', 'dateTime') })] })]);
  });
  it('rejects bad targets, multiplicities and properties', () => {
    const bad = (extra: Json, ctx: unknown = V3) => codes([iface('dtmi:t:A;1', { contents: [rel('r', extra)] }, ctx)]);
    expect(bad({ target: 'room' })).toEqual(['invalid-dtmi']);
    expect(bad({ minMultiplicity: 1 })).toEqual(['invalid-value']);
    expect(bad({ maxMultiplicity: 0 })).toEqual(['invalid-value']);
    expect(bad({ maxMultiplicity: 501 }, V2)).toEqual(['limit']);
    expect(bad({ properties: [prop('a', 'double'), prop('a', 'long')] })).toEqual(['duplicate-name']);
    expect(bad({ properties: [{ name: 'a', schema: 'double' }] })).toEqual(['missing-property']);
    expect(bad({ schema: 'double' })).toEqual(['unknown-property']);
  });
});

describe('components', () => {
  const camera = iface('dtmi:t:Camera;1', { contents: [prop('zoom', 'double')] });
  it('accepts an interface from the batch or from the index', () => {
    expectOk([camera, iface('dtmi:t:Phone;1', { contents: [comp('front', 'dtmi:t:Camera;1')] })]);
    const index = new ModelIndex(validateModels([camera], new ModelIndex()).interfaces);
    expectOk([iface('dtmi:t:Phone;1', { contents: [comp('front', 'dtmi:t:Camera;1')] })], index);
  });
  it('reports a missing component schema naming the model and the element', () => {
    const d = run([iface('dtmi:t:Phone;1', { contents: [comp('front', 'dtmi:t:Camera;1')] })]);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'missing-dependency', modelId: 'dtmi:t:Phone;1', pointer: '/0/contents/0/schema' });
    expect(d[0]?.message).toBe("dtmi:t:Phone;1 › contents[0] (front) › schema: Component 'front' uses Interface 'dtmi:t:Camera;1', which is neither in this request nor among the uploaded models.");
  });
  it('rejects components that contain components, recursion, inline interfaces and non-interface schemas', () => {
    const phone = iface('dtmi:t:Phone;1', { contents: [comp('front', 'dtmi:t:Camera;1')] });
    expect(codes([camera, phone, iface('dtmi:t:Bag;1', { contents: [comp('phone', 'dtmi:t:Phone;1')] })])).toEqual(['component-nesting']);
    // Also when the nested component is inherited.
    const sub = iface('dtmi:t:SubPhone;1', { extends: 'dtmi:t:Phone;1' });
    expect(codes([camera, phone, sub, iface('dtmi:t:Bag;1', { contents: [comp('phone', 'dtmi:t:SubPhone;1')] })])).toEqual(['component-nesting']);
    expect(codes([iface('dtmi:t:Self;1', { contents: [comp('me', 'dtmi:t:Self;1')] })])).toEqual(['component-nesting']);
    expect(codes([iface('dtmi:t:P;1', { contents: [comp('c', { '@type': 'Interface', '@id': 'dtmi:t:X;1' })] })])).toEqual(['inline-interface']);
    expect(codes([iface('dtmi:t:P;1', { contents: [comp('c', 'double')] })])).toEqual(['invalid-value']);
  });
  it('lets v3 use v2 interfaces but not the other way round', () => {
    expectOk([v2('dtmi:t:Old;1'), iface('dtmi:t:New;1', { contents: [comp('c', 'dtmi:t:Old;1')] })]);
    expect(codes([iface('dtmi:t:New;1'), v2('dtmi:t:Old;1', { contents: [comp('c', 'dtmi:t:New;1')] })])).toEqual(['version-mismatch']);
  });
});

describe('extends', () => {
  it('accepts parents from the batch (in any order) or from the index', () => {
    expectOk([iface('dtmi:t:Sub;1', { extends: 'dtmi:t:Base;1' }), iface('dtmi:t:Base;1')]);
    const index = new ModelIndex(validateModels([iface('dtmi:t:Base;1')], new ModelIndex()).interfaces);
    expectOk([iface('dtmi:t:Sub;1', { extends: ['dtmi:t:Base;1'] })], index);
  });
  it('reports a missing parent naming the model and the element', () => {
    const d = run([iface('dtmi:t:Sub;1', { extends: ['dtmi:t:Base;1', 'dtmi:t:Gone;1'] }), iface('dtmi:t:Base;1')]);
    expect(d).toEqual([expect.objectContaining({
      code: 'missing-dependency', modelId: 'dtmi:t:Sub;1', pointer: '/0/extends/1',
      message: "dtmi:t:Sub;1 › extends[1]: extends 'dtmi:t:Gone;1', which is neither in this request nor among the uploaded models.",
    })]);
  });
  it('limits v2 to two parents', () => {
    const parents = ['dtmi:t:P1;1', 'dtmi:t:P2;1', 'dtmi:t:P3;1'];
    expectOk([...parents.map((p) => v2(p)), v2('dtmi:t:C;1', { extends: parents.slice(0, 2) })]);
    expect(codes([...parents.map((p) => v2(p)), v2('dtmi:t:C;1', { extends: parents })])).toEqual(['limit']);
  });
  it('limits the hierarchy depth to 10', () => {
    const chain = (n: number) => Array.from({ length: n + 1 }, (_, i) => iface(`dtmi:t:L${i};1`, i === 0 ? {} : { extends: `dtmi:t:L${i - 1};1` }));
    expectOk(chain(10));
    expect(codes(chain(11))).toEqual(['limit']);
  });
  it('rejects cycles, self-extension and inline parents', () => {
    expect(codes([iface('dtmi:t:A;1', { extends: 'dtmi:t:B;1' }), iface('dtmi:t:B;1', { extends: 'dtmi:t:A;1' })])).toEqual(['extends-cycle', 'extends-cycle']);
    expect(codes([iface('dtmi:t:A;1', { extends: 'dtmi:t:A;1' })])).toEqual(['extends-cycle']);
    expect(codes([iface('dtmi:t:A;1', { extends: { '@type': 'Interface', '@id': 'dtmi:t:B;1' } })])).toEqual(['inline-interface']);
  });
  it('lets v3 extend v2 but not the other way round', () => {
    expectOk([v2('dtmi:t:Old;1'), iface('dtmi:t:New;1', { extends: 'dtmi:t:Old;1' })]);
    expect(codes([iface('dtmi:t:New;1'), v2('dtmi:t:Old;1', { extends: 'dtmi:t:New;1' })])).toEqual(['version-mismatch']);
  });
  it('limits v2 contents to 300 including inherited ones', () => {
    const props = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => prop(`${prefix}${i}`, 'double'));
    expectOk([v2('dtmi:t:Base;1', { contents: props('a', 200) }), v2('dtmi:t:Sub;1', { extends: 'dtmi:t:Base;1', contents: props('b', 100) })]);
    expect(codes([v2('dtmi:t:Base;1', { contents: props('a', 200) }), v2('dtmi:t:Sub;1', { extends: 'dtmi:t:Base;1', contents: props('b', 101) })])).toEqual(['limit']);
    expectOk([iface('dtmi:t:Big;1', { contents: props('a', 400) })]);
  });
});

describe('descriptive strings', () => {
  it('accepts strings and language maps within the limits', () => {
    expectOk([v2('dtmi:t:A;1', { displayName: 'd'.repeat(64), description: { en: 'x'.repeat(512), 'pt-BR': 'y' }, comment: 'c'.repeat(512) })]);
    expectOk([iface('dtmi:t:A;1', { displayName: 'd'.repeat(100) })]);
  });
  it('rejects values over the limits or of the wrong type', () => {
    expect(codes([v2('dtmi:t:A;1', { displayName: 'd'.repeat(65) })])).toEqual(['limit']);
    expect(codes([iface('dtmi:t:A;1', { description: 'd'.repeat(513) })])).toEqual(['limit']);
    expect(codes([iface('dtmi:t:A;1', { comment: 'd'.repeat(513) })])).toEqual(['limit']);
    expect(codes([iface('dtmi:t:A;1', { displayName: { en: 5 } })])).toEqual(['invalid-value']);
    expect(codes([iface('dtmi:t:A;1', { contents: [prop('p', 'double', { displayName: ['x'] })] })])).toEqual(['invalid-value']);
  });
  it('normalises plain strings to {"en": ...} in InterfaceInfo', () => {
    const r = validateModels([iface('dtmi:t:A;1', { displayName: 'Room', description: { de: 'Raum' } })], new ModelIndex());
    expect(r.interfaces[0]).toMatchObject({ displayName: { en: 'Room' }, description: { de: 'Raum' } });
  });
});

describe('InterfaceInfo', () => {
  it('exposes own contents with resolved schemas', () => {
    const r = validateModels([iface('dtmi:t:A;1', {
      extends: 'dtmi:t:B;1',
      schemas: [{ '@id': 'dtmi:t:A:e;1', '@type': 'Enum', valueSchema: 'string', enumValues: [{ name: 'on', enumValue: 'ON' }] }],
      contents: [prop('mode', 'dtmi:t:A:e;1', { writable: true }), tel('t', 'double'), rel('r', { target: 'dtmi:t:B;1', properties: [prop('w', 'long')] }), comp('c', 'dtmi:t:B;1')],
    }), iface('dtmi:t:B;1')], new ModelIndex());
    expect(r.ok).toBe(true);
    const a = r.interfaces[0];
    expect(a).toMatchObject({ id: 'dtmi:t:A;1', dtdlVersion: 3, extends: ['dtmi:t:B;1'] });
    expect(a?.contents.map((c) => [c.kind, c.name, c.definedIn])).toEqual([
      ['Property', 'mode', 'dtmi:t:A;1'], ['Telemetry', 't', 'dtmi:t:A;1'], ['Relationship', 'r', 'dtmi:t:A;1'], ['Component', 'c', 'dtmi:t:A;1'],
    ]);
    expect(a?.contents[0]).toMatchObject({ writable: true, schema: { kind: 'enum', valueSchema: 'string', values: [{ name: 'on', value: 'ON' }] } });
    expect(a?.contents[2]).toMatchObject({ target: 'dtmi:t:B;1' });
    expect([...((a?.contents[2] as RelationshipInfo).properties.keys())]).toEqual(['w']);
    expect(a?.contents[3]).toMatchObject({ schema: 'dtmi:t:B;1' });
  });

  it('parseInterfaces applies only single-document rules', () => {
    const r = parseInterfaces([iface('dtmi:t:A;1', { extends: 'dtmi:t:Missing;1' })]);
    expect(r.diagnostics).toEqual([]);
    expect(r.interfaces.map((i) => i.id)).toEqual(['dtmi:t:A;1']);
  });
});

describe('diagnostics from text', () => {
  it('points at the broken element of one model in a batch, with a Monaco range', () => {
    const text = `[
  { "@context": "dtmi:dtdl:context;3", "@id": "dtmi:t:Good;1", "@type": "Interface" },
  {
    "@context": "dtmi:dtdl:context;3",
    "@id": "dtmi:t:Bad;1",
    "@type": "Interface",
    "contents": [
      { "@type": "Property", "name": "ok", "schema": "double" },
      { "@type": "Property", "name": "temp", "schema": "doubel" }
    ]
  }
]`;
    const parsed = parseDtdlText(text);
    expect(parsed.diagnostics).toEqual([]);
    const r = validateModels(parsed.documents, new ModelIndex(), { positions: parsed.positions });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([{
      severity: 'error', code: 'unknown-schema', modelId: 'dtmi:t:Bad;1', pointer: '/1/contents/1/schema',
      message: expect.stringMatching(/^dtmi:t:Bad;1 › contents\[1\] \(temp\) › schema: 'doubel' is not a DTDL schema/),
      range: { startLineNumber: 9, startColumn: 56, endLineNumber: 9, endColumn: 64 },
    }]);
    expect(text.split('\n')[8]?.slice(55, 63)).toBe('"doubel"');
  });

  it('formats the ADT DTDLParserError message from errors only', () => {
    const d = run([iface('dtmi:t:A;1', { contents: [prop('1x', 'double')] }), iface('dtmi:t:B;1', { colour: 1 })]);
    const text = formatDiagnostics([...d, { severity: 'warning', code: 'w', pointer: '', message: 'just a warning' }]);
    expect(text.startsWith('None of the models in this request could be created due to a problem with one or more models: ')).toBe(true);
    expect(text).toContain("dtmi:t:A;1 › contents[0] (1x) › name: Name '1x' is invalid");
    expect(text).toContain("dtmi:t:B;1 › colour: Property 'colour' is not allowed on an Interface.");
    expect(text).not.toContain('just a warning');
    expect(formatDiagnostics([])).toBe('');
  });
});
