import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export const MAX_HISTORY = 50;
/** What an environment runs on first load when the user has not chosen a start query of their own. */
export const DEFAULT_START_QUERY = 'SELECT * FROM DIGITALTWINS';
/** A draft longer than ADT's query limit is not a query anyone can run; keeping it would only fill storage. */
const MAX_DRAFT_CHARS = 8000;

export interface SavedQuery {
  name: string;
  query: string;
}

interface QueryHistoryState {
  /** Most recent first, per environment: a production query should not be one click away on a test instance. */
  history: Record<string, string[]>;
  saved: SavedQuery[];
  /** What the query editor held last, per environment, so a reload keeps what the user was typing. */
  drafts: Record<string, string>;
  /** The query drawn on first load, per environment (only run by itself where queries cost nothing). */
  startQueries: Record<string, string>;
  record: (environmentId: string, query: string) => void;
  save: (name: string, query: string) => void;
  removeSaved: (name: string) => void;
  setDraft: (environmentId: string, text: string) => void;
  setStartQuery: (environmentId: string, query: string) => void;
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

export function startQueryFor(startQueries: Readonly<Record<string, string>>, environmentId: string): string {
  return startQueries[environmentId]?.trim() || DEFAULT_START_QUERY;
}

/**
 * The text the editor opens with: a deep link's query wins, then the environment's draft, then its start query.
 */
export function initialEditorText(link: string | undefined, draft: string | undefined, start: string): string {
  if (link !== undefined && link.trim()) return link;
  if (draft !== undefined && draft.trim()) return draft;
  return start;
}

export const useQueryHistory = create<QueryHistoryState>()(
  persist(
    (set) => ({
      history: {},
      saved: [],
      drafts: {},
      startQueries: {},
      record: (environmentId, query) =>
        set((s) => ({ history: { ...s.history, [environmentId]: addToHistory(s.history[environmentId] ?? [], query) } })),
      save: (name, query) => set((s) => ({ saved: upsertSaved(s.saved, name, query) })),
      removeSaved: (name) => set((s) => ({ saved: s.saved.filter((q) => q.name !== name) })),
      setDraft: (environmentId, text) =>
        set((s) => (text.length > MAX_DRAFT_CHARS || s.drafts[environmentId] === text ? s : { drafts: { ...s.drafts, [environmentId]: text } })),
      setStartQuery: (environmentId, query) =>
        set((s) => ({ startQueries: { ...s.startQueries, [environmentId]: query.trim() } })),
    }),
    {
      name: 'twinscope.queries',
      version: 2,
      // Version 1 had history and saved queries only; both carry over as they were.
      migrate: (persisted) => ({ drafts: {}, startQueries: {}, ...(persisted as object) }) as QueryHistoryState,
    },
  ),
);
