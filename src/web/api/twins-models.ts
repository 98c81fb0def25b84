import type { ModelData } from '../../shared/adt';
import { ModelIndex, parseInterfaces } from '../../shared/dtdl';
import type { AdtClient } from '../adt-client';

/**
 * The environment's models as a ModelIndex, for the inspector's forms and patch validation. Models were validated
 * when they were uploaded, so they are re-read with the single-document rules only; a model that fails to parse is
 * left out and named in `skipped` rather than hiding every other model.
 */
export function buildModelIndex(models: readonly ModelData[]): { index: ModelIndex; skipped: string[] } {
  const documents = models.filter((m) => m.model !== undefined).map((m) => m.model as Record<string, unknown>);
  const { interfaces } = parseInterfaces(documents);
  const parsed = new Set(interfaces.map((i) => i.id));
  const skipped = models.filter((m) => !parsed.has(m.id)).map((m) => m.id);
  return { index: new ModelIndex(interfaces), skipped };
}

export async function loadModelIndex(client: AdtClient, signal?: AbortSignal): Promise<{ index: ModelIndex; skipped: string[]; models: ModelData[] }> {
  const models: ModelData[] = [];
  for await (const m of client.listModels({ includeModelDefinition: true, signal })) models.push(m);
  return { ...buildModelIndex(models), models };
}

const clientIds = new WeakMap<AdtClient, number>();
let nextClientId = 0;

/** A stable query-key part per client object: two environments behind the same proxy URL must not share a cache. */
export function clientKey(client: AdtClient): number {
  let id = clientIds.get(client);
  if (id === undefined) {
    id = ++nextClientId;
    clientIds.set(client, id);
  }
  return id;
}

/** The display name of a model (English, else any language), else the last part of its id. */
export function modelLabel(model: Pick<ModelData, 'id' | 'displayName'> | undefined, id: string): string {
  const names = model?.displayName;
  const name = names ? (names.en ?? Object.values(names)[0]) : undefined;
  if (typeof name === 'string' && name !== '') return name;
  const m = /^dtmi:(?:.*:)?([^:;]+)(?:;[\d.]+)?$/.exec(id);
  return m?.[1] ?? id;
}
