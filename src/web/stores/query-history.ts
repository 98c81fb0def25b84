import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export const MAX_HISTORY = 50;

export interface SavedQuery {
  name: string;
  query: string;
}

interface QueryHistoryState {
  /** Most recent first, per environment: a production query should not be one click away on a test instance. */
  history: Record<string, string[]>;
  saved: SavedQuery[];
  record: (environmentId: string, query: string) => void;
  save: (name: string, query: string) => void;
  removeSaved: (name: string) => void;
}

export function addToHistory(list: readonly string[], query: string): string[] {
  const q = query.trim();
  if (!q) return list.slice();
  return [q, ...list.filter((x) => x !== q)].slice(0, MAX_HISTORY);
}

export function upsertSaved(list: readonly SavedQuery[], name: string, query: string): SavedQuery[] {
  const n = name.trim();
  if (!n) return list.slice();
  return [...list.filter((s) => s.name !== n), { name: n, query }].sort((a, b) => a.name.localeCompare(b.name));
}

export const useQueryHistory = create<QueryHistoryState>()(
  persist(
    (set) => ({
      history: {},
      saved: [],
      record: (environmentId, query) =>
        set((s) => ({ history: { ...s.history, [environmentId]: addToHistory(s.history[environmentId] ?? [], query) } })),
      save: (name, query) => set((s) => ({ saved: upsertSaved(s.saved, name, query) })),
      removeSaved: (name) => set((s) => ({ saved: s.saved.filter((q) => q.name !== name) })),
    }),
    { name: 'twinscope.queries', version: 1 },
  ),
);
