import type { GraphModel } from '../../stores/graph-model';
import { drawableRelationships, relationshipKey } from '../../stores/graph-model';

/**
 * The overview of a graph too big to draw twin by twin: one node per model, one edge per (source model,
 * relationship name, target model), each with its count. Cytoscape keeps about 3.3 KB and some microseconds of
 * every frame per element, so 50k twins with 100k relationships drawn one by one cost ~500 MB and frames of
 * seconds; their overview is a few dozen elements.
 */

/** Overview element ids carry this prefix, so they can never be mistaken for twin or relationship ids. */
export const OVERVIEW_PREFIX = 'overview:';

export interface OverviewNode {
  id: string;
  model: string;
  count: number;
}

export interface OverviewEdge {
  id: string;
  source: string;
  target: string;
  name: string;
  count: number;
}

export interface Overview {
  nodes: OverviewNode[];
  edges: OverviewEdge[];
  twins: number;
  relationships: number;
}

export const isOverviewId = (id: string): boolean => id.startsWith(OVERVIEW_PREFIX);
export const overviewNodeId = (modelId: string): string => `${OVERVIEW_PREFIX}${modelId}`;

export function summarise(model: GraphModel): Overview {
  const perModel = new Map<string, number>();
  for (const twin of model.twins.values()) {
    const m = twin.$metadata.$model;
    perModel.set(m, (perModel.get(m) ?? 0) + 1);
  }
  const perLink = new Map<string, OverviewEdge>();
  let relationships = 0;
  for (const r of model.relationships.values()) {
    const source = model.twins.get(r.$sourceId);
    const target = model.twins.get(r.$targetId);
    if (!source || !target) continue;
    relationships++;
    const s = source.$metadata.$model;
    const t = target.$metadata.$model;
    // JSON keeps the three parts apart whatever characters they hold.
    const key = JSON.stringify([s, r.$relationshipName, t]);
    const edge = perLink.get(key);
    if (edge) edge.count++;
    else perLink.set(key, { id: `${OVERVIEW_PREFIX}${key}`, source: overviewNodeId(s), target: overviewNodeId(t), name: r.$relationshipName, count: 1 });
  }
  return {
    nodes: [...perModel].map(([m, count]) => ({ id: overviewNodeId(m), model: m, count })),
    edges: [...perLink.values()],
    twins: model.twins.size,
    relationships,
  };
}

/** The part of the graph made of the twins of some models, and the relationships among them. */
export function focusOn(model: GraphModel, modelIds: ReadonlySet<string>): GraphModel {
  const twins = new Map([...model.twins].filter(([, t]) => modelIds.has(t.$metadata.$model)));
  const relationships = new Map(
    drawableRelationships({ ...model, twins }).map((r) => [relationshipKey(r), r] as const),
  );
  return { ...model, twins, relationships };
}

/** Node size grows with the square root of the count, so areas compare like counts, within readable bounds. */
export function overviewNodeSize(count: number, largest: number): number {
  return Math.round(24 + 56 * Math.sqrt(count / Math.max(1, largest)));
}

export function overviewEdgeWidth(count: number, largest: number): number {
  return Math.round((1 + 7 * Math.log1p(count) / Math.log1p(Math.max(1, largest))) * 10) / 10;
}
