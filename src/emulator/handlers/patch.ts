import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { PatchOperation } from '../../shared/adt';
import { errors } from './messages';
import { isObject } from './util';

const SUPPORTED = new Set(['add', 'replace', 'remove']);

/** Checks the shape of a JSON Patch document as ADT does: an array of add/replace/remove operations. */
export function parsePatchDocument(body: unknown): PatchOperation[] {
  if (!Array.isArray(body)) throw errors.patchInvalid('The patch document must be a JSON array of operations.');
  return body.map((item, i) => {
    if (!isObject(item) || typeof item['op'] !== 'string') {
      throw errors.patchInvalid(`Operation ${i} of the patch document has no valid "op".`);
    }
    const op = item['op'];
    if (!SUPPORTED.has(op)) throw errors.unsupportedPatchOp(op);
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

/** The reference tokens of a JSON pointer, unescaped (`~1` → `/`, `~0` → `~`). */
export function pointerSegments(path: string): string[] {
  return path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function pointerOf(segments: string[]): string {
  return segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Applies value operations to `doc` in place, one at a time, with fast-json-patch. A failing operation is reported
 * with ADT's JsonPatchInvalid texts: a path whose parent does not exist "could not be resolved"; a replace or remove
 * of a member that is not there "does not exist on <where>". `messagePrefix` is prepended to paths in messages
 * (ADT names component paths from the twin root).
 */
export function applyValueOps(doc: Record<string, unknown>, ops: PatchOperation[], where: 'twin' | 'component' | 'relationship',
  messagePrefix = ''): void {
  ops.forEach((op, i) => {
    try {
      jsonpatch.applyOperation(doc, op as Operation, true, true, true, i);
    } catch (err) {
      if (!(err instanceof jsonpatch.JsonPatchError)) throw err;
      const segments = pointerSegments(op.path);
      const last = segments[segments.length - 1] ?? '';
      let parent: unknown;
      try {
        parent = jsonpatch.getValueByPointer(doc, pointerOf(segments.slice(0, -1)));
      } catch {
        parent = undefined;
      }
      const parentIsContainer = typeof parent === 'object' && parent !== null;
      if (parentIsContainer && op.op !== 'add') throw errors.patchTargetMissing(last, where);
      if (parentIsContainer) throw errors.patchInvalid(`The operation add ${messagePrefix}${op.path} could not be applied.`);
      throw errors.patchPathUnresolved(`${messagePrefix}${op.path}`);
    }
  });
}

/** RFC 3339 / ISO 8601 date-time with a zone, any number of fractional digits (ADT accepts nanoseconds). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function isDateTime(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.replace(/(\.\d{3})\d+/, '$1')));
}
