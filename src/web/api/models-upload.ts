/**
 * Runs model uploads and deletions against anything shaped like the AdtClient's model calls, reporting one result
 * per model. Framework-free so that it is tested with a fake service.
 */
import { batches, deletionOrder, MAX_MODELS_PER_CALL, modelDependencies, modelIdOf, orderByDependencies } from './models';

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

/**
 * Deletes models in reverse dependency order: a model is deleted once every model that extends it or uses it as a
 * component is gone. Independent models are deleted `concurrency` at a time. A model whose dependent could not be
 * deleted is not attempted (ADT would refuse it anyway).
 */
export async function runDeleteAll(
  calls: ModelCalls,
  models: readonly { id: string; model?: unknown }[],
  options: { signal?: AbortSignal; onProgress?: (p: Progress) => void; concurrency?: number } = {},
): Promise<ModelResult[]> {
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
  const total = order.length;
  let done = 0;
  options.onProgress?.({ done, total });

  const ready = order.filter((id) => remainingDependents.get(id) === 0);
  const settle = (id: string, result: ModelResult) => {
    results.push(result);
    done++;
    options.onProgress?.({ done, total });
    for (const dep of depsOf.get(id) ?? []) {
      if (result.status !== 'deleted' && !blockedBy.has(dep)) blockedBy.set(dep, id);
      const left = (remainingDependents.get(dep) ?? 0) - 1;
      remainingDependents.set(dep, left);
      if (left === 0) ready.push(dep);
    }
  };
  const worker = async () => {
    for (let id = ready.shift(); id !== undefined; id = ready.shift()) {
      const blocker = blockedBy.get(id);
      if (blocker !== undefined) {
        settle(id, { id, status: 'not-attempted', message: `Not deleted because '${blocker}', which depends on it, could not be deleted.` });
        continue;
      }
      try {
        await calls.deleteModel(id, { signal: options.signal });
        settle(id, { id, status: 'deleted' });
      } catch (err) {
        if (isAbort(err, options.signal)) throw err;
        const e = describe(err);
        settle(id, { id, status: 'failed', message: e.message, ...(e.code ? { code: e.code } : {}) });
      }
    }
  };
  // Workers pick up models that become ready while others run; a worker that finds nothing ready ends, so keep
  // starting rounds until nothing is left.
  while (ready.length > 0) {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 6, ready.length) }, worker));
  }
  // Only an extends cycle (which ADT never accepts) could leave models unvisited; report rather than drop them.
  const settled = new Set(results.map((r) => r.id));
  for (const id of order) if (!settled.has(id)) results.push({ id, status: 'not-attempted', message: 'Not deleted: it takes part in a dependency cycle.' });
  return results;
}
