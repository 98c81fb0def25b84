import { API_VERSION } from '../../shared/adt';
import type { DeleteJob, ErrorInfo, ImportJob } from '../../shared/adt';
import { validateModels } from '../../shared/dtdl';
import { ApiError } from '../errors';
import type { Store, StoredModel } from '../storage/store';
import type { Core, HandlerResponse, RequestContext } from './context';
import { errors } from './messages';
import { putRelationship } from './relationships';
import { putTwin } from './twins';
import { adtOffsetNow, isObject, noContent, ok, pageOf, syntheticRequest, uuid } from './util';

const JOB_PAGE = 100;
const PURGE_DAYS = 30;

function purgeTime(from: Date): string {
  return adtOffsetNow(new Date(from.getTime() + PURGE_DAYS * 24 * 3600 * 1000));
}

function jobLimitReached(core: Core): ApiError {
  const running = core.jobs.running;
  return new ApiError(400, 'JobLimitReached',
    `Only one bulk job (import or delete) can run at a time; ${running?.kind ?? 'a'} job ${running?.id ?? ''} is still running. Try again when it has finished.`);
}

/** Runs a job in the background, one at a time, and keeps `core.jobs.idle` pending until it is over. */
function startJob(core: Core, kind: 'import' | 'delete', id: string, run: () => Promise<void>): void {
  core.jobs.running = { kind, id, cancel: false, abort: new AbortController() };
  core.jobs.idle = new Promise<void>((resolve) => {
    // Deferred so the creating request is answered (status notstarted) before the job starts.
    setTimeout(() => {
      run()
        .catch((err: unknown) => core.log(`${kind} job ${id} crashed: ${String(err)}`))
        .finally(() => {
          core.jobs.running = null;
          resolve();
        });
    }, 0);
  });
}

// ---- import jobs -------------------------------------------------------------------------------------------------

function requireImportJob(core: Core, id: string): ImportJob {
  const job = core.store.getImportJob(id);
  if (!job) {
    throw errors.jobNotFound(id);
  }
  return job;
}

export function listImportJobs(ctx: RequestContext, core: Core): HandlerResponse {
  return pageOf(ctx, core.store.listImportJobs(), JOB_PAGE, 1000);
}

export function getImportJob(ctx: RequestContext, core: Core): HandlerResponse {
  return ok(requireImportJob(core, ctx.params['id']!));
}

export function addImportJob(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  const body = ctx.body;
  if (!isObject(body) || typeof body['inputBlobUri'] !== 'string' || typeof body['outputBlobUri'] !== 'string') {
    throw errors.validationFailed('An import job needs an inputBlobUri and an outputBlobUri.');
  }
  for (const key of ['inputBlobUri', 'outputBlobUri'] as const) {
    if (!URL.canParse(body[key] as string)) throw errors.blobUriInvalid(body[key] as string);
    if (!/^https?:\/\//i.test(body[key] as string)) {
      throw errors.validationFailed(`The ${key} must be an http(s) URL, e.g. a blob URL with a SAS token.`);
    }
  }
  if (core.store.getImportJob(id)) throw errors.jobExists(id);
  if (core.jobs.running) throw jobLimitReached(core);
  const now = new Date();
  const job: ImportJob = {
    id,
    inputBlobUri: body['inputBlobUri'] as string,
    outputBlobUri: body['outputBlobUri'] as string,
    status: 'notstarted',
    createdDateTime: adtOffsetNow(now),
    lastActionDateTime: adtOffsetNow(now),
    purgeDateTime: purgeTime(now),
  };
  core.store.putImportJob(job);
  startJob(core, 'import', id, () => runImport(core, id, ctx.host));
  return { status: 201, body: job };
}

export function cancelImportJob(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  const job = requireImportJob(core, id);
  if (job.status !== 'notstarted' && job.status !== 'running' && job.status !== 'cancelling') {
    throw errors.validationFailed(`The import job ${id} has already finished (${job.status}) and cannot be cancelled.`);
  }
  if (core.jobs.running?.kind === 'import' && core.jobs.running.id === id) {
    core.jobs.running.cancel = true;
    core.jobs.running.abort.abort();
  }
  const updated: ImportJob = { ...job, status: 'cancelling', lastActionDateTime: adtOffsetNow() };
  core.store.putImportJob(updated);
  return ok(updated);
}

export function deleteImportJob(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  requireImportJob(core, id);
  if (core.jobs.running?.kind === 'import' && core.jobs.running.id === id) {
    throw errors.validationFailed(`The import job ${id} is still running. Cancel it and wait for it to stop before deleting it.`);
  }
  core.store.deleteImportJob(id);
  return noContent();
}

type Section = 'Header' | 'Models' | 'Twins' | 'Relationships';

interface LogLine {
  timestamp: string; jobId: string; jobType: 'Import'; logType: 'Info' | 'Warning' | 'Error';
  details: Record<string, unknown>;
}

/**
 * Runs an import: reads the NDJSON of the input blob (Header, then optional Models, Twins, Relationships sections),
 * applies each item through the same validation as the single-item APIs, and writes the NDJSON log to the output
 * blob. Like ADT, an import is not atomic: items before a failure stay. Items that fail are logged and make the job
 * end as `failed`; a cancel stops at the next item.
 */
async function runImport(core: Core, id: string, host: string): Promise<void> {
  const log: LogLine[] = [];
  const write = (logType: LogLine['logType'], details: Record<string, unknown>) =>
    log.push({ timestamp: new Date().toISOString(), jobId: id, jobType: 'Import', logType, details });
  const update = (changes: Partial<ImportJob>) => {
    const current = core.store.getImportJob(id);
    // The job may have been deleted meanwhile; nothing is left to update then.
    if (current) core.store.putImportJob({ ...current, ...changes, lastActionDateTime: adtOffsetNow() });
  };
  const cancelled = () => core.jobs.running?.cancel === true;
  const signal = core.jobs.running?.abort.signal;

  const job = core.store.getImportJob(id);
  if (!job) return;
  update({ status: 'running' });
  write('Info', { status: 'Started' });
  let failures = 0;
  let fatal: ErrorInfo | undefined;

  try {
    const response = await core.fetch(job.inputBlobUri, signal ? { signal } : {});
    if (!response.ok) throw new Error(`Reading the input blob failed with HTTP ${response.status}.`);
    const text = await response.text();
    const sections = parseNdjson(text);
    if (sections.header === undefined) throw new Error('The input has no Header section; the first line must be {"Section": "Header"}.');

    if (sections.Models.length > 0 && !cancelled()) {
      write('Info', { section: 'Models', status: 'Started' });
      const fresh = sections.Models.filter((m) => !(isObject(m) && typeof m['@id'] === 'string' && core.store.getModel(m['@id'])));
      for (const skipped of sections.Models.length - fresh.length > 0 ? sections.Models.filter((m) => !fresh.includes(m)) : []) {
        write('Warning', { section: 'Models', id: (skipped as Record<string, unknown>)['@id'], message: 'The model already exists and was skipped.' });
      }
      if (fresh.length > 0) {
        const result = validateModels(fresh, core.store.models);
        if (result.ok) {
          const uploadTime = adtOffsetNow();
          const stored: StoredModel[] = fresh.map((m) => ({
            id: (m as Record<string, unknown>)['@id'] as string, uploadTime, decommissioned: false, model: m as Record<string, unknown>,
          }));
          core.store.addModels(stored, result.interfaces);
        } else {
          failures += fresh.length;
          for (const d of result.diagnostics.filter((x) => x.severity === 'error')) {
            write('Error', { section: 'Models', id: d.modelId, error: d.message });
          }
        }
      }
      write('Info', { section: 'Models', status: 'Succeeded' });
    }

    const quiet: Core = { ...core, publish: () => undefined };
    const apply = async (section: 'Twins' | 'Relationships', items: unknown[]) => {
      if (items.length === 0 || cancelled()) return;
      write('Info', { section, status: 'Started' });
      // One transaction per slice of items; a failed item is logged and the others go on. A commit per item cost a
      // write to disk per item: on the static site's OPFS store a 30,000-item import took minutes. Between slices the
      // job yields, so a large import does not starve other requests.
      for (let start = 0; start < items.length; start += IMPORT_SLICE) {
        if (cancelled()) return;
        core.store.batch(() => {
          for (const item of items.slice(start, start + IMPORT_SLICE)) {
            try {
              // One store write per item, which nests as a savepoint: a failure leaves nothing of the item behind.
              if (section === 'Twins') importTwin(quiet, item, host);
              else importRelationship(quiet, item, host);
            } catch (err) {
              failures++;
              const r = isObject(item) ? item : {};
              const itemId = section === 'Twins' ? r['$dtId'] : `${String(r['$dtId'])}/${String(r['$relationshipId'])}`;
              write('Error', { section, id: itemId, error: err instanceof ApiError ? `${err.code}: ${err.message}` : String(err) });
            }
          }
        });
        await new Promise((r) => setTimeout(r, 0));
      }
      write('Info', { section, status: 'Succeeded' });
    };
    await apply('Twins', sections.Twins);
    await apply('Relationships', sections.Relationships);
  } catch (err) {
    fatal = { code: 'ImportJobFailed', message: err instanceof Error ? err.message : String(err) };
    write('Error', { error: fatal.message });
  }

  const finishedDateTime = adtOffsetNow();
  let status: ImportJob['status'];
  let error: ErrorInfo | undefined;
  if (cancelled()) status = 'cancelled';
  else if (fatal) {
    status = 'failed';
    error = fatal;
  }
  else if (failures > 0) {
    status = 'failed';
    error = { code: 'ImportJobFailed', message: `${failures} item(s) could not be imported. See the output log for details.` };
  } else status = 'succeeded';
  write(status === 'succeeded' ? 'Info' : 'Error', { status: status[0]!.toUpperCase() + status.slice(1) });

  try {
    const body = log.map((l) => JSON.stringify(l)).join('\n') + '\n';
    const put = await core.fetch(job.outputBlobUri, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/x-ndjson', 'x-ms-version': '2021-08-06' },
      body,
      // Not tied to the job's abort signal: a cancelled job still writes its log.
      signal: AbortSignal.timeout(10_000),
    });
    if (!put.ok) throw new Error(`Writing the output log failed with HTTP ${put.status}.`);
  } catch (err) {
    status = 'failed';
    error = { code: 'ImportJobFailed', message: err instanceof Error ? err.message : String(err) };
  }
  update(error ? { status, finishedDateTime, error } : { status, finishedDateTime });
}

/** Items written per transaction by an import job. */
const IMPORT_SLICE = 100;

function parseNdjson(text: string): { header: unknown } & Record<Exclude<Section, 'Header'>, unknown[]> {
  const out: { header: unknown } & Record<Exclude<Section, 'Header'>, unknown[]> = { header: undefined, Models: [], Twins: [], Relationships: [] };
  let section: Section | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`Line ${i + 1} of the input is not valid JSON.`);
    }
    if (isObject(value) && typeof value['Section'] === 'string' && Object.keys(value).length === 1) {
      const name = value['Section'];
      if (name !== 'Header' && name !== 'Models' && name !== 'Twins' && name !== 'Relationships') {
        throw new Error(`Line ${i + 1}: unknown section ${name}.`);
      }
      section = name;
      return;
    }
    if (section === undefined) throw new Error(`Line ${i + 1} comes before any {"Section": ...} line.`);
    if (section === 'Header') out.header = value;
    else out[section].push(value);
  });
  return out;
}

function importTwin(core: Core, item: unknown, host: string): void {
  if (!isObject(item) || typeof item['$dtId'] !== 'string') throw new Error('A twin line needs a $dtId.');
  putTwin(syntheticRequest(host, { id: item['$dtId'] }, item), core);
}

function importRelationship(core: Core, item: unknown, host: string): void {
  if (!isObject(item) || typeof item['$dtId'] !== 'string' || typeof item['$relationshipId'] !== 'string') {
    throw new Error('A relationship line needs $dtId (the source) and $relationshipId.');
  }
  const { $dtId: source, ...rest } = item;
  putRelationship(syntheticRequest(host, { id: source as string, relationshipId: item['$relationshipId'] }, rest), core);
}

// ---- delete jobs -------------------------------------------------------------------------------------------------

function requireDeleteJob(core: Core, id: string): DeleteJob {
  const job = core.store.getDeleteJob(id);
  if (!job) {
    throw new ApiError(404, 'DeleteJobNotFound', `There is no delete job with the id ${id}. Check for all delete jobs by calling DeleteJobs_List.`);
  }
  return job;
}

export function listDeleteJobs(ctx: RequestContext, core: Core): HandlerResponse {
  return pageOf(ctx, core.store.listDeleteJobs(), JOB_PAGE, 1000);
}

export function getDeleteJob(ctx: RequestContext, core: Core): HandlerResponse {
  return ok(requireDeleteJob(core, ctx.params['id']!));
}

export function addDeleteJob(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.header('operation-id')?.trim() || uuid();
  if (core.store.getDeleteJob(id)) throw errors.validationFailed('Operation-Id already exists');
  const timeoutRaw = ctx.query.get('timeoutInMinutes');
  if (timeoutRaw !== null) {
    const t = Number(timeoutRaw);
    if (!Number.isInteger(t) || t < 15 || t > 1440) {
      throw errors.validationFailed(`Invalid timeoutInMinutes ${timeoutRaw}: allowed values are 15 to 1440 minutes.`);
    }
  }
  if (core.jobs.running) throw jobLimitReached(core);
  const now = new Date();
  const job: DeleteJob = { id, status: 'notstarted', createdDateTime: adtOffsetNow(now), purgeDateTime: purgeTime(now) };
  core.store.putDeleteJob(job);
  startJob(core, 'delete', id, async () => {
    core.store.putDeleteJob({ ...job, status: 'running' });
    try {
      const counts = core.store.deleteAllData();
      core.log(`delete job ${id}: deleted ${counts.models} models, ${counts.twins} twins, ${counts.relationships} relationships`);
      const finished = new Date();
      core.store.putDeleteJob({ ...job, status: 'succeeded', finishedDateTime: adtOffsetNow(finished), purgeDateTime: purgeTime(finished) });
    } catch (err) {
      core.store.putDeleteJob({
        ...job, status: 'failed', finishedDateTime: adtOffsetNow(),
        error: { code: 'DeleteJobFailed', message: err instanceof Error ? err.message : String(err) },
      });
    }
  });
  const apiVersion = ctx.query.get('api-version') ?? API_VERSION;
  return {
    status: 202,
    body: job,
    headers: {
      'operation-location': `${ctx.baseUrl}/jobs/deletions/${encodeURIComponent(id)}?api-version=${encodeURIComponent(apiVersion)}`,
      'operation-id': id,
    },
  };
}

/**
 * Jobs are not resumed across restarts: one that was still pending or running when the emulator stopped is marked
 * failed when the store opens again, so that clients polling it get an answer and new jobs can start.
 */
export function failInterruptedJobs(store: Store): number {
  const error: ErrorInfo = { code: 'JobInterrupted', message: 'The emulator stopped while this job was running. Start a new job.' };
  let count = 0;
  const finishedDateTime = adtOffsetNow();
  for (const job of store.listImportJobs()) {
    if (job.status === 'notstarted' || job.status === 'running' || job.status === 'cancelling') {
      store.putImportJob({ ...job, status: job.status === 'cancelling' ? 'cancelled' : 'failed', finishedDateTime, error });
      count++;
    }
  }
  for (const job of store.listDeleteJobs()) {
    if (job.status === 'notstarted' || job.status === 'running') {
      store.putDeleteJob({ ...job, status: 'failed', finishedDateTime, error });
      count++;
    }
  }
  return count;
}
