import type { ModelData } from '../../shared/adt';
import { MAX_MODELS_PER_CALL } from '../../shared/adt';
import { validateModels } from '../../shared/dtdl';
import { ApiError } from '../errors';
import type { StoredModel } from '../storage/store';
import type { Core, HandlerResponse, RequestContext } from './context';
import { adtParserErrorText } from './dtdl-errors';
import { errors } from './messages';
import { parsePatchDocument } from './patch';
import { adtOffsetNow, isObject, noContent, ok, pageOf } from './util';

/** ADT's model limits (https://learn.microsoft.com/azure/digital-twins/reference-service-limits). */
export const MAX_MODELS_PER_UPLOAD = MAX_MODELS_PER_CALL;
export const MAX_MODEL_BYTES = 1024 * 1024;
export const MAX_MODELS = 10_000;
/** The model list pages at 100 items, not adjustable. */
const MODEL_PAGE = 100;

/** A plain-string displayName/description is English; absent ones come back as `{}` (observed). */
function languageMap(value: unknown): Record<string, string> {
  if (typeof value === 'string') return { en: value };
  if (isObject(value)) {
    const map: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') map[k] = v;
    return map;
  }
  return {};
}

function modelData(m: StoredModel, includeDefinition: boolean): ModelData {
  const data: ModelData = {
    id: m.id,
    description: languageMap(m.model['description']),
    displayName: languageMap(m.model['displayName']),
    decommissioned: m.decommissioned,
    uploadTime: m.uploadTime,
  };
  if (includeDefinition) data.model = m.model;
  return data;
}

function flag(ctx: RequestContext, name: string): boolean {
  return (ctx.query.get(name) ?? '').toLowerCase() === 'true';
}

function requireModel(core: Core, id: string): StoredModel {
  const m = core.store.getModel(id);
  if (!m) throw errors.modelNotFound(id);
  return m;
}

export function addModels(ctx: RequestContext, core: Core): HandlerResponse {
  const docs = ctx.body;
  if (docs === undefined) throw errors.emptyBody();
  if (!Array.isArray(docs) || docs.length === 0) throw errors.emptyModels();
  if (docs.length > MAX_MODELS_PER_UPLOAD) {
    throw new ApiError(400, 'LimitExceeded', `A request can create at most ${MAX_MODELS_PER_UPLOAD} models; this one has ${docs.length}. Split the models into several requests.`);
  }
  docs.forEach((doc, i) => {
    if (JSON.stringify(doc).length > MAX_MODEL_BYTES) {
      throw new ApiError(400, 'LimitExceeded', `Model ${i} is larger than the maximum model size of 1 MB.`);
    }
  });
  const ids = docs.map((d) => (isObject(d) && typeof d['@id'] === 'string' ? d['@id'] : undefined));
  const existing = ids.filter((id): id is string => id !== undefined && core.store.getModel(id) !== undefined);
  if (existing.length > 0) throw errors.modelsAlreadyExist([...new Set(existing)]);
  if (core.store.listModels().length + docs.length > MAX_MODELS) {
    throw new ApiError(400, 'LimitExceeded', `The instance can hold at most ${MAX_MODELS} models.`);
  }

  const result = validateModels(docs, core.store.models);
  if (!result.ok) {
    throw errors.dtdlParser(adtParserErrorText(result.diagnostics, docs));
  }
  const uploadTime = adtOffsetNow();
  const stored: StoredModel[] = docs.map((doc) => {
    const model = doc as Record<string, unknown>;
    return { id: model['@id'] as string, uploadTime, decommissioned: false, model };
  });
  core.store.addModels(stored, result.interfaces);
  return { status: 201, body: stored.map((m) => modelData(m, false)) };
}

export function listModels(ctx: RequestContext, core: Core): HandlerResponse {
  const include = flag(ctx, 'includeModelDefinition');
  const requested = ctx.query.getAll('dependenciesFor').flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  let models = core.store.listModels();
  if (requested.length > 0) {
    const missing = requested.filter((id) => !core.store.getModel(id));
    if (missing.length > 0) throw errors.modelNotFound(missing.join(', '));
    const wanted = new Set<string>();
    for (const id of requested) {
      wanted.add(id);
      for (const dep of core.store.models.has(id) ? core.store.models.dependenciesOf(id) : []) wanted.add(dep);
    }
    models = models.filter((m) => wanted.has(m.id));
  }
  return pageOf(ctx, models.map((m) => modelData(m, include)), MODEL_PAGE, MODEL_PAGE);
}

export function getModel(ctx: RequestContext, core: Core): HandlerResponse {
  const m = requireModel(core, ctx.params['id']!);
  return ok(modelData(m, flag(ctx, 'includeModelDefinition')));
}

export function updateModel(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  const ops = parsePatchDocument(ctx.body);
  requireModel(core, id);
  if (ops.length === 0) throw errors.patchInvalid('The patch document is empty.');
  for (const op of ops) {
    if (op.path !== '/decommissioned' || op.op === 'remove' || op.value !== true) {
      throw errors.patchInvalid(`Only {"op": "replace", "path": "/decommissioned", "value": true} is supported on a model; got ${op.op} ${op.path}.`);
    }
  }
  core.store.setDecommissioned(id, true);
  return noContent();
}

export function deleteModel(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  requireModel(core, id);
  const referencedBy = core.store.models.has(id) ? core.store.models.referencedBy(id) : [];
  if (referencedBy.length > 0) throw errors.modelReferenced(referencedBy);
  core.store.deleteModel(id);
  return noContent();
}
