/**
 * Graph files, as pure functions: ADT Explorer's JSON graph format, the ADT bulk-import NDJSON format, ADT Explorer's
 * Excel columns, and the import plan (what gets created, reused, updated or skipped, in which order).
 *
 * Everything passes through one neutral shape, GraphFile, so each format only converts to and from it.
 */
import type { DigitalTwin, Relationship } from '../../shared/adt';
import { MAX_MODELS_PER_CALL } from '../../shared/adt';
import type { ModelIndex } from '../../shared/dtdl';
import { batches, modelDependencies, orderByDependencies } from '../../shared/dtdl';
import { isRecord } from '../../shared/json';

/** A twin as it travels in a file: no etag, and `$metadata` reduced to the model (and empty component metadata). */
export interface FileTwin {
  $dtId: string;
  $metadata: { $model: string };
  [property: string]: unknown;
}

/** A relationship as it travels in a file: no etag. Properties sit beside the `$` fields. */
export interface FileRelationship {
  $sourceId: string;
  $relationshipId: string;
  $relationshipName: string;
  $targetId: string;
  [property: string]: unknown;
}

export interface GraphFile {
  /** DTDL interfaces, as uploaded. */
  models: Record<string, unknown>[];
  twins: FileTwin[];
  relationships: FileRelationship[];
}

export type GraphFormat = 'adt-explorer-json' | 'ndjson' | 'xlsx';

/** A problem found while reading a file; `line`/`row` point at the offending input (1-based). */
export class GraphFileError extends Error {
  override readonly name = 'GraphFileError';
  constructor(message: string, readonly line?: number) {
    super(line === undefined ? message : `Line ${line}: ${message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cleaning what the service returns into what a file holds

/**
 * Strips server-maintained fields from a twin: `$etag`, `$lastUpdateTime` and per-property metadata. A component is
 * recognised by its `$metadata` object and keeps an empty one, which ADT requires to create it.
 */
export function cleanTwin(twin: DigitalTwin | FileTwin | Record<string, unknown>): FileTwin {
  const out: Record<string, unknown> = {};
  const metadata = isRecord(twin.$metadata) ? twin.$metadata : {};
  for (const [key, value] of Object.entries(twin)) {
    if (key === '$etag' || key === '$metadata' || key === '$lastUpdateTime') continue;
    out[key] = isComponentValue(value) ? cleanComponent(value) : value;
  }
  return { ...out, $dtId: String(twin.$dtId), $metadata: { $model: String(metadata.$model ?? '') } } as FileTwin;
}

function isComponentValue(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && isRecord(value.$metadata);
}

function cleanComponent(component: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { $metadata: {} };
  for (const [key, value] of Object.entries(component)) {
    if (key === '$metadata' || key === '$lastUpdateTime') continue;
    out[key] = value;
  }
  return out;
}

export function cleanRelationship(relationship: Relationship | FileRelationship | Record<string, unknown>): FileRelationship {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(relationship)) {
    if (key === '$etag') continue;
    out[key] = value;
  }
  return out as FileRelationship;
}

/** Twins and relationships in a stable order (by id), so exports of the same instance compare equal. */
export function sortGraph(graph: GraphFile): GraphFile {
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    models: [...graph.models].sort((a, b) => byKey(String(a['@id']), String(b['@id']))),
    twins: [...graph.twins].sort((a, b) => byKey(a.$dtId, b.$dtId)),
    relationships: [...graph.relationships].sort((a, b) =>
      byKey(`${a.$sourceId}\u0000${a.$relationshipId}`, `${b.$sourceId}\u0000${b.$relationshipId}`)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// ADT Explorer JSON

export interface AdtExplorerFile {
  digitalTwinsFileInfo: { fileVersion: string };
  digitalTwinsGraph: { digitalTwins: FileTwin[]; relationships: FileRelationship[] };
  digitalTwinsModels: Record<string, unknown>[];
}

export function toAdtExplorerJson(graph: GraphFile): AdtExplorerFile {
  return {
    digitalTwinsFileInfo: { fileVersion: '1.0.0' },
    digitalTwinsGraph: { digitalTwins: graph.twins, relationships: graph.relationships },
    digitalTwinsModels: graph.models,
  };
}

/** Reads ADT Explorer's graph JSON (file version 1.0.0). Models are optional there, so they are here. */
export function fromAdtExplorerJson(value: unknown): GraphFile {
  if (!isRecord(value)) throw new GraphFileError('The file is not a JSON object.');
  const info = value.digitalTwinsFileInfo;
  if (!isRecord(info) || info.fileVersion !== '1.0.0') {
    throw new GraphFileError('This is not an ADT Explorer graph: "digitalTwinsFileInfo": { "fileVersion": "1.0.0" } is missing.');
  }
  const graph = value.digitalTwinsGraph;
  if (!isRecord(graph)) throw new GraphFileError('The file has no "digitalTwinsGraph" object.');
  const twinsRaw = graph.digitalTwins ?? [];
  const relsRaw = graph.relationships ?? [];
  const modelsRaw = value.digitalTwinsModels ?? [];
  if (!Array.isArray(twinsRaw)) throw new GraphFileError('"digitalTwinsGraph.digitalTwins" must be an array.');
  if (!Array.isArray(relsRaw)) throw new GraphFileError('"digitalTwinsGraph.relationships" must be an array.');
  if (!Array.isArray(modelsRaw)) throw new GraphFileError('"digitalTwinsModels" must be an array.');
  return {
    models: modelsRaw.map((m, i) => checkModel(m, `digitalTwinsModels[${i}]`)),
    twins: twinsRaw.map((t, i) => checkTwin(t, `digitalTwins[${i}]`)),
    relationships: relsRaw.map((r, i) => checkRelationship(r, `relationships[${i}]`)),
  };
}

function checkModel(value: unknown, where: string, line?: number): Record<string, unknown> {
  if (!isRecord(value) || typeof value['@id'] !== 'string') throw new GraphFileError(`${where} is not a DTDL interface with an "@id".`, line);
  return value;
}

function checkTwin(value: unknown, where: string, line?: number): FileTwin {
  if (!isRecord(value) || typeof value.$dtId !== 'string' || value.$dtId === '') {
    throw new GraphFileError(`${where} is not a twin: "$dtId" is missing.`, line);
  }
  if (!isRecord(value.$metadata) || typeof value.$metadata.$model !== 'string') {
    throw new GraphFileError(`${where} (twin ${value.$dtId}) has no "$metadata.$model".`, line);
  }
  return cleanTwin(value);
}

function checkRelationship(value: unknown, where: string, line?: number, sourceKey: '$sourceId' | '$dtId' = '$sourceId'): FileRelationship {
  if (!isRecord(value)) throw new GraphFileError(`${where} is not a relationship object.`, line);
  const missing = [sourceKey, '$relationshipId', '$relationshipName', '$targetId'].filter((k) => typeof value[k] !== 'string' || value[k] === '');
  if (missing.length > 0) throw new GraphFileError(`${where} is not a relationship: ${missing.join(', ')} missing.`, line);
  if (sourceKey === '$dtId') {
    const { $dtId, ...rest } = value;
    return cleanRelationship({ ...rest, $sourceId: $dtId });
  }
  return cleanRelationship(value);
}

// ---------------------------------------------------------------------------------------------------------------
// NDJSON (ADT bulk import)

export interface NdjsonHeader {
  fileVersion: string;
  author?: string;
  organization?: string;
}

/**
 * Serialises the bulk-import format: Header, Models, Twins, Relationships. In the Relationships section the source
 * twin is named `$dtId`, as the Import Jobs API requires.
 */
export function toNdjson(graph: GraphFile, header: NdjsonHeader = { fileVersion: '1.0.0', author: 'Twinscope', organization: '' }): string {
  const lines: string[] = [JSON.stringify({ Section: 'Header' }), JSON.stringify(header)];
  if (graph.models.length > 0) {
    lines.push(JSON.stringify({ Section: 'Models' }));
    for (const m of graph.models) lines.push(JSON.stringify(m));
  }
  if (graph.twins.length > 0) {
    lines.push(JSON.stringify({ Section: 'Twins' }));
    for (const t of graph.twins) lines.push(JSON.stringify(t));
  }
  if (graph.relationships.length > 0) {
    lines.push(JSON.stringify({ Section: 'Relationships' }));
    for (const r of graph.relationships) {
      const { $sourceId, ...rest } = r;
      lines.push(JSON.stringify({ $dtId: $sourceId, ...rest }));
    }
  }
  return lines.join('\n') + '\n';
}

type NdjsonSection = 'Header' | 'Models' | 'Twins' | 'Relationships';
const SECTION_ORDER: NdjsonSection[] = ['Header', 'Models', 'Twins', 'Relationships'];

/** Reads the bulk-import format. Sections must come in the documented order; errors name the line. */
export function fromNdjson(text: string): GraphFile & { header: NdjsonHeader | undefined } {
  const out: GraphFile & { header: NdjsonHeader | undefined } = { header: undefined, models: [], twins: [], relationships: [] };
  let section: NdjsonSection | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const n = i + 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new GraphFileError('not valid JSON.', n);
    }
    if (isRecord(value) && Object.keys(value).length === 1 && typeof value.Section === 'string') {
      const name = value.Section as NdjsonSection;
      if (!SECTION_ORDER.includes(name)) throw new GraphFileError(`unknown section "${value.Section}" (expected Header, Models, Twins or Relationships).`, n);
      if (section !== undefined && SECTION_ORDER.indexOf(name) <= SECTION_ORDER.indexOf(section)) {
        throw new GraphFileError(`section ${name} comes after ${section}; the order is Header, Models, Twins, Relationships.`, n);
      }
      if (section === undefined && name !== 'Header') throw new GraphFileError('the first section must be {"Section": "Header"}.', n);
      section = name;
      continue;
    }
    if (section === undefined) throw new GraphFileError('the file must start with {"Section": "Header"}.', n);
    if (section === 'Header') {
      if (!isRecord(value) || typeof value.fileVersion !== 'string') throw new GraphFileError('the header needs a "fileVersion".', n);
      out.header = value as unknown as NdjsonHeader;
    } else if (section === 'Models') out.models.push(checkModel(value, 'This model', n));
    else if (section === 'Twins') out.twins.push(checkTwin(value, 'This twin', n));
    else out.relationships.push(checkRelationship(value, 'This relationship', n, '$dtId'));
  }
  if (section === undefined) throw new GraphFileError('The file is empty.');
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// ADT Explorer's Excel columns

export const EXCEL_COLUMNS = {
  model: 'ModelID',
  id: 'ID (must be unique)',
  relFrom: 'Relationship (From)',
  relName: 'Relationship Name',
  initData: 'Init Data',
} as const;

/**
 * Columns Twinscope adds after ADT Explorer's, both optional on import: the relationship's id (without it the id is
 * derived from its ends and name) and its properties as a JSON object.
 */
export const EXCEL_EXTRA_COLUMNS = {
  relId: 'Relationship ID',
  relProps: 'Relationship Properties',
} as const;

/**
 * A graph in ADT Explorer's sheet layout, header row first: one row per twin (its model, id and properties as JSON,
 * components included), carrying the first relationship that points at it; each further relationship to a twin gets
 * a row of its own with the ModelID left empty. Relationship ids and properties go in the two extra columns.
 */
export function graphToExcelRows(graph: GraphFile): string[][] {
  const header = [...Object.values(EXCEL_COLUMNS), ...Object.values(EXCEL_EXTRA_COLUMNS)];
  const incoming = new Map<string, FileRelationship[]>();
  for (const r of graph.relationships) {
    const list = incoming.get(r.$targetId) ?? [];
    list.push(r);
    incoming.set(r.$targetId, list);
  }
  const relCells = (r: FileRelationship | undefined): string[] => {
    if (!r) return ['', '', '', ''];
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (!k.startsWith('$')) props[k] = v;
    return [r.$sourceId, r.$relationshipName, r.$relationshipId, Object.keys(props).length > 0 ? JSON.stringify(props) : ''];
  };
  const row = (model: string, id: string, init: string, r: FileRelationship | undefined): string[] => {
    const [from, name, relId, relProps] = relCells(r);
    return [model, id, from!, name!, init, relId!, relProps!];
  };
  const rows: string[][] = [header];
  const twinIds = new Set<string>();
  for (const t of graph.twins) {
    twinIds.add(t.$dtId);
    const init: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(t)) if (k !== '$dtId' && k !== '$metadata') init[k] = v;
    const [first, ...rest] = incoming.get(t.$dtId) ?? [];
    rows.push(row(t.$metadata.$model, t.$dtId, Object.keys(init).length > 0 ? JSON.stringify(init) : '', first));
    for (const r of rest) rows.push(row('', t.$dtId, '', r));
  }
  // Relationships to twins outside the file (an export of a part) still get their rows.
  for (const [target, list] of incoming) if (!twinIds.has(target)) for (const r of list) rows.push(row('', target, '', r));
  return rows;
}

/**
 * Converts the rows of ADT Explorer's spreadsheet (header row first) into a graph. Each row is a twin (when it has a
 * model) and optionally a relationship from "Relationship (From)" to it. Unlike ADT Explorer, the relationship id is
 * derived from its ends and name, so importing the same sheet twice updates instead of duplicating.
 */
export function excelRowsToGraph(rows: readonly (readonly string[])[]): GraphFile {
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const index = {} as Record<keyof typeof EXCEL_COLUMNS, number>;
  const missing: string[] = [];
  for (const [key, title] of Object.entries(EXCEL_COLUMNS) as [keyof typeof EXCEL_COLUMNS, string][]) {
    const at = header.indexOf(title);
    if (at < 0) missing.push(title);
    index[key] = at;
  }
  if (missing.length > 0) throw new GraphFileError(`The sheet's first row lacks the column(s) ${missing.map((m) => `"${m}"`).join(', ')}.`);
  const relIdAt = header.indexOf(EXCEL_EXTRA_COLUMNS.relId);
  const relPropsAt = header.indexOf(EXCEL_EXTRA_COLUMNS.relProps);
  const graph: GraphFile = { models: [], twins: [], relationships: [] };
  const relIds = new Set<string>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as readonly string[];
    const cell = (k: keyof typeof EXCEL_COLUMNS) => (row[index[k]] ?? '').trim();
    if (row.every((c) => c.trim() === '')) continue;
    const rowNumber = r + 1;
    const id = cell('id');
    if (id === '') throw new GraphFileError(`Row ${rowNumber} has no twin id.`);
    const model = cell('model');
    if (model !== '') {
      let init: unknown = {};
      const raw = cell('initData');
      if (raw !== '') {
        try {
          init = JSON.parse(raw);
        } catch {
          throw new GraphFileError(`Row ${rowNumber}: "Init Data" is not valid JSON.`);
        }
        if (!isRecord(init)) throw new GraphFileError(`Row ${rowNumber}: "Init Data" must be a JSON object.`);
      }
      graph.twins.push(cleanTwin({ ...(init as Record<string, unknown>), $dtId: id, $metadata: { $model: model } }));
    }
    const from = cell('relFrom');
    const name = cell('relName');
    if (from !== '' && name !== '') {
      const givenId = relIdAt >= 0 ? (row[relIdAt] ?? '').trim() : '';
      let relId = givenId !== '' ? givenId : `${from}-${name}-${id}`;
      if (givenId === '') for (let k = 2; relIds.has(`${from}\u0000${relId}`); k++) relId = `${from}-${name}-${id}-${k}`;
      relIds.add(`${from}\u0000${relId}`);
      let props: Record<string, unknown> = {};
      const rawProps = relPropsAt >= 0 ? (row[relPropsAt] ?? '').trim() : '';
      if (rawProps !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(rawProps);
        } catch {
          throw new GraphFileError(`Row ${rowNumber}: "${EXCEL_EXTRA_COLUMNS.relProps}" is not valid JSON.`);
        }
        if (!isRecord(parsed)) throw new GraphFileError(`Row ${rowNumber}: "${EXCEL_EXTRA_COLUMNS.relProps}" must be a JSON object.`);
        props = parsed;
      }
      graph.relationships.push({ ...props, $sourceId: from, $relationshipId: relId, $relationshipName: name, $targetId: id });
    } else if (from !== '' || name !== '') {
      throw new GraphFileError(`Row ${rowNumber}: a relationship needs both "Relationship (From)" and "Relationship Name".`);
    }
  }
  return graph;
}

// ---------------------------------------------------------------------------------------------------------------
// Detecting the format

/** Picks the reader by content (a file name only breaks ties), so a renamed file still loads. */
export function parseGraphText(text: string, fileName = ''): { format: Exclude<GraphFormat, 'xlsx'>; graph: GraphFile } {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') throw new GraphFileError('The file is empty.');
  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
  if (/"Section"\s*:/.test(firstLine) || /\.ndjson$/i.test(fileName)) return { format: 'ndjson', graph: fromNdjson(trimmed) };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    throw new GraphFileError(`The file is neither NDJSON nor valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { format: 'adt-explorer-json', graph: fromAdtExplorerJson(value) };
}

// ---------------------------------------------------------------------------------------------------------------
// Models: dependencies and order

/**
 * Orders models so each comes after the models it depends on (within the list; others are assumed to exist), then
 * cuts them into batches for POST /models. A cycle cannot be ordered, so its members come last in file order and the
 * service reports the problem.
 */
export function orderModels(models: readonly Record<string, unknown>[], batchSize = MAX_MODELS_PER_CALL): Record<string, unknown>[][] {
  return batches(orderByDependencies(models).ordered, batchSize);
}

/** The models `graph`'s twins use, plus everything those depend on, taken from `all` (for exporting a part). */
export function modelsNeededBy(twins: readonly FileTwin[], all: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const byId = new Map(all.map((m) => [String(m['@id']), m]));
  const needed = new Set<string>();
  const queue = [...new Set(twins.map((t) => t.$metadata.$model))];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (needed.has(id)) continue;
    const model = byId.get(id);
    if (!model) continue;
    needed.add(id);
    queue.push(...modelDependencies(model));
  }
  return all.filter((m) => needed.has(String(m['@id'])));
}

// ---------------------------------------------------------------------------------------------------------------
// Import plan

export interface ExistingState {
  modelIds: ReadonlySet<string>;
  /** Ids among those asked about that already exist in the instance. */
  twinIds: ReadonlySet<string>;
}

export type PlannedAction = 'create' | 'update' | 'skip';

export interface PlanProblem {
  kind: 'model' | 'twin' | 'relationship';
  id: string;
  message: string;
}

export interface ImportPlan {
  /** Batches of models to upload, dependencies first. */
  modelBatches: Record<string, unknown>[][];
  reusedModels: string[];
  twins: { twin: FileTwin; action: PlannedAction }[];
  relationships: { relationship: FileRelationship; action: 'upsert' | 'skip' }[];
  /** Relationship targets that are not in the file but exist in the instance. */
  externalTargets: string[];
  problems: PlanProblem[];
  counts: {
    models: { create: number; reuse: number };
    twins: { create: number; update: number; skip: number };
    relationships: { upsert: number; skip: number };
  };
}

/** Twin ids that an import must look up in the instance: the file's twins and the relationship ends outside the file. */
export function idsToCheck(graph: GraphFile): string[] {
  const ids = new Set(graph.twins.map((t) => t.$dtId));
  for (const r of graph.relationships) {
    ids.add(r.$sourceId);
    ids.add(r.$targetId);
  }
  return [...ids];
}

/**
 * Decides what an import does with each item.
 * - Models that exist are reused (ADT refuses to upload an existing id).
 * - Twins that exist are updated only when `updateExisting`; otherwise they are skipped and left as they are.
 * - With a model index, every component the twin's model declares is present (ADT rejects a twin without them), and
 *   twins whose model is neither in the file nor in the instance are reported before anything is sent.
 * - A relationship is sent when both ends exist after the import: in the file, or already in the instance.
 */
export function planImport(
  graph: GraphFile,
  existing: ExistingState,
  options: { updateExisting: boolean; index?: ModelIndex },
): ImportPlan {
  const problems: PlanProblem[] = [];
  const fileModelIds = new Set<string>();
  const freshModels: Record<string, unknown>[] = [];
  const reusedModels: string[] = [];
  for (const m of graph.models) {
    const id = String(m['@id']);
    if (fileModelIds.has(id)) {
      problems.push({ kind: 'model', id, message: 'The model appears more than once in the file; the first one is used.' });
      continue;
    }
    fileModelIds.add(id);
    if (existing.modelIds.has(id)) reusedModels.push(id);
    else freshModels.push(m);
  }
  const modelKnown = (id: string) => fileModelIds.has(id) || existing.modelIds.has(id);

  const seenTwins = new Set<string>();
  const twins: ImportPlan['twins'] = [];
  for (const raw of graph.twins) {
    if (seenTwins.has(raw.$dtId)) {
      problems.push({ kind: 'twin', id: raw.$dtId, message: 'The twin appears more than once in the file; the last one wins.' });
      const at = twins.findIndex((t) => t.twin.$dtId === raw.$dtId);
      if (at >= 0) twins.splice(at, 1);
    }
    seenTwins.add(raw.$dtId);
    const model = raw.$metadata.$model;
    if (!modelKnown(model)) {
      problems.push({ kind: 'twin', id: raw.$dtId, message: `Its model ${model} is neither in the file nor in the instance.` });
      twins.push({ twin: raw, action: 'skip' });
      continue;
    }
    const twin = options.index ? withDeclaredComponents(raw, options.index) : raw;
    const exists = existing.twinIds.has(raw.$dtId);
    twins.push({ twin, action: exists ? (options.updateExisting ? 'update' : 'skip') : 'create' });
  }

  const willExist = new Set<string>(existing.twinIds);
  for (const t of twins) if (t.action !== 'skip' || existing.twinIds.has(t.twin.$dtId)) willExist.add(t.twin.$dtId);
  const external = new Set<string>();
  const seenRels = new Set<string>();
  const relationships: ImportPlan['relationships'] = [];
  for (const r of graph.relationships) {
    const key = `${r.$sourceId}/relationships/${r.$relationshipId}`;
    if (seenRels.has(key)) {
      problems.push({ kind: 'relationship', id: key, message: 'The relationship appears more than once in the file; the first one is used.' });
      continue;
    }
    seenRels.add(key);
    const missing = [r.$sourceId, r.$targetId].filter((id) => !willExist.has(id));
    if (missing.length > 0) {
      problems.push({ kind: 'relationship', id: key, message: `Twin ${missing.join(' and ')} is neither in the file nor in the instance.` });
      relationships.push({ relationship: r, action: 'skip' });
      continue;
    }
    if (!seenTwins.has(r.$targetId)) external.add(r.$targetId);
    if (!seenTwins.has(r.$sourceId)) external.add(r.$sourceId);
    relationships.push({ relationship: r, action: 'upsert' });
  }

  const count = <T extends { action: string }>(items: T[], action: string) => items.filter((i) => i.action === action).length;
  return {
    modelBatches: orderModels(freshModels),
    reusedModels,
    twins,
    relationships,
    externalTargets: [...external].sort(),
    problems,
    counts: {
      models: { create: freshModels.length, reuse: reusedModels.length },
      twins: { create: count(twins, 'create'), update: count(twins, 'update'), skip: count(twins, 'skip') },
      relationships: { upsert: count(relationships, 'upsert'), skip: count(relationships, 'skip') },
    },
  };
}

/** Adds `{ $metadata: {} }` for each component the model declares and the twin lacks. */
export function withDeclaredComponents(twin: FileTwin, index: ModelIndex): FileTwin {
  const resolved = index.resolve(twin.$metadata.$model);
  if (!resolved || resolved.components.size === 0) return twin;
  let out: FileTwin | undefined;
  for (const name of resolved.components.keys()) {
    const value = twin[name];
    if (isRecord(value) && isRecord(value.$metadata)) continue;
    out ??= { ...twin };
    out[name] = isRecord(value) ? { ...value, $metadata: {} } : { $metadata: {} };
  }
  return out ?? twin;
}

/** Total items an import touches; above IMPORT_JOB_THRESHOLD the Import Jobs API is offered. */
export function importSize(graph: GraphFile): number {
  return graph.models.length + graph.twins.length + graph.relationships.length;
}

export const IMPORT_JOB_THRESHOLD = 1000;

// ---------------------------------------------------------------------------------------------------------------
// Import job output log

export interface ImportLogEntry {
  logType: 'Info' | 'Warning' | 'Error';
  section?: string;
  id?: string;
  message: string;
}

/** Reads the NDJSON log an import job writes to its output blob; unreadable lines are kept as text. */
export function parseImportLog(text: string): ImportLogEntry[] {
  const out: ImportLogEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      out.push({ logType: 'Info', message: line });
      continue;
    }
    if (!isRecord(value)) continue;
    const details = isRecord(value.details) ? value.details : {};
    const logType = value.logType === 'Error' || value.logType === 'Warning' ? value.logType : 'Info';
    const message = [details.error, details.message, details.status].find((x) => typeof x === 'string') as string | undefined;
    const entry: ImportLogEntry = { logType, message: message ?? JSON.stringify(details) };
    if (typeof details.section === 'string') entry.section = details.section;
    if (details.id !== undefined) entry.id = String(details.id);
    out.push(entry);
  }
  return out;
}

/** The whole graph as a text file, in the chosen format. */
export function serializeGraph(graph: GraphFile, format: Exclude<GraphFormat, 'xlsx'>): { text: string; mime: string; extension: string } {
  if (format === 'ndjson') return { text: toNdjson(graph), mime: 'application/x-ndjson', extension: 'ndjson' };
  return { text: JSON.stringify(toAdtExplorerJson(graph), null, 2) + '\n', mime: 'application/json', extension: 'json' };
}
