import { create } from 'zustand';

/** What the graph currently holds. The status bar, tests and benchmarks read these counts. */
interface GraphState {
  twinCount: number;
  relationshipCount: number;
  setCounts: (twins: number, relationships: number) => void;
}

export const useGraphStore = create<GraphState>()((set) => ({
  twinCount: 0,
  relationshipCount: 0,
  setCounts: (twinCount, relationshipCount) => set({ twinCount, relationshipCount }),
}));

export function formatGraphCounts(twins: number, relationships: number): string {
  const t = `${twins.toLocaleString('en-US')} ${twins === 1 ? 'twin' : 'twins'}`;
  const r = `${relationships.toLocaleString('en-US')} ${relationships === 1 ? 'relationship' : 'relationships'}`;
  return `${t} · ${r}`;
}
