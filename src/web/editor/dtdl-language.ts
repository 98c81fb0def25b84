/**
 * The DTDL language service as pure functions over the editor text: diagnostics, completions and hovers, built on
 * src/shared/dtdl. They return Monaco-shaped plain data (1-based ranges, string kinds) so that they are tested without
 * Monaco; dtdl-monaco.ts adapts them to Monaco's providers.
 */
import { findNodeAtLocation, findNodeAtOffset, getLocation, getNodeValue, parseTree } from 'jsonc-parser';
import type { Node, Segment } from 'jsonc-parser';
import { parseDtdlText, validateModels } from '../../shared/dtdl';
import type { Diagnostic, ModelIndex, Range } from '../../shared/dtdl';
import {
  DTDL_CONTEXT, GEOSPATIAL_SCHEMAS, LIMITS, PRIMITIVE_SCHEMAS, SEMANTIC_UNIT_TYPE, V3_EXTENSIONS, unitsOfSemanticType,
} from '../../shared/dtdl/vocab';
import { isRecord } from '../../shared/json';

// ------------------------------------------------------------------ diagnostics

export interface DtdlCheck {
  diagnostics: (Diagnostic & { range: Range })[];
  /** The parsed documents; only meaningful (uploadable) when `syntaxOk`. */
  documents: unknown[];
  syntaxOk: boolean;
  /** No errors (warnings allowed): the text can be uploaded. */
  ok: boolean;
}

const WHOLE_FIRST_LINE: Range = { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 2 };

/**
 * Validates editor text against the models of the instance. JSON syntax errors stop there (validating jsonc's
 * recovered value would add noise). An id that already exists is a warning here, not an error: the editor shows
 * existing models too, and the fix ("raise the version") is offered next to the editor.
 */
export function checkDtdl(text: string, index: ModelIndex): DtdlCheck {
  const parsed = parseDtdlText(text);
  const withRange = (d: Diagnostic) => ({ ...d, range: d.range ?? WHOLE_FIRST_LINE });
  const syntaxErrors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (syntaxErrors.length > 0) {
    return { diagnostics: parsed.diagnostics.map(withRange), documents: parsed.documents, syntaxOk: false, ok: false };
  }
  const result = validateModels(parsed.documents, index, { positions: parsed.positions });
  const diagnostics = [...parsed.diagnostics, ...result.diagnostics].map((d) =>
    d.code === 'model-exists'
      ? { ...d, severity: 'warning' as const, message: `${d.message} Raise the version to upload a changed model.` }
      : d,
  ).map(withRange);
  diagnostics.sort((a, b) => a.range.startLineNumber - b.range.startLineNumber || a.range.startColumn - b.range.startColumn);
  return { diagnostics, documents: parsed.documents, syntaxOk: true, ok: !diagnostics.some((d) => d.severity === 'error') };
}

// ------------------------------------------------------------------ shared knowledge

/** One-line explanations of DTDL terms, used by completions and hovers. */
export const TERM_DOCS: Record<string, string> = {
  Interface: 'Interface: the model of a twin. Holds Properties, Telemetry, Relationships and Components, and may extend other Interfaces.',
  Property: 'Property: state of a twin, stored in the twin and readable by queries. `writable: true` lets clients set it.',
  Telemetry: 'Telemetry: a stream of events the twin emits; not stored in the twin.',
  Relationship: 'Relationship: a link to another twin. `target` restricts which Interface the target twin must have; Relationships can carry Properties.',
  Component: 'Component: a reusable Interface embedded by value under a name. Components cannot themselves contain Components.',
  Command: 'Command: not supported by Azure Digital Twins.',
  Object: 'Object schema: named fields, each with its own schema.',
  Enum: 'Enum schema: a fixed set of named values of type integer or string.',
  Map: 'Map schema: string keys (mapKey) to values of one schema (mapValue).',
  Array: 'Array schema: a list of values of one elementSchema. DTDL v2 allows Arrays only in Telemetry.',
  '@context': "The DTDL version: 'dtmi:dtdl:context;3' or 'dtmi:dtdl:context;2', optionally followed by DTDL v3 extensions.",
  '@id': 'The DTMI of the element, e.g. dtmi:com:example:Room;1. Models are immutable: a changed model needs a new version.',
  '@type': 'The element class (Interface, Property, Telemetry, Relationship, Component, ...) plus optional co-types such as a semantic type.',
  contents: 'The Properties, Telemetry, Relationships and Components of the Interface.',
  extends: 'Interfaces whose contents this Interface inherits. Twins of this model also match IS_OF_MODEL of its ancestors.',
  schemas: 'Complex schemas (Object, Enum, Map, Array) defined once with an @id and used by the contents of this Interface.',
  schema: 'The data type: a primitive (string, double, ...), a complex schema, or for a Component the DTMI of an Interface.',
  name: 'The name used in twins and queries: letters, digits and underscores; starts with a letter.',
  displayName: 'A human-readable name, a string or a language map such as {"en": "Room"}.',
  description: 'A human-readable description, a string or a language map.',
  comment: 'A comment for model authors; not shown to users.',
  writable: 'Whether clients may set this Property (true) or only the device/service (false, the default).',
  target: 'The Interface the target twin must have (or extend). Omit to allow any twin.',
  properties: 'Properties stored on each relationship instance.',
  minMultiplicity: 'Minimum number of relationship instances; must be 0 in Azure Digital Twins.',
  maxMultiplicity: 'Maximum number of relationship instances from one twin.',
  unit: 'The unit of the value; needs a semantic type co-type such as Temperature.',
  enumValues: 'The values of the Enum, each with a name and an enumValue.',
  valueSchema: 'The type of the Enum values: integer or string.',
  enumValue: 'The value stored in the twin for this Enum member.',
  fields: 'The fields of the Object, each with a name and a schema.',
  mapKey: 'The key of the Map: a name and schema string.',
  mapValue: 'The value of the Map: a name and a schema.',
  elementSchema: 'The schema of the Array elements.',
};

const SCHEMA_DOCS: Record<string, string> = {
  boolean: 'true or false', date: 'A full date, RFC 3339 (2024-05-31)', dateTime: 'A date and time, RFC 3339',
  double: 'IEEE 8-byte floating point', duration: 'An ISO 8601 duration (P1DT2H)', float: 'IEEE 4-byte floating point',
  integer: 'Signed 4-byte integer', long: 'Signed 8-byte integer', string: 'UTF-8 string', time: 'A time of day, RFC 3339',
};

const INTERFACE_KEYS = ['@context', '@id', '@type', 'displayName', 'description', 'comment', 'extends', 'contents', 'schemas'];
const CONTENT_KEYS: Record<string, string[]> = {
  Property: ['@type', 'name', 'schema', 'writable', 'displayName', 'description', 'comment', '@id'],
  Telemetry: ['@type', 'name', 'schema', 'displayName', 'description', 'comment', '@id'],
  Relationship: ['@type', 'name', 'target', 'properties', 'minMultiplicity', 'maxMultiplicity', 'writable', 'displayName', 'description', 'comment', '@id'],
  Component: ['@type', 'name', 'schema', 'displayName', 'description', 'comment', '@id'],
  Object: ['@type', 'fields', '@id', 'displayName', 'description', 'comment'],
  Enum: ['@type', 'valueSchema', 'enumValues', '@id', 'displayName', 'description', 'comment'],
  Map: ['@type', 'mapKey', 'mapValue', '@id', 'displayName', 'description', 'comment'],
  Array: ['@type', 'elementSchema', '@id', 'displayName', 'description', 'comment'],
  Field: ['name', 'schema', '@type', 'displayName', 'description', 'comment'],
  EnumValue: ['name', 'enumValue', 'displayName', 'description', 'comment'],
};
const CONTENT_TYPES = ['Property', 'Telemetry', 'Relationship', 'Component'];
const COMPLEX_TYPES = ['Object', 'Enum', 'Map', 'Array'];

/** Escapes text from models (display names, descriptions) before it goes into hover markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}


function asStrings(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

function localized(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isRecord(v)) {
    const en = v.en;
    if (typeof en === 'string') return en;
    const first = Object.values(v).find((x) => typeof x === 'string');
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

// ------------------------------------------------------------------ document context

interface Context {
  root: Node | undefined;
  /** Path of the Interface document that holds the position ([] or [i] when the text is an array). */
  docPath: Segment[];
  /** The path inside that document. */
  rel: Segment[];
  doc: Record<string, unknown> | undefined;
  version: 2 | 3;
}

function contextAt(text: string, path: Segment[]): Context {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const docPath: Segment[] = root?.type === 'array' && typeof path[0] === 'number' ? [path[0]] : [];
  const docNode = root ? (docPath.length ? findNodeAtLocation(root, docPath) : root) : undefined;
  const docValue: unknown = docNode ? getNodeValue(docNode) : undefined;
  const doc = isRecord(docValue) ? docValue : undefined;
  const ctx = asStrings(doc?.['@context'])[0];
  return { root, docPath, rel: path.slice(docPath.length), doc, version: ctx === DTDL_CONTEXT[2] ? 2 : 3 };
}

function valueAt(ctx: Context, rel: Segment[]): unknown {
  if (!ctx.root) return undefined;
  const node = findNodeAtLocation(ctx.root, [...ctx.docPath, ...rel]);
  return node ? getNodeValue(node) : undefined;
}

/** What the object at `objPath` (relative to the document) is: 'Interface', a content class, a schema class, 'Field'... */
function elementKind(ctx: Context, objPath: Segment[]): string | undefined {
  if (objPath.length === 0) return 'Interface';
  const obj = valueAt(ctx, objPath);
  const types = isRecord(obj) ? asStrings(obj['@type']) : [];
  const declared = [...CONTENT_TYPES, ...COMPLEX_TYPES, 'Command'].find((t) => types.includes(t));
  if (declared) return declared;
  const parentKey = objPath[objPath.length - 2];
  const last = objPath[objPath.length - 1];
  if (parentKey === 'fields') return 'Field';
  if (parentKey === 'enumValues') return 'EnumValue';
  if (last === 'mapValue' || last === 'mapKey') return 'Field';
  if (parentKey === 'properties') return 'Property';
  return undefined;
}

function semanticTypeOf(ctx: Context, objPath: Segment[]): string | undefined {
  const obj = valueAt(ctx, objPath);
  return isRecord(obj) ? asStrings(obj['@type']).find((t) => t in SEMANTIC_UNIT_TYPE) : undefined;
}

/** Interface ids the author can refer to: the instance's models and the Interfaces in the editor itself. */
function knownInterfaces(ctx: Context, index: ModelIndex): Map<string, { name?: string; description?: string }> {
  const out = new Map<string, { name?: string; description?: string }>();
  for (const id of index.ids()) {
    const info = index.get(id);
    const entry: { name?: string; description?: string } = {};
    const name = localized(info?.displayName);
    const description = localized(info?.description);
    if (name !== undefined) entry.name = name;
    if (description !== undefined) entry.description = description;
    out.set(id, entry);
  }
  const value: unknown = ctx.root ? getNodeValue(ctx.root) : undefined;
  for (const d of Array.isArray(value) ? value : [value]) {
    if (!isRecord(d) || typeof d['@id'] !== 'string' || out.has(d['@id'])) continue;
    const entry: { name?: string } = {};
    const name = localized(d.displayName);
    if (name !== undefined) entry.name = name;
    out.set(d['@id'], entry);
  }
  return out;
}

// ------------------------------------------------------------------ completions

export type CompletionKind = 'property' | 'class' | 'keyword' | 'reference' | 'unit' | 'value' | 'module';

export interface DtdlCompletion {
  label: string;
  kind: CompletionKind;
  insertText: string;
  /** Matched against the typed text, which includes the opening quote. */
  filterText: string;
  detail?: string;
  /** Plain text (never markdown): it may come from model descriptions. */
  documentation?: string;
  sortText?: string;
}

export interface DtdlCompletionResult {
  items: DtdlCompletion[];
  /** What the chosen item replaces: the string or word under the cursor. */
  range: Range;
}

function offsetToPosition(text: string, offset: number): { lineNumber: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  }
  return { lineNumber: line, column: offset - lineStart + 1 };
}

/** UTF-16 offset of a 1-based Monaco position (Monaco counts columns in UTF-16 units too). */
export function positionToOffset(text: string, lineNumber: number, column: number): number {
  let line = 1;
  let i = 0;
  while (line < lineNumber && i < text.length) {
    if (text.charCodeAt(i) === 10) line++;
    i++;
  }
  return Math.min(i + column - 1, text.length);
}

/** The token under the cursor: a JSON string (with its quotes, closed or not) or a bare word being typed. */
function tokenRange(text: string, offset: number): { start: number; end: number } {
  const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_@:;.$-]/.test(c);
  let start = offset;
  while (start > 0 && isWord(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && isWord(text[end])) end++;
  if (text[start - 1] === '"') {
    start--;
    if (text[end] === '"') end++;
  }
  return { start, end };
}

function quoted(s: string): string {
  return JSON.stringify(s);
}

function keyItems(kind: string | undefined, present: Set<string>): DtdlCompletion[] {
  const keys = kind === 'Interface' ? INTERFACE_KEYS : CONTENT_KEYS[kind ?? ''] ?? ['@type', 'name', 'schema', 'displayName', 'description'];
  return keys.filter((k) => !present.has(k)).map((k, i) => {
    const item: DtdlCompletion = { label: k, kind: 'property', insertText: `${quoted(k)}: `, filterText: quoted(k), sortText: String(i).padStart(3, '0') };
    const doc = TERM_DOCS[k];
    if (doc) item.documentation = doc;
    return item;
  });
}

function valueItem(label: string, kind: CompletionKind, detail?: string, documentation?: string): DtdlCompletion {
  const item: DtdlCompletion = { label, kind, insertText: quoted(label), filterText: quoted(label) };
  if (detail) item.detail = detail;
  if (documentation) item.documentation = documentation;
  return item;
}

function interfaceItems(ctx: Context, index: ModelIndex, exclude: string | undefined): DtdlCompletion[] {
  return [...knownInterfaces(ctx, index)].filter(([id]) => id !== exclude).map(([id, m]) =>
    valueItem(id, 'reference', m.name, m.description));
}

function schemaItems(ctx: Context): DtdlCompletion[] {
  const items = [...PRIMITIVE_SCHEMAS].map((s) => valueItem(s, 'keyword', 'primitive schema', SCHEMA_DOCS[s]));
  for (const g of GEOSPATIAL_SCHEMAS) items.push(valueItem(g, 'keyword', 'geospatial schema', ctx.version === 2 ? 'GeoJSON; DTDL v2 allows it in Telemetry only.' : 'GeoJSON geometry'));
  for (const s of asArray(ctx.doc?.schemas)) {
    if (isRecord(s) && typeof s['@id'] === 'string') items.push(valueItem(s['@id'], 'reference', `${asStrings(s['@type']).join(', ')} defined in this Interface`));
  }
  return items;
}

function asArray(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * Completions at `offset`: property names for the element under the cursor, and values for @type, @context, schema,
 * extends, target, unit, writable and valueSchema. Existing DTMIs come from `index` and from the editor text.
 */
export function dtdlCompletions(text: string, offset: number, index: ModelIndex): DtdlCompletionResult {
  const loc = getLocation(text, offset);
  const ctx = contextAt(text, loc.path);
  const token = tokenRange(text, offset);
  const a = offsetToPosition(text, token.start);
  const b = offsetToPosition(text, token.end);
  const range: Range = { startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column };
  const rel = ctx.rel;

  if (loc.isAtPropertyKey) {
    const objPath = rel.slice(0, -1);
    const obj = valueAt(ctx, objPath);
    const typed = rel[rel.length - 1];
    const present = new Set(isRecord(obj) ? Object.keys(obj).filter((k) => k !== typed) : []);
    return { items: keyItems(elementKind(ctx, objPath), present), range };
  }

  // The key this value belongs to, skipping array indexes ("extends": ["|"] and "@type": ["Property", "|"]).
  let keyIndex = rel.length - 1;
  while (keyIndex >= 0 && typeof rel[keyIndex] === 'number') keyIndex--;
  const key = rel[keyIndex];
  const objPath = rel.slice(0, keyIndex);
  if (typeof key !== 'string') return { items: [], range };
  const kind = elementKind(ctx, objPath);
  let items: DtdlCompletion[];
  switch (key) {
    case '@context':
      items = [valueItem(DTDL_CONTEXT[3], 'module', 'DTDL v3'), valueItem(DTDL_CONTEXT[2], 'module', 'DTDL v2'),
        ...Object.keys(V3_EXTENSIONS).map((e) => valueItem(e, 'module', 'DTDL v3 extension'))];
      break;
    case '@type':
      if (objPath.length === 0) items = [valueItem('Interface', 'class', undefined, TERM_DOCS.Interface)];
      else if (objPath[0] === 'contents' && objPath.length === 2) {
        items = CONTENT_TYPES.map((t) => valueItem(t, 'class', 'content', TERM_DOCS[t]));
        if (kind === 'Property' || kind === 'Telemetry') {
          items.push(...Object.entries(SEMANTIC_UNIT_TYPE).map(([t, u]) => valueItem(t, 'class', `semantic type (${u})`,
            ctx.version === 3 ? 'Needs the dtmi:dtdl:extension:quantitativeTypes;1 context.' : undefined)));
        }
      } else if (kind === 'Field' || kind === 'Property') {
        items = Object.entries(SEMANTIC_UNIT_TYPE).map(([t, u]) => valueItem(t, 'class', `semantic type (${u})`));
        if (kind === 'Property') items.unshift(valueItem('Property', 'class', undefined, TERM_DOCS.Property));
      } else items = COMPLEX_TYPES.map((t) => valueItem(t, 'class', 'complex schema', TERM_DOCS[t]));
      {
        // In a co-type array ("@type": ["Property", "|"]) the classes already given are not offered again, and a
        // content that already has its class is offered only co-types.
        const obj = valueAt(ctx, objPath);
        const typing = typeof rel[rel.length - 1] === 'number' ? rel[rel.length - 1] : undefined;
        const given = isRecord(obj) && Array.isArray(obj['@type']) ? obj['@type'].filter((t, i) => typeof t === 'string' && i !== typing) as string[] : [];
        const hasClass = given.some((t) => CONTENT_TYPES.includes(t) || COMPLEX_TYPES.includes(t));
        items = items.filter((i) => !given.includes(i.label) && !(hasClass && (CONTENT_TYPES.includes(i.label) || COMPLEX_TYPES.includes(i.label))));
      }
      break;
    case 'extends':
      items = interfaceItems(ctx, index, typeof ctx.doc?.['@id'] === 'string' ? ctx.doc['@id'] : undefined);
      break;
    case 'target':
      items = interfaceItems(ctx, index, undefined);
      break;
    case 'schema':
      items = kind === 'Component' ? interfaceItems(ctx, index, typeof ctx.doc?.['@id'] === 'string' ? ctx.doc['@id'] : undefined) : schemaItems(ctx);
      break;
    case 'elementSchema':
      items = schemaItems(ctx);
      break;
    case 'unit': {
      const st = semanticTypeOf(ctx, objPath);
      items = (st ? unitsOfSemanticType(st) ?? [] : []).map((u) => valueItem(u, 'unit', st));
      break;
    }
    case 'valueSchema':
      items = [valueItem('integer', 'keyword'), valueItem('string', 'keyword')];
      break;
    case 'writable':
      items = ['true', 'false'].map((v) => ({ label: v, kind: 'keyword' as const, insertText: v, filterText: v }));
      break;
    default:
      items = [];
  }
  return { items, range };
}

// ------------------------------------------------------------------ hovers

export interface DtdlHover {
  /** Markdown; text taken from models is escaped. */
  contents: string[];
  range: Range;
}

function nodeRange(text: string, node: Node): Range {
  const a = offsetToPosition(text, node.offset);
  const b = offsetToPosition(text, node.offset + node.length);
  return { startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column };
}

function describeInterface(id: string, index: ModelIndex): string[] {
  const info = index.get(id);
  if (!info) return [`\`${id}\``, 'Not in the instance.'];
  const out = [`**${escapeMarkdown(localized(info.displayName) ?? id)}** \`${id}\``];
  const description = localized(info.description);
  if (description) out.push(escapeMarkdown(description));
  const r = index.resolve(id);
  if (r) {
    const parts = [`${r.properties.size} properties`, `${r.relationships.size} relationships`, `${r.telemetries.size} telemetry`, `${r.components.size} components`];
    out.push(`DTDL v${info.dtdlVersion}; with inherited contents: ${parts.join(', ')}.`);
    if (r.ancestors.length > 0) out.push(`Extends: ${r.ancestors.map((a) => `\`${a}\``).join(' → ')}`);
  }
  return out;
}

/** A hover for the key or value under `offset`: what a DTDL term means, or what a referenced model contains. */
export function dtdlHover(text: string, offset: number, index: ModelIndex): DtdlHover | null {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return null;
  const node = findNodeAtOffset(root, offset, false);
  if (!node || node.type !== 'string' && node.type !== 'boolean') return null;
  const range = nodeRange(text, node);
  const parent = node.parent;
  const isKey = parent?.type === 'property' && parent.children?.[0] === node;
  if (isKey) {
    const key = String(node.value);
    const doc = TERM_DOCS[key];
    if (!doc) return null;
    const loc = getLocation(text, node.offset + 1);
    const ctx = contextAt(text, loc.path);
    const limits = LIMITS[ctx.version];
    const extra = key === 'name' ? ` At most ${limits.nameLength} characters in DTDL v${ctx.version}.`
      : key === 'extends' ? ` DTDL v${ctx.version}: at most ${limits.maxExtendsPerInterface ?? 'any number of'} parents per Interface, ${limits.maxExtendsDepth} levels deep.`
        : key === 'contents' && limits.maxContents ? ` DTDL v${ctx.version}: at most ${limits.maxContents} including inherited ones.` : '';
    return { contents: [`**${key}**`, doc + extra], range };
  }
  if (node.type !== 'string') return null;
  const value = String(node.value);
  const loc = getLocation(text, node.offset + 1);
  const ctx = contextAt(text, loc.path);
  let keyIndex = ctx.rel.length - 1;
  while (keyIndex >= 0 && typeof ctx.rel[keyIndex] === 'number') keyIndex--;
  const key = ctx.rel[keyIndex];
  if (key === '@type') {
    if (TERM_DOCS[value]) return { contents: [`**${value}**`, TERM_DOCS[value] as string], range };
    const unitType = SEMANTIC_UNIT_TYPE[value];
    if (unitType) {
      const units = unitsOfSemanticType(value) ?? [];
      return { contents: [`**${value}** (semantic type)`, `Unit type ${unitType}: ${units.join(', ')}.`], range };
    }
    return null;
  }
  if (key === '@context') {
    if (value === DTDL_CONTEXT[3]) return { contents: ['**DTDL v3**', 'Language version 3: two-part versions, versionless ids, arrays in Properties, extensions.'], range };
    if (value === DTDL_CONTEXT[2]) return { contents: ['**DTDL v2**', 'Language version 2: ids need a one-part version; at most 300 contents and 2 parents per Interface.'], range };
    if (value in V3_EXTENSIONS) return { contents: [`**${value}**`, 'A DTDL v3 language extension.'], range };
    return null;
  }
  if ((key === 'schema' || key === 'elementSchema') && SCHEMA_DOCS[value]) return { contents: [`**${value}**`, SCHEMA_DOCS[value] as string], range };
  if (key === 'unit') {
    const st = semanticTypeOf(ctx, ctx.rel.slice(0, keyIndex));
    return { contents: [`**${value}**`, st ? `A unit of ${st}.` : 'A unit; needs a semantic type co-type.'], range };
  }
  if (value.startsWith('dtmi:') && (key === 'extends' || key === 'target' || key === 'schema' || key === '@id')) {
    if (key === '@id' && ctx.rel.length === 1) {
      return { contents: index.has(value) ? [`\`${value}\``, 'A model with this id already exists in the instance; raise the version to upload a changed model.'] : [`\`${value}\``, 'Not in the instance yet.'], range };
    }
    return { contents: describeInterface(value, index), range };
  }
  return null;
}

// ------------------------------------------------------------------ templates

export interface DtdlTemplate { id: string; label: string; text: string }

/** Starting points for a new Interface; `dtmi:com:example:...` ids are meant to be replaced. */
export const DTDL_TEMPLATES: DtdlTemplate[] = [
  {
    id: 'v3-interface',
    label: 'Interface (DTDL v3)',
    text: `${JSON.stringify({
      '@context': 'dtmi:dtdl:context;3', '@id': 'dtmi:com:example:NewModel;1', '@type': 'Interface', displayName: 'New model',
      contents: [
        { '@type': 'Property', name: 'name', schema: 'string', writable: true },
        { '@type': 'Telemetry', name: 'temperature', schema: 'double' },
      ],
    }, null, 2)}\n`,
  },
  {
    id: 'v3-extends',
    label: 'Interface that extends another, with a relationship (DTDL v3)',
    text: `${JSON.stringify({
      '@context': ['dtmi:dtdl:context;3', 'dtmi:dtdl:extension:quantitativeTypes;1'], '@id': 'dtmi:com:example:NewRoom;1', '@type': 'Interface',
      displayName: 'New room', extends: 'dtmi:com:example:Space;1',
      contents: [
        { '@type': ['Property', 'Area'], name: 'floorArea', schema: 'double', unit: 'squareMetre', writable: true },
        { '@type': 'Relationship', name: 'contains', target: 'dtmi:com:example:Device;1', properties: [{ '@type': 'Property', name: 'since', schema: 'dateTime' }] },
      ],
    }, null, 2)}\n`,
  },
  {
    id: 'v2-interface',
    label: 'Interface (DTDL v2)',
    text: `${JSON.stringify({
      '@context': 'dtmi:dtdl:context;2', '@id': 'dtmi:com:example:LegacyModel;1', '@type': 'Interface', displayName: 'Legacy model',
      contents: [
        { '@type': 'Property', name: 'status', schema: { '@type': 'Enum', valueSchema: 'string', enumValues: [{ name: 'on', enumValue: 'on' }, { name: 'off', enumValue: 'off' }] }, writable: true },
        { '@type': ['Telemetry', 'Temperature'], name: 'temperature', schema: 'double', unit: 'degreeCelsius' },
      ],
    }, null, 2)}\n`,
  },
];

// ------------------------------------------------------------------ new versions

/** The top-level Interface ids in the text, in order (an empty list when the text is not JSON). */
export function interfaceIdsInText(text: string): string[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return [];
  const value: unknown = getNodeValue(root);
  return (Array.isArray(value) ? value : [value]).flatMap((d) => (isRecord(d) && typeof d['@id'] === 'string' ? [d['@id']] : []));
}

/**
 * Rewrites every string value equal to a key of `mapping` (the Interface ids and references to them within the text),
 * editing only those strings so the author's formatting survives.
 */
export function renameIds(text: string, mapping: ReadonlyMap<string, string>): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || mapping.size === 0) return text;
  const edits: { offset: number; length: number; value: string }[] = [];
  const visit = (node: Node) => {
    if (node.type === 'property') {
      const value = node.children?.[1];
      if (value) visit(value);
      return;
    }
    if (node.type === 'string') {
      const next = mapping.get(String(node.value));
      if (next !== undefined) edits.push({ offset: node.offset, length: node.length, value: JSON.stringify(next) });
      return;
    }
    for (const c of node.children ?? []) visit(c);
  };
  visit(root);
  let out = text;
  for (const e of edits.sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.value + out.slice(e.offset + e.length);
  return out;
}
