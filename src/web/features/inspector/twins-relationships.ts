import type { IncomingRelationship, Relationship } from '../../../shared/adt';
import type { ModelIndex, RelationshipInfo } from '../../../shared/dtdl';

/**
 * Relationship rules the create and delete flows need, as pure functions over the model index and plain data.
 */

/**
 * The relationships a twin of `sourceModelId` may have (own and inherited), keeping only those whose `target`
 * accepts a twin of `targetModelId` (the same model, or one extending it; a relationship without a target accepts
 * any twin). With no target model yet, all are offered. Sorted by name.
 */
export function relationshipNamesFor(index: ModelIndex, sourceModelId: string, targetModelId?: string): RelationshipInfo[] {
  const resolved = index.resolve(sourceModelId);
  if (!resolved) return [];
  const targetAncestors = targetModelId === undefined ? [] : [targetModelId, ...(index.resolve(targetModelId)?.ancestors ?? [])];
  return [...resolved.relationships.values()]
    .filter((r) => targetModelId === undefined || r.target === undefined || targetAncestors.includes(r.target))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A readable id in the style of the sample graph (`room-101-servedBy-hvac-1`), made unique among `taken`. */
export function suggestRelationshipId(sourceId: string, name: string, targetId: string, taken: ReadonlySet<string> = new Set()): string {
  const base = `${sourceId}-${name}-${targetId}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** One relationship to delete, by its source and id (unique per source twin only). */
export interface RelationshipRef {
  sourceId: string;
  relationshipId: string;
  name: string;
  targetId?: string;
}

export interface DeletionPlan {
  twinIds: string[];
  /** Every relationship into or out of the twins, once each: these go first, as ADT refuses to delete a twin that has any. */
  relationships: RelationshipRef[];
}

/** Gathers the relationships to delete before the twins, each once even when both ends are being deleted. */
export function planTwinDeletion(
  twinIds: readonly string[],
  outgoing: ReadonlyMap<string, readonly Relationship[]>,
  incoming: ReadonlyMap<string, readonly IncomingRelationship[]>,
): DeletionPlan {
  const seen = new Set<string>();
  const relationships: RelationshipRef[] = [];
  const add = (ref: RelationshipRef) => {
    const key = `${ref.sourceId}/relationships/${ref.relationshipId}`;
    if (seen.has(key)) return;
    seen.add(key);
    relationships.push(ref);
  };
  for (const id of twinIds) {
    for (const r of outgoing.get(id) ?? []) add({ sourceId: r.$sourceId, relationshipId: r.$relationshipId, name: r.$relationshipName, targetId: r.$targetId });
    for (const r of incoming.get(id) ?? []) add({ sourceId: r.$sourceId, relationshipId: r.$relationshipId, name: r.$relationshipName, targetId: id });
  }
  return { twinIds: [...twinIds], relationships };
}

export function describeDeletion(plan: DeletionPlan): string {
  const t = plan.twinIds.length;
  const r = plan.relationships.length;
  const twins = t === 1 ? `twin ${plan.twinIds[0] ?? ''}` : `${t} twins`;
  if (r === 0) return `Delete ${twins}? No relationships are attached.`;
  return `Delete ${twins} and the ${r} ${r === 1 ? 'relationship' : 'relationships'} attached to ${t === 1 ? 'it' : 'them'}?`;
}
