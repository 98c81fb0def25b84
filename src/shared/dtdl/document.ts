/**
 * Single-document DTDL checks: everything that can be decided from one Interface document alone
 * (context, ids, types, names, schemas, limits within the interface). Cross-model rules (extends,
 * components, inherited names, missing dependencies) live in validate.ts.
 */
import type {
  ComponentInfo, ContentInfo, Diagnostic, DtdlVersion, InterfaceInfo, PropertyInfo, RelationshipInfo, Schema,
  TelemetryInfo,
} from './types';
import { checkDtmi, describeDtmiProblem } from './dtmi';
import { joinPointer } from '../json/pointer';
import { isRecord as isObject } from '../json/record';
import { utf8Length } from './utf8';
import {
  ADJUNCT_PROPERTIES, COMPLEX_SCHEMA_TYPES, CONTENT_TYPES, DTDL_CLASSES, DTDL_CONTEXT, GEOSPATIAL_SCHEMAS, LIMITS, NAME_RE,
  NUMERIC_SCHEMAS, QUANTITATIVE_TYPES_CONTEXT, SEMANTIC_UNIT_TYPE, V3_EXTENSIONS, primitiveSchemaName,
  unitsOfSemanticType,
} from './vocab';
import type { VersionLimits } from './vocab';

/** Where an element sits: its JSON pointer, and a readable path used in messages. */
export interface Loc { pointer: string; label: string }

export interface Reference { id: string; loc: Loc }

export interface ParsedInterface {
  info: InterfaceInfo;
  docIndex: number;
  loc: Loc;
  extendsRefs: Reference[];
  /** Own components, keyed by content name, with the location of their `schema` value. */
  componentRefs: (Reference & { name: string })[];
  /** Own contents by name, for messages about inherited-name clashes. */
  contentLocs: Map<string, Loc>;
}

type Obj = Record<string, unknown>;

const MAX_MODEL_BYTES = 1024 * 1024;

export { isObject };

/** JSON-LD lets any set-valued property hold a single value instead of an array. */
function asSet(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function at(loc: Loc, key: string | number): Loc {
  const part = String(key);
  return { pointer: joinPointer(loc.pointer, key), label: loc.label ? `${loc.label} › ${part}` : part };
}

function item(loc: Loc, i: number): Loc {
  return { pointer: joinPointer(loc.pointer, i), label: `${loc.label}[${i}]` };
}

function relabel(loc: Loc, label: string): Loc {
  return { pointer: loc.pointer, label };
}

/** The element that holds `loc`: where a missing property is reported. */
function parentOf(loc: Loc): Loc {
  const cut = loc.pointer.lastIndexOf('/');
  const labelCut = loc.label.lastIndexOf(' › ');
  return { pointer: cut > 0 ? loc.pointer.slice(0, cut) : loc.pointer, label: labelCut >= 0 ? loc.label.slice(0, labelCut) : '' };
}

function lastLabel(loc: Loc): string {
  const cut = loc.label.lastIndexOf(' › ');
  return cut >= 0 ? loc.label.slice(cut + 3) : loc.label;
}

function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
}

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;
const COMMON_KEYS = ['@id', '@type', 'comment', 'description', 'displayName'] as const;

const KEYS: Record<string, readonly string[]> = {
  Interface: [...COMMON_KEYS, '@context', 'contents', 'extends', 'schemas'],
  Property: [...COMMON_KEYS, 'name', 'schema', 'writable'],
  Telemetry: [...COMMON_KEYS, 'name', 'schema'],
  Relationship: [...COMMON_KEYS, 'name', 'target', 'properties', 'minMultiplicity', 'maxMultiplicity', 'writable'],
  Component: [...COMMON_KEYS, 'name', 'schema'],
  Array: [...COMMON_KEYS, 'elementSchema'],
  Enum: [...COMMON_KEYS, 'valueSchema', 'enumValues'],
  EnumValue: [...COMMON_KEYS, 'name', 'enumValue'],
  Map: [...COMMON_KEYS, 'mapKey', 'mapValue'],
  MapKey: [...COMMON_KEYS, 'name', 'schema'],
  MapValue: [...COMMON_KEYS, 'name', 'schema'],
  Object: [...COMMON_KEYS, 'fields'],
  Field: [...COMMON_KEYS, 'name', 'schema'],
};

interface TypeInfo {
  cls: string | undefined;
  semanticType: string | undefined;
  adjuncts: string[];
  /** Co-types that neither DTDL nor a declared extension defines; they allow arbitrary extra properties. */
  undefinedCotypes: string[];
}

interface SchemaDef { raw: Obj; loc: Loc; state: 'pending' | 'resolving' | 'done'; schema: Schema | undefined }

export class DocumentParser {
  private version: DtdlVersion = 3;
  private limits: VersionLimits = LIMITS[3];
  private modelId: string | undefined;
  private readonly extensions = new Set<string>();
  private readonly schemaDefs = new Map<string, SchemaDef>();
  private readonly elementIds = new Map<string, string>();

  constructor(private readonly diags: Diagnostic[], private readonly docIndex: number) {}

  private report(code: string, loc: Loc, text: string, severity: 'error' | 'warning' = 'error'): void {
    const who = this.modelId ?? `document ${this.docIndex}`;
    const d: Diagnostic = {
      severity, code, pointer: loc.pointer,
      message: `${who}${loc.label ? ` › ${loc.label}` : ''}: ${text}`,
    };
    if (this.modelId !== undefined) d.modelId = this.modelId;
    this.diags.push(d);
  }

  parse(doc: unknown): ParsedInterface | undefined {
    const root: Loc = { pointer: `/${this.docIndex}`, label: '' };
    if (!isObject(doc)) {
      this.report('invalid-document', root, 'Top-level element must be a JSON object describing an Interface.');
      return undefined;
    }
    if (typeof doc['@id'] === 'string') this.modelId = doc['@id'];
    // Measured on the compact serialisation: the uploaded text may carry extra whitespace, which ADT's limit
    // (1 MB per model) would also count, but the parsed value is all that is available here.
    const size = utf8Length(JSON.stringify(doc));
    if (size > MAX_MODEL_BYTES) {
      this.report('limit', root, `The model is ${size} bytes long; a model may be at most ${MAX_MODEL_BYTES} bytes (1 MiB).`);
    }
    if (!this.parseContext(doc['@context'], at(root, '@context'))) return undefined;

    if (doc['@type'] !== undefined && !asSet(doc['@type']).includes('Interface')) {
      this.report('invalid-type', at(root, '@type'), 'Only Interfaces are accepted as top-level elements.');
      return undefined;
    }
    const types = this.classify(doc['@type'], at(root, '@type'), new Set(['Interface']), { required: true, semantic: false });
    if (types.cls !== 'Interface') return undefined;
    const id = doc['@id'];
    if (id === undefined) {
      this.report('missing-property', root, 'Top-level element requires an identifier (@id) but none was provided.');
      return undefined;
    }
    if (typeof id !== 'string') {
      this.report('invalid-dtmi', at(root, '@id'), '@id must be a string DTMI.');
      return undefined;
    }
    const idProblem = checkDtmi(id, this.version, 'interface');
    if (idProblem) {
      this.report('invalid-dtmi', at(root, '@id'), `Interface id '${id}' ${describeDtmiProblem(idProblem, this.version, 'interface')}.`);
      return undefined;
    }
    this.elementIds.set(id, root.pointer);
    this.checkKeys(doc, 'Interface', root, types);
    const common = this.parseCommon(doc, root, { skipId: true });

    const extendsRefs: Reference[] = [];
    const extLoc = at(root, 'extends');
    const extValues = asSet(doc.extends);
    extValues.forEach((v, i) => {
      const loc = Array.isArray(doc.extends) ? item(extLoc, i) : extLoc;
      if (isObject(v)) {
        this.report('inline-interface', loc, 'Azure Digital Twins does not accept inline Interface definitions in extends; reference the @id of a separate top-level Interface.');
        return;
      }
      if (typeof v !== 'string') { this.report('invalid-value', loc, 'extends must be a DTMI or an array of DTMIs.'); return; }
      const problem = checkDtmi(v, this.version, 'interface');
      if (problem) { this.report('invalid-dtmi', loc, `'${v}' ${describeDtmiProblem(problem, this.version, 'interface')}.`); return; }
      if (v === id) { this.report('extends-cycle', loc, 'An Interface cannot extend itself.'); return; }
      extendsRefs.push({ id: v, loc });
    });
    const maxExt = this.limits.maxExtendsPerInterface;
    if (maxExt !== undefined && extValues.length > maxExt) {
      this.report('limit', extLoc, `extends lists ${extValues.length} Interfaces; DTDL v${this.version} allows at most ${maxExt}.`);
    }

    this.collectSchemaDefs(doc.schemas, at(root, 'schemas'));

    const contents: ContentInfo[] = [];
    const componentRefs: (Reference & { name: string })[] = [];
    const contentLocs = new Map<string, Loc>();
    const contentsLoc = at(root, 'contents');
    const contentsValid = doc.contents === undefined || Array.isArray(doc.contents) || isObject(doc.contents);
    if (!contentsValid) this.report('invalid-value', contentsLoc, 'contents must be an array of content elements.');
    (contentsValid ? asSet(doc.contents) : []).forEach((raw, i) => {
      const loc = Array.isArray(doc.contents) ? item(contentsLoc, i) : relabel(contentsLoc, 'contents');
      const content = this.parseContent(raw, loc, id);
      if (!content) return;
      const named = relabel(loc, `${loc.label} (${content.name})`);
      if (contentLocs.has(content.name)) {
        this.report('duplicate-name', at(named, 'name'), `Name '${content.name}' is already used by another content element of this Interface.`);
        return;
      }
      contentLocs.set(content.name, named);
      contents.push(content);
      if (content.kind === 'Component') {
        componentRefs.push({ id: (content as ComponentInfo).schema, name: content.name, loc: at(named, 'schema') });
      }
    });
    // Definitions that no content uses still have to be valid.
    for (const [defId, def] of this.schemaDefs) if (def.state === 'pending') this.resolveSchemaRef(defId, def.loc);

    const info: InterfaceInfo = { id, dtdlVersion: this.version, extends: extendsRefs.map((r) => r.id), contents, raw: doc };
    if (common.displayName) info.displayName = common.displayName;
    if (common.description) info.description = common.description;
    return { info, docIndex: this.docIndex, loc: root, extendsRefs, componentRefs, contentLocs };
  }

  private parseContext(value: unknown, loc: Loc): boolean {
    if (value === undefined) {
      this.report('invalid-context', relabel(loc, ''), "@context is required: use 'dtmi:dtdl:context;2' or 'dtmi:dtdl:context;3'.");
      return false;
    }
    const entries = asSet(value);
    const first = entries[0];
    if (typeof first !== 'string' || (first !== DTDL_CONTEXT[2] && first !== DTDL_CONTEXT[3])) {
      const msg = typeof first === 'string' && first.startsWith('dtmi:dtdl:context;')
        ? `Unsupported DTDL version '${first}'; Azure Digital Twins supports 'dtmi:dtdl:context;2' and 'dtmi:dtdl:context;3'.`
        : "The first @context entry must be the DTDL context 'dtmi:dtdl:context;2' or 'dtmi:dtdl:context;3'.";
      this.report(typeof first === 'string' && first.startsWith('dtmi:dtdl:context;') ? 'unsupported-version' : 'invalid-context',
        Array.isArray(value) ? at(loc, 0) : loc, msg);
      return false;
    }
    this.version = first === DTDL_CONTEXT[2] ? 2 : 3;
    this.limits = LIMITS[this.version];
    let ok = true;
    entries.slice(1).forEach((ctx, i) => {
      const ctxLoc = at(loc, i + 1);
      if (typeof ctx !== 'string') { this.report('invalid-context', ctxLoc, '@context entries must be strings.'); ok = false; return; }
      if (ctx === DTDL_CONTEXT[2] || ctx === DTDL_CONTEXT[3]) {
        this.report('invalid-context', ctxLoc, 'The DTDL context may appear only once, as the first @context entry.');
        ok = false;
        return;
      }
      if (this.version === 3 && ctx in V3_EXTENSIONS) { this.extensions.add(ctx); return; }
      this.report('invalid-context', ctxLoc, this.version === 2
        ? `Context '${ctx}' is not supported with DTDL v2; language extensions need 'dtmi:dtdl:context;3'.`
        : `Unknown or unsupported extension context '${ctx}'.`);
      ok = false;
    });
    return ok;
  }

  /** Splits @type into the DTDL class (one of `classes`), a semantic type, extension adjuncts and undefined co-types. */
  private classify(value: unknown, loc: Loc, classes: Set<string>, opts: { required: boolean; semantic: boolean }): TypeInfo {
    const out: TypeInfo = { cls: undefined, semanticType: undefined, adjuncts: [], undefinedCotypes: [] };
    const expected = [...classes].join(', ');
    if (value === undefined) {
      if (opts.required) this.report('missing-property', parentOf(loc), `@type is required (expected ${expected}).`);
      return out;
    }
    const list = asSet(value);
    if (list.length === 0 || list.some((t) => typeof t !== 'string')) {
      this.report('invalid-type', loc, '@type must be a string or an array of strings.');
      return out;
    }
    for (const t of list as string[]) {
      if (classes.has(t)) {
        if (out.cls !== undefined && out.cls !== t) this.report('invalid-type', loc, `@type names both '${out.cls}' and '${t}'.`);
        out.cls ??= t;
      } else if (DTDL_CLASSES.has(t)) {
        this.report('invalid-type', loc, `'${t}' is not valid here (expected ${expected}).`);
      } else if (t in SEMANTIC_UNIT_TYPE) {
        if (this.version === 3 && !this.extensions.has(QUANTITATIVE_TYPES_CONTEXT)) {
          this.report('missing-extension', loc, `Semantic type '${t}' requires the '${QUANTITATIVE_TYPES_CONTEXT}' extension in @context (DTDL v3).`);
          // Still treated as a semantic type so that its 'unit' does not cascade into a second error.
          if (opts.semantic) out.semanticType ??= t;
        } else if (!opts.semantic) {
          this.report('invalid-type', loc, `Semantic type '${t}' can only co-type a Property, Telemetry, Field or MapValue.`);
        } else if (out.semanticType !== undefined) {
          this.report('invalid-type', loc, `Only one semantic type is allowed ('${out.semanticType}' and '${t}').`);
        } else out.semanticType = t;
      } else {
        const ext = this.version === 3 ? Object.entries(V3_EXTENSIONS).find(([, adj]) => adj.includes(t)) : undefined;
        if (ext && !this.extensions.has(ext[0])) {
          this.report('missing-extension', loc, `Co-type '${t}' requires the '${ext[0]}' extension in @context.`);
        } else if (ext) out.adjuncts.push(t);
        else out.undefinedCotypes.push(t);
      }
    }
    if (out.cls === undefined && (opts.required || list.length > 0)) {
      if (!list.some((t) => DTDL_CLASSES.has(t as string))) this.report('invalid-type', loc, `@type must include ${classes.size > 1 ? 'one of ' : ''}${expected}.`);
    }
    return out;
  }

  private checkKeys(obj: Obj, cls: string, loc: Loc, types: TypeInfo): void {
    if (types.undefinedCotypes.length > 0) return;
    const allowed = new Set(KEYS[cls] ?? []);
    if (types.semanticType !== undefined) allowed.add('unit');
    for (const a of types.adjuncts) for (const k of ADJUNCT_PROPERTIES[a] ?? []) allowed.add(k);
    for (const key of Object.keys(obj)) {
      if (allowed.has(key)) continue;
      const hint = key === 'unit' ? ' (unit needs a semantic type co-type)' : '';
      this.report('unknown-property', at(loc, key), `Property '${key}' is not allowed on ${cls === 'Interface' ? 'an' : 'a'} ${cls}${hint}.`);
    }
  }

  private parseCommon(obj: Obj, loc: Loc, opts: { skipId?: boolean } = {}): { displayName?: Record<string, string>; description?: Record<string, string> } {
    if (!opts.skipId && obj['@id'] !== undefined) this.checkElementId(obj['@id'], at(loc, '@id'));
    if (obj.comment !== undefined) {
      const cLoc = at(loc, 'comment');
      if (typeof obj.comment !== 'string') this.report('invalid-value', cLoc, 'comment must be a string.');
      else if (obj.comment.length > this.limits.commentLength) this.report('limit', cLoc, `comment is longer than ${this.limits.commentLength} characters.`);
    }
    const out: { displayName?: Record<string, string>; description?: Record<string, string> } = {};
    const dn = this.localizable(obj.displayName, at(loc, 'displayName'), this.limits.displayNameLength);
    if (dn) out.displayName = dn;
    const ds = this.localizable(obj.description, at(loc, 'description'), this.limits.descriptionLength);
    if (ds) out.description = ds;
    return out;
  }

  private localizable(value: unknown, loc: Loc, max: number): Record<string, string> | undefined {
    if (value === undefined) return undefined;
    const field = lastLabel(loc);
    if (typeof value === 'string') {
      if (value.length > max) this.report('limit', loc, `${field} is longer than ${max} characters.`);
      return { en: value };
    }
    if (!isObject(value)) {
      this.report('invalid-value', loc, `${field} must be a string or a language map such as {"en": "..."}.`);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [lang, text] of Object.entries(value)) {
      const l = at(loc, lang);
      if (!LANGUAGE_TAG.test(lang)) this.report('invalid-value', l, `'${lang}' is not a valid language tag.`);
      if (typeof text !== 'string') { this.report('invalid-value', l, `${field} values must be strings.`); continue; }
      if (text.length > max) this.report('limit', l, `${field} is longer than ${max} characters.`);
      out[lang] = text;
    }
    return out;
  }

  private checkElementId(value: unknown, loc: Loc): void {
    if (typeof value !== 'string') { this.report('invalid-dtmi', loc, '@id must be a string DTMI.'); return; }
    const problem = checkDtmi(value, this.version, 'user');
    if (problem) { this.report('invalid-dtmi', loc, `'${value}' ${describeDtmiProblem(problem, this.version, 'user')}.`); return; }
    if (this.elementIds.has(value)) { this.report('duplicate-id', loc, `@id '${value}' is used by more than one element.`); return; }
    this.elementIds.set(value, loc.pointer);
  }

  private parseName(obj: Obj, loc: Loc): string | undefined {
    const name = obj.name;
    if (name === undefined) { this.report('missing-property', loc, "'name' is required."); return undefined; }
    const nLoc = at(loc, 'name');
    if (typeof name !== 'string') { this.report('invalid-name', nLoc, 'name must be a string.'); return undefined; }
    if (!NAME_RE.test(name)) {
      this.report('invalid-name', nLoc, `Name '${name}' is invalid: use letters, digits and underscores, start with a letter and end with a letter or digit.`);
      return undefined;
    }
    if (name.length > this.limits.nameLength) {
      this.report('limit', nLoc, `Name '${name.slice(0, 40)}…' is longer than ${this.limits.nameLength} characters (DTDL v${this.version}).`);
      return undefined;
    }
    return name;
  }

  private collectSchemaDefs(value: unknown, loc: Loc): void {
    asSet(value).forEach((raw, i) => {
      const l = Array.isArray(value) ? item(loc, i) : relabel(loc, 'schemas');
      if (!isObject(raw)) { this.report('invalid-value', l, 'Interface schemas must be Array, Enum, Map or Object definitions.'); return; }
      const id = raw['@id'];
      if (id === undefined) { this.report('missing-property', l, 'Interface schemas require an @id so that contents can reference them.'); return; }
      if (typeof id !== 'string') { this.report('invalid-dtmi', at(l, '@id'), '@id must be a string DTMI.'); return; }
      const before = this.diags.length;
      this.checkElementId(id, at(l, '@id'));
      if (this.diags.length > before) return;
      this.schemaDefs.set(id, { raw, loc: relabel(l, `${l.label} (${id})`), state: 'pending', schema: undefined });
    });
  }

  private resolveSchemaRef(id: string, loc: Loc): Schema | undefined {
    const def = this.schemaDefs.get(id);
    if (!def) {
      this.report('unknown-schema', loc, `Schema '${id}' is not defined in the schemas of this Interface (an Interface cannot reuse the schemas of the Interfaces it extends).`);
      return undefined;
    }
    if (def.state === 'resolving') {
      this.report('schema-cycle', loc, `Schema '${id}' refers to itself.`);
      return undefined;
    }
    if (def.state === 'pending') {
      def.state = 'resolving';
      def.schema = this.parseComplexSchema(def.raw, def.loc, true);
      def.state = 'done';
    }
    return def.schema;
  }

  private parseSchema(value: unknown, loc: Loc): Schema | undefined {
    if (typeof value === 'string') {
      const prim = primitiveSchemaName(value);
      if (prim) return { kind: 'primitive', name: prim };
      if (value.startsWith('dtmi:')) return this.resolveSchemaRef(value, loc);
      this.report('unknown-schema', loc, `'${value}' is not a DTDL schema (expected a primitive such as 'double', a complex schema object, or the @id of an Interface schema).`);
      return undefined;
    }
    if (isObject(value)) return this.parseComplexSchema(value, loc, false);
    if (value === undefined) { this.report('missing-property', parentOf(loc), `'${lastLabel(loc)}' is required.`); return undefined; }
    this.report('invalid-value', loc, 'A schema must be a string or a complex schema object.');
    return undefined;
  }

  private parseComplexSchema(obj: Obj, loc: Loc, isDefinition: boolean): Schema | undefined {
    const types = this.classify(obj['@type'], at(loc, '@type'), COMPLEX_SCHEMA_TYPES, { required: true, semantic: false });
    if (!types.cls) return undefined;
    this.checkKeys(obj, types.cls, loc, types);
    this.parseCommon(obj, loc, { skipId: isDefinition });
    switch (types.cls) {
      case 'Array': {
        const el = this.parseSchema(obj.elementSchema, at(loc, 'elementSchema'));
        return el ? { kind: 'array', elementSchema: el } : undefined;
      }
      case 'Enum': return this.parseEnum(obj, loc);
      case 'Map': return this.parseMap(obj, loc);
      case 'Object': return this.parseObject(obj, loc);
    }
    return undefined;
  }

  private parseEnum(obj: Obj, loc: Loc): Schema | undefined {
    const vsLoc = at(loc, 'valueSchema');
    const vs = obj.valueSchema;
    let valueSchema: 'integer' | 'string' | undefined;
    if (vs === undefined) this.report('missing-property', loc, "'valueSchema' is required ('integer' or 'string').");
    else if (vs !== 'integer' && vs !== 'string') this.report('invalid-value', vsLoc, "valueSchema must be 'integer' or 'string'.");
    else valueSchema = vs;
    const evLoc = at(loc, 'enumValues');
    const raw = asSet(obj.enumValues);
    this.checkCount(raw.length, this.limits.minEnumValues, this.limits.maxEnumValues, evLoc, 'enumValues');
    const values: { name: string; value: string | number }[] = [];
    const names = new Set<string>();
    const seen = new Set<string | number>();
    raw.forEach((ev, i) => {
      const l = Array.isArray(obj.enumValues) ? item(evLoc, i) : evLoc;
      if (!isObject(ev)) { this.report('invalid-value', l, 'Enum values must be objects with name and enumValue.'); return; }
      const types = this.classify(ev['@type'], at(l, '@type'), new Set(['EnumValue']), { required: false, semantic: false });
      this.checkKeys(ev, 'EnumValue', l, types);
      this.parseCommon(ev, l);
      const name = this.parseName(ev, l);
      const v = ev.enumValue;
      const vLoc = at(l, 'enumValue');
      let valueOk = false;
      if (v === undefined) this.report('missing-property', l, "'enumValue' is required.");
      else if (valueSchema === 'integer' && !isInt32(v)) this.report('invalid-value', vLoc, 'enumValue must be an integer because valueSchema is integer.');
      else if (valueSchema === 'string' && typeof v !== 'string') this.report('invalid-value', vLoc, 'enumValue must be a string because valueSchema is string.');
      else if (seen.has(v as string | number)) this.report('duplicate-name', vLoc, `enumValue ${JSON.stringify(v)} is used more than once.`);
      else valueOk = valueSchema !== undefined;
      if (name !== undefined) {
        if (names.has(name)) this.report('duplicate-name', at(l, 'name'), `Enum value name '${name}' is used more than once.`);
        names.add(name);
      }
      if (valueOk && name !== undefined) {
        seen.add(v as string | number);
        values.push({ name, value: v as string | number });
      }
    });
    return valueSchema ? { kind: 'enum', valueSchema, values } : undefined;
  }

  private parseMap(obj: Obj, loc: Loc): Schema | undefined {
    const keyLoc = at(loc, 'mapKey');
    const valLoc = at(loc, 'mapValue');
    const mk = obj.mapKey;
    if (mk === undefined) this.report('missing-property', loc, "'mapKey' is required.");
    else if (!isObject(mk)) this.report('invalid-value', keyLoc, 'mapKey must be an object with name and schema.');
    else {
      const types = this.classify(mk['@type'], at(keyLoc, '@type'), new Set(['MapKey']), { required: false, semantic: false });
      this.checkKeys(mk, 'MapKey', keyLoc, types);
      this.parseCommon(mk, keyLoc);
      this.parseName(mk, keyLoc);
      if (mk.schema === undefined) this.report('missing-property', keyLoc, "'schema' is required and must be 'string'.");
      else if (mk.schema !== 'string') this.report('invalid-value', at(keyLoc, 'schema'), "The schema of a mapKey must be 'string'.");
    }
    const mv = obj.mapValue;
    if (mv === undefined) { this.report('missing-property', loc, "'mapValue' is required."); return undefined; }
    if (!isObject(mv)) { this.report('invalid-value', valLoc, 'mapValue must be an object with name and schema.'); return undefined; }
    const valueSchema = this.parseNamedSchemaHolder(mv, valLoc, 'MapValue');
    return valueSchema ? { kind: 'map', keySchema: 'string', valueSchema } : undefined;
  }

  private parseObject(obj: Obj, loc: Loc): Schema | undefined {
    const fLoc = at(loc, 'fields');
    const raw = asSet(obj.fields);
    this.checkCount(raw.length, this.limits.minObjectFields, this.limits.maxObjectFields, fLoc, 'fields');
    const fields: { name: string; schema: Schema }[] = [];
    const names = new Set<string>();
    let ok = true;
    raw.forEach((f, i) => {
      const l = Array.isArray(obj.fields) ? item(fLoc, i) : fLoc;
      if (!isObject(f)) { this.report('invalid-value', l, 'Object fields must be objects with name and schema.'); ok = false; return; }
      const name = typeof f.name === 'string' ? f.name : undefined;
      const named = name ? relabel(l, `${l.label} (${name})`) : l;
      const validName = this.parseName(f, named);
      const schema = this.parseNamedSchemaHolder(f, named, 'Field');
      if (validName === undefined || schema === undefined) { ok = false; return; }
      if (names.has(validName)) {
        this.report('duplicate-name', at(named, 'name'), `Field name '${validName}' is used more than once in this Object.`);
        ok = false;
        return;
      }
      names.add(validName);
      fields.push({ name: validName, schema });
    });
    return ok ? { kind: 'object', fields } : undefined;
  }

  /** Field and MapValue: optional @type (with semantic co-types), name, schema, unit. Name is checked by the caller for Field. */
  private parseNamedSchemaHolder(obj: Obj, loc: Loc, cls: 'Field' | 'MapValue'): Schema | undefined {
    const types = this.classify(obj['@type'], at(loc, '@type'), new Set([cls]), { required: false, semantic: true });
    this.checkKeys(obj, cls, loc, types);
    this.parseCommon(obj, loc);
    if (cls === 'MapValue') this.parseName(obj, loc);
    const schema = this.parseSchema(obj.schema, at(loc, 'schema'));
    this.checkSemantic(obj, loc, types, schema);
    return schema;
  }

  private checkCount(n: number, min: number, max: number | undefined, loc: Loc, what: string): void {
    if (n < min) this.report('limit', loc, `${what} must contain at least ${min} element${min === 1 ? '' : 's'} in DTDL v${this.version}.`);
    if (max !== undefined && n > max) this.report('limit', loc, `${what} has ${n} elements; DTDL v${this.version} allows at most ${max}.`);
  }

  private checkSemantic(obj: Obj, loc: Loc, types: TypeInfo, schema: Schema | undefined): void {
    const st = types.semanticType;
    if (st === undefined) return;
    const unit = obj.unit;
    const uLoc = at(loc, 'unit');
    if (unit !== undefined && typeof unit !== 'string') this.report('invalid-value', uLoc, 'unit must be a string.');
    // DTDL v2's unit catalogue differs in details from QuantitativeTypes v1; only v3 units are checked against the table.
    if (this.version === 3) {
      const units = unitsOfSemanticType(st);
      if (typeof unit === 'string' && units && !units.includes(unit)) {
        this.report('invalid-unit', uLoc, `Unit '${unit}' is not valid for semantic type '${st}' (expected one of: ${units.join(', ')}).`);
      }
      if (schema && !(schema.kind === 'primitive' && NUMERIC_SCHEMAS.has(schema.name))) {
        this.report('invalid-value', at(loc, 'schema'), `An element co-typed with semantic type '${st}' must have a numeric schema (double, float, integer or long).`);
      }
    }
  }

  private parseContent(raw: unknown, loc: Loc, interfaceId: string): ContentInfo | undefined {
    if (!isObject(raw)) { this.report('invalid-value', loc, 'Content elements must be objects.'); return undefined; }
    const name0 = typeof raw.name === 'string' ? raw.name : undefined;
    const named = name0 ? relabel(loc, `${loc.label} (${name0})`) : loc;
    const typeLoc = at(named, '@type');
    const peek = asSet(raw['@type']).find((t) => typeof t === 'string' && CONTENT_TYPES.has(t));
    const types = this.classify(raw['@type'], typeLoc, CONTENT_TYPES, { required: true, semantic: peek === 'Property' || peek === 'Telemetry' });
    if (types.cls === undefined) return undefined;
    if (types.cls === 'Command') {
      this.report('unsupported-type', typeLoc, 'Commands are not supported by Azure Digital Twins; remove the Command from the model.');
      return undefined;
    }
    this.checkKeys(raw, types.cls, named, types);
    this.parseCommon(raw, named);
    const name = this.parseName(raw, named);
    switch (types.cls) {
      case 'Property': {
        const p = this.parseProperty(raw, named, types);
        return name !== undefined && p ? { name, kind: 'Property', definedIn: interfaceId, raw, ...p } as PropertyInfo : undefined;
      }
      case 'Telemetry': {
        const schema = this.parseSchema(raw.schema, at(named, 'schema'));
        this.checkSemantic(raw, named, types, schema);
        if (schema) this.checkSchemaUsage(schema, at(named, 'schema'), false);
        return name !== undefined && schema ? { name, kind: 'Telemetry', definedIn: interfaceId, raw, schema } as TelemetryInfo : undefined;
      }
      case 'Relationship': {
        const rel = this.parseRelationship(raw, named, interfaceId);
        if (name === undefined || !rel) return undefined;
        const info: RelationshipInfo = { name, kind: 'Relationship', definedIn: interfaceId, raw, properties: rel.properties };
        if (rel.target !== undefined) info.target = rel.target;
        return info;
      }
      case 'Component': {
        const sLoc = at(named, 'schema');
        const s = raw.schema;
        if (s === undefined) { this.report('missing-property', named, "'schema' is required (the @id of an Interface)."); return undefined; }
        if (isObject(s)) {
          this.report('inline-interface', sLoc, 'Azure Digital Twins does not accept inline Interface definitions as component schemas; reference the @id of a separate top-level Interface.');
          return undefined;
        }
        if (typeof s !== 'string') { this.report('invalid-value', sLoc, 'A Component schema must be the DTMI of an Interface.'); return undefined; }
        if (primitiveSchemaName(s)) { this.report('invalid-value', sLoc, `A Component schema must be an Interface, not '${s}'.`); return undefined; }
        const problem = checkDtmi(s, this.version, 'interface');
        if (problem) { this.report('invalid-dtmi', sLoc, `'${s}' ${describeDtmiProblem(problem, this.version, 'interface')}.`); return undefined; }
        if (this.schemaDefs.has(s)) { this.report('invalid-value', sLoc, `'${s}' is a complex schema, not an Interface; a Component schema must be an Interface.`); return undefined; }
        return name !== undefined ? { name, kind: 'Component', definedIn: interfaceId, raw, schema: s } as ComponentInfo : undefined;
      }
    }
    return undefined;
  }

  private parseProperty(raw: Obj, loc: Loc, types: TypeInfo): { schema: Schema; writable: boolean } | undefined {
    const sLoc = at(loc, 'schema');
    const schema = this.parseSchema(raw.schema, sLoc);
    this.checkSemantic(raw, loc, types, schema);
    if (schema) this.checkSchemaUsage(schema, sLoc, true);
    let writable = false;
    if (raw.writable !== undefined) {
      if (typeof raw.writable !== 'boolean') this.report('invalid-value', at(loc, 'writable'), 'writable must be true or false.');
      else writable = raw.writable;
    }
    return schema ? { schema, writable } : undefined;
  }

  private checkSchemaUsage(schema: Schema, loc: Loc, inProperty: boolean): void {
    const depth = schemaDepth(schema);
    if (depth > this.limits.maxSchemaDepth) {
      this.report('limit', loc, `Complex schemas are nested ${depth} levels deep; at most ${this.limits.maxSchemaDepth} are allowed.`);
    }
    if (inProperty && !this.limits.arraysInProperties && containsArray(schema)) {
      this.report('invalid-value', loc, 'DTDL v2 does not allow Arrays (nor geospatial schemas, which are arrays) anywhere in a Property schema; use DTDL v3 or a Telemetry.');
    }
  }

  private parseRelationship(raw: Obj, loc: Loc, interfaceId: string): { target?: string; properties: Map<string, PropertyInfo> } | undefined {
    let ok = true;
    let target: string | undefined;
    if (raw.target !== undefined) {
      const tLoc = at(loc, 'target');
      if (isObject(raw.target)) {
        this.report('inline-interface', tLoc, 'A Relationship target must be the DTMI of an Interface, not an inline definition.');
        ok = false;
      } else if (typeof raw.target !== 'string') {
        this.report('invalid-value', tLoc, 'target must be a DTMI string.');
        ok = false;
      } else {
        const problem = checkDtmi(raw.target, this.version, 'user');
        if (problem) { this.report('invalid-dtmi', tLoc, `'${raw.target}' ${describeDtmiProblem(problem, this.version, 'user')}.`); ok = false; }
        else target = raw.target;
      }
    }
    const minLoc = at(loc, 'minMultiplicity');
    if (raw.minMultiplicity !== undefined && raw.minMultiplicity !== 0) {
      this.report('invalid-value', minLoc, 'minMultiplicity must be 0.');
    }
    if (raw.maxMultiplicity !== undefined) {
      const maxLoc = at(loc, 'maxMultiplicity');
      const m = raw.maxMultiplicity;
      const cap = this.limits.maxMultiplicity;
      if (!isInt32(m) || m < 1) this.report('invalid-value', maxLoc, 'maxMultiplicity must be an integer of at least 1.');
      else if (cap !== undefined && m > cap) this.report('limit', maxLoc, `maxMultiplicity must not exceed ${cap} in DTDL v${this.version}.`);
    }
    if (raw.writable !== undefined && typeof raw.writable !== 'boolean') {
      this.report('invalid-value', at(loc, 'writable'), 'writable must be true or false.');
    }
    const properties = new Map<string, PropertyInfo>();
    const pLoc = at(loc, 'properties');
    const rawProps = asSet(raw.properties);
    const cap = this.limits.maxRelationshipProperties;
    if (cap !== undefined && rawProps.length > cap) this.report('limit', pLoc, `A Relationship may have at most ${cap} properties in DTDL v${this.version}.`);
    rawProps.forEach((p, i) => {
      const l0 = Array.isArray(raw.properties) ? item(pLoc, i) : pLoc;
      if (!isObject(p)) { this.report('invalid-value', l0, 'Relationship properties must be Property objects.'); return; }
      const l = typeof p.name === 'string' ? relabel(l0, `${l0.label} (${p.name})`) : l0;
      const types = this.classify(p['@type'], at(l, '@type'), new Set(['Property']), { required: true, semantic: true });
      if (types.cls !== 'Property') return;
      this.checkKeys(p, 'Property', l, types);
      this.parseCommon(p, l);
      const name = this.parseName(p, l);
      const parsed = this.parseProperty(p, l, types);
      if (name === undefined || !parsed) return;
      if (properties.has(name)) {
        this.report('duplicate-name', at(l, 'name'), `Relationship property name '${name}' is used more than once.`);
        return;
      }
      properties.set(name, { name, kind: 'Property', definedIn: interfaceId, raw: p, ...parsed });
    });
    if (!ok) return undefined;
    return target !== undefined ? { target, properties } : { properties };
  }
}

export function schemaDepth(schema: Schema): number {
  switch (schema.kind) {
    case 'primitive': return 0;
    case 'enum': return 1;
    case 'array': return 1 + schemaDepth(schema.elementSchema);
    case 'map': return 1 + schemaDepth(schema.valueSchema);
    case 'object': return 1 + schema.fields.reduce((m, f) => Math.max(m, schemaDepth(f.schema)), 0);
  }
}

function containsArray(schema: Schema): boolean {
  switch (schema.kind) {
    case 'primitive': return GEOSPATIAL_SCHEMAS.has(schema.name);
    case 'enum': return false;
    case 'array': return true;
    case 'map': return containsArray(schema.valueSchema);
    case 'object': return schema.fields.some((f) => containsArray(f.schema));
  }
}
