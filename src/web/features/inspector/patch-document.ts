import { parseTree, printParseErrorCode, getNodeValue, type Node, type ParseError } from 'jsonc-parser';
import type { DigitalTwin, PatchOperation } from '../../../shared/adt';
import type { ModelIndex } from '../../../shared/dtdl';
import { validateTwinContent } from '../../../shared/dtdl';
import { applyJsonPatch, isValidPointer, PATCH_OPS, pointersOverlap, splitPointer } from '../../../shared/json';
import type { PatchFailure } from '../../../shared/json';

/**
 * The JSON Patch composer's brain: parses the text the user typed, checks it against the JSON Patch shape ADT
 * accepts (add/replace/remove only), applies it with fast-json-patch to preview the twin, and validates the result
 * against the model. Problems carry text offsets so the editor can underline the exact operation or field.
 */

export interface PatchProblem {
  severity: 'error' | 'warning';
  message: string;
  offset: number;
  length: number;
  /** The operation the problem belongs to, when there is one. */
  opIndex?: number;
}

export interface PatchAnalysis {
  /** The operations, when the text has the shape of a JSON Patch document (even if the model rejects them). */
  ops: PatchOperation[] | null;
  problems: PatchProblem[];
  /** The twin after applying `ops`, when every operation applied. */
  after: Record<string, unknown> | null;
  /** True when the patch can be sent: shape valid, applies, no error against the model. */
  ok: boolean;
}

const KNOWN_KEYS = new Set(['op', 'path', 'value', 'from']);

/** Paths the service maintains itself; a patch may not write them. */
export function readOnlyReason(path: string): string | null {
  if (path === '/$dtId') return 'The twin id ($dtId) cannot be changed; create a new twin instead.';
  if (path === '/$etag') return '$etag is set by the service.';
  if (path === '/$metadata') return 'Patch single $metadata entries (such as /$metadata/<property>/sourceTime), not $metadata as a whole.';
  const segments = splitPointer(path);
  const last = segments[segments.length - 1];
  if (segments.includes('$metadata') && (last === 'lastUpdateTime' || last === '$lastUpdateTime')) {
    return 'lastUpdateTime is set by the service; only sourceTime can be written.';
  }
  return null;
}

function span(node: Node | undefined, fallback: { offset: number; length: number }): { offset: number; length: number } {
  return node ? { offset: node.offset, length: node.length } : fallback;
}

function prop(obj: Node, key: string): Node | undefined {
  for (const p of obj.children ?? []) {
    if (p.type === 'property' && p.children?.[0]?.value === key) return p;
  }
  return undefined;
}

interface ParsedOps {
  ops: PatchOperation[] | null;
  problems: PatchProblem[];
  /** Where each operation sits in the text: the whole object, its path value and its value. */
  spans: { op: { offset: number; length: number }; path: { offset: number; length: number }; value: { offset: number; length: number } }[];
}

/** Text → operations, with every shape problem located in the text. */
export function parsePatchText(text: string): ParsedOps {
  const problems: PatchProblem[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  for (const e of errors) {
    problems.push({ severity: 'error', message: `JSON syntax: ${printParseErrorCode(e.error)}`, offset: e.offset, length: Math.max(1, e.length) });
  }
  if (errors.length > 0 || !root) {
    if (!root && errors.length === 0) problems.push({ severity: 'error', message: 'The patch is empty: write a JSON array of operations.', offset: 0, length: 0 });
    return { ops: null, problems, spans: [] };
  }
  const whole = { offset: root.offset, length: root.length };
  if (root.type !== 'array') {
    problems.push({ severity: 'error', message: 'A JSON Patch document is a JSON array of operations: [{"op": "replace", "path": "/x", "value": 1}].', ...whole });
    return { ops: null, problems, spans: [] };
  }
  const ops: PatchOperation[] = [];
  const spans: ParsedOps['spans'] = [];
  (root.children ?? []).forEach((item, i) => {
    const itemSpan = { offset: item.offset, length: item.length };
    const at = (node: Node | undefined, message: string, severity: PatchProblem['severity'] = 'error') =>
      problems.push({ severity, message, opIndex: i, ...span(node, itemSpan) });
    if (item.type !== 'object') {
      at(item, `Operation ${i} must be an object with "op" and "path".`);
      return;
    }
    const opProp = prop(item, 'op');
    const pathProp = prop(item, 'path');
    const valueProp = prop(item, 'value');
    const fromProp = prop(item, 'from');
    const opNode = opProp?.children?.[1];
    const pathNode = pathProp?.children?.[1];
    const valueNode = valueProp?.children?.[1];
    let valid = true;
    const opValue: unknown = opNode?.value;
    if (!opProp) { at(item, `Operation ${i} has no "op".`); valid = false; }
    else if (typeof opValue !== 'string' || !(PATCH_OPS as readonly string[]).includes(opValue)) {
      const what = typeof opValue === 'string' ? `"${opValue}"` : 'this value';
      at(opNode, `Azure Digital Twins supports only the operations add, replace and remove, not ${what}.`);
      valid = false;
    }
    const pathValue: unknown = pathNode?.value;
    if (!pathProp) { at(item, `Operation ${i} has no "path".`); valid = false; }
    else if (typeof pathValue !== 'string' || !pathValue.startsWith('/') || !isValidPointer(pathValue)) {
      at(pathNode, 'The path must be a JSON pointer such as "/temperature" or "/thermostat/setpoint" (~ escaped as ~0, / as ~1).');
      valid = false;
    }
    if (opProp && opValue !== 'remove' && typeof opValue === 'string' && !valueProp && valid) {
      at(item, `The ${opValue} operation needs a "value".`);
      valid = false;
    }
    if (opValue === 'remove' && valueProp) at(valueProp, 'A remove operation takes no value; it is ignored.', 'warning');
    if (fromProp) at(fromProp, '"from" belongs to move and copy, which Azure Digital Twins does not support.', 'warning');
    for (const p of item.children ?? []) {
      const key: unknown = p.children?.[0]?.value;
      if (typeof key === 'string' && !KNOWN_KEYS.has(key)) at(p, `Unknown member "${key}" is ignored.`, 'warning');
    }
    if (!valid) return;
    const operation: PatchOperation = { op: opValue as PatchOperation['op'], path: pathValue as string };
    if (opValue !== 'remove' && valueNode) operation.value = getNodeValue(valueNode);
    ops.push(operation);
    spans.push({ op: itemSpan, path: span(pathNode, itemSpan), value: span(valueNode, itemSpan) });
  });
  if ((root.children ?? []).length === 0) {
    problems.push({ severity: 'warning', message: 'The patch has no operations yet.', ...whole });
  }
  const shapeOk = !problems.some((p) => p.severity === 'error');
  return { ops: shapeOk ? ops : null, problems, spans };
}

/** The composer's advice for an operation the service would refuse (src/shared/json decides which kind it is). */
function failureMessage({ kind, op, member }: PatchFailure): string {
  if (kind === 'add-failed') return `${op.path} cannot be added here.`;
  if (kind === 'target-missing') return `'${member}' is not set, so it cannot be ${op.op === 'remove' ? 'removed' : 'replaced'}; use add for the first write.`;
  return `Could not resolve the path ${op.path}: its parent does not exist. Add the whole object first.`;
}

/** Applies operations one by one to a copy of `doc`, as the service would; stops at the first that fails. */
export function applyPatchPreview(doc: Record<string, unknown>, ops: readonly PatchOperation[]):
  { after: Record<string, unknown> } | { failedIndex: number; message: string } {
  const result = applyJsonPatch(doc, ops);
  if (result.ok) return { after: result.doc };
  return { failedIndex: result.failure.index, message: failureMessage(result.failure) };
}

/**
 * Everything the composer shows: shape problems, operations that do not apply, read-only paths, and what the model
 * says about the twin after the patch. A model problem is pinned to the operation that touches its path (the last
 * one, as it wins); a problem no operation touches is pinned to the whole document.
 */
export function analyzePatch(text: string, twin: DigitalTwin, index: ModelIndex | undefined): PatchAnalysis {
  const parsed = parsePatchText(text);
  const problems = [...parsed.problems];
  if (!parsed.ops) return { ops: null, problems, after: null, ok: false };
  const ops = parsed.ops;

  ops.forEach((op, i) => {
    const reason = readOnlyReason(op.path);
    const s = parsed.spans[i];
    if (reason && s) problems.push({ severity: 'error', message: reason, opIndex: i, ...s.path });
  });

  const applied = applyPatchPreview(twin as Record<string, unknown>, ops);
  if ('failedIndex' in applied) {
    const s = parsed.spans[applied.failedIndex];
    problems.push({ severity: 'error', message: applied.message, opIndex: applied.failedIndex, ...(s?.path ?? { offset: 0, length: text.length }) });
    return { ops, problems, after: null, ok: false };
  }
  const after = applied.after;

  if (index) {
    const meta = after.$metadata as { $model?: unknown } | undefined;
    const modelId = typeof meta?.$model === 'string' ? meta.$model : twin.$metadata.$model;
    if (!index.has(modelId)) {
      problems.push({ severity: 'warning', message: `Model ${modelId} is not loaded; only the patch shape was checked.`, offset: 0, length: 1 });
    } else {
      for (const p of validateTwinContent(modelId, after, index)) {
        let owner = -1;
        ops.forEach((op, i) => { if (pointersOverlap(op.path, p.pointer)) owner = i; });
        const s = parsed.spans[owner];
        if (owner >= 0 && s) {
          const target = ops[owner]?.op === 'remove' ? s.path : s.value;
          problems.push({ severity: 'error', message: p.message, opIndex: owner, ...target });
        } else {
          problems.push({ severity: 'error', message: `After the patch: ${p.message}`, offset: 0, length: 1 });
        }
      }
    }
  }
  return { ops, problems, after, ok: ops.length > 0 && !problems.some((p) => p.severity === 'error') };
}

/** A patch text for a set of operations, one per line, as the composer shows it. */
export function formatPatch(ops: readonly PatchOperation[]): string {
  if (ops.length === 0) return '[\n]';
  return `[\n${ops.map((o) => `  ${JSON.stringify(o)}`).join(',\n')}\n]`;
}

/** Appends operations to the text in the composer, keeping what the user typed when it does not parse. */
export function appendToPatchText(text: string, more: readonly PatchOperation[]): string {
  const parsed = parsePatchText(text);
  if (parsed.ops) return formatPatch([...parsed.ops, ...more]);
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '[]') return formatPatch(more);
  return `${text}\n${formatPatch(more)}`;
}
