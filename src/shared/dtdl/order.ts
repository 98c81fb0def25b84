/**
 * The order in which model documents can be created: every model after the models it extends or uses as a
 * component, because ADT refuses a model whose dependencies do not exist yet
 * (https://learn.microsoft.com/azure/digital-twins/how-to-manage-model#upload-models), cut into upload calls of
 * at most MAX_MODELS_PER_CALL. Used by the models workspace, the import plan and any other upload.
 */
import { MAX_MODELS_PER_CALL } from '../adt/limits';
import { isRecord } from '../json/record';

function asList(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The `@id` of a model document, when it has a string one. */
export function modelIdOf(doc: unknown): string | undefined {
  return isRecord(doc) && typeof doc['@id'] === 'string' ? doc['@id'] : undefined;
}

/**
 * What a document needs to exist before it can be created: its `extends` and the schemas of its Components.
 * Read from the raw JSON, tolerantly, because ordering runs before (and independently of) validation.
 */
export function modelDependencies(doc: unknown): string[] {
  if (!isRecord(doc)) return [];
  const deps = new Set<string>();
  for (const e of asList(doc.extends)) if (typeof e === 'string') deps.add(e);
  for (const c of asList(doc.contents)) {
    if (!isRecord(c) || typeof c.schema !== 'string') continue;
    if (asList(c['@type']).includes('Component')) deps.add(c.schema);
  }
  deps.delete(modelIdOf(doc) ?? '');
  return [...deps];
}

export interface DependencyOrder<T> {
  /** Every input item (except duplicates of an earlier id), dependencies first; ties keep the input order. */
  ordered: T[];
  /** Ids that take part in a dependency cycle inside the batch; they are appended last, in input order. */
  cyclic: string[];
  /** id -> dependencies that are neither in the batch nor in `existing`. */
  missing: Map<string, string[]>;
  /** Ids that appear more than once; only the first occurrence is kept. */
  duplicates: string[];
}

/**
 * Orders model documents so that every model comes after the models it extends or uses as a component.
 * Dependencies that already exist in the instance (`existing`) count as satisfied. Kahn's algorithm, stable with
 * respect to the input order, so files dropped in any order give one deterministic upload order.
 */
export function orderByDependencies<T>(items: readonly T[], existing: ReadonlySet<string> = new Set(), docOf: (item: T) => unknown = (x) => x): DependencyOrder<T> {
  const byId = new Map<string, { item: T; pos: number; deps: string[] }>();
  const anonymous: { item: T; pos: number }[] = [];
  const duplicates: string[] = [];
  items.forEach((item, pos) => {
    const doc = docOf(item);
    const id = modelIdOf(doc);
    if (id === undefined) { anonymous.push({ item, pos }); return; }
    if (byId.has(id)) { duplicates.push(id); return; }
    byId.set(id, { item, pos, deps: modelDependencies(doc) });
  });

  const missing = new Map<string, string[]>();
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [id, entry] of byId) {
    let count = 0;
    for (const dep of entry.deps) {
      if (byId.has(dep)) {
        count++;
        const list = dependents.get(dep);
        if (list) list.push(id);
        else dependents.set(dep, [id]);
      } else if (!existing.has(dep)) {
        const list = missing.get(id);
        if (list) list.push(dep);
        else missing.set(id, [dep]);
      }
    }
    pending.set(id, count);
  }

  // A min-heap on input position keeps the order stable without an O(n^2) scan.
  const ready = new PositionHeap();
  for (const [id, count] of pending) if (count === 0) ready.push((byId.get(id) as { pos: number }).pos, id);
  const orderedIds: string[] = [];
  while (ready.size > 0) {
    const id = ready.pop();
    orderedIds.push(id);
    for (const child of dependents.get(id) ?? []) {
      const left = (pending.get(child) ?? 0) - 1;
      pending.set(child, left);
      if (left === 0) ready.push((byId.get(child) as { pos: number }).pos, child);
    }
  }
  const placed = new Set(orderedIds);
  const cyclic = [...byId.entries()].filter(([id]) => !placed.has(id)).sort((a, b) => a[1].pos - b[1].pos).map(([id]) => id);
  const ordered = [...orderedIds, ...cyclic].map((id) => (byId.get(id) as { item: T }).item);
  // Documents without an id cannot be ordered; they go last so that the service reports them without blocking others.
  for (const a of anonymous) ordered.push(a.item);
  return { ordered, cyclic, missing, duplicates };
}

class PositionHeap {
  private readonly heap: { pos: number; id: string }[] = [];
  get size(): number { return this.heap.length; }
  push(pos: number, id: string): void {
    const h = this.heap;
    h.push({ pos, id });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as { pos: number }).pos <= pos) break;
      [h[parent], h[i]] = [h[i] as { pos: number; id: string }, h[parent] as { pos: number; id: string }];
      i = parent;
    }
  }
  pop(): string {
    const h = this.heap;
    const top = h[0] as { id: string };
    const last = h.pop() as { pos: number; id: string };
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && (h[l] as { pos: number }).pos < (h[m] as { pos: number }).pos) m = l;
        if (r < h.length && (h[r] as { pos: number }).pos < (h[m] as { pos: number }).pos) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i] as { pos: number; id: string }, h[m] as { pos: number; id: string }];
        i = m;
      }
    }
    return top.id;
  }
}

/** Consecutive chunks of at most `max` items. On a dependency-ordered list every chunk only needs earlier ones. */
export function batches<T>(items: readonly T[], max = MAX_MODELS_PER_CALL): T[][] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('batch size must be a positive integer');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += max) out.push(items.slice(i, i + max));
  return out;
}
