/**
 * The model-driven telemetry form as data: which fields a twin (or component) can send, the text each input holds,
 * turning inputs into a JSON payload with per-field errors, and random values in ranges for live demos.
 */
import type { ModelIndex, ResolvedInterface, Schema } from '../../../shared/dtdl';
import { validateValue } from '../../../shared/dtdl';

export interface TelemetryField {
  name: string;
  schema: Schema;
  displayName?: string;
  description?: string;
  /** DTDL `unit`, e.g. degreeCelsius. */
  unit?: string;
  /** The semantic type (the second `@type`), e.g. Temperature. */
  semanticType?: string;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const map = v as Record<string, unknown>;
    const en = map.en ?? Object.values(map)[0];
    return typeof en === 'string' ? en : undefined;
  }
  return undefined;
}

export function telemetryFields(resolved: ResolvedInterface | undefined): TelemetryField[] {
  if (!resolved) return [];
  return [...resolved.telemetries.values()].map((t) => {
    const field: TelemetryField = { name: t.name, schema: t.schema };
    const displayName = text(t.raw.displayName);
    const description = text(t.raw.description);
    if (displayName) field.displayName = displayName;
    if (description) field.description = description;
    if (typeof t.raw.unit === 'string') field.unit = t.raw.unit;
    const types = t.raw['@type'];
    if (Array.isArray(types)) {
      const semantic = types.find((x) => typeof x === 'string' && x !== 'Telemetry');
      if (typeof semantic === 'string') field.semanticType = semantic;
    }
    return field;
  });
}

/** The schema of the interface telemetry is sent to: the twin's model, or the component's schema. */
export function targetInterface(index: ModelIndex, modelId: string, componentName?: string): ResolvedInterface | undefined {
  const twin = index.resolve(modelId);
  if (!componentName) return twin;
  const component = twin?.components.get(componentName);
  return component ? index.resolve(component.schema) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Form values

/** What an input holds: text for scalars, enums, maps and arrays (JSON), and nested values for objects. */
export type FormValue = string | { [field: string]: FormValue };

export interface FieldState { include: boolean; value: FormValue }
export type FormState = Record<string, FieldState>;

const NUMERIC = new Set(['double', 'float', 'integer', 'long']);
const INTEGER = new Set(['integer', 'long']);

export function isNumeric(schema: Schema): boolean {
  return schema.kind === 'primitive' && NUMERIC.has(schema.name);
}

export function initialValue(schema: Schema, now: Date = new Date()): FormValue {
  switch (schema.kind) {
    case 'primitive':
      switch (schema.name) {
        case 'boolean': return 'false';
        case 'string': return '';
        case 'date': return now.toISOString().slice(0, 10);
        case 'dateTime': return now.toISOString();
        case 'time': return now.toISOString().slice(11, 19);
        case 'duration': return 'PT1M';
        default: return NUMERIC.has(schema.name) ? '0' : '';
      }
    case 'enum': return String(schema.values[0]?.value ?? '');
    case 'object': return Object.fromEntries(schema.fields.map((f) => [f.name, initialValue(f.schema, now)]));
    case 'map': return '{}';
    case 'array': return '[]';
  }
}

export function initialForm(fields: readonly TelemetryField[], now: Date = new Date()): FormState {
  return Object.fromEntries(fields.map((f, i) => [f.name, { include: i === 0, value: initialValue(f.schema, now) }]));
}

export interface FieldError { path: string; message: string }
export type Converted = { ok: true; value: unknown } | { ok: false; errors: FieldError[] };

/** Turns one input's text into the JSON value the schema wants, or says why it cannot. */
export function toJsonValue(schema: Schema, value: FormValue, path: string): Converted {
  const fail = (message: string): Converted => ({ ok: false, errors: [{ path, message }] });
  if (schema.kind === 'object') {
    if (typeof value === 'string') return fail('Expected an object.');
    const out: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    for (const f of schema.fields) {
      const v = value[f.name];
      if (v === undefined || v === '') continue;
      const r = toJsonValue(f.schema, v, `${path}.${f.name}`);
      if (r.ok) out[f.name] = r.value;
      else errors.push(...r.errors);
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
  }
  if (typeof value !== 'string') return fail('Expected a value, not an object.');
  let result: unknown;
  if (schema.kind === 'enum') {
    result = schema.valueSchema === 'integer' ? Number(value) : value;
  } else if (schema.kind === 'map' || schema.kind === 'array') {
    try {
      result = JSON.parse(value);
    } catch {
      return fail(`Enter JSON (${schema.kind === 'map' ? 'an object' : 'an array'}).`);
    }
  } else if (NUMERIC.has(schema.name)) {
    if (value.trim() === '' || !Number.isFinite(Number(value))) return fail('Enter a number.');
    result = Number(value);
    if (INTEGER.has(schema.name) && !Number.isInteger(result)) return fail('Enter a whole number.');
  } else if (schema.name === 'boolean') {
    if (value !== 'true' && value !== 'false') return fail('Choose true or false.');
    result = value === 'true';
  } else if (schema.name === 'string' || schema.name === 'date' || schema.name === 'dateTime' || schema.name === 'time' || schema.name === 'duration') {
    result = value;
  } else {
    // Geospatial and other structured primitives are entered as JSON.
    try {
      result = JSON.parse(value);
    } catch {
      return fail('Enter JSON.');
    }
  }
  const problems = validateValue(schema, result);
  if (problems.length > 0) return { ok: false, errors: problems.map((p) => ({ path, message: p.message })) };
  return { ok: true, value: result };
}

/** The payload of the included fields, or every field's error. */
export function buildPayload(fields: readonly TelemetryField[], form: FormState): { ok: true; payload: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const payload: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const f of fields) {
    const state = form[f.name];
    if (!state?.include) continue;
    const r = toJsonValue(f.schema, state.value, f.name);
    if (r.ok) payload[f.name] = r.value;
    else errors.push(...r.errors);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (Object.keys(payload).length === 0) return { ok: false, errors: [{ path: '', message: 'Choose at least one telemetry field to send.' }] };
  return { ok: true, payload };
}

// ---------------------------------------------------------------------------------------------------------------
// Random values for live demos

export interface RandomRange { min: number; max: number }

/** Paths (`temperature`, `reading.value`) of the numeric leaves of the fields, which can take a random range. */
export function numericPaths(fields: readonly TelemetryField[]): { path: string; schema: Schema }[] {
  const out: { path: string; schema: Schema }[] = [];
  const walk = (schema: Schema, path: string) => {
    if (isNumeric(schema)) out.push({ path, schema });
    else if (schema.kind === 'object') for (const f of schema.fields) walk(f.schema, `${path}.${f.name}`);
  };
  for (const f of fields) walk(f.schema, f.name);
  return out;
}

export function checkRange(range: RandomRange): string | undefined {
  if (!Number.isFinite(range.min) || !Number.isFinite(range.max)) return 'Enter numbers for the range.';
  if (range.min > range.max) return 'The minimum is above the maximum.';
  return undefined;
}

/** A value in [min, max]: whole numbers for integer schemas, two decimals otherwise. */
export function randomInRange(schema: Schema, range: RandomRange, rng: () => number = Math.random): number {
  if (schema.kind === 'primitive' && INTEGER.has(schema.name)) {
    const lo = Math.ceil(range.min);
    const hi = Math.floor(range.max);
    if (hi < lo) return lo;
    return lo + Math.min(hi - lo, Math.floor(rng() * (hi - lo + 1)));
  }
  const v = range.min + rng() * (range.max - range.min);
  return Math.min(range.max, Math.max(range.min, Math.round(v * 100) / 100));
}

/** Replaces, in a copy of the form, every ranged numeric input with a random value; other inputs stay as typed. */
export function randomizeForm(fields: readonly TelemetryField[], form: FormState, ranges: Readonly<Record<string, RandomRange>>, rng: () => number = Math.random): FormState {
  const schemaAt = new Map(numericPaths(fields).map((p) => [p.path, p.schema]));
  const out: FormState = structuredClone(form);
  for (const [path, range] of Object.entries(ranges)) {
    const schema = schemaAt.get(path);
    if (!schema || checkRange(range)) continue;
    const [top, ...rest] = path.split('.');
    const state = out[top as string];
    if (!state) continue;
    const value = String(randomInRange(schema, range, rng));
    if (rest.length === 0) {
      state.value = value;
      continue;
    }
    let node = state.value;
    for (let i = 0; i < rest.length - 1 && typeof node !== 'string'; i++) node = node[rest[i] as string] ?? '';
    if (typeof node !== 'string') node[rest[rest.length - 1] as string] = value;
  }
  return out;
}
