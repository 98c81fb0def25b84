import type { DeleteJob, DigitalTwin, ImportJob, Relationship } from '../../shared/adt';
import type { InterfaceInfo, ModelIndex } from '../../shared/dtdl';
import { MemoryIndex } from './memory-index';
import { migrations } from './migrations';
import { buildModelIndex } from './model-index';
import type { SqlBinding, SqlRow } from './sql-binding';
import type { Store, StoredModel, StoredRoute } from './store';

export interface SqlStoreOptions {
  /** Called with the ids of stored models the current validator refuses (they stay stored, but unindexed). */
  onModelsRejected?: (ids: string[]) => void;
}

/**
 * The store over any SQLite binding. Writes go to the database first, in one transaction each; the in-memory mirror
 * (MemoryIndex) is changed only once the database accepted the write, so reads never see a state the file does not
 * hold. The schema, the statements and the mirror are the same for every binding.
 */
export class SqlStore implements Store {
  models: ModelIndex;
  private mem = new MemoryIndex();
  private readonly stmts: ReturnType<SqlStore['prepare']>;
  private readonly onModelsRejected: ((ids: string[]) => void) | undefined;

  constructor(protected readonly db: SqlBinding, options: SqlStoreOptions = {}) {
    this.onModelsRejected = options.onModelsRejected;
    this.migrate();
    this.stmts = this.prepare();
    this.models = this.loadMirror();
  }

  private migrate(): void {
    const current = this.db.userVersion();
    for (const m of migrations) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.setUserVersion(m.version);
      });
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
    const mem = (this.mem = new MemoryIndex());
    for (const row of this.db.all('SELECT id, upload_time, decommissioned, body FROM models ORDER BY seq')) {
      const id = row['id'] as string;
      mem.modelRows.set(id, {
        id,
        uploadTime: row['upload_time'] as string,
        decommissioned: row['decommissioned'] === 1,
        model: JSON.parse(row['body'] as string) as Record<string, unknown>,
      });
    }
    for (const row of this.db.all('SELECT body FROM twins')) mem.putTwin(parse<DigitalTwin>(row));
    for (const row of this.db.all('SELECT body FROM relationships')) mem.putRelationship(parse<Relationship>(row));
    for (const row of this.db.all('SELECT id, endpoint_name, filter FROM event_routes ORDER BY seq')) {
      const id = row['id'] as string;
      mem.routes.set(id, { id, endpointName: row['endpoint_name'] as string, filter: row['filter'] as string });
    }
    for (const row of this.db.all('SELECT body FROM import_jobs ORDER BY seq')) {
      const job = parse<ImportJob>(row);
      mem.importJobs.set(job.id, job);
    }
    for (const row of this.db.all('SELECT body FROM delete_jobs ORDER BY seq')) {
      const job = parse<DeleteJob>(row);
      mem.deleteJobs.set(job.id, job);
    }
    const { index, rejected } = buildModelIndex([...mem.modelRows.values()].map((m) => m.model));
    if (rejected.length > 0) this.onModelsRejected?.(rejected);
    return index;
  }

  // ---- models -------------------------------------------------------------------------------------------------

  listModels(): StoredModel[] {
    return [...this.mem.modelRows.values()];
  }

  getModel(id: string): StoredModel | undefined {
    return this.mem.modelRows.get(id);
  }

  addModels(models: StoredModel[], interfaces: InterfaceInfo[]): void {
    this.db.transaction(() => {
      for (const m of models) this.stmts.insertModel.run(m.id, m.uploadTime, m.decommissioned ? 1 : 0, JSON.stringify(m.model));
    });
    for (const m of models) this.mem.modelRows.set(m.id, m);
    for (const info of interfaces) this.models.add(info);
  }

  setDecommissioned(id: string, decommissioned: boolean): void {
    const row = this.mem.modelRows.get(id);
    if (!row) return;
    this.stmts.setDecommissioned.run(decommissioned ? 1 : 0, id);
    this.mem.modelRows.set(id, { ...row, decommissioned });
  }

  deleteModel(id: string): void {
    this.stmts.deleteModel.run(id);
    this.mem.modelRows.delete(id);
    if (this.models.has(id)) this.models.remove(id);
  }

  // ---- twins (reads from the mirror) --------------------------------------------------------------------------

  twinCount(): number { return this.mem.twinCount(); }
  allTwins(): Iterable<DigitalTwin> { return this.mem.allTwins(); }
  twinsOfModels(modelIds: Iterable<string>): Iterable<DigitalTwin> { return this.mem.twinsOfModels(modelIds); }
  twinsInOrder(fromId?: string): Iterable<DigitalTwin> { return this.mem.twinsInOrder(fromId); }
  twinsOfModelsInOrder(modelIds: readonly string[], fromId?: string): Iterable<DigitalTwin> {
    return this.mem.twinsOfModelsInOrder(modelIds, fromId);
  }
  getTwin(id: string): DigitalTwin | undefined { return this.mem.getTwin(id); }

  putTwin(twin: DigitalTwin): void {
    this.stmts.upsertTwin.run(twin.$dtId, twin.$metadata.$model, twin.$etag ?? '', JSON.stringify(twin));
    this.mem.putTwin(twin);
  }

  deleteTwin(id: string): void {
    this.stmts.deleteTwin.run(id);
    this.mem.deleteTwin(id);
  }

  // ---- relationships ------------------------------------------------------------------------------------------

  allRelationships(): Iterable<Relationship> { return this.mem.allRelationships(); }
  relationshipsInOrder(from?: { sourceId: string; relationshipId: string }): Iterable<Relationship> {
    return this.mem.relationshipsInOrder(from);
  }
  outgoing(sourceId: string): Iterable<Relationship> { return this.mem.outgoing(sourceId); }
  incoming(targetId: string): Iterable<Relationship> { return this.mem.incoming(targetId); }
  relationshipCount(): number { return this.mem.relationshipCount(); }
  outgoingCount(sourceId: string): number { return this.mem.outgoingCount(sourceId); }
  incomingCount(targetId: string): number { return this.mem.incomingCount(targetId); }
  getRelationship(sourceId: string, relationshipId: string): Relationship | undefined {
    return this.mem.getRelationship(sourceId, relationshipId);
  }

  putRelationship(r: Relationship): void {
    this.stmts.upsertRelationship.run(r.$sourceId, r.$relationshipId, r.$targetId, r.$relationshipName, r.$etag ?? '', JSON.stringify(r));
    this.mem.putRelationship(r);
  }

  deleteRelationship(sourceId: string, relationshipId: string): void {
    this.stmts.deleteRelationship.run(sourceId, relationshipId);
    this.mem.deleteRelationship(sourceId, relationshipId);
  }

  // ---- event routes -------------------------------------------------------------------------------------------

  listRoutes(): StoredRoute[] {
    return [...this.mem.routes.values()];
  }

  getRoute(id: string): StoredRoute | undefined {
    return this.mem.routes.get(id);
  }

  putRoute(route: StoredRoute): void {
    this.stmts.upsertRoute.run(route.id, route.endpointName, route.filter);
    this.mem.routes.set(route.id, { ...route });
  }

  deleteRoute(id: string): void {
    this.stmts.deleteRoute.run(id);
    this.mem.routes.delete(id);
  }

  // ---- jobs ---------------------------------------------------------------------------------------------------

  listImportJobs(): ImportJob[] {
    return [...this.mem.importJobs.values()];
  }

  getImportJob(id: string): ImportJob | undefined {
    return this.mem.importJobs.get(id);
  }

  putImportJob(job: ImportJob): void {
    this.stmts.upsertImportJob.run(job.id, JSON.stringify(job));
    this.mem.importJobs.set(job.id, { ...job });
  }

  deleteImportJob(id: string): void {
    this.stmts.deleteImportJob.run(id);
    this.mem.importJobs.delete(id);
  }

  listDeleteJobs(): DeleteJob[] {
    return [...this.mem.deleteJobs.values()];
  }

  getDeleteJob(id: string): DeleteJob | undefined {
    return this.mem.deleteJobs.get(id);
  }

  putDeleteJob(job: DeleteJob): void {
    this.stmts.upsertDeleteJob.run(job.id, JSON.stringify(job));
    this.mem.deleteJobs.set(job.id, { ...job });
  }

  // ---- bulk ---------------------------------------------------------------------------------------------------

  deleteAllData(): { models: number; twins: number; relationships: number } {
    const counts = { models: this.mem.modelRows.size, twins: this.mem.twinCount(), relationships: this.mem.relationshipCount() };
    this.db.transaction(() => {
      this.db.exec('DELETE FROM relationships; DELETE FROM twins; DELETE FROM models;');
    });
    for (const id of this.mem.modelRows.keys()) if (this.models.has(id)) this.models.remove(id);
    this.mem.clearData();
    return counts;
  }

  batch<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn);
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

function parse<T>(row: SqlRow): T {
  return JSON.parse(row['body'] as string) as T;
}
