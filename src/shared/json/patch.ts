import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { PatchOperation } from '../adt';
import { splitPointer, toPointer } from './pointer';

/**
 * Applying a JSON Patch (RFC 6902, https://www.rfc-editor.org/rfc/rfc6902) as Azure Digital Twins does, and why an
 * operation fails. The emulator applies patches with this and the web app previews them with it, so both give the
 * same result for the same input; each then words the failure its own way (ADT's JsonPatchInvalid texts in the
 * emulator, advice in the composer). ADT's update rules: https://learn.microsoft.com/azure/digital-twins/how-to-manage-twin#update-a-digital-twin
 */

/** The operations ADT's JSON Patch accepts; move, copy and test are refused. */
export const PATCH_OPS = ['add', 'replace', 'remove'] as const;

export type PatchFailureKind =
  /** A replace or remove of a member that is not there (its parent exists). */
  | 'target-missing'
  /** An add into an existing parent that still could not be applied (such as an array index out of range). */
  | 'add-failed'
  /** The parent of the path does not exist: the path "could not be resolved". */
  | 'path-unresolved';

export interface PatchFailure {
  kind: PatchFailureKind;
  /** The index of the operation that failed; the ones before it were applied. */
  index: number;
  op: PatchOperation;
  /** The last reference token of the path (the member a target-missing failure names). */
  member: string;
}

export type PatchResult<T> = { ok: true; doc: T } | { ok: false; failure: PatchFailure };

/** Why `op` could not be applied to `doc` (the document as it was when the operation ran). */
function classify(doc: unknown, op: PatchOperation, index: number): PatchFailure {
  const segments = splitPointer(op.path);
  const member = segments[segments.length - 1] ?? '';
  let parent: unknown;
  try {
    parent = jsonpatch.getValueByPointer(doc, toPointer(segments.slice(0, -1)));
  } catch {
    parent = undefined;
  }
  const parentIsContainer = typeof parent === 'object' && parent !== null;
  const kind: PatchFailureKind = !parentIsContainer ? 'path-unresolved' : op.op === 'add' ? 'add-failed' : 'target-missing';
  return { kind, index, op, member };
}

/**
 * Applies `ops` one at a time with fast-json-patch and stops at the first that fails. With `inPlace` the operations
 * change `doc` itself (the ones before a failure stay applied); otherwise `doc` is left alone and a changed copy is
 * returned.
 */
export function applyJsonPatch<T extends object>(doc: T, ops: readonly PatchOperation[], options: { inPlace?: boolean } = {}): PatchResult<T> {
  const target = options.inPlace ? doc : (jsonpatch.deepClone(doc) as T);
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as PatchOperation;
    try {
      jsonpatch.applyOperation(target, op as Operation, true, true, true, i);
    } catch (err) {
      if (!(err instanceof jsonpatch.JsonPatchError)) throw err;
      return { ok: false, failure: classify(target, op, i) };
    }
  }
  return { ok: true, doc: target };
}
