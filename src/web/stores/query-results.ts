import { create } from 'zustand';

/**
 * Rows a query returned that are not drawn as a graph (projections, COUNT(), relationships without their twins).
 * The query bar writes them; the results area beside the graph shows them. Kept apart from the graph store, so
 * showing rows never touches what the graph holds.
 */
export interface QueryRows {
  query: string;
  rows: unknown[];
  /** 'relationships' when the rows are relationships a query returned without their twins. */
  kind: 'rows' | 'relationships';
  /** Bumped per result, so the same rows arriving twice still open the area again. */
  nonce: number;
}

interface QueryResultsState {
  result: QueryRows | null;
  show: (query: string, rows: unknown[], kind?: QueryRows['kind']) => void;
  clear: () => void;
}

let nonce = 0;

export const useQueryResults = create<QueryResultsState>()((set) => ({
  result: null,
  show: (query, rows, kind = 'rows') => set({ result: { query, rows, kind, nonce: ++nonce } }),
  clear: () => set({ result: null }),
}));

/** A single number (a `SELECT COUNT()` or one aggregate): shown large rather than as a one-cell table. */
export function singleValue(rows: readonly unknown[]): { name: string; value: number | string } | null {
  if (rows.length !== 1) return null;
  const row = rows[0];
  if (typeof row === 'number' || typeof row === 'string') return { name: 'value', value: row };
  if (!row || typeof row !== 'object') return null;
  const entries = Object.entries(row);
  if (entries.length !== 1) return null;
  const [name, value] = entries[0] as [string, unknown];
  return typeof value === 'number' || typeof value === 'string' ? { name, value } : null;
}

/**
 * How wide the results area opens, in pixels, for what came back: a number needs little room, a table about
 * 8 px per character of its widest cells, never more than 40 % of the space: the graph keeps the most.
 */
export function resultsWidth(rows: readonly unknown[], available: number): number {
  const lower = Math.min(240, available);
  if (singleValue(rows)) return lower;
  const widths = new Map<string, number>();
  for (const row of rows.slice(0, 50)) {
    const cells = row && typeof row === 'object' ? Object.entries(row) : [['value', row] as const];
    for (const [k, v] of cells) {
      const text = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
      widths.set(k, Math.max(widths.get(k) ?? k.length, Math.min(40, text.length)));
    }
  }
  const chars = [...widths.values()].reduce((a, b) => a + b + 2, 0);
  const wanted = chars * 8 + 40;
  return Math.round(Math.max(lower, Math.min(wanted, available * 0.4)));
}

/** "1 row", "2 rows", "1,000 rows". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
