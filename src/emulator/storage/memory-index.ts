import type { DeleteJob, DigitalTwin, ImportJob, Relationship } from '../../shared/adt';
import { compareStrings, mergeAscending, SortedKeys } from '../query-engine/sorted-keys';
import type { StoredModel, StoredRoute } from './store';

/**
 * The in-memory mirror every store serves its reads from: twins by id and by model, relationships by source and by
 * target, and the ordered key sets the query engine pages over. Binding-independent, so the better-sqlite3 store and
 * the WebAssembly SQLite store in the browser share it (sql-store.ts); a store changes it only after its database
 * accepted the write.
 */
export class MemoryIndex {
  readonly modelRows = new Map<string, StoredModel>();
  readonly twins = new Map<string, DigitalTwin>();
  /** Ordered ids for the query engine's keyset paging; maintained with every mirror change. */
  private readonly twinIds = new SortedKeys();
  private readonly twinsByModel = new Map<string, SortedKeys>();
  private readonly out = new Map<string, Map<string, Relationship>>();
  /** Ids of twins that have outgoing relationships, in order (FROM RELATIONSHIPS paging). */
  private readonly sourceIds = new SortedKeys();
  private readonly inc = new Map<string, Map<string, Relationship>>();
  private relationshipTotal = 0;
  readonly routes = new Map<string, StoredRoute>();
  readonly importJobs = new Map<string, ImportJob>();
  readonly deleteJobs = new Map<string, DeleteJob>();

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

  deleteTwin(id: string): void {
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
    const previous = this.getRelationship(r.$sourceId, r.$relationshipId);
    if (previous) this.deleteRelationship(previous.$sourceId, previous.$relationshipId);
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

  deleteRelationship(sourceId: string, relationshipId: string): void {
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

  /** Forgets every model, twin and relationship (routes and jobs stay). */
  clearData(): void {
    this.out.clear();
    this.sourceIds.clear();
    this.inc.clear();
    this.relationshipTotal = 0;
    this.twins.clear();
    this.twinIds.clear();
    this.twinsByModel.clear();
    this.modelRows.clear();
  }
}

function incomingKey(sourceId: string, relationshipId: string): string {
  return `${sourceId}\u0000${relationshipId}`;
}
