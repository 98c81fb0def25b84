import type { DeleteJob, DigitalTwin, EventRoute, ImportJob, Relationship } from '../../shared/adt';
import type { InterfaceInfo, ModelIndex } from '../../shared/dtdl';
import type { QuerySource } from '../query-engine';

/** A model as the store keeps it: the uploaded document plus the service-side metadata. */
export interface StoredModel {
  id: string;
  uploadTime: string;
  decommissioned: boolean;
  model: Record<string, unknown>;
}

/** An event route as stored; `id` is always set (the path id). */
export interface StoredRoute {
  id: string;
  endpointName: string;
  filter: string;
}

/**
 * Persistence for the emulator. Every write method is atomic on its own (one transaction), and reads are served
 * from an in-memory mirror, so the handlers can read, check and write without awaiting anything in between.
 * Objects returned by reads belong to the store: callers must copy before changing them.
 *
 * The store is also the QuerySource of the query engine; `models` is the live model index (kept in step with the
 * stored models), which the handlers use for validation.
 */
export interface Store extends QuerySource {
  readonly models: ModelIndex;

  listModels(): StoredModel[];
  getModel(id: string): StoredModel | undefined;
  /** Adds a validated batch; `interfaces` are the parsed forms of `models` for the index. */
  addModels(models: StoredModel[], interfaces: InterfaceInfo[]): void;
  setDecommissioned(id: string, decommissioned: boolean): void;
  deleteModel(id: string): void;

  putTwin(twin: DigitalTwin): void;
  deleteTwin(id: string): void;

  getRelationship(sourceId: string, relationshipId: string): Relationship | undefined;
  putRelationship(relationship: Relationship): void;
  deleteRelationship(sourceId: string, relationshipId: string): void;
  outgoingCount(sourceId: string): number;
  incomingCount(targetId: string): number;

  listRoutes(): StoredRoute[];
  getRoute(id: string): StoredRoute | undefined;
  putRoute(route: StoredRoute): void;
  deleteRoute(id: string): void;

  listImportJobs(): ImportJob[];
  getImportJob(id: string): ImportJob | undefined;
  putImportJob(job: ImportJob): void;
  deleteImportJob(id: string): void;

  listDeleteJobs(): DeleteJob[];
  getDeleteJob(id: string): DeleteJob | undefined;
  putDeleteJob(job: DeleteJob): void;

  /** Deletes every model, twin and relationship in one transaction (routes and jobs stay). */
  deleteAllData(): { models: number; twins: number; relationships: number };

  /**
   * Runs several writes as one transaction (seeding, imports). If `fn` throws, nothing of it is kept,
   * in the database or in the mirror.
   */
  batch<T>(fn: () => T): T;

  close(): void;
}

/** Routes are needed as the `EventRoute` wire shape by the event dispatcher. */
export function toEventRoute(route: StoredRoute): EventRoute {
  return { id: route.id, endpointName: route.endpointName, filter: route.filter };
}
