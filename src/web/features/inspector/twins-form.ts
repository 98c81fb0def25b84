import type { PatchOperation } from '../../../shared/adt';
import type { ModelIndex, PropertyInfo, Schema } from '../../../shared/dtdl';
import { validateTwinContent, validateValue } from '../../../shared/dtdl';
import type { TwinInput } from '../../adt-client';
import { toPointer } from '../../../shared/json';

/**
 * The model-aware property form, as data: which fields a twin of a model has (own, inherited, in components), how a
 * typed text becomes a value of the field's schema, and how a filled-in form becomes a twin to create or a patch.
 */

export type FieldInput = 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

export interface FieldSpec {
  /** JSON pointer of the value inside the twin: `/name`, or `/thermostat/setpoint` for a component property. */
  pointer: string;
  name: string;
  component?: string;
  schema: Schema;
  input: FieldInput;
  /** The model that declares the property; differs from the twin's model for inherited properties. */
  definedIn: string;
  inherited: boolean;
  writable: boolean;
  unit?: string;
  description?: string;
}

export interface ComponentSpec {
  name: string;
  schema: string;
  definedIn: string;
}

export function inputKind(schema: Schema): FieldInput {
  if (schema.kind === 'enum') return 'enum';
  if (schema.kind !== 'primitive') return 'json';
  switch (schema.name) {
    case 'boolean': return 'boolean';
    case 'integer':
    case 'long': return 'integer';
    case 'double':
    case 'float': return 'number';
    case 'string':
    case 'date':
    case 'dateTime':
    case 'time':
    case 'duration': return 'text';
    default: return 'json';
  }
}

/** A human name for a schema: `double`, `enum (heat, cool)`, `map<string, integer>`, `array<string>`, `object`. */
export function schemaLabel(schema: Schema): string {
  switch (schema.kind) {
    case 'primitive': return schema.name;
    case 'enum': return `enum (${schema.values.map((v) => v.name).join(', ')})`;
    case 'object': return `object {${schema.fields.map((f) => f.name).join(', ')}}`;
    case 'map': return `map<string, ${schemaLabel(schema.valueSchema)}>`;
    case 'array': return `array<${schemaLabel(schema.elementSchema)}>`;
  }
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const map = value as Record<string, unknown>;
    const en = map.en ?? Object.values(map)[0];
    return typeof en === 'string' ? en : undefined;
  }
  return undefined;
}

function fieldOf(p: PropertyInfo, modelId: string, component?: { name: string }): FieldSpec {
  const spec: FieldSpec = {
    pointer: toPointer(component ? [component.name, p.name] : [p.name]),
    name: p.name,
    schema: p.schema,
    input: inputKind(p.schema),
    definedIn: p.definedIn,
    inherited: p.definedIn !== modelId,
    writable: p.writable,
  };
  if (component) spec.component = component.name;
  const unit = text(p.raw.unit);
  if (unit) spec.unit = unit;
  const description = text(p.raw.description);
  if (description) spec.description = description;
  return spec;
}

/** The properties of a model (own first, then inherited) followed by those of each component. */
export function fieldsForModel(modelId: string, index: ModelIndex): { fields: FieldSpec[]; components: ComponentSpec[] } {
  const resolved = index.resolve(modelId);
  if (!resolved) return { fields: [], components: [] };
  const own = [...resolved.properties.values()].sort((a, b) => Number(a.definedIn !== modelId) - Number(b.definedIn !== modelId));
  const fields = own.map((p) => fieldOf(p, modelId));
  const components: ComponentSpec[] = [];
  for (const c of resolved.components.values()) {
    components.push({ name: c.name, schema: c.schema, definedIn: c.definedIn });
    const inner = index.resolve(c.schema);
    if (!inner) continue;
    for (const p of inner.properties.values()) fields.push(fieldOf(p, c.schema, { name: c.name }));
  }
  return { fields, components };
}

/** The properties a relationship of `relationshipName` on `sourceModelId` can carry (inherited relationships too). */
export function fieldsForRelationship(index: ModelIndex, sourceModelId: string, relationshipName: string): FieldSpec[] {
  const rel = index.resolve(sourceModelId)?.relationships.get(relationshipName);
  if (!rel) return [];
  return [...rel.properties.values()].map((p) => ({ ...fieldOf(p, rel.definedIn), inherited: false }));
}

export type ParsedInput = { kind: 'unset' } | { kind: 'value'; value: unknown } | { kind: 'error'; message: string };

/**
 * Turns what the user typed into a value of the field's schema. An empty input means "not set" (DTDL has no
 * required properties). Numbers must be plain numbers; objects, maps and arrays are typed as JSON.
 */
export function parseFieldInput(schema: Schema, raw: string): ParsedInput {
  const input = inputKind(schema);
  const trimmed = raw.trim();
  if (trimmed === '' && !(schema.kind === 'primitive' && schema.name === 'string' && raw !== '')) return { kind: 'unset' };
  let value: unknown;
  switch (input) {
    case 'text':
      value = raw;
      break;
    case 'integer':
    case 'number': {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return { kind: 'error', message: `Expected ${input === 'integer' ? 'a whole number' : 'a number'}.` };
      value = Number(trimmed);
      break;
    }
    case 'boolean':
      if (trimmed !== 'true' && trimmed !== 'false') return { kind: 'error', message: 'Expected true or false.' };
      value = trimmed === 'true';
      break;
    case 'enum': {
      if (schema.kind !== 'enum') return { kind: 'error', message: 'Not an enum.' };
      const match = schema.values.find((v) => String(v.value) === trimmed || v.name === trimmed);
      if (!match) return { kind: 'error', message: `Expected one of ${schema.values.map((v) => String(v.value)).join(', ')}.` };
      value = match.value;
      break;
    }
    case 'json':
      try {
        value = JSON.parse(trimmed);
      } catch {
        return { kind: 'error', message: 'Expected JSON (for example {"key": 1} or [1, 2]).' };
      }
      break;
  }
  const problems = validateValue(schema, value);
  if (problems.length > 0) return { kind: 'error', message: problems.map((p) => p.message).join(' ') };
  return { kind: 'value', value };
}

/** The text to put in a field's input for an existing value (the inverse of parseFieldInput). */
export function formatFieldValue(schema: Schema, value: unknown): string {
  if (value === undefined) return '';
  const input = inputKind(schema);
  if (input === 'json' || value === null || typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function valueAtPointer(doc: Record<string, unknown>, field: Pick<FieldSpec, 'name' | 'component'>): { set: boolean; value: unknown } {
  const holder = field.component === undefined ? doc : doc[field.component];
  if (typeof holder !== 'object' || holder === null || Array.isArray(holder)) return { set: false, value: undefined };
  const h = holder as Record<string, unknown>;
  return Object.prototype.hasOwnProperty.call(h, field.name) ? { set: true, value: h[field.name] } : { set: false, value: undefined };
}

/** A new twin of `modelId` with nothing set and every component initialised, as ADT requires. */
export function initialTwin(modelId: string, index: ModelIndex): TwinInput {
  const twin: TwinInput = { $metadata: { $model: modelId } };
  const resolved = index.resolve(modelId);
  for (const c of resolved?.components.values() ?? []) twin[c.name] = { $metadata: {} };
  return twin;
}

export interface FormResult {
  twin: TwinInput;
  /** Problems by field pointer; '' for problems of the twin as a whole. */
  problems: Map<string, string[]>;
}

function addProblem(problems: Map<string, string[]>, pointer: string, message: string): void {
  const list = problems.get(pointer);
  if (list) list.push(message);
  else problems.set(pointer, [message]);
}

/** The create form's values (typed text by field pointer) → the twin to PUT, checked against the model. */
export function buildTwinFromForm(modelId: string, index: ModelIndex, values: ReadonlyMap<string, string>): FormResult {
  const twin = initialTwin(modelId, index);
  const problems = new Map<string, string[]>();
  const { fields } = fieldsForModel(modelId, index);
  for (const field of fields) {
    const raw = values.get(field.pointer);
    if (raw === undefined) continue;
    const parsed = parseFieldInput(field.schema, raw);
    if (parsed.kind === 'error') addProblem(problems, field.pointer, parsed.message);
    if (parsed.kind !== 'value') continue;
    const holder = field.component === undefined ? twin : (twin[field.component] as Record<string, unknown>);
    holder[field.name] = parsed.value;
  }
  if (problems.size === 0) {
    for (const p of validateTwinContent(modelId, twin, index)) {
      const owner = fields.find((f) => f.pointer === p.pointer || p.pointer.startsWith(`${f.pointer}/`));
      addProblem(problems, owner ? owner.pointer : '', p.message);
    }
  }
  return { twin, problems };
}

export function validateTwinId(id: string): string | null {
  if (id.trim() === '') return 'Give the twin an id.';
  if (id !== id.trim()) return 'The id must not start or end with spaces.';
  return null;
}

/**
 * Edits made in the property form → JSON Patch operations: `add` for a property that was not set (ADT rejects a
 * replace of an unset property), `replace` for one that was, `remove` when the user unsets it. Unchanged values give
 * no operation.
 */
export function opsFromEdits(twin: Record<string, unknown>, fields: readonly FieldSpec[], edits: ReadonlyMap<string, string>):
  { ops: PatchOperation[]; problems: Map<string, string> } {
  const ops: PatchOperation[] = [];
  const problems = new Map<string, string>();
  for (const field of fields) {
    const raw = edits.get(field.pointer);
    if (raw === undefined) continue;
    const current = valueAtPointer(twin, field);
    const parsed = parseFieldInput(field.schema, raw);
    if (parsed.kind === 'error') { problems.set(field.pointer, parsed.message); continue; }
    if (parsed.kind === 'unset') {
      if (current.set) ops.push({ op: 'remove', path: field.pointer });
      continue;
    }
    if (current.set && JSON.stringify(current.value) === JSON.stringify(parsed.value)) continue;
    if (field.component !== undefined && typeof twin[field.component] !== 'object') {
      ops.push({ op: 'add', path: toPointer([field.component]), value: { $metadata: {}, [field.name]: parsed.value } });
      continue;
    }
    ops.push({ op: current.set ? 'replace' : 'add', path: field.pointer, value: parsed.value });
  }
  return { ops, problems };
}
