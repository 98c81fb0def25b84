import { describe, expect, it } from 'vitest';
import { ModelIndex, parseInterfaces } from '../../../shared/dtdl';
import type { Schema } from '../../../shared/dtdl';
import {
  buildPayload, checkRange, initialForm, initialValue, numericPaths, randomInRange, randomizeForm, targetInterface,
  telemetryFields, toJsonValue,
} from './telemetry-form';

const ctx = 'dtmi:dtdl:context;3';
const sensor = {
  '@context': ctx, '@id': 'dtmi:t:Sensor;1', '@type': 'Interface',
  contents: [
    { '@type': ['Telemetry', 'Temperature'], name: 'temperature', schema: 'double', unit: 'degreeCelsius', displayName: 'Temperature' },
    { '@type': 'Telemetry', name: 'count', schema: 'integer' },
    { '@type': 'Telemetry', name: 'ok', schema: 'boolean' },
    {
      '@type': 'Telemetry', name: 'mode',
      schema: { '@type': 'Enum', valueSchema: 'integer', enumValues: [{ name: 'low', enumValue: 1 }, { name: 'high', enumValue: 2 }] },
    },
    {
      '@type': 'Telemetry', name: 'reading',
      schema: { '@type': 'Object', fields: [{ name: 'value', schema: 'float' }, { name: 'label', schema: 'string' }] },
    },
    { '@type': 'Telemetry', name: 'samples', schema: { '@type': 'Array', elementSchema: 'double' } },
    { '@type': 'Component', name: 'battery', schema: 'dtmi:t:Battery;1' },
  ],
};
const battery = { '@context': ctx, '@id': 'dtmi:t:Battery;1', '@type': 'Interface', contents: [{ '@type': 'Telemetry', name: 'level', schema: 'long' }] };
const index = new ModelIndex(parseInterfaces([sensor, battery]).interfaces);
const fields = telemetryFields(targetInterface(index, 'dtmi:t:Sensor;1'));

describe('telemetryFields', () => {
  it('lists the Telemetry contents with schema, unit and semantic type', () => {
    expect(fields.map((f) => f.name)).toEqual(['temperature', 'count', 'ok', 'mode', 'reading', 'samples']);
    expect(fields[0]).toMatchObject({ displayName: 'Temperature', unit: 'degreeCelsius', semanticType: 'Temperature' });
  });

  it('follows a component to its schema', () => {
    expect(telemetryFields(targetInterface(index, 'dtmi:t:Sensor;1', 'battery')).map((f) => f.name)).toEqual(['level']);
    expect(targetInterface(index, 'dtmi:t:Sensor;1', 'nope')).toBeUndefined();
  });
});

describe('form values', () => {
  it('starts each input from the schema', () => {
    const now = new Date('2024-05-06T07:08:09.000Z');
    expect(initialValue({ kind: 'primitive', name: 'double' })).toBe('0');
    expect(initialValue({ kind: 'primitive', name: 'date' }, now)).toBe('2024-05-06');
    expect(initialValue(fields[3]!.schema)).toBe('1');
    expect(initialValue(fields[4]!.schema)).toEqual({ value: '0', label: '' });
    const form = initialForm(fields, now);
    expect(Object.entries(form).filter(([, s]) => s.include).map(([k]) => k)).toEqual(['temperature']);
  });

  it('converts typed text to the schema\'s JSON, with an error per bad field', () => {
    expect(toJsonValue({ kind: 'primitive', name: 'double' }, '21.5', 't')).toEqual({ ok: true, value: 21.5 });
    expect(toJsonValue({ kind: 'primitive', name: 'integer' }, '2.5', 'c')).toEqual({ ok: false, errors: [{ path: 'c', message: 'Enter a whole number.' }] });
    expect(toJsonValue({ kind: 'primitive', name: 'double' }, '', 't').ok).toBe(false);
    expect(toJsonValue({ kind: 'primitive', name: 'boolean' }, 'true', 'b')).toEqual({ ok: true, value: true });
    expect(toJsonValue(fields[3]!.schema, '2', 'mode')).toEqual({ ok: true, value: 2 });
    expect(toJsonValue(fields[3]!.schema, '3', 'mode').ok).toBe(false);
    expect(toJsonValue(fields[5]!.schema, '[1, 2.5]', 'samples')).toEqual({ ok: true, value: [1, 2.5] });
    expect(toJsonValue(fields[5]!.schema, '["x"]', 'samples').ok).toBe(false);
    expect(toJsonValue({ kind: 'primitive', name: 'dateTime' }, 'yesterday', 'd').ok).toBe(false);
  });

  it('builds the payload of the included fields only, nested objects included', () => {
    const form = initialForm(fields);
    form.temperature = { include: true, value: '22.5' };
    form.reading = { include: true, value: { value: '1.5', label: 'lab' } };
    form.count = { include: false, value: 'not a number' };
    expect(buildPayload(fields, form)).toEqual({ ok: true, payload: { temperature: 22.5, reading: { value: 1.5, label: 'lab' } } });
    form.count.include = true;
    const bad = buildPayload(fields, form);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.path)).toEqual(['count']);
  });

  it('refuses an empty payload', () => {
    const form = Object.fromEntries(fields.map((f) => [f.name, { include: false, value: initialValue(f.schema) }]));
    expect(buildPayload(fields, form)).toEqual({ ok: false, errors: [{ path: '', message: 'Choose at least one telemetry field to send.' }] });
  });
});

describe('random values', () => {
  const dbl: Schema = { kind: 'primitive', name: 'double' };
  const int: Schema = { kind: 'primitive', name: 'integer' };

  it('stays within the range, whole for integers', () => {
    for (const r of [0, 0.25, 0.5, 0.999999]) {
      const v = randomInRange(dbl, { min: 18, max: 24 }, () => r);
      expect(v).toBeGreaterThanOrEqual(18);
      expect(v).toBeLessThanOrEqual(24);
      const i = randomInRange(int, { min: 1, max: 3 }, () => r);
      expect(Number.isInteger(i) && i >= 1 && i <= 3).toBe(true);
    }
    expect(randomInRange(int, { min: 1, max: 3 }, () => 0.999999)).toBe(3);
    expect(randomInRange(dbl, { min: 10, max: 20 }, () => 0.5)).toBe(15);
  });

  it('finds numeric leaves, nested ones included', () => {
    expect(numericPaths(fields).map((p) => p.path)).toEqual(['temperature', 'count', 'reading.value']);
  });

  it('replaces only ranged inputs and keeps the rest as typed', () => {
    const form = initialForm(fields);
    form.reading = { include: true, value: { value: '0', label: 'kept' } };
    const out = randomizeForm(fields, form, { temperature: { min: 30, max: 30 }, 'reading.value': { min: 2, max: 2 }, count: { min: 5, max: 1 } }, () => 0.3);
    expect(out.temperature?.value).toBe('30');
    expect(out.reading?.value).toEqual({ value: '2', label: 'kept' });
    expect(out.count?.value).toBe('0');
    expect(form.temperature?.value).toBe('0');
    expect(checkRange({ min: 5, max: 1 })).toMatch(/above the maximum/);
  });
});
