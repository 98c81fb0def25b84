import { create } from 'zustand';
import {
  EMPTY_GRAPH,
  countDrawable,
  hideElements,
  hideOthers,
  mergeIntoGraph,
  removeFromGraph,
  selectElements,
  showAll,
  type GraphDelta,
  type GraphModel,
  type MergeMode,
} from './graph-model';

/** What the graph currently holds. The status bar, tests and benchmarks read `twinCount` and `relationshipCount`. */
interface GraphState {
  model: GraphModel;
  twinCount: number;
  relationshipCount: number;
  /** The query's full twin count when the node budget cut the result, so the status bar can say "showing N of M". */
  totalTwins: number | null;
  setTotalTwins: (total: number | null) => void;
  /** True while a query streams pages in: the view draws once at the end instead of re-laying out every page. */
  loading: boolean;
  setLoading: (loading: boolean) => void;
  merge: (delta: GraphDelta, mode?: MergeMode) => void;
  remove: (ids: Iterable<string>) => void;
  hide: (ids: Iterable<string>) => void;
  hideOthers: (keep: Iterable<string>) => void;
  showAll: () => void;
  select: (ids: Iterable<string>, additive?: boolean) => void;
  clear: () => void;
}

function withCounts(model: GraphModel) {
  const counts = countDrawable(model);
  return { model, twinCount: counts.twins, relationshipCount: counts.relationships };
}

export const useGraphStore = create<GraphState>()((set) => ({
  ...withCounts(EMPTY_GRAPH),
  totalTwins: null,
  loading: false,
  setLoading: (loading) => set({ loading }),
  setTotalTwins: (totalTwins) => set({ totalTwins }),
  merge: (delta, mode) => set((s) => ({ ...withCounts(mergeIntoGraph(s.model, delta, mode)), ...(mode === 'replace' ? { totalTwins: null } : {}) })),
  remove: (ids) => set((s) => withCounts(removeFromGraph(s.model, ids))),
  hide: (ids) => set((s) => ({ model: hideElements(s.model, ids) })),
  hideOthers: (keep) => set((s) => ({ model: hideOthers(s.model, keep) })),
  showAll: () => set((s) => ({ model: showAll(s.model) })),
  select: (ids, additive) => set((s) => ({ model: selectElements(s.model, ids, additive) })),
  clear: () => set((s) => ({ ...withCounts({ ...EMPTY_GRAPH, revision: s.model.revision + 1 }), totalTwins: null })),
}));

export function formatGraphCounts(twins: number, relationships: number): string {
  const t = `${twins.toLocaleString('en-US')} ${twins === 1 ? 'twin' : 'twins'}`;
  const r = `${relationships.toLocaleString('en-US')} ${relationships === 1 ? 'relationship' : 'relationships'}`;
  return `${t} · ${r}`;
}
