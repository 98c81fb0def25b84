import type { IncomingRelationship, PatchOperation, Relationship } from '../../shared/adt';
import { checkRelationship } from '../../shared/dtdl';
import { relationshipCreateEvent, relationshipDeleteEvent, relationshipUpdateEvent } from '../../shared/events';
import jsonpatch from 'fast-json-patch';
import { ApiError } from '../errors';
import type { Core, HandlerResponse, RequestContext } from './context';
import { errors } from './messages';
import { applyValueOps, parsePatchDocument, pointerSegments } from './patch';
import { requireTwin } from './twins';
import {
  checkIfMatch, deepCopy, ifNoneMatchStar, newEtag, noContent, ok, pageOf, requireObjectBody, validateIfMatchSyntax,
} from './util';

/** ADT has no documented page size for relationship lists; 100 keeps pages in line with the model list. */
const RELATIONSHIP_PAGE = 100;
const RELATIONSHIP_PAGE_MAX = 1000;
/** Per-twin limits (https://learn.microsoft.com/azure/digital-twins/reference-service-limits). */
const MAX_RELATIONSHIPS_PER_TWIN = 50_000;

function propertiesOf(r: Record<string, unknown>): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!k.startsWith('$')) props[k] = v;
  return props;
}

/** The stored shape, in the key order of live responses. */
function buildRelationship(o: { id: string; sourceId: string; name: string; targetId: string; props: Record<string, unknown> }): Relationship {
  return {
    $relationshipId: o.id, $etag: newEtag(), $sourceId: o.sourceId, $relationshipName: o.name, $targetId: o.targetId, ...o.props,
  };
}

function validateAgainstModel(core: Core, sourceModel: string, name: string, targetId: string, props: Record<string, unknown>): void {
  if (!core.store.models.has(sourceModel)) throw errors.modelMissing(sourceModel);
  const target = core.store.getTwin(targetId);
  const problem = checkRelationship(sourceModel, name, target?.$metadata.$model, props, core.store.models);
  if (problem) {
    throw problem.code === 'InvalidRelationship'
      ? new ApiError(400, 'InvalidRelationship', problem.message)
      : new ApiError(400, 'ValidationFailed', problem.message);
  }
}

function requireRelationship(core: Core, twinId: string, relationshipId: string): Relationship {
  const r = core.store.getRelationship(twinId, relationshipId);
  if (!r) throw errors.relationshipNotFound(twinId, relationshipId);
  return r;
}

export function getRelationship(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  requireTwin(core, id);
  const r = requireRelationship(core, id, ctx.params['relationshipId']!);
  return ok(r, { etag: r.$etag ?? '' });
}

export function putRelationship(ctx: RequestContext, core: Core): HandlerResponse {
  const sourceId = ctx.params['id']!;
  const relationshipId = ctx.params['relationshipId']!;
  validateIfMatchSyntax(ctx);
  const createOnly = ifNoneMatchStar(ctx);
  const body = requireObjectBody(ctx, 'relationship');
  const targetId = body['$targetId'];
  const name = body['$relationshipName'];
  if (typeof targetId !== 'string' || targetId === '') throw errors.invalidArgument('The relationship must specify $targetId.');
  if (typeof name !== 'string' || name === '') throw errors.invalidArgument('The relationship must specify $relationshipName.');

  const source = requireTwin(core, sourceId);
  const existing = core.store.getRelationship(sourceId, relationshipId);
  if (createOnly && existing) throw errors.relationshipExists(relationshipId);
  if (ctx.header('if-match') !== undefined) checkIfMatch(ctx, existing?.$etag);
  if (targetId === sourceId) throw errors.selfRelationship();
  if (!core.store.getTwin(targetId)) throw errors.targetTwinNotFound();

  const props = propertiesOf(body);
  validateAgainstModel(core, source.$metadata.$model, name, targetId, props);
  if (!existing && (core.store.outgoingCount(sourceId) >= MAX_RELATIONSHIPS_PER_TWIN
    || core.store.incomingCount(targetId) >= MAX_RELATIONSHIPS_PER_TWIN)) {
    throw new ApiError(400, 'LimitExceeded', `A twin can have at most ${MAX_RELATIONSHIPS_PER_TWIN} outgoing and ${MAX_RELATIONSHIPS_PER_TWIN} incoming relationships.`);
  }

  const r = buildRelationship({ id: relationshipId, sourceId, name, targetId, props });
  core.store.putRelationship(r);
  if (existing) {
    const patch = jsonpatch.compare(propertiesOf(existing), props) as PatchOperation[];
    core.publish(relationshipUpdateEvent({ source: ctx.host, relationship: r, modelId: source.$metadata.$model, patch, traceparent: ctx.traceparent }));
  } else {
    core.publish(relationshipCreateEvent({ source: ctx.host, relationship: r, traceparent: ctx.traceparent }));
  }
  return ok(r, { etag: r.$etag! });
}

export function patchRelationship(ctx: RequestContext, core: Core): HandlerResponse {
  const sourceId = ctx.params['id']!;
  const relationshipId = ctx.params['relationshipId']!;
  validateIfMatchSyntax(ctx);
  const ops = parsePatchDocument(ctx.body);
  const source = requireTwin(core, sourceId);
  const existing = requireRelationship(core, sourceId, relationshipId);
  checkIfMatch(ctx, existing.$etag);
  for (const op of ops) {
    if (pointerSegments(op.path)[0]?.startsWith('$')) throw errors.patchInvalid(`The path ${op.path} is read-only.`);
  }
  const props = deepCopy(propertiesOf(existing));
  applyValueOps(props, ops, 'relationship');
  validateAgainstModel(core, source.$metadata.$model, existing.$relationshipName, existing.$targetId, props);
  const r = buildRelationship({ id: relationshipId, sourceId, name: existing.$relationshipName, targetId: existing.$targetId, props });
  core.store.putRelationship(r);
  core.publish(relationshipUpdateEvent({
    source: ctx.host, relationship: r, modelId: source.$metadata.$model, patch: ops, traceparent: ctx.traceparent,
  }));
  return noContent({ etag: r.$etag! });
}

export function deleteRelationship(ctx: RequestContext, core: Core): HandlerResponse {
  const sourceId = ctx.params['id']!;
  const relationshipId = ctx.params['relationshipId']!;
  validateIfMatchSyntax(ctx);
  requireTwin(core, sourceId);
  const existing = requireRelationship(core, sourceId, relationshipId);
  checkIfMatch(ctx, existing.$etag);
  core.store.deleteRelationship(sourceId, relationshipId);
  core.publish(relationshipDeleteEvent({ source: ctx.host, relationship: existing, traceparent: ctx.traceparent }));
  return noContent();
}

export function listRelationships(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  requireTwin(core, id);
  const name = ctx.query.get('relationshipName');
  let items = [...core.store.outgoing(id)];
  if (name) items = items.filter((r) => r.$relationshipName === name);
  return pageOf(ctx, items, RELATIONSHIP_PAGE, RELATIONSHIP_PAGE_MAX);
}

export function listIncomingRelationships(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  requireTwin(core, id);
  const items: IncomingRelationship[] = [...core.store.incoming(id)].map((r) => ({
    $relationshipId: r.$relationshipId,
    $sourceId: r.$sourceId,
    $relationshipName: r.$relationshipName,
    $relationshipLink: `/digitaltwins/${encodeURIComponent(r.$sourceId)}/relationships/${encodeURIComponent(r.$relationshipId)}`,
  }));
  return pageOf(ctx, items, RELATIONSHIP_PAGE, RELATIONSHIP_PAGE_MAX);
}
