import type { GraphContent } from '../../stores/graph-model';
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

export function summarise(model: GraphContent): Overview {
  // Models and relationship names are numbered, so that the per-relationship work (100k times at 50k twins) is map
  // lookups and arithmetic, not building and hashing a string key. 16 bits each: ADT allows 10,000 models.
  const modelNumber = new Map<string, number>();
  const models: string[] = [];
  const twinCounts: number[] = [];
  const numberOf = (modelId: string): number => {
    let n = modelNumber.get(modelId);
    if (n === undefined) {
      n = models.length;
      modelNumber.set(modelId, n);
      models.push(modelId);
      twinCounts.push(0);
    }
    return n;
  };
  for (const twin of model.twins.values()) twinCounts[numberOf(twin.$metadata.$model)]!++;
  const nameNumber = new Map<string, number>();
  const names: string[] = [];
  const perLink = new Map<number, number>();
  let relationships = 0;
  for (const r of model.relationships.values()) {
    const source = model.twins.get(r.$sourceId);
    const target = model.twins.get(r.$targetId);
    if (!source || !target) continue;
    relationships++;
    let name = nameNumber.get(r.$relationshipName);
    if (name === undefined) {
      name = names.length;
      nameNumber.set(r.$relationshipName, name);
      names.push(r.$relationshipName);
    }
    const key = (numberOf(source.$metadata.$model) * 65_536 + name) * 65_536 + numberOf(target.$metadata.$model);
    perLink.set(key, (perLink.get(key) ?? 0) + 1);
  }
  const edges: OverviewEdge[] = [];
  for (const [key, count] of perLink) {
    const s = models[Math.floor(key / 2 ** 32)]!;
    const relName = names[Math.floor(key / 65_536) % 65_536]!;
    const t = models[key % 65_536]!;
    edges.push({ id: `${OVERVIEW_PREFIX}${JSON.stringify([s, relName, t])}`, source: overviewNodeId(s), target: overviewNodeId(t), name: relName, count });
  }
  return {
    nodes: models.map((m, i) => ({ id: overviewNodeId(m), model: m, count: twinCounts[i]! })),
    edges,
    twins: model.twins.size,
    relationships,
  };
}

/** The part of the graph made of the twins of some models, and the relationships among them. */
export function focusOn(model: GraphContent, modelIds: ReadonlySet<string>): GraphContent {
  const twins = new Map([...model.twins].filter(([, t]) => modelIds.has(t.$metadata.$model)));
  const relationships = new Map(
    drawableRelationships({ twins, relationships: model.relationships }).map((r) => [relationshipKey(r), r] as const),
  );
  return { twins, relationships };
}

/** Node size grows with the square root of the count, so areas compare like counts, within readable bounds. */
export function overviewNodeSize(count: number, largest: number): number {
  return Math.round(24 + 56 * Math.sqrt(count / Math.max(1, largest)));
}

export function overviewEdgeWidth(count: number, largest: number): number {
  return Math.round((1 + 7 * Math.log1p(count) / Math.log1p(Math.max(1, largest))) * 10) / 10;
}
