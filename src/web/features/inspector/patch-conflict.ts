import jsonpatch from 'fast-json-patch';
import type { PatchOperation } from '../../../shared/adt';
import { splitPointer as pointerSegments, pointersOverlap } from '../../../shared/json';

/** One difference between two versions of a document, by JSON pointer. */
export interface ValueChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** Bookkeeping the service rewrites on every write; showing it as "changed" would hide the changes that matter. */
export function isBookkeepingPath(path: string): boolean {
  if (path === '/$etag') return true;
  const segments = pointerSegments(path);
  const last = segments[segments.length - 1];
  return segments.includes('$metadata') && (last === 'lastUpdateTime' || last === '$lastUpdateTime');
}

function valueAt(doc: unknown, path: string): unknown {
  try {
    return jsonpatch.getValueByPointer(doc, path);
  } catch {
    return undefined;
  }
}

/**
 * What changed from `before` to `after`, computed with fast-json-patch's compare (so the paths are the ones a patch
 * would use), minus the service's bookkeeping. A $metadata entry that only held lastUpdateTime is bookkeeping too.
 */
export function diffDocuments(before: object, after: object): ValueChange[] {
  const out: ValueChange[] = [];
  for (const op of jsonpatch.compare(before, after)) {
    if (isBookkeepingPath(op.path)) continue;
    if (op.op === 'add') {
      if (isMetadataStamp(op.path, op.value)) continue;
      out.push({ path: op.path, kind: 'added', after: op.value });
    } else if (op.op === 'remove') {
      const old = valueAt(before, op.path);
      if (isMetadataStamp(op.path, old)) continue;
      out.push({ path: op.path, kind: 'removed', before: old });
    } else if (op.op === 'replace') {
      out.push({ path: op.path, kind: 'changed', before: valueAt(before, op.path), after: op.value });
    }
  }
  return out;
}

function isMetadataStamp(path: string, value: unknown): boolean {
  if (!pointerSegments(path).includes('$metadata')) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === 'lastUpdateTime' || k === '$lastUpdateTime');
}

export interface ConflictReport {
  /** What other writers changed since the user's copy was loaded. */
  serverChanges: ValueChange[];
  /** The subset of serverChanges that the user's operations also touch: re-applying would overwrite them. */
  overlapping: ValueChange[];
}

/** Compares the twin the patch was written against with the server's current twin. */
export function analyzeConflict(base: object, server: object, ops: readonly PatchOperation[]): ConflictReport {
  const serverChanges = diffDocuments(base, server);
  const overlapping = serverChanges.filter((c) => ops.some((op) => pointersOverlap(op.path, c.path)));
  return { serverChanges, overlapping };
}

/** A short, single-line rendering of a value for change lists (the UI renders it as text). */
export function previewValue(value: unknown, max = 80): string {
  if (value === undefined) return '—';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
