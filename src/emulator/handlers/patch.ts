import type { PatchOperation } from '../../shared/adt';
import { applyJsonPatch, PATCH_OPS } from '../../shared/json';
import { ApiError } from '../errors';
import { errors } from './messages';
import { isObject } from './util';

/** The .NET type ADT binds each operation of a patch to (ASP.NET Core's JSON Patch). */
const OPERATION_TYPE = 'Microsoft.AspNetCore.JsonPatch.Operations.Operation';

/**
 * An element that cannot bind to an operation at all (a string, a number, a boolean) never reaches ADT's code:
 * ASP.NET's model binding refuses the request with its validation problem (RFC 7807, application/problem+json) and
 * no `error` object. The shape is ASP.NET Core's ValidationProblemDetails,
 * https://learn.microsoft.com/aspnet/core/web-api/#automatic-http-400-responses
 */
function bindingProblem(body: unknown[]): ApiError | undefined {
  const errorsByPath: Record<string, string[]> = {};
  body.forEach((item, i) => {
    // Only scalars: what the serializer does with null or a nested array is not on record.
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') return;
    errorsByPath[`[${i}]`] = [`Error converting value ${JSON.stringify(String(item))} to type '${OPERATION_TYPE}'. Path '[${i}]'.`];
  });
  if (Object.keys(errorsByPath).length === 0) return undefined;
  const traceId = `00-${randomHex(32)}-${randomHex(16)}-00`;
  return new ApiError(400, 'ValidationProblem', 'One or more validation errors occurred.', undefined,
    { 'content-type': 'application/problem+json; charset=utf-8' },
    { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1', title: 'One or more validation errors occurred.', status: 400, traceId, errors: errorsByPath });
}

function randomHex(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}

/** Checks the shape of a JSON Patch document as ADT does: an array of add/replace/remove operations. */
export function parsePatchDocument(body: unknown): PatchOperation[] {
  if (body === undefined) throw errors.emptyBody();
  if (!Array.isArray(body)) throw errors.patchInvalid('The patch document must be a JSON array of operations.');
  const problem = bindingProblem(body);
  if (problem) throw problem;
  return body.map((item, i) => {
    // An object without an op (say a property map sent instead of a patch) binds, with an empty op.
    if (!isObject(item) || item['op'] === undefined || item['op'] === null || item['op'] === '') throw errors.patchOpMissing();
    if (typeof item['op'] !== 'string') {
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
 * "could not be resolved"; a replace or remove of a member that is not there "does not exist on <where>", or, on a
 * relationship (as recorded), "the target location specified by path segment … was not found".
 * `messagePrefix` is prepended to paths in messages (ADT names component paths from the twin root).
 */
export function applyValueOps(doc: Record<string, unknown>, ops: PatchOperation[], where: 'twin' | 'component' | 'relationship',
  messagePrefix = ''): void {
  const result = applyJsonPatch(doc, ops, { inPlace: true });
  if (result.ok) return;
  const { kind, op, member } = result.failure;
  if (kind === 'target-missing' && where === 'relationship') throw errors.patchSegmentMissing(member);
  if (kind === 'target-missing') throw errors.patchTargetMissing(member, where);
  if (kind === 'add-failed') throw errors.patchInvalid(`The operation add ${messagePrefix}${op.path} could not be applied.`);
  throw errors.patchPathUnresolved(`${messagePrefix}${op.path}`);
}
