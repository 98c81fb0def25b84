/**
 * Twin, component and relationship content against the models (https://learn.microsoft.com/azure/digital-twins/concepts-twins-graph).
 *
 * `null` values: ADT stores JSON null as a property value (the query functions IS_NULL and IS_DEFINED exist for it: https://learn.microsoft.com/azure/digital-twins/reference-query-functions),
 * so null is accepted wherever a value stands for a property, an Object field or a Map value. It is rejected as
 * an Array element (a DTDL Array has elements of its element schema) and as a component (which must be an object).
 */
import type { ContentProblem, ResolvedInterface, Schema } from './types';
import type { ModelIndex } from './model-index';
import { joinPointer, splitPointer } from '../json/pointer';
import { isObject } from './document';
import { utf8Length } from './utf8';

export { utf8Length };

export const ADT_RELATIONSHIP_MISMATCH_MESSAGE =
  'Twin relationship does not align with the model. Please ensure that the relationship is in alignment with the model. See section on listing models http://aka.ms/adtv2models.';

export const MAX_STRING_BYTES = 4096;
/** 2^63: doubles cannot tell 2^63 - 1 from 2^63, so this is the closest bound JSON numbers can be held to. */
const LONG_LIMIT = 2 ** 63;

const TWIN_SYSTEM_KEYS = new Set(['$dtId', '$etag']);
const RELATIONSHIP_SYSTEM_KEYS = new Set(['$relationshipId', '$sourceId', '$targetId', '$relationshipName', '$etag']);
/** Server-assigned metadata a client may echo back from a GET; ignored rather than rejected. */
const SERVER_METADATA_KEYS = new Set(['$lastUpdateTime', '$etag']);

type Kind = 'twin' | 'component';

export function validateTwinContent(modelId: string, content: Record<string, unknown>, index: ModelIndex): ContentProblem[] {
  const resolved = resolveComplete(modelId, index);
  if (!resolved) return [{ message: `${modelId} or one of its dependencies does not exist.`, pointer: '/$metadata/$model' }];
  const problems: ContentProblem[] = [];
  checkInterfaceContent(resolved, content, '', 'twin', index, problems);
  return problems;
}

export function validateComponentContent(componentSchemaId: string, content: Record<string, unknown>, index: ModelIndex): ContentProblem[] {
  const resolved = resolveComplete(componentSchemaId, index);
  if (!resolved) return [{ message: `${componentSchemaId} or one of its dependencies does not exist.`, pointer: '' }];
  const problems: ContentProblem[] = [];
  checkInterfaceContent(resolved, content, '', 'component', index, problems);
  return problems;
}

export function checkRelationship(sourceModelId: string, relationshipName: string, targetModelId: string | undefined,
  properties: Record<string, unknown>, index: ModelIndex): { code: 'InvalidRelationship' | 'ValidationFailed'; message: string } | null {
  const resolved = index.resolve(sourceModelId);
  const rel = resolved?.relationships.get(relationshipName);
  if (!rel) return { code: 'InvalidRelationship', message: ADT_RELATIONSHIP_MISMATCH_MESSAGE };
  // The declared target is matched by id or inheritance only: a relationship to 'Room;1' does not accept 'Room;2'.
  if (rel.target !== undefined && targetModelId !== undefined && targetModelId !== rel.target
    && !index.resolve(targetModelId)?.ancestors.includes(rel.target)) {
    return { code: 'InvalidRelationship', message: ADT_RELATIONSHIP_MISMATCH_MESSAGE };
  }
  const problems: ContentProblem[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const pointer = joinPointer('', key);
    if (RELATIONSHIP_SYSTEM_KEYS.has(key)) continue;
    if (key.startsWith('$')) { problems.push({ pointer, message: `'${key}' is not a valid relationship system property.` }); continue; }
    const prop = rel.properties.get(key);
    if (!prop) {
      problems.push({ pointer, message: `Property '${key}' is not defined on relationship '${relationshipName}' of model ${sourceModelId}.` });
      continue;
    }
    checkValue(prop.schema, value, pointer, true, problems);
  }
  if (problems.length === 0) return null;
  return { code: 'ValidationFailed', message: problems.map((p) => p.message).join(' ') };
}

/** Checks one value against a schema; the building block of the functions above, also useful to forms. */
export function validateValue(schema: Schema, value: unknown, pointer = ''): ContentProblem[] {
  const problems: ContentProblem[] = [];
  checkValue(schema, value, pointer, true, problems);
  return problems;
}

/** Resolves a model and makes sure every model it depends on is known (a model-less hierarchy cannot validate). */
function resolveComplete(id: string, index: ModelIndex): ResolvedInterface | undefined {
  const resolved = index.resolve(id);
  if (!resolved) return undefined;
  if (!resolved.ancestors.every((a) => index.has(a))) return undefined;
  for (const c of resolved.components.values()) if (!index.has(c.schema)) return undefined;
  return resolved;
}

function checkInterfaceContent(resolved: ResolvedInterface, content: Record<string, unknown>, base: string, kind: Kind,
  index: ModelIndex, problems: ContentProblem[]): void {
  const modelId = resolved.id;
  for (const [key, value] of Object.entries(content)) {
    const pointer = joinPointer(base, key);
    if (key === '$metadata') { checkMetadata(resolved, value, pointer, kind, problems); continue; }
    if (key.startsWith('$')) {
      if (kind === 'twin' && TWIN_SYSTEM_KEYS.has(key)) continue;
      problems.push({ pointer, message: `'${key}' is not a valid ${kind === 'twin' ? 'twin' : 'component'} system property.` });
      continue;
    }
    const prop = resolved.properties.get(key);
    if (prop) { checkValue(prop.schema, value, pointer, true, problems); continue; }
    const comp = resolved.components.get(key);
    if (comp) {
      if (!isObject(value)) {
        problems.push({ pointer, message: `Component '${key}' must be a JSON object (at least {"$metadata": {}}).` });
        continue;
      }
      const target = index.resolve(comp.schema);
      if (target) checkInterfaceContent(target, value, pointer, 'component', index, problems);
      continue;
    }
    if (resolved.telemetries.has(key)) {
      problems.push({ pointer, message: `'${key}' is a Telemetry of ${modelId}; telemetry is not stored on twins and cannot be set.` });
      continue;
    }
    if (resolved.relationships.has(key)) {
      problems.push({ pointer, message: `'${key}' is a Relationship of ${modelId}; relationships are created through the relationships API, not as twin properties.` });
      continue;
    }
    problems.push({ pointer, message: `Property '${key}' is not defined in ${modelId} nor in the Interfaces it extends.` });
  }
  for (const [name, comp] of resolved.components) {
    if (!(name in content)) {
      problems.push({
        pointer: joinPointer(base, name),
        message: `Twin is missing component '${name}' (${comp.schema}); every component declared by the model must be present, at least as {"$metadata": {}}.`,
      });
    }
  }
}

function checkMetadata(resolved: ResolvedInterface, meta: unknown, pointer: string, kind: Kind, problems: ContentProblem[]): void {
  if (!isObject(meta)) { problems.push({ pointer, message: '$metadata must be a JSON object.' }); return; }
  for (const [key, value] of Object.entries(meta)) {
    const p = joinPointer(pointer, key);
    if (key === '$model') {
      if (kind === 'component') problems.push({ pointer: p, message: 'Components have no $model in their $metadata.' });
      else if (typeof value !== 'string') problems.push({ pointer: p, message: '$metadata.$model must be a string DTMI.' });
      else if (value !== resolved.id) problems.push({ pointer: p, message: `$metadata.$model '${value}' does not match the model being validated (${resolved.id}).` });
      continue;
    }
    if (SERVER_METADATA_KEYS.has(key)) continue;
    if (key.startsWith('$')) { problems.push({ pointer: p, message: `'${key}' is not allowed in $metadata.` }); continue; }
    if (!resolved.properties.has(key)) {
      // A stored twin may still carry the server's lastUpdateTime for a property its new model dropped.
      const serverOnly = isObject(value) && Object.keys(value).every((k) => k === 'lastUpdateTime');
      if (!serverOnly) problems.push({ pointer: p, message: `$metadata entry '${key}' does not name a property of ${resolved.id}.` });
      continue;
    }
    if (!isObject(value)) { problems.push({ pointer: p, message: `$metadata.${key} must be an object such as {"sourceTime": "..."}.` }); continue; }
    for (const [mk, mv] of Object.entries(value)) {
      const mp = joinPointer(p, mk);
      if (mk === 'lastUpdateTime') continue;
      if (mk !== 'sourceTime') { problems.push({ pointer: mp, message: `$metadata.${key}.${mk} cannot be set; only sourceTime is writable.` }); continue; }
      if (typeof mv !== 'string' || !isDateTime(mv)) problems.push({ pointer: mp, message: `$metadata.${key}.sourceTime must be an ISO 8601 date-time string.` });
    }
  }
}

function label(pointer: string): string {
  return pointer === '' ? 'value' : `'${splitPointer(pointer).join('/')}'`;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'string') return 'a string';
  return `a ${typeof v}`;
}

function checkValue(schema: Schema, value: unknown, pointer: string, allowNull: boolean, problems: ContentProblem[]): void {
  if (value === null) {
    if (!allowNull) problems.push({ pointer, message: `${label(pointer)} must not be null.` });
    return;
  }
  const fail = (expected: string): void => { problems.push({ pointer, message: `${label(pointer)} must be ${expected}; got ${typeOf(value)}.` }); };
  switch (schema.kind) {
    case 'primitive': {
      const err = primitiveProblem(schema.name, value);
      if (err) fail(err);
      return;
    }
    case 'enum': {
      if (!schema.values.some((v) => v.value === value)) {
        const allowed = schema.values.slice(0, 20).map((v) => JSON.stringify(v.value)).join(', ');
        fail(`one of the enum values ${allowed}${schema.values.length > 20 ? ', …' : ''}`);
      }
      return;
    }
    case 'object': {
      if (!isObject(value)) { fail('an object'); return; }
      for (const [k, v] of Object.entries(value)) {
        const field = schema.fields.find((f) => f.name === k);
        const p = joinPointer(pointer, k);
        if (!field) { problems.push({ pointer: p, message: `${label(p)} is not a field of the Object schema of ${label(pointer)}.` }); continue; }
        checkValue(field.schema, v, p, true, problems);
      }
      return;
    }
    case 'map': {
      if (!isObject(value)) { fail('an object (a Map)'); return; }
      for (const [k, v] of Object.entries(value)) checkValue(schema.valueSchema, v, joinPointer(pointer, k), true, problems);
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) { fail('an array'); return; }
      value.forEach((v, i) => checkValue(schema.elementSchema, v, joinPointer(pointer, i), false, problems));
      return;
    }
  }
}

/** Returns what was expected when `value` does not fit the primitive schema, else undefined. */
function primitiveProblem(name: string, value: unknown): string | undefined {
  switch (name) {
    case 'boolean': return typeof value === 'boolean' ? undefined : 'a boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647
        ? undefined : 'an integer (a 32-bit whole number)';
    case 'long':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= LONG_LIMIT
        ? undefined : 'a long (a 64-bit whole number)';
    case 'double': return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a double (a number)';
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 3.4028234663852886e38 ? undefined : 'a float (a number)';
    case 'string':
      if (typeof value !== 'string') return 'a string';
      return utf8Length(value) > MAX_STRING_BYTES ? `a string of at most ${MAX_STRING_BYTES} bytes in UTF-8` : undefined;
    case 'date': return typeof value === 'string' && isDate(value) ? undefined : 'an ISO 8601 date string (YYYY-MM-DD)';
    case 'dateTime': return typeof value === 'string' && isDateTime(value) ? undefined : 'an ISO 8601 date-time string';
    case 'time': return typeof value === 'string' && isTime(value) ? undefined : 'an ISO 8601 time string (hh:mm:ss)';
    case 'duration': return typeof value === 'string' && isDuration(value) ? undefined : 'an ISO 8601 duration string (e.g. PT1H30M)';
    default: return geoProblem(name, value);
  }
}


const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_BODY = '(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?';
const OFFSET = '(?:[Zz]|[+-](\\d{2}):(\\d{2}))';
const TIME_RE = new RegExp(`^${TIME_BODY}${OFFSET}?$`);
// RFC 3339 wants an offset; .NET (and so ADT) also reads local date-times without one, so it is optional here.
const DATETIME_RE = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})[Tt ]${TIME_BODY}${OFFSET}?$`);
const DURATION_RE = /^-?P(?:(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?(?:T(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?|\d+(?:[.,]\d+)?W)$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[m - 1] ?? 0);
}

function validTime(h: number, mi: number, s: number, oh?: string, om?: string): boolean {
  if (h > 23 || mi > 59 || s > 60) return false;
  return oh === undefined || (Number(oh) <= 23 && Number(om) <= 59);
}

export function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  return !!m && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isTime(s: string): boolean {
  const m = TIME_RE.exec(s);
  return !!m && validTime(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5]);
}

/**
 * A DTDL dateTime (https://github.com/Azure/opendigitaltwins-dtdl/blob/master/DTDL/v3/DTDL.v3.md#primitive-schema):
 * RFC 3339 (the offset optional, as .NET reads it) with any number of fractional digits (ADT keeps seven), and real
 * dates and times. The one date-time rule, for property values, $metadata sourceTime and the Telemetry-Source-Time
 * header alike.
 */
export function isDateTime(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATETIME_RE.exec(s);
  return !!m && validDate(Number(m[1]), Number(m[2]), Number(m[3])) && validTime(Number(m[4]), Number(m[5]), Number(m[6]), m[7], m[8]);
}

export function isDuration(s: string): boolean {
  // The regex allows every part to be absent; a duration needs at least one, and 'T' needs a time part after it.
  return DURATION_RE.test(s) && /\d/.test(s) && !/T$/.test(s);
}

const GEO_TYPES: Record<string, string> = {
  point: 'Point', lineString: 'LineString', polygon: 'Polygon',
  multiPoint: 'MultiPoint', multiLineString: 'MultiLineString', multiPolygon: 'MultiPolygon',
};

function isPosition(v: unknown): boolean {
  return Array.isArray(v) && v.length >= 2 && v.length <= 3 && v.every((n) => typeof n === 'number' && Number.isFinite(n));
}
function isLine(v: unknown): boolean {
  return Array.isArray(v) && v.length >= 2 && v.every(isPosition);
}
function isRing(v: unknown): boolean {
  if (!Array.isArray(v) || v.length < 4 || !v.every(isPosition)) return false;
  const first = v[0] as number[];
  const last = v[v.length - 1] as number[];
  return first.length === last.length && first.every((n, i) => n === last[i]);
}
function isPolygon(v: unknown): boolean {
  return Array.isArray(v) && v.length >= 1 && v.every(isRing);
}

function geoProblem(name: string, value: unknown): string | undefined {
  const type = GEO_TYPES[name];
  if (!type) return `a value of the unknown schema '${name}'`;
  const expected = `a GeoJSON ${type} object ({"type": "${type}", "coordinates": [...]})`;
  if (!isObject(value) || value.type !== type) return expected;
  if (Object.keys(value).some((k) => k !== 'type' && k !== 'coordinates' && k !== 'bbox')) return expected;
  const c = value.coordinates;
  const ok = name === 'point' ? isPosition(c)
    : name === 'lineString' ? isLine(c)
      : name === 'polygon' ? isPolygon(c)
        : name === 'multiPoint' ? Array.isArray(c) && c.every(isPosition)
          : name === 'multiLineString' ? Array.isArray(c) && c.every(isLine)
            : Array.isArray(c) && c.every(isPolygon);
  return ok ? undefined : `${expected} with valid coordinates`;
}
