import type { TestApi } from '../test-support';

/**
 * Everything the store holds, read over HTTP and put in a stable order: models (with definitions and decommission
 * flags), twins (with their ETags and metadata), relationships, event routes and jobs. Two dumps are equal exactly
 * when no write happened in between (a write always changes an ETag, an upload time or a job list).
 */
export interface StoreDump {
  models: unknown[];
  twins: Record<string, unknown>[];
  relationships: Record<string, unknown>[];
  routes: unknown[];
  importJobs: unknown[];
  deleteJobs: unknown[];
}

async function listAll(api: TestApi, path: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | null = path;
  while (next) {
    const r = await api.get(next);
    if (r.status !== 200) throw new Error(`dump: GET ${next} answered ${r.status} ${r.text}`);
    items.push(...(r.body.value as unknown[]));
    next = r.body.nextLink as string | null;
  }
  return items;
}

export async function queryAll(api: TestApi, query: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let token: string | null = null;
  do {
    const r = await api.post('/query', token ? { continuationToken: token } : { query });
    if (r.status !== 200) throw new Error(`dump: query ${query} answered ${r.status} ${r.text}`);
    items.push(...(r.body.value as Record<string, unknown>[]));
    token = r.body.continuationToken as string | null;
  } while (token);
  return items;
}

const byKey = (key: (x: Record<string, unknown>) => string) => (a: Record<string, unknown>, b: Record<string, unknown>) =>
  key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export async function dumpStore(api: TestApi): Promise<StoreDump> {
  const [models, twins, relationships, routes, importJobs, deleteJobs] = await Promise.all([
    listAll(api, '/models?includeModelDefinition=true'),
    queryAll(api, 'SELECT * FROM digitaltwins'),
    queryAll(api, 'SELECT * FROM relationships'),
    listAll(api, '/eventroutes'),
    listAll(api, '/jobs/imports'),
    listAll(api, '/jobs/deletions'),
  ]);
  twins.sort(byKey((t) => String(t['$dtId'])));
  relationships.sort(byKey((r) => `${String(r['$sourceId'])}\u0000${String(r['$relationshipId'])}`));
  return { models, twins, relationships, routes, importJobs, deleteJobs };
}

/** Relationships whose source or target twin does not exist. */
export function orphanRelationships(dump: Pick<StoreDump, 'twins' | 'relationships'>): Record<string, unknown>[] {
  const ids = new Set(dump.twins.map((t) => t['$dtId']));
  return dump.relationships.filter((r) => !ids.has(r['$sourceId']) || !ids.has(r['$targetId']));
}
