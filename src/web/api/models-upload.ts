/**
 * Runs model uploads and deletions against anything shaped like the AdtClient's model calls, reporting one result
 * per model. Framework-free so that it is tested with a fake service.
 */
import { MAX_MODELS_PER_CALL } from '../../shared/adt';
import { batches, modelDependencies, modelIdOf, orderByDependencies } from '../../shared/dtdl';
import { isRecord } from '../../shared/json';

/**
 * Reverse dependency order for deleting models: a model is deleted only after every model that extends it or uses
 * it as a component, because ADT refuses to delete a model that others still reference.
 */
export function deletionOrder(models: readonly { id: string; model?: unknown }[]): string[] {
  const docs = models.map((m) => (isRecord(m.model) ? m.model : { '@id': m.id }));
  return orderByDependencies(docs).ordered.map((d) => modelIdOf(d) as string).reverse();
}

export interface ModelCalls {
  createModels(models: unknown[], options?: { signal?: AbortSignal }): Promise<unknown>;
  deleteModel(id: string, options?: { signal?: AbortSignal }): Promise<void>;
}

export type ModelResultStatus = 'created' | 'skipped' | 'failed' | 'deleted' | 'not-attempted';

export interface ModelResult {
  id: string;
  status: ModelResultStatus;
  /** Why a model was skipped, failed or not attempted (the service's message when it answered with an error). */
  message?: string;
  code?: string;
}

export interface Progress { done: number; total: number }

export interface ServiceErrorLike { code?: unknown; message?: unknown; status?: unknown }

function describe(err: unknown): { code?: string; message: string; status?: number } {
  if (err instanceof Error || (typeof err === 'object' && err !== null)) {
    const e = err as ServiceErrorLike;
    const out: { code?: string; message: string; status?: number } = { message: typeof e.message === 'string' ? e.message : String(err) };
    if (typeof e.code === 'string') out.code = e.code;
    if (typeof e.status === 'number') out.status = e.status;
    return out;
  }
  return { message: String(err) };
}

function isAbort(err: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (err instanceof Error && err.name === 'AbortError');
}

export interface UploadPlan {
  /** Documents to create, in dependency order. */
  ordered: unknown[];
  results: ModelResult[];
}

/**
 * Decides what to upload: models whose id already exists are skipped (and reported), duplicates in the batch are
 * reported, the rest are ordered by dependency across the batch and the instance.
 */
export function planUpload(docs: readonly unknown[], existingIds: ReadonlySet<string>): UploadPlan {
  const results: ModelResult[] = [];
  const fresh: unknown[] = [];
  for (const doc of docs) {
    const id = modelIdOf(doc);
    if (id !== undefined && existingIds.has(id)) {
      results.push({ id, status: 'skipped', message: 'A model with this id already exists in the instance; it was not uploaded again.' });
    } else fresh.push(doc);
  }
  const order = orderByDependencies(fresh, existingIds);
  for (const id of order.duplicates) {
    results.push({ id, status: 'skipped', message: 'This id appears more than once in the upload; only the first definition was used.' });
  }
  return { ordered: order.ordered, results };
}

/**
 * Creates the planned documents in batches of at most 250. When a batch fails with a client error, its models are
 * retried one at a time in order, so that each model gets its own result and one bad model does not sink 249 good
 * ones. Models that depend on a model that failed are not attempted.
 */
export async function runUpload(
  calls: ModelCalls,
  ordered: readonly unknown[],
  options: { signal?: AbortSignal; onProgress?: (p: Progress) => void; batchSize?: number } = {},
): Promise<ModelResult[]> {
  const results: ModelResult[] = [];
  const failed = new Set<string>();
  const total = ordered.length;
  let done = 0;
  const report = () => options.onProgress?.({ done, total });
  report();

  const blockedBy = (doc: unknown): string | undefined => {
    return modelDependencies(doc).find((d) => failed.has(d));
  };
  const fail = (id: string, err: unknown) => {
    const e = describe(err);
    failed.add(id);
    results.push({ id, status: 'failed', message: e.message, ...(e.code ? { code: e.code } : {}) });
  };
  const entries = ordered.map((doc, i) => ({ doc, id: modelIdOf(doc) ?? `(document ${i + 1} without @id)` }));

  for (const batch of batches(entries, options.batchSize ?? MAX_MODELS_PER_CALL)) {
    const runnable: typeof entries = [];
    for (const entry of batch) {
      const blocker = blockedBy(entry.doc);
      if (blocker === undefined) { runnable.push(entry); continue; }
      failed.add(entry.id);
      results.push({ id: entry.id, status: 'not-attempted', message: `Not uploaded because '${blocker}', which it depends on, failed.` });
      done++;
    }
    if (runnable.length === 0) { report(); continue; }
    try {
      await calls.createModels(runnable.map((e) => e.doc), { signal: options.signal });
      for (const entry of runnable) results.push({ id: entry.id, status: 'created' });
      done += runnable.length;
      report();
      continue;
    } catch (err) {
      if (isAbort(err, options.signal)) throw err;
      const status = describe(err).status;
      const clientError = status !== undefined && status >= 400 && status < 500;
      if (runnable.length === 1 || !clientError) {
        for (const entry of runnable) fail(entry.id, err);
        done += runnable.length;
        report();
        continue;
      }
    }
    for (const entry of runnable) {
      const blocker = blockedBy(entry.doc);
      if (blocker !== undefined) {
        failed.add(entry.id);
        results.push({ id: entry.id, status: 'not-attempted', message: `Not uploaded because '${blocker}', which it depends on, failed.` });
      } else {
        try {
          await calls.createModels([entry.doc], { signal: options.signal });
          results.push({ id: entry.id, status: 'created' });
        } catch (single) {
          if (isAbort(single, options.signal)) throw single;
          fail(entry.id, single);
        }
      }
      done++;
      report();
    }
  }
  return results;
}

/** A throttling answer's wait: the service's Retry-After when it gave one, else a second. */
function retryAfterOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; retryAfterMs?: unknown };
  if (e.status !== 429) return undefined;
  return typeof e.retryAfterMs === 'number' && e.retryAfterMs >= 0 ? e.retryAfterMs : 1_000;
}

export interface DeleteAllOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Deletions in flight at most; halved (down to 1) each time the service throttles. */
  concurrency?: number;
  /** How often one model may be retried after a 429 that the client's own retries did not get past. */
  maxThrottleRetries?: number;
  /** For tests: how to wait out a Retry-After. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Deletes models in reverse dependency order: a model is deleted once every model that extends it or uses it as a
 * component is gone, because ADT refuses to delete a model that others still reference
 * (https://learn.microsoft.com/azure/digital-twins/how-to-manage-model#delete-models). Each model starts as soon as
 * its dependents are gone, up to `concurrency` at a time, so a whole dependency layer is deleted in parallel.
 *
 * A 429 that the client's retries could not get past pauses every new start for its Retry-After, halves the
 * concurrency and puts the model back in the queue (ADT's limits: https://learn.microsoft.com/azure/digital-twins/reference-service-limits).
 * A model whose dependent could not be deleted is not attempted (ADT would refuse it anyway). On abort nothing new
 * starts, the deletions in flight finish, and every model not deleted is reported as not attempted.
 */
export async function runDeleteAll(
  calls: ModelCalls,
  models: readonly { id: string; model?: unknown }[],
  options: DeleteAllOptions = {},
): Promise<ModelResult[]> {
  const { signal } = options;
  const sleep = options.sleep ?? abortableSleep;
  const ids = new Set(models.map((m) => m.id));
  // Visiting in deletion order makes the start order deterministic: the first ready models are the first to go.
  const order = deletionOrder(models);
  const depsOf = new Map<string, string[]>();
  const remainingDependents = new Map<string, number>(order.map((id) => [id, 0]));
  for (const m of models) {
    const deps = modelDependencies(m.model ?? { '@id': m.id }).filter((d) => ids.has(d));
    depsOf.set(m.id, deps);
    for (const d of deps) remainingDependents.set(d, (remainingDependents.get(d) ?? 0) + 1);
  }
  const blockedBy = new Map<string, string>();
  const results: ModelResult[] = [];
  const settled = new Set<string>();
  const total = order.length;
  const throttled = new Map<string, number>();
  let limit = Math.max(1, options.concurrency ?? 8);
  let pausedUntil = 0;
  options.onProgress?.({ done: 0, total });

  const ready = order.filter((id) => remainingDependents.get(id) === 0);
  const settle = (id: string, result: ModelResult) => {
    results.push(result);
    settled.add(id);
    options.onProgress?.({ done: results.length, total });
    for (const dep of depsOf.get(id) ?? []) {
      if (result.status !== 'deleted' && !blockedBy.has(dep)) blockedBy.set(dep, id);
      const left = (remainingDependents.get(dep) ?? 0) - 1;
      remainingDependents.set(dep, left);
      if (left === 0) ready.push(dep);
    }
  };

  await new Promise<void>((resolve) => {
    let running = 0;
    let waking = false;
    const pump = () => {
      if (signal?.aborted) {
        if (running === 0) resolve();
        return;
      }
      const wait = pausedUntil - Date.now();
      if (wait > 0 && ready.length > 0) {
        if (!waking) {
          waking = true;
          void sleep(wait, signal).then(() => { waking = false; pausedUntil = 0; pump(); });
        }
        if (running === 0 && ready.length === 0) resolve();
        return;
      }
      while (running < limit && ready.length > 0) {
        const id = ready.shift() as string;
        const blocker = blockedBy.get(id);
        if (blocker !== undefined) {
          settle(id, { id, status: 'not-attempted', message: `Not deleted because '${blocker}', which depends on it, could not be deleted.` });
          continue;
        }
        running++;
        // In-flight deletions are not aborted on cancel: each finishes, so that every result says what happened.
        calls.deleteModel(id).then(
          () => settle(id, { id, status: 'deleted' }),
          (err: unknown) => {
            const retryAfter = retryAfterOf(err);
            const tries = throttled.get(id) ?? 0;
            if (retryAfter !== undefined && tries < (options.maxThrottleRetries ?? 5)) {
              throttled.set(id, tries + 1);
              limit = Math.max(1, Math.floor(limit / 2));
              pausedUntil = Math.max(pausedUntil, Date.now() + retryAfter);
              ready.unshift(id);
              return;
            }
            const e = describe(err);
            settle(id, { id, status: 'failed', message: e.message, ...(e.code ? { code: e.code } : {}) });
          },
        ).finally(() => {
          running--;
          pump();
        });
      }
      if (running === 0 && ready.length === 0 && !waking) resolve();
    };
    signal?.addEventListener('abort', pump, { once: true });
    pump();
  });

  for (const id of order) {
    if (settled.has(id)) continue;
    // Cancelled, or (without a cancel) an extends cycle, which ADT never accepts: report rather than drop them.
    results.push({ id, status: 'not-attempted', message: signal?.aborted ? 'Cancelled before it was deleted.' : 'Not deleted: it takes part in a dependency cycle.' });
  }
  return results;
}
