import type { DigitalTwin, Relationship } from '../../shared/adt';

/**
 * What the graph holds, as immutable data with pure transitions, so the graph view, the inspector, the twins list and
 * the status bar all read one truth and every transition is unit-testable.
 */
export interface GraphModel {
  readonly twins: ReadonlyMap<string, DigitalTwin>;
  /** Keyed by relationshipKey(): relationship ids are unique per source twin only. */
  readonly relationships: ReadonlyMap<string, Relationship>;
  readonly hidden: ReadonlySet<string>;
  readonly selection: ReadonlySet<string>;
  /** Bumped on every change to twins or relationships, so views can sync cheaply. */
  readonly revision: number;
}

/** What is drawn of a graph: its twins and relationships, without the view state (hidden, selection). */
export type GraphContent = Pick<GraphModel, 'twins' | 'relationships'>;

export const EMPTY_GRAPH: GraphModel = {
  twins: new Map(),
  relationships: new Map(),
  hidden: new Set(),
  selection: new Set(),
  revision: 0,
};

export function relationshipKey(r: Pick<Relationship, '$sourceId' | '$relationshipId'>): string {
  return `${r.$sourceId}/relationships/${r.$relationshipId}`;
}

export type MergeMode = 'overlay' | 'replace';

export interface GraphDelta {
  twins?: Iterable<DigitalTwin>;
  relationships?: Iterable<Relationship>;
}

export function mergeIntoGraph(model: GraphModel, delta: GraphDelta, mode: MergeMode = 'overlay'): GraphModel {
  const base = mode === 'replace' ? EMPTY_GRAPH : model;
  const twins = new Map(base.twins);
  const relationships = new Map(base.relationships);
  for (const t of delta.twins ?? []) twins.set(t.$dtId, t);
  for (const r of delta.relationships ?? []) relationships.set(relationshipKey(r), r);
  const keep = (id: string) => twins.has(id) || relationships.has(id);
  return {
    twins,
    relationships,
    hidden: mode === 'replace' ? new Set() : model.hidden,
    selection: new Set([...model.selection].filter(keep)),
    revision: model.revision + 1,
  };
}

/** Relationships whose two ends are both in the graph: the ones that can be drawn and counted. */
export function drawableRelationships(model: GraphContent): Relationship[] {
  const out: Relationship[] = [];
  for (const r of model.relationships.values()) {
    if (model.twins.has(r.$sourceId) && model.twins.has(r.$targetId)) out.push(r);
  }
  return out;
}

export function countDrawable(model: GraphContent): { twins: number; relationships: number } {
  let relationships = 0;
  for (const r of model.relationships.values()) {
    if (model.twins.has(r.$sourceId) && model.twins.has(r.$targetId)) relationships++;
  }
  return { twins: model.twins.size, relationships };
}

export function removeFromGraph(model: GraphModel, ids: Iterable<string>): GraphModel {
  const drop = new Set(ids);
  const twins = new Map([...model.twins].filter(([id]) => !drop.has(id)));
  const relationships = new Map(
    [...model.relationships].filter(([key, r]) => !drop.has(key) && !drop.has(r.$sourceId) && !drop.has(r.$targetId)),
  );
  return {
    twins,
    relationships,
    hidden: new Set([...model.hidden].filter((id) => twins.has(id))),
    selection: new Set([...model.selection].filter((id) => twins.has(id) || relationships.has(id))),
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
  for (const id of model.twins.keys()) if (!kept.has(id)) hidden.add(id);
  return { ...model, hidden, selection: new Set([...model.selection].filter((id) => !hidden.has(id))) };
}

export function showAll(model: GraphModel): GraphModel {
  return model.hidden.size === 0 ? model : { ...model, hidden: new Set() };
}

export function selectElements(model: GraphModel, ids: Iterable<string>, additive = false): GraphModel {
  const selection = new Set(additive ? model.selection : []);
  for (const id of ids) if (model.twins.has(id) || model.relationships.has(id)) selection.add(id);
  return { ...model, selection };
}
