import type { DigitalTwin, PatchOperation } from '../../shared/adt';
import { validateTwinContent } from '../../shared/dtdl';
import { twinCreateEvent, twinDeleteEvent, twinUpdateEvent } from '../../shared/events';
import jsonpatch from 'fast-json-patch';
import type { Core, HandlerResponse, RequestContext } from './context';
import { errors } from './messages';
import { applyValueOps, isDateTime, parsePatchDocument, pointerSegments } from './patch';
import { buildTwin, touchedAll, touchedBy, userView } from './twin-doc';
import {
  adtNow, checkIfMatch, deepCopy, ifNoneMatchStar, isObject, newEtag, noContent, ok, requireObjectBody, validateIfMatchSyntax,
} from './util';

export function requireTwin(core: Core, id: string): DigitalTwin {
  const twin = core.store.getTwin(id);
  if (!twin) throw errors.twinNotFound(id);
  return twin;
}

/** The model must be known to create or re-point a twin; decommissioned models accept no new twins. */
function requireUsableModel(core: Core, modelId: string, creating: boolean) {
  const resolved = core.store.models.resolve(modelId);
  if (!resolved) throw errors.modelMissing(modelId);
  if (creating && core.store.getModel(modelId)?.decommissioned) throw errors.modelDecommissioned(modelId);
  return resolved;
}

function problemsToError(problems: { message: string; pointer: string }[]) {
  return errors.invalidTwin(problems.map((p) => p.message));
}

export function getTwin(ctx: RequestContext, core: Core): HandlerResponse {
  const twin = requireTwin(core, ctx.params['id']!);
  return ok(twin, { etag: twin.$etag ?? '' });
}

export function putTwin(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  validateIfMatchSyntax(ctx);
  const createOnly = ifNoneMatchStar(ctx);
  const body = requireObjectBody(ctx, 'digital twin');
  const meta = body['$metadata'];
  if (!isObject(meta) || typeof meta['$model'] !== 'string' || meta['$model'] === '') {
    throw errors.invalidTwin(['The twin must specify its model in $metadata.$model.']);
  }
  const modelId = meta['$model'];
  const existing = core.store.getTwin(id);
  if (createOnly && existing) throw errors.twinExists(id);
  if (ctx.header('if-match') !== undefined) checkIfMatch(ctx, existing?.$etag);

  const resolved = requireUsableModel(core, modelId, !existing || existing.$metadata.$model !== modelId);
  const content: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (k !== '$dtId' && k !== '$etag') content[k] = v;
  const problems = validateTwinContent(modelId, content, core.store.models);
  if (problems.length > 0) throw problemsToError(problems);

  const twin = buildTwin({
    id, etag: newEtag(), doc: content, modelId, resolved, now: adtNow(), touched: touchedAll(), fromRequest: true,
  });
  core.store.putTwin(twin);
  if (existing) {
    const patch = jsonpatch.compare(userView(existing), userView(twin)) as PatchOperation[];
    core.publish(twinUpdateEvent({ source: ctx.host, twinId: id, modelId, patch, traceparent: ctx.traceparent }));
  } else {
    core.publish(twinCreateEvent({ source: ctx.host, twin, traceparent: ctx.traceparent }));
  }
  return ok(twin, { etag: twin.$etag! });
}

/** A `sourceTime` write: `/$metadata/<prop>/sourceTime` (twin) or `/<component>/$metadata/<prop>/sourceTime`. */
interface SourceTimeOp { op: PatchOperation; component?: string; property: string }

/**
 * Splits a twin patch into value operations (applied with JSON Patch onto a copy of the twin) and metadata
 * operations: `$metadata/$model` is a value too (model migration), `sourceTime` writes are applied after the values
 * so that a patch may set a property and its source time together. Anything else under `$metadata` is read-only.
 */
function splitTwinPatch(ops: PatchOperation[], componentNames: ReadonlySet<string>, relativeTo?: string) {
  const values: PatchOperation[] = [];
  const sourceTimes: SourceTimeOp[] = [];
  for (const op of ops) {
    const s = pointerSegments(op.path);
    const [first] = s;
    if (first === '$dtId' || first === '$etag') throw errors.patchInvalid(`The path ${op.path} is read-only.`);
    if (first === '$metadata') {
      if (relativeTo === undefined && s.length === 2 && s[1] === '$model' && op.op !== 'remove') {
        values.push(op);
        continue;
      }
      if (s.length === 3 && s[2] === 'sourceTime' && s[1] !== undefined && !s[1].startsWith('$')) {
        sourceTimes.push(relativeTo === undefined ? { op, property: s[1] } : { op, component: relativeTo, property: s[1] });
        continue;
      }
      throw errors.patchInvalid(`The path ${op.path} cannot be patched: only $metadata/$model and $metadata/<property>/sourceTime are writable.`);
    }
    if (first !== undefined && componentNames.has(first) && s[1] === '$metadata') {
      if (s.length === 4 && s[3] === 'sourceTime' && s[2] !== undefined && !s[2].startsWith('$')) {
        sourceTimes.push({ op, component: first, property: s[2] });
        continue;
      }
      throw errors.patchInvalid(`The path ${op.path} cannot be patched: only <component>/$metadata/<property>/sourceTime is writable.`);
    }
    values.push(op);
  }
  return { values, sourceTimes };
}

/** Applies `sourceTime` writes to a built twin; the property must be set (after the value operations). */
function applySourceTimes(twin: DigitalTwin, ops: SourceTimeOp[], messagePrefix = ''): void {
  for (const { op, component, property } of ops) {
    const holder = component === undefined ? twin : (twin[component] as Record<string, unknown> | undefined);
    const meta = isObject(holder) ? (holder['$metadata'] as Record<string, unknown> | undefined) : undefined;
    const entry = meta?.[property];
    if (!isObject(entry)) throw errors.patchPathUnresolved(`${messagePrefix}${op.path}`);
    if (op.op === 'remove') {
      delete entry['sourceTime'];
      continue;
    }
    if (!isDateTime(op.value)) {
      throw errors.invalidTwin([`Invalid sourceTime at ${messagePrefix}${op.path}: ${JSON.stringify(op.value)} is not an ISO 8601 date-time.`]);
    }
    entry['sourceTime'] = op.value;
  }
}

export function patchTwin(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  validateIfMatchSyntax(ctx);
  const ops = parsePatchDocument(ctx.body);
  const existing = requireTwin(core, id);
  checkIfMatch(ctx, existing.$etag);

  const oldResolved = core.store.models.resolve(existing.$metadata.$model);
  const oldComponents = new Set(oldResolved?.components.keys() ?? []);
  const { values, sourceTimes } = splitTwinPatch(ops, oldComponents);

  const doc = deepCopy(existing) as Record<string, unknown>;
  delete doc['$dtId'];
  delete doc['$etag'];
  applyValueOps(doc, values, 'twin');

  const modelId = (doc['$metadata'] as Record<string, unknown>)['$model'];
  if (typeof modelId !== 'string' || modelId === '') throw errors.invalidTwin(['$metadata.$model must be a model id.']);
  const resolved = requireUsableModel(core, modelId, modelId !== existing.$metadata.$model);
  const problems = validateTwinContent(modelId, doc, core.store.models);
  if (problems.length > 0) throw problemsToError(problems);

  const components = new Set(resolved.components.keys());
  const twin = buildTwin({
    id, etag: newEtag(), doc, modelId, resolved, now: adtNow(), previous: existing, fromRequest: false,
    touched: touchedBy(values, components, pointerSegments),
  });
  applySourceTimes(twin, sourceTimes);
  core.store.putTwin(twin);
  core.publish(twinUpdateEvent({ source: ctx.host, twinId: id, modelId, patch: ops, traceparent: ctx.traceparent }));
  return noContent({ etag: twin.$etag! });
}

export function deleteTwin(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  validateIfMatchSyntax(ctx);
  const existing = requireTwin(core, id);
  checkIfMatch(ctx, existing.$etag);
  if (core.store.outgoingCount(id) > 0 || core.store.incomingCount(id) > 0) throw errors.relationshipsNotDeleted(id);
  core.store.deleteTwin(id);
  core.publish(twinDeleteEvent({ source: ctx.host, twin: existing, traceparent: ctx.traceparent }));
  return noContent();
}

// ---- components --------------------------------------------------------------------------------------------------

function componentSchema(core: Core, twin: DigitalTwin, name: string): string | undefined {
  return core.store.models.resolve(twin.$metadata.$model)?.components.get(name)?.schema;
}

export function getComponent(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  const name = ctx.params['componentPath']!;
  const twin = requireTwin(core, id);
  const value = twin[name];
  const declared = componentSchema(core, twin, name) !== undefined;
  // A twin whose model was deleted still shows its stored components.
  const modelKnown = core.store.models.has(twin.$metadata.$model);
  if ((modelKnown && !declared) || !isObject(value) || !isObject(value['$metadata'])) throw errors.componentNotFound(id, name);
  return ok(value, { etag: twin.$etag ?? '' });
}

export function patchComponent(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  const name = ctx.params['componentPath']!;
  validateIfMatchSyntax(ctx);
  const ops = parsePatchDocument(ctx.body);
  const existing = requireTwin(core, id);
  checkIfMatch(ctx, existing.$etag);
  const modelId = existing.$metadata.$model;
  const resolved = core.store.models.resolve(modelId);
  if (!resolved) throw errors.modelMissing(modelId);
  const schema = resolved.components.get(name)?.schema;
  // The live service answers an unknown component on PATCH with this JsonPatchInvalid (observed on a live instance).
  if (schema === undefined) throw errors.patchPathUnresolved(`/${name}${ops[0]?.path ?? ''}`);

  const { values, sourceTimes } = splitTwinPatch(ops, new Set(), name);
  const current = isObject(existing[name]) ? (existing[name] as Record<string, unknown>) : { $metadata: {} };
  const compDoc = deepCopy(current);
  applyValueOps(compDoc, values, 'component', `/${name}`);

  const doc = deepCopy(existing) as Record<string, unknown>;
  delete doc['$dtId'];
  delete doc['$etag'];
  doc[name] = compDoc;
  const problems = validateTwinContent(modelId, doc, core.store.models);
  if (problems.length > 0) throw problemsToError(problems);

  const touchedProps = new Set<string>();
  for (const op of values) {
    const first = pointerSegments(op.path)[0];
    if (first !== undefined) touchedProps.add(first);
  }
  const twin = buildTwin({
    id, etag: newEtag(), doc, modelId, resolved, now: adtNow(), previous: existing, fromRequest: false,
    touched: { all: false, props: new Set(), components: new Map([[name, touchedProps]]) },
  });
  applySourceTimes(twin, sourceTimes, `/${name}`);
  core.store.putTwin(twin);
  const patch = ops.map((op) => ({ ...op, path: `/${name}${op.path}` }));
  core.publish(twinUpdateEvent({ source: ctx.host, twinId: id, modelId, patch, traceparent: ctx.traceparent }));
  return noContent({ etag: twin.$etag! });
}
