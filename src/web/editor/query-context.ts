import type { QueryModelIndex } from '../../shared/query';
import { checkQuery, toMonacoRange } from '../../shared/query';
import type { EditorMarker } from './markers';

/**
 * The models the query editor completes against. Kept outside Monaco so that panels can set it without loading the
 * editor chunk; the completion provider reads it on every request.
 */
let current: QueryModelIndex | undefined;

export function setQueryModelIndex(index: QueryModelIndex | undefined): void {
  current = index;
}

export function getQueryModelIndex(): QueryModelIndex | undefined {
  return current;
}

/** Editor markers for a query: syntax errors, unknown aliases, limits, and (with models) unknown names. */
export function queryMarkers(text: string, index?: QueryModelIndex): EditorMarker[] {
  if (!text.trim()) return [];
  return checkQuery(text, index).diagnostics.map((d) => ({
    severity: d.severity,
    message: d.message,
    ...toMonacoRange(d.span),
  }));
}
