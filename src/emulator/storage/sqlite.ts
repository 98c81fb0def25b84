import Database from 'better-sqlite3';
import type { DeleteJob, DigitalTwin, ImportJob, Relationship } from '../../shared/adt';
import type { InterfaceInfo, ModelIndex } from '../../shared/dtdl';
import { migrations } from './migrations';
import { buildModelIndex } from './model-index';
import { compareStrings, mergeAscending, SortedKeys } from '../query-engine/sorted-keys';
import type { Store, StoredModel, StoredRoute } from './store';

export interface SqliteStoreOptions {
  /** File path, or ':memory:' for a throwaway store. */
  path: string;
  /** Called with the ids of stored models the current validator refuses (they stay stored, but unindexed). */
  onModelsRejected?: (ids: string[]) => void;
}

type Row = Record<string, unknown>;

/**
 * The SQLite store. Writes go to the database first, in one transaction each; the in-memory mirror (Maps) is changed
 * only once the database accepted the write, so reads never see a state the file does not hold.
 * WAL with synchronous=NORMAL: a committed transaction survives the process being killed (not a power cut).
 */
export class SqliteStore implements Store {
  models: ModelIndex;
  private readonly db: Database.Database;
  private readonly stmts: ReturnType<SqliteStore['prepare']>;
  private readonly onModelsRejected: ((ids: string[]) => void) | undefined;

  private modelRows = new Map<string, StoredModel>();
  private twins = new Map<string, DigitalTwin>();
  /** Ordered ids for the query engine's keyset paging; maintained with every mirror change. */
  private twinIds = new SortedKeys();
  private twinsByModel = new Map<string, SortedKeys>();
  private out = new Map<string, Map<string, Relationship>>();
  /** Ids of twins that have outgoing relationships, in order (FROM RELATIONSHIPS paging). */
  private sourceIds = new SortedKeys();
  private inc = new Map<string, Map<string, Relationship>>();
  private relationshipTotal = 0;
  private routes = new Map<string, StoredRoute>();
  private importJobs = new Map<string, ImportJob>();
  private deleteJobs = new Map<string, DeleteJob>();

  constructor(options: SqliteStoreOptions) {
    this.onModelsRejected = options.onModelsRejected;
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
    this.stmts = this.prepare();
    this.models = this.loadMirror();
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    for (const m of migrations) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      })();
    }
  }

  private prepare() {
    const db = this.db;
    return {
      insertModel: db.prepare('INSERT INTO models (id, upload_time, decommissioned, body) VALUES (?, ?, ?, ?)'),
      setDecommissioned: db.prepare('UPDATE models SET decommissioned = ? WHERE id = ?'),
      deleteModel: db.prepare('DELETE FROM models WHERE id = ?'),
      upsertTwin: db.prepare(
        'INSERT INTO twins (id, model_id, etag, body) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT(id) DO UPDATE SET model_id = excluded.model_id, etag = excluded.etag, body = excluded.body',
      ),
      deleteTwin: db.prepare('DELETE FROM twins WHERE id = ?'),
      upsertRelationship: db.prepare(
        'INSERT INTO relationships (source_id, id, target_id, name, etag, body) VALUES (?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT(source_id, id) DO UPDATE SET target_id = excluded.target_id, name = excluded.name, ' +
          'etag = excluded.etag, body = excluded.body',
      ),
      deleteRelationship: db.prepare('DELETE FROM relationships WHERE source_id = ? AND id = ?'),
      upsertRoute: db.prepare(
        'INSERT INTO event_routes (id, endpoint_name, filter) VALUES (?, ?, ?) ' +
          'ON CONFLICT(id) DO UPDATE SET endpoint_name = excluded.endpoint_name, filter = excluded.filter',
      ),
      deleteRoute: db.prepare('DELETE FROM event_routes WHERE id = ?'),
      upsertImportJob: db.prepare(
        'INSERT INTO import_jobs (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body',
      ),
      deleteImportJob: db.prepare('DELETE FROM import_jobs WHERE id = ?'),
      upsertDeleteJob: db.prepare(
        'INSERT INTO delete_jobs (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body',
      ),
    };
  }

  /** (Re)builds every in-memory structure from the database. */
  private loadMirror(): ModelIndex {
    this.modelRows = new Map();
    this.twins = new Map();
    this.twinIds = new SortedKeys();
    this.twinsByModel = new Map();
    this.out = new Map();
    this.sourceIds = new SortedKeys();
    this.inc = new Map();
    this.relationshipTotal = 0;
    this.routes = new Map();
    this.importJobs = new Map();
    this.deleteJobs = new Map();

    for (const row of this.db.prepare('SELECT id, upload_time, decommissioned, body FROM models ORDER BY seq').all() as Row[]) {
      const id = row['id'] as string;
      this.modelRows.set(id, {
        id,
        uploadTime: row['upload_time'] as string,
        decommissioned: row['decommissioned'] === 1,
        model: JSON.parse(row['body'] as string) as Record<string, unknown>,
      });
    }
    for (const row of this.db.prepare('SELECT body FROM twins').all() as Row[]) {
      this.mirrorPutTwin(JSON.parse(row['body'] as string) as DigitalTwin);
    }
    for (const row of this.db.prepare('SELECT body FROM relationships').all() as Row[]) {
      this.mirrorPutRelationship(JSON.parse(row['body'] as string) as Relationship);
    }
    for (const row of this.db.prepare('SELECT id, endpoint_name, filter FROM event_routes ORDER BY seq').all() as Row[]) {
      const id = row['id'] as string;
      this.routes.set(id, { id, endpointName: row['endpoint_name'] as string, filter: row['filter'] as string });
    }
    for (const row of this.db.prepare('SELECT body FROM import_jobs ORDER BY seq').all() as Row[]) {
      const job = JSON.parse(row['body'] as string) as ImportJob;
      this.importJobs.set(job.id, job);
    }
    for (const row of this.db.prepare('SELECT body FROM delete_jobs ORDER BY seq').all() as Row[]) {
      const job = JSON.parse(row['body'] as string) as DeleteJob;
      this.deleteJobs.set(job.id, job);
    }
    const { index, rejected } = buildModelIndex([...this.modelRows.values()].map((m) => m.model));
    if (rejected.length > 0) this.onModelsRejected?.(rejected);
    return index;
  }

  // ---- models -------------------------------------------------------------------------------------------------

  listModels(): StoredModel[] {
    return [...this.modelRows.values()];
  }

  getModel(id: string): StoredModel | undefined {
    return this.modelRows.get(id);
  }

  addModels(models: StoredModel[], interfaces: InterfaceInfo[]): void {
    this.db.transaction(() => {
      for (const m of models) this.stmts.insertModel.run(m.id, m.uploadTime, m.decommissioned ? 1 : 0, JSON.stringify(m.model));
    })();
    for (const m of models) this.modelRows.set(m.id, m);
    for (const info of interfaces) this.models.add(info);
  }

  setDecommissioned(id: string, decommissioned: boolean): void {
    const row = this.modelRows.get(id);
    if (!row) return;
    this.stmts.setDecommissioned.run(decommissioned ? 1 : 0, id);
    this.modelRows.set(id, { ...row, decommissioned });
  }

  deleteModel(id: string): void {
    this.stmts.deleteModel.run(id);
    this.modelRows.delete(id);
    if (this.models.has(id)) this.models.remove(id);
  }

  // ---- twins --------------------------------------------------------------------------------------------------

  twinCount(): number {
    return this.twins.size;
  }

  allTwins(): Iterable<DigitalTwin> {
    return this.twins.values();
  }

  *twinsOfModels(modelIds: Iterable<string>): Iterable<DigitalTwin> {
    for (const modelId of modelIds) {
      const ids = this.twinsByModel.get(modelId);
      if (!ids) continue;
      for (const id of ids) {
        const twin = this.twins.get(id);
        if (twin) yield twin;
      }
    }
  }

  twinsInOrder(fromId?: string): Iterable<DigitalTwin> {
    return this.lookupTwins(this.twinIds.from(fromId));
  }

  twinsOfModelsInOrder(modelIds: readonly string[], fromId?: string): Iterable<DigitalTwin> {
    return this.lookupTwins(mergeAscending(modelIds.map((m) => this.twinsByModel.get(m)?.from(fromId) ?? [])));
  }

  private *lookupTwins(ids: Iterable<string>): Iterable<DigitalTwin> {
    for (const id of ids) {
      const twin = this.twins.get(id);
      if (twin) yield twin;
    }
  }

  getTwin(id: string): DigitalTwin | undefined {
    return this.twins.get(id);
  }

  putTwin(twin: DigitalTwin): void {
    this.stmts.upsertTwin.run(twin.$dtId, twin.$metadata.$model, twin.$etag ?? '', JSON.stringify(twin));
    this.mirrorPutTwin(twin);
  }

  deleteTwin(id: string): void {
    this.stmts.deleteTwin.run(id);
    this.mirrorDeleteTwin(id);
  }

  private mirrorPutTwin(twin: DigitalTwin): void {
    const previous = this.twins.get(twin.$dtId);
    if (previous && previous.$metadata.$model !== twin.$metadata.$model) {
      this.twinsByModel.get(previous.$metadata.$model)?.delete(twin.$dtId);
    }
    this.twins.set(twin.$dtId, twin);
    if (!previous) this.twinIds.add(twin.$dtId);
    let set = this.twinsByModel.get(twin.$metadata.$model);
    if (!set) this.twinsByModel.set(twin.$metadata.$model, (set = new SortedKeys()));
    set.add(twin.$dtId);
  }

  private mirrorDeleteTwin(id: string): void {
    const previous = this.twins.get(id);
    if (!previous) return;
    this.twins.delete(id);
    this.twinIds.delete(id);
    const set = this.twinsByModel.get(previous.$metadata.$model);
    set?.delete(id);
    if (set && set.size === 0) this.twinsByModel.delete(previous.$metadata.$model);
  }

  // ---- relationships ------------------------------------------------------------------------------------------

  allRelationships(): Iterable<Relationship> {
    const out = this.out;
    return (function* () {
      for (const bySource of out.values()) yield* bySource.values();
    })();
  }

  *relationshipsInOrder(from?: { sourceId: string; relationshipId: string }): Iterable<Relationship> {
    for (const sourceId of this.sourceIds.from(from?.sourceId)) {
      const bySource = this.out.get(sourceId);
      if (!bySource) continue;
      const ids = [...bySource.keys()].sort(compareStrings);
      for (const id of ids) {
        if (from && sourceId === from.sourceId && id < from.relationshipId) continue;
        const r = bySource.get(id);
        if (r) yield r;
      }
    }
  }

  outgoing(sourceId: string): Iterable<Relationship> {
    return this.out.get(sourceId)?.values() ?? [];
  }

  incoming(targetId: string): Iterable<Relationship> {
    return this.inc.get(targetId)?.values() ?? [];
  }

  relationshipCount(): number {
    return this.relationshipTotal;
  }

  outgoingCount(sourceId: string): number {
    return this.out.get(sourceId)?.size ?? 0;
  }

  incomingCount(targetId: string): number {
    return this.inc.get(targetId)?.size ?? 0;
  }

  getRelationship(sourceId: string, relationshipId: string): Relationship | undefined {
    return this.out.get(sourceId)?.get(relationshipId);
  }

  putRelationship(r: Relationship): void {
    this.stmts.upsertRelationship.run(r.$sourceId, r.$relationshipId, r.$targetId, r.$relationshipName, r.$etag ?? '', JSON.stringify(r));
    this.mirrorPutRelationship(r);
  }

  deleteRelationship(sourceId: string, relationshipId: string): void {
    this.stmts.deleteRelationship.run(sourceId, relationshipId);
    this.mirrorDeleteRelationship(sourceId, relationshipId);
  }

  private mirrorPutRelationship(r: Relationship): void {
    const previous = this.getRelationship(r.$sourceId, r.$relationshipId);
    if (previous) this.mirrorDeleteRelationship(previous.$sourceId, previous.$relationshipId);
    let bySource = this.out.get(r.$sourceId);
    if (!bySource) {
      this.out.set(r.$sourceId, (bySource = new Map()));
      this.sourceIds.add(r.$sourceId);
    }
    bySource.set(r.$relationshipId, r);
    let byTarget = this.inc.get(r.$targetId);
    if (!byTarget) this.inc.set(r.$targetId, (byTarget = new Map()));
    byTarget.set(incomingKey(r.$sourceId, r.$relationshipId), r);
    this.relationshipTotal++;
  }

  private mirrorDeleteRelationship(sourceId: string, relationshipId: string): void {
    const bySource = this.out.get(sourceId);
    const r = bySource?.get(relationshipId);
    if (!bySource || !r) return;
    bySource.delete(relationshipId);
    if (bySource.size === 0) {
      this.out.delete(sourceId);
      this.sourceIds.delete(sourceId);
    }
    const byTarget = this.inc.get(r.$targetId);
    byTarget?.delete(incomingKey(sourceId, relationshipId));
    if (byTarget && byTarget.size === 0) this.inc.delete(r.$targetId);
    this.relationshipTotal--;
  }

  // ---- event routes -------------------------------------------------------------------------------------------

  listRoutes(): StoredRoute[] {
    return [...this.routes.values()];
  }

  getRoute(id: string): StoredRoute | undefined {
    return this.routes.get(id);
  }

  putRoute(route: StoredRoute): void {
    this.stmts.upsertRoute.run(route.id, route.endpointName, route.filter);
    this.routes.set(route.id, { ...route });
  }

  deleteRoute(id: string): void {
    this.stmts.deleteRoute.run(id);
    this.routes.delete(id);
  }

  // ---- jobs ---------------------------------------------------------------------------------------------------

  listImportJobs(): ImportJob[] {
    return [...this.importJobs.values()];
  }

  getImportJob(id: string): ImportJob | undefined {
    return this.importJobs.get(id);
  }

  putImportJob(job: ImportJob): void {
    this.stmts.upsertImportJob.run(job.id, JSON.stringify(job));
    this.importJobs.set(job.id, { ...job });
  }

  deleteImportJob(id: string): void {
    this.stmts.deleteImportJob.run(id);
    this.importJobs.delete(id);
  }

  listDeleteJobs(): DeleteJob[] {
    return [...this.deleteJobs.values()];
  }

  getDeleteJob(id: string): DeleteJob | undefined {
    return this.deleteJobs.get(id);
  }

  putDeleteJob(job: DeleteJob): void {
    this.stmts.upsertDeleteJob.run(job.id, JSON.stringify(job));
    this.deleteJobs.set(job.id, { ...job });
  }

  // ---- bulk ---------------------------------------------------------------------------------------------------

  deleteAllData(): { models: number; twins: number; relationships: number } {
    const counts = { models: this.modelRows.size, twins: this.twins.size, relationships: this.relationshipTotal };
    this.db.transaction(() => {
      this.db.exec('DELETE FROM relationships; DELETE FROM twins; DELETE FROM models;');
    })();
    this.out.clear();
    this.sourceIds.clear();
    this.inc.clear();
    this.relationshipTotal = 0;
    this.twins.clear();
    this.twinIds.clear();
    this.twinsByModel.clear();
    for (const id of this.modelRows.keys()) if (this.models.has(id)) this.models.remove(id);
    this.modelRows.clear();
    return counts;
  }

  batch<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (err) {
      // The database rolled back; the mirror may hold part of the batch, so rebuild it from the file.
      this.models = this.loadMirror();
      throw err;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function incomingKey(sourceId: string, relationshipId: string): string {
  return `${sourceId}\u0000${relationshipId}`;
}
