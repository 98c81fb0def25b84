import type { DigitalTwin, Relationship } from '../../shared/adt';

/**
 * What the graph holds, as immutable data with pure transitions: the ids of the twins it draws, its edges, what is
 * hidden and what is selected. The twins' and relationships' documents are not here: they live once, in the TanStack
 * cache (api/graph-data.ts), so that every panel reads the same version.
 */
export interface GraphModel {
  readonly twinIds: ReadonlySet<string>;
  /** Keyed by relationshipKey(): relationship ids are unique per source twin only. */
  readonly edges: ReadonlyMap<string, GraphEdge>;
  readonly hidden: ReadonlySet<string>;
  readonly selection: ReadonlySet<string>;
  /** Bumped on every change to twins or edges, so views can sync cheaply. */
  readonly revision: number;
}

/** A drawn relationship's ends and name: what a relationship can never change (ADT patches only its properties). */
export type GraphEdge = Pick<Relationship, '$relationshipId' | '$sourceId' | '$targetId' | '$relationshipName'>;

/** What is drawn of a graph, with the documents: its twins and relationships, without the view state. */
export interface GraphContent {
  readonly twins: ReadonlyMap<string, DigitalTwin>;
  readonly relationships: ReadonlyMap<string, Relationship>;
}

export const EMPTY_GRAPH: GraphModel = {
  twinIds: new Set(),
  edges: new Map(),
  hidden: new Set(),
  selection: new Set(),
  revision: 0,
};

export function relationshipKey(r: Pick<Relationship, '$sourceId' | '$relationshipId'>): string {
  return `${r.$sourceId}/relationships/${r.$relationshipId}`;
}

export type MergeMode = 'overlay' | 'replace';

export interface GraphDelta {
  twinIds?: Iterable<string>;
  edges?: Iterable<GraphEdge>;
}

export function mergeIntoGraph(model: GraphModel, delta: GraphDelta, mode: MergeMode = 'overlay'): GraphModel {
  const base = mode === 'replace' ? EMPTY_GRAPH : model;
  const twinIds = new Set(base.twinIds);
  const edges = new Map(base.edges);
  for (const id of delta.twinIds ?? []) twinIds.add(id);
  for (const e of delta.edges ?? []) edges.set(relationshipKey(e), e);
  const keep = (id: string) => twinIds.has(id) || edges.has(id);
  return {
    twinIds,
    edges,
    hidden: mode === 'replace' ? new Set() : model.hidden,
    selection: new Set([...model.selection].filter(keep)),
    revision: model.revision + 1,
  };
}

/** Relationships whose two ends are both in the graph: the ones that can be drawn and counted. */
export function drawableRelationships<R extends Pick<Relationship, '$sourceId' | '$targetId'>>(model: { twins: { has(id: string): boolean }; relationships: ReadonlyMap<string, R> }): R[] {
  const out: R[] = [];
  for (const r of model.relationships.values()) {
    if (model.twins.has(r.$sourceId) && model.twins.has(r.$targetId)) out.push(r);
  }
  return out;
}

export function countDrawable(model: Pick<GraphModel, 'twinIds' | 'edges'>): { twins: number; relationships: number } {
  let relationships = 0;
  for (const r of model.edges.values()) {
    if (model.twinIds.has(r.$sourceId) && model.twinIds.has(r.$targetId)) relationships++;
  }
  return { twins: model.twinIds.size, relationships };
}

export function removeFromGraph(model: GraphModel, ids: Iterable<string>): GraphModel {
  const drop = new Set(ids);
  const twinIds = new Set([...model.twinIds].filter((id) => !drop.has(id)));
  const edges = new Map([...model.edges].filter(([key, r]) => !drop.has(key) && !drop.has(r.$sourceId) && !drop.has(r.$targetId)));
  return {
    twinIds,
    edges,
    hidden: new Set([...model.hidden].filter((id) => twinIds.has(id))),
    selection: new Set([...model.selection].filter((id) => twinIds.has(id) || edges.has(id))),
    revision: model.revision + 1,
  };
}

export function hideElements(model: GraphModel, ids: Iterable<string>): GraphModel {
  const hidden = new Set(model.hidden);
  for (const id of ids) hidden.add(id);
  return { ...model, hidden, selection: new Set([...model.selection].filter((id) => !hidden.has(id))) };
}

/** Hide every twin except the given ones (relationships between kept twins stay visible). */
export function hideOthers(model: GraphModel, keep: Iterable<string>): GraphModel {
  const kept = new Set(keep);
  const hidden = new Set<string>();
  for (const id of model.twinIds) if (!kept.has(id)) hidden.add(id);
  return { ...model, hidden, selection: new Set([...model.selection].filter((id) => !hidden.has(id))) };
}

export function showAll(model: GraphModel): GraphModel {
  return model.hidden.size === 0 ? model : { ...model, hidden: new Set() };
}

export function selectElements(model: GraphModel, ids: Iterable<string>, additive = false): GraphModel {
  const selection = new Set(additive ? model.selection : []);
  for (const id of ids) if (model.twinIds.has(id) || model.edges.has(id)) selection.add(id);
  return { ...model, selection };
}

/** Documents as drawn content, for what has them at hand (an import preview, a test) rather than in the cache. */
export function contentOf(docs: { twins?: Iterable<DigitalTwin>; relationships?: Iterable<Relationship> }): GraphContent {
  return {
    twins: new Map([...(docs.twins ?? [])].map((t) => [t.$dtId, t] as const)),
    relationships: new Map([...(docs.relationships ?? [])].map((r) => [relationshipKey(r), r] as const)),
  };
}
