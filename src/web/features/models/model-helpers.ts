/**
 * Pure helpers for the models workspace: the inheritance tree, search, DTMI version bumps, download payloads and
 * where a model is used. No React, no network: the workspace drives them.
 */
import { orderByDependencies, parseDtmi } from '../../../shared/dtdl';
import type { InterfaceInfo } from '../../../shared/dtdl';
import type { ModelData } from '../../../shared/adt';
import { reachable } from './walk';

/** The model index of an instance, from `listModels({ includeModelDefinition: true })`. */
export interface InheritanceTree {
  /** Models without a known parent: they extend nothing, or only models that are not in the instance. */
  roots: string[];
  /** parent id -> ids of the models that extend it directly, sorted. A model with two parents is listed under both. */
  children: Map<string, string[]>;
  /** id -> its direct parents that exist in the set. */
  parents: Map<string, string[]>;
}

export function buildInheritanceTree(models: readonly { id: string; extends: readonly string[] }[], sortKey: (id: string) => string = (id) => id): InheritanceTree {
  const known = new Set(models.map((m) => m.id));
  const children = new Map<string, string[]>();
  const parents = new Map<string, string[]>();
  const roots: string[] = [];
  for (const m of models) {
    const ps = [...new Set(m.extends)].filter((p) => known.has(p) && p !== m.id);
    parents.set(m.id, ps);
    if (ps.length === 0) roots.push(m.id);
    for (const p of ps) {
      const list = children.get(p);
      if (list) list.push(m.id);
      else children.set(p, [m.id]);
    }
  }
  const cmp = (a: string, b: string) => sortKey(a).localeCompare(sortKey(b)) || a.localeCompare(b);
  roots.sort(cmp);
  for (const list of children.values()) list.sort(cmp);
  // Models caught in an extends cycle have parents but no path from a root; list them as roots so none vanish.
  const fromRoots = reachable(roots, (id) => children.get(id));
  for (const m of models) if (!fromRoots.has(m.id)) { roots.push(m.id); fromRoots.add(m.id); }
  return { roots, children, parents };
}

/** The ids to show for a search: the matches and all their ancestors (so each match keeps its place in the tree). */
export function visibleForSearch(tree: InheritanceTree, matches: Iterable<string>): Set<string> {
  return reachable(matches, (id) => tree.parents.get(id));
}

/** Case-insensitive search over id, display names and description. */
export function modelMatches(m: { id: string; displayName?: Record<string, string>; description?: Record<string, string> }, term: string): boolean {
  const t = term.trim().toLowerCase();
  if (t === '') return true;
  if (m.id.toLowerCase().includes(t)) return true;
  for (const v of Object.values(m.displayName ?? {})) if (v.toLowerCase().includes(t)) return true;
  for (const v of Object.values(m.description ?? {})) if (v.toLowerCase().includes(t)) return true;
  return false;
}

/**
 * The next version of a DTMI. DTDL v2 versions are one number; v3 allows `major.minor`. A versionless id becomes
 * `;1`. Returns undefined for text that is not a DTMI or whose version cannot grow within DTDL's bounds.
 */
export function bumpDtmiVersion(id: string, part: 'major' | 'minor' = 'major'): string | undefined {
  const p = parseDtmi(id);
  if (!p) return undefined;
  if (p.major === undefined) return `${p.path};1`;
  if (part === 'minor') {
    const minor = (p.minor ?? 0) + 1;
    return minor > 999_999 ? undefined : `${p.path};${p.major}.${minor}`;
  }
  const major = p.major + 1;
  return major > 999_999_999 ? undefined : `${p.path};${major}`;
}

/** The first bumped version not in `taken`, so "new version" never collides with a model already uploaded. */
export function nextFreeVersion(id: string, taken: ReadonlySet<string>, part: 'major' | 'minor' = 'major'): string | undefined {
  let next = bumpDtmiVersion(id, part);
  for (let i = 0; next !== undefined && taken.has(next) && i < 10_000; i++) next = bumpDtmiVersion(next, part);
  return next !== undefined && !taken.has(next) ? next : undefined;
}

/** A file name safe on every OS for a model id: `dtmi:com:example:Room;1` -> `com_example_Room_1.json`. */
export function modelFileName(id: string): string {
  const base = id.replace(/^dtmi:/, '').replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '');
  return `${base || 'model'}.json`;
}

/** One model as it was uploaded, or all of them as one array in dependency order (ready to upload elsewhere). */
export function downloadPayload(models: readonly ModelData[]): string {
  const docs = models.map((m) => m.model ?? { '@id': m.id });
  if (docs.length === 1) return `${JSON.stringify(docs[0], null, 2)}\n`;
  return `${JSON.stringify(orderByDependencies(docs).ordered, null, 2)}\n`;
}

export interface ModelUsage {
  extendedBy: string[];
  usedAsComponentBy: { modelId: string; name: string }[];
  relationshipTargetOf: { modelId: string; name: string }[];
}

/** Where a model is used by other models (own contents only, so each use is listed once, where it is declared). */
export function modelUsage(interfaces: Iterable<InterfaceInfo>, id: string): ModelUsage {
  const usage: ModelUsage = { extendedBy: [], usedAsComponentBy: [], relationshipTargetOf: [] };
  for (const info of interfaces) {
    if (info.extends.includes(id)) usage.extendedBy.push(info.id);
    for (const c of info.contents) {
      if (c.kind === 'Component' && (c as { schema?: unknown }).schema === id) usage.usedAsComponentBy.push({ modelId: info.id, name: c.name });
      if (c.kind === 'Relationship' && (c as { target?: unknown }).target === id) usage.relationshipTargetOf.push({ modelId: info.id, name: c.name });
    }
  }
  usage.extendedBy.sort();
  return usage;
}
