import type { PatchOperation } from '../../shared/adt';
import { applyJsonPatch, PATCH_OPS } from '../../shared/json';
import { errors } from './messages';
import { isObject } from './util';

/** Checks the shape of a JSON Patch document as ADT does: an array of add/replace/remove operations. */
export function parsePatchDocument(body: unknown): PatchOperation[] {
  if (!Array.isArray(body)) throw errors.patchInvalid('The patch document must be a JSON array of operations.');
  return body.map((item, i) => {
    if (!isObject(item) || typeof item['op'] !== 'string') {
      throw errors.patchInvalid(`Operation ${i} of the patch document has no valid "op".`);
    }
    const op = item['op'];
    if (!(PATCH_OPS as readonly string[]).includes(op)) throw errors.unsupportedPatchOp(op);
    const path = item['path'];
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw errors.patchInvalid(`Operation ${i} of the patch document has an invalid path ${JSON.stringify(path ?? null)}.`);
    }
    if (op !== 'remove' && !('value' in item)) {
      throw errors.patchInvalid(`Operation ${i} (${op} ${path}) of the patch document has no value.`);
    }
    const operation: PatchOperation = { op: op as PatchOperation['op'], path };
    if (op !== 'remove') operation.value = item['value'];
    return operation;
  });
}

// The handlers' names for the shared JSON Pointer and date-time rules.
export { splitPointer as pointerSegments } from '../../shared/json';
export { isDateTime } from '../../shared/dtdl';

/**
 * Applies value operations to `doc` in place, one at a time (src/shared/json applies them, as the app's preview
 * does). A failing operation is reported with ADT's JsonPatchInvalid texts: a path whose parent does not exist
 * "could not be resolved"; a replace or remove of a member that is not there "does not exist on <where>".
 * `messagePrefix` is prepended to paths in messages (ADT names component paths from the twin root).
 */
export function applyValueOps(doc: Record<string, unknown>, ops: PatchOperation[], where: 'twin' | 'component' | 'relationship',
  messagePrefix = ''): void {
  const result = applyJsonPatch(doc, ops, { inPlace: true });
  if (result.ok) return;
  const { kind, op, member } = result.failure;
  if (kind === 'target-missing') throw errors.patchTargetMissing(member, where);
  if (kind === 'add-failed') throw errors.patchInvalid(`The operation add ${messagePrefix}${op.path} could not be applied.`);
  throw errors.patchPathUnresolved(`${messagePrefix}${op.path}`);
}
