import type { DigitalTwin } from '../../../shared/adt';

/**
 * Search over the twins loaded in the graph, by id or by property value. Runs on every keystroke over up to 50k
 * twins, so it walks each twin once without building intermediate strings for values it does not need.
 */

export type SearchScope = { kind: 'id' } | { kind: 'any' } | { kind: 'property'; path: string };

const MAX_DEPTH = 4;

/** Calls `visit(path, value)` for each primitive value of the twin (components and objects as `a.b`), skipping `$` keys. */
export function forEachValue(doc: Record<string, unknown>, visit: (path: string, value: string | number | boolean) => boolean | void,
  prefix = '', depth = 0): boolean {
  for (const key in doc) {
    if (key.startsWith('$')) continue;
    const value = doc[key];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      if (visit(path, value) === true) return true;
    } else if (typeof value === 'object' && value !== null && depth < MAX_DEPTH) {
      if (Array.isArray(value)) {
        for (const v of value) {
          if ((typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && visit(path, v) === true) return true;
        }
      } else if (forEachValue(value as Record<string, unknown>, visit, path, depth + 1)) return true;
    }
  }
  return false;
}

export function matchesTwin(twin: DigitalTwin, needle: string, scope: SearchScope): boolean {
  if (needle === '') return true;
  if (scope.kind === 'id') return twin.$dtId.toLowerCase().includes(needle);
  return forEachValue(twin, (path, value) =>
    (scope.kind === 'any' || path === scope.path) && String(value).toLowerCase().includes(needle));
}

/** The twins matching `query` (case-insensitive substring), in the order given. */
export function searchTwins(twins: Iterable<DigitalTwin>, query: string, scope: SearchScope): DigitalTwin[] {
  const needle = query.trim().toLowerCase();
  const out: DigitalTwin[] = [];
  for (const t of twins) if (matchesTwin(t, needle, scope)) out.push(t);
  return out;
}

/** The property paths present among the twins, sorted, for the "search in" picker. */
export function propertyPaths(twins: Iterable<DigitalTwin>, limit = 500): string[] {
  const paths = new Set<string>();
  for (const t of twins) {
    forEachValue(t, (path) => {
      paths.add(path);
    });
    if (paths.size >= limit) break;
  }
  return [...paths].sort();
}
