/**
 * Import and export against an ADT instance (or the emulator) through AdtClient: reading a whole instance or a part
 * of it into a GraphFile, checking what already exists, running an import plan item by item with bounded
 * concurrency, running a large import through the Import Jobs API, and deleting everything through a Delete Job.
 */
import type { DeleteJob, DigitalTwin, ImportJob, ModelData, Relationship } from '../../shared/adt';
import type { ModelIndex } from '../../shared/dtdl';
import { AdtError } from '../adt-client';
import type { AdtClient } from '../adt-client';
import { loadModels } from './models';
import type { FileRelationship, FileTwin, GraphFile, ImportLogEntry, ImportPlan } from './import-export';
import { cleanRelationship, cleanTwin, modelsNeededBy, parseImportLog, sortGraph } from './import-export';
import { queryStringLiteral } from '../../shared/query';

const PAGE = 1000;
/** ADT's limit on the items of an IN list. */
const IN_LIMIT = 50;
/** Above this many ids, one paged scan of every twin id costs fewer requests than IN-list queries. */
const SCAN_ABOVE = 2000;

export interface RunOptions { signal?: AbortSignal }

function modelDefinitions(models: ModelData[]): Record<string, unknown>[] {
  return models.flatMap((m) => (m.model ? [m.model] : []));
}

async function allModels(client: AdtClient, options: RunOptions): Promise<ModelData[]> {
  const models: ModelData[] = [];
  for await (const m of client.listModels({ includeModelDefinition: true, signal: options.signal })) models.push(m);
  return models;
}

async function queryAll<T>(client: AdtClient, query: string, options: RunOptions, onPage?: (n: number) => void): Promise<T[]> {
  const out: T[] = [];
  for await (const page of client.queryTwins<T>(query, { signal: options.signal }).byPage({ maxPageSize: PAGE })) {
    out.push(...page.value);
    onPage?.(out.length);
  }
  return out;
}

/** Every model, twin and relationship of the instance, cleaned of server fields and sorted by id. */
export async function exportInstance(
  client: AdtClient,
  options: RunOptions & { onProgress?: (message: string) => void } = {},
): Promise<GraphFile> {
  options.onProgress?.('Reading models…');
  const models = modelDefinitions(await allModels(client, options));
  options.onProgress?.('Reading twins…');
  const twins = await queryAll<DigitalTwin>(client, 'SELECT * FROM DIGITALTWINS', options, (n) => options.onProgress?.(`Reading twins… ${n}`));
  options.onProgress?.('Reading relationships…');
  const relationships = await queryAll<Relationship>(client, 'SELECT * FROM RELATIONSHIPS', options,
    (n) => options.onProgress?.(`Reading relationships… ${n}`));
  return sortGraph({ models, twins: twins.map(cleanTwin), relationships: relationships.map(cleanRelationship) });
}

/**
 * A part of the instance (the twins and relationships on screen) with the models they need. Relationships whose
 * source is in the part are kept even when their target is not: an import into the same instance reconnects them.
 */
export async function exportPart(
  client: AdtClient,
  part: { twins: Iterable<DigitalTwin>; relationships: Iterable<Relationship> },
  options: RunOptions = {},
): Promise<GraphFile> {
  const twins = [...part.twins].map(cleanTwin);
  const ids = new Set(twins.map((t) => t.$dtId));
  const relationships = [...part.relationships].filter((r) => ids.has(r.$sourceId)).map(cleanRelationship);
  const models = modelsNeededBy(twins, modelDefinitions(await allModels(client, options)));
  return sortGraph({ models, twins, relationships });
}

/** Which of `ids` exist as twins, in O(ids / IN_LIMIT) queries, or one paged scan when the list is long. */
export async function existingTwinIds(client: AdtClient, ids: readonly string[], options: RunOptions = {}): Promise<Set<string>> {
  const found = new Set<string>();
  if (ids.length === 0) return found;
  const collect = (rows: { $dtId?: unknown }[]) => {
    for (const row of rows) if (typeof row.$dtId === 'string') found.add(row.$dtId);
  };
  if (ids.length > SCAN_ABOVE) {
    const wanted = new Set(ids);
    const rows = await queryAll<{ $dtId?: unknown }>(client, 'SELECT T.$dtId FROM DIGITALTWINS T', options);
    collect(rows.filter((r) => typeof r.$dtId === 'string' && wanted.has(r.$dtId)));
    return found;
  }
  for (let i = 0; i < ids.length; i += IN_LIMIT) {
    const list = ids.slice(i, i + IN_LIMIT).map(queryStringLiteral).join(', ');
    collect(await queryAll<{ $dtId?: unknown }>(client, `SELECT T.$dtId FROM DIGITALTWINS T WHERE T.$dtId IN [${list}]`, options));
  }
  return found;
}

/**
 * A model index of every model in the instance, for model-driven forms and import checks. Models that do not parse
 * are left out rather than failing the whole index.
 */
export async function loadModelIndex(client: AdtClient, options: RunOptions = {}): Promise<ModelIndex> {
  return (await loadModels(client, options.signal)).index;
}

export async function existingModelIds(client: AdtClient, options: RunOptions = {}): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const m of client.listModels({ signal: options.signal })) ids.add(m.id);
  return ids;
}

// ---------------------------------------------------------------------------------------------------------------
// Item-by-item import

export type ItemStatus = 'created' | 'updated' | 'reused' | 'skipped' | 'failed';

export interface ItemResult {
  kind: 'model' | 'twin' | 'relationship';
  id: string;
  status: ItemStatus;
  message?: string;
}

export interface ImportProgress { done: number; total: number; failed: number }

function describe(err: unknown): string {
  if (err instanceof AdtError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

function isAbort(err: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (err instanceof Error && err.name === 'AbortError');
}

/** Runs `work` over `items` with at most `limit` in flight, in order of start. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) return;
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Applies a plan: models (in dependency order, batch by batch), then twins, then relationships, so each item's
 * dependencies exist when it is sent. Twins and relationships planned as creates are sent with `If-None-Match: *`,
 * so one that appeared meanwhile is reported as skipped instead of overwritten. A failure never stops the run; it
 * is reported with the service's message. An abort stops it.
 */
export async function executeImport(
  client: AdtClient,
  plan: ImportPlan,
  options: RunOptions & { concurrency?: number; updateExisting?: boolean; onProgress?: (p: ImportProgress, latest: ItemResult) => void } = {},
): Promise<ItemResult[]> {
  const { signal } = options;
  const concurrency = options.concurrency ?? 6;
  const results: ItemResult[] = [];
  const total = plan.modelBatches.reduce((n, b) => n + b.length, 0) + plan.reusedModels.length + plan.twins.length + plan.relationships.length;
  let failed = 0;
  const report = (r: ItemResult) => {
    results.push(r);
    if (r.status === 'failed') failed++;
    options.onProgress?.({ done: results.length, total, failed }, r);
  };

  for (const id of plan.reusedModels) report({ kind: 'model', id, status: 'reused', message: 'The model already exists.' });
  for (const batch of plan.modelBatches) {
    if (signal?.aborted) throw signal.reason;
    try {
      await client.createModels(batch, { signal });
      for (const m of batch) report({ kind: 'model', id: String(m['@id']), status: 'created' });
    } catch (err) {
      if (isAbort(err, signal)) throw err;
      for (const m of batch) report({ kind: 'model', id: String(m['@id']), status: 'failed', message: describe(err) });
    }
  }

  const sendTwin = async ({ twin, action }: { twin: FileTwin; action: 'create' | 'update' | 'skip' }) => {
    if (action === 'skip') {
      report({ kind: 'twin', id: twin.$dtId, status: 'skipped', message: 'The twin exists (or cannot be created) and was left as it is.' });
      return;
    }
    try {
      await client.upsertDigitalTwin(twin.$dtId, twin, action === 'create' ? { signal, ifNoneMatch: '*' } : { signal });
      report({ kind: 'twin', id: twin.$dtId, status: action === 'create' ? 'created' : 'updated' });
    } catch (err) {
      if (isAbort(err, signal)) throw err;
      if (err instanceof AdtError && err.status === 412) {
        report({ kind: 'twin', id: twin.$dtId, status: 'skipped', message: 'The twin was created by someone else meanwhile; it was left as it is.' });
      } else report({ kind: 'twin', id: twin.$dtId, status: 'failed', message: describe(err) });
    }
  };
  await pool(plan.twins, concurrency, sendTwin, signal);
  if (signal?.aborted) throw signal.reason;

  const sendRelationship = async ({ relationship, action }: { relationship: FileRelationship; action: 'upsert' | 'skip' }) => {
    const id = `${relationship.$sourceId}/relationships/${relationship.$relationshipId}`;
    if (action === 'skip') {
      report({ kind: 'relationship', id, status: 'skipped', message: 'One of its twins does not exist.' });
      return;
    }
    try {
      const { $sourceId, $relationshipId, ...body } = relationship;
      const conditional = options.updateExisting ? { signal } : { signal, ifNoneMatch: '*' };
      await client.upsertRelationship($sourceId, $relationshipId, { ...body, $relationshipId, $sourceId }, conditional);
      report({ kind: 'relationship', id, status: 'created' });
    } catch (err) {
      if (isAbort(err, signal)) throw err;
      if (err instanceof AdtError && err.status === 412) {
        report({ kind: 'relationship', id, status: 'skipped', message: 'The relationship exists and was left as it is.' });
      } else report({ kind: 'relationship', id, status: 'failed', message: describe(err) });
    }
  };
  await pool(plan.relationships, concurrency, sendRelationship, signal);
  if (signal?.aborted) throw signal.reason;
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs

const TERMINAL_IMPORT: ReadonlySet<ImportJob['status']> = new Set(['succeeded', 'failed', 'cancelled']);
const TERMINAL_DELETE: ReadonlySet<DeleteJob['status']> = new Set(['succeeded', 'failed']);

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface ImportJobOptions extends RunOptions {
  jobId: string;
  /** Where the NDJSON is uploaded (a blob URL with a SAS allowing write), and read from by the service. */
  inputBlobUri: string;
  /** Where the service writes its log (a blob URL with a SAS allowing create and write). */
  outputBlobUri: string;
  pollMs?: number;
  onStatus?: (job: ImportJob) => void;
  /** Skip the upload when the input blob is already in place. */
  skipUpload?: boolean;
}

/**
 * Uploads the NDJSON as a block blob, starts the import job, follows its status until it ends and then reads the
 * job's log. A log that cannot be read (no read permission in the SAS) leaves `log` undefined.
 */
export async function runImportJob(
  client: AdtClient,
  ndjson: string,
  options: ImportJobOptions,
): Promise<{ job: ImportJob; log: ImportLogEntry[] | undefined }> {
  // Through the client, so that the uploads and the log download appear in the request log with the ADT calls.
  if (!options.skipUpload) {
    const upload = await client.fetchExternal(options.inputBlobUri, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/x-ndjson', 'x-ms-version': '2021-08-06' },
      body: ndjson,
      signal: options.signal,
    });
    if (!upload.ok) throw new Error(`Uploading the input blob failed with HTTP ${upload.status}. Check the SAS (write permission) and the storage account's CORS rules.`);
  }
  let job = await client.createImportJob(options.jobId, { inputBlobUri: options.inputBlobUri, outputBlobUri: options.outputBlobUri }, { signal: options.signal });
  options.onStatus?.(job);
  while (!TERMINAL_IMPORT.has(job.status)) {
    await wait(options.pollMs ?? 1000, options.signal);
    job = await client.getImportJob(options.jobId, { signal: options.signal });
    options.onStatus?.(job);
  }
  let log: ImportLogEntry[] | undefined;
  try {
    const res = await client.fetchExternal(options.outputBlobUri, { signal: options.signal });
    if (res.ok) log = parseImportLog(res.text);
  } catch (err) {
    if (options.signal?.aborted) throw err;
    // The output SAS may grant write only; the job status alone is then the report.
  }
  return { job, log };
}

/** Deletes every model, twin and relationship through a Delete Job and follows it until it ends. */
export async function deleteEverything(
  client: AdtClient,
  options: RunOptions & { pollMs?: number; onStatus?: (job: DeleteJob) => void } = {},
): Promise<DeleteJob> {
  const created = await client.createDeleteJob({ signal: options.signal });
  let job = created.body;
  options.onStatus?.(job);
  while (!TERMINAL_DELETE.has(job.status)) {
    await wait(options.pollMs ?? 1000, options.signal);
    job = await client.getDeleteJob(job.id, { signal: options.signal });
    options.onStatus?.(job);
  }
  return job;
}
