import type {
  ComponentInfo, InterfaceInfo, PropertyInfo, RelationshipInfo, ResolvedInterface, TelemetryInfo,
} from './types';
import { compareDtmiVersions, parseDtmi } from './dtmi';
import type { ParsedDtmi } from './dtmi';

const MAX_CACHED_QUERIES = 1000;
const MAX_PARSED_IDS = 50_000;

/**
 * The set of known interfaces with the derived views everyone needs: inherited contents, dependency and
 * reference graphs, and the IS_OF_MODEL relation. Derived views are cached and dropped on every add/remove,
 * since models change rarely compared with how often twins are validated and queried.
 */
export class ModelIndex {
  private readonly models = new Map<string, InterfaceInfo>();
  /** id -> ids of the models that extend it or use it as a component schema. */
  private readonly referrers = new Map<string, Set<string>>();
  private readonly resolvedCache = new Map<string, ResolvedInterface>();
  private readonly ancestorsCache = new Map<string, string[]>();
  private readonly assignableCache = new Map<string, Set<string>>();
  private readonly parsedIds = new Map<string, ParsedDtmi | undefined>();

  constructor(interfaces?: Iterable<InterfaceInfo>) {
    if (interfaces) for (const info of interfaces) this.add(info);
  }

  /** Adds or replaces an interface. */
  add(info: InterfaceInfo): void {
    if (this.models.has(info.id)) this.remove(info.id);
    this.models.set(info.id, info);
    for (const dep of directDependencies(info)) {
      let set = this.referrers.get(dep);
      if (!set) this.referrers.set(dep, (set = new Set()));
      set.add(info.id);
    }
    this.invalidate();
  }

  remove(id: string): void {
    const info = this.models.get(id);
    if (!info) return;
    this.models.delete(id);
    for (const dep of directDependencies(info)) {
      const set = this.referrers.get(dep);
      set?.delete(id);
      if (set && set.size === 0) this.referrers.delete(dep);
    }
    this.invalidate();
  }

  has(id: string): boolean {
    return this.models.has(id);
  }

  get(id: string): InterfaceInfo | undefined {
    return this.models.get(id);
  }

  ids(): string[] {
    return [...this.models.keys()];
  }

  get size(): number {
    return this.models.size;
  }

  /** Transitive parents, nearest first (breadth-first over `extends`), excluding `id`. Unknown parents are listed but not expanded. */
  ancestorsOf(id: string): string[] {
    const cached = this.ancestorsCache.get(id);
    if (cached) return cached;
    const out: string[] = [];
    const seen = new Set([id]);
    let frontier = this.models.get(id)?.extends ?? [];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const p of frontier) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push(p);
        next.push(...(this.models.get(p)?.extends ?? []));
      }
      frontier = next;
    }
    this.ancestorsCache.set(id, out);
    return out;
  }

  /** Own + inherited contents. Own contents win over inherited ones, nearer ancestors over farther ones. */
  resolve(id: string): ResolvedInterface | undefined {
    const cached = this.resolvedCache.get(id);
    if (cached) return cached;
    const info = this.models.get(id);
    if (!info) return undefined;
    const ancestors = this.ancestorsOf(id);
    const r: ResolvedInterface = {
      id, ancestors,
      properties: new Map<string, PropertyInfo>(), telemetries: new Map<string, TelemetryInfo>(),
      relationships: new Map<string, RelationshipInfo>(), components: new Map<string, ComponentInfo>(),
    };
    const taken = new Set<string>();
    for (const sourceId of [id, ...ancestors]) {
      for (const c of this.models.get(sourceId)?.contents ?? []) {
        if (taken.has(c.name)) continue;
        taken.add(c.name);
        if (c.kind === 'Property') r.properties.set(c.name, c as PropertyInfo);
        else if (c.kind === 'Telemetry') r.telemetries.set(c.name, c as TelemetryInfo);
        else if (c.kind === 'Relationship') r.relationships.set(c.name, c as RelationshipInfo);
        else if (c.kind === 'Component') r.components.set(c.name, c as ComponentInfo);
      }
    }
    this.resolvedCache.set(id, r);
    return r;
  }

  /**
   * Everything `id` needs to exist: transitive extends plus component schemas (and their own dependencies),
   * excluding `id` itself, breadth-first. Only known models are listed (this feeds `GET /models?dependenciesFor`).
   */
  dependenciesOf(id: string): string[] {
    const out: string[] = [];
    const seen = new Set([id]);
    const queue = [id];
    for (let i = 0; i < queue.length; i++) {
      const info = this.models.get(queue[i] as string);
      if (!info) continue;
      for (const dep of directDependencies(info)) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        if (!this.models.has(dep)) continue;
        out.push(dep);
        queue.push(dep);
      }
    }
    return out;
  }

  /** Models that directly extend `id` or use it as a component schema (what blocks deleting `id`). */
  referencedBy(id: string): string[] {
    return [...(this.referrers.get(id) ?? [])].sort();
  }

  /**
   * ADT IS_OF_MODEL (https://learn.microsoft.com/azure/digital-twins/reference-query-functions#is_of_model): true when the twin's model, or any model it transitively extends, has the
   * same versionless path as `queriedModelId` and a version >= the queried version. `exact` means plain equality.
   *
   * DTDL v3 version forms, which ADT leaves undocumented, are handled like this:
   * - two-part versions order numerically by (major, minor), a one-part version counting as minor 0, so a query
   *   for `;1` matches `;1.2` and `;2`, and a query for `;1.2` matches `;1.3` and `;2` but not `;1`;
   * - a versionless id has no place in that order: a versionless query matches only the versionless id itself
   *   (directly or through inheritance), and a versioned query never matches a versionless model.
   * A twin whose model is unknown (deleted) can only match by its own id.
   */
  isOfModel(twinModelId: string, queriedModelId: string, exact = false): boolean {
    if (twinModelId === queriedModelId) return true;
    if (exact) return false;
    if (this.models.has(twinModelId)) return this.assignableSet(queriedModelId).has(twinModelId);
    return this.versionSatisfies(twinModelId, queriedModelId);
  }

  /** All known model ids for which `isOfModel(id, queriedModelId, exact)` holds. */
  modelsAssignableTo(queriedModelId: string, exact = false): string[] {
    if (exact) return this.models.has(queriedModelId) ? [queriedModelId] : [];
    return [...this.assignableSet(queriedModelId)];
  }

  private assignableSet(queriedModelId: string): Set<string> {
    const cached = this.assignableCache.get(queriedModelId);
    if (cached) return cached;
    // Queried ids come from user queries, so the cache is bounded rather than left to grow with every typo.
    if (this.assignableCache.size >= MAX_CACHED_QUERIES) this.assignableCache.clear();
    // Seed with the models whose own id satisfies the query, then walk down the referrer graph restricted to `extends`.
    const result = new Set<string>();
    const queue: string[] = [];
    for (const id of this.models.keys()) {
      if (this.versionSatisfies(id, queriedModelId)) { result.add(id); queue.push(id); }
    }
    for (let i = 0; i < queue.length; i++) {
      const parent = queue[i] as string;
      for (const child of this.referrers.get(parent) ?? []) {
        if (result.has(child)) continue;
        if (!this.models.get(child)?.extends.includes(parent)) continue;
        result.add(child);
        queue.push(child);
      }
    }
    this.assignableCache.set(queriedModelId, result);
    return result;
  }

  private versionSatisfies(candidateId: string, queriedId: string): boolean {
    if (candidateId === queriedId) return true;
    const c = this.parsed(candidateId);
    const q = this.parsed(queriedId);
    if (!c || !q || c.path !== q.path) return false;
    const cmp = compareDtmiVersions(c, q);
    return cmp !== undefined && cmp >= 0;
  }

  private parsed(id: string): ParsedDtmi | undefined {
    if (!this.parsedIds.has(id)) {
      if (this.parsedIds.size >= MAX_PARSED_IDS) this.parsedIds.clear();
      this.parsedIds.set(id, parseDtmi(id));
    }
    return this.parsedIds.get(id);
  }

  private invalidate(): void {
    this.resolvedCache.clear();
    this.ancestorsCache.clear();
    this.assignableCache.clear();
  }
}

function directDependencies(info: InterfaceInfo): string[] {
  const deps = [...info.extends];
  for (const c of info.contents) if (c.kind === 'Component') deps.push((c as ComponentInfo).schema);
  return deps;
}
