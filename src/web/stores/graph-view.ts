import { create } from 'zustand';
import { persist } from 'zustand/middleware';

/**
 * The graph's presentation choices that travel: styling by data (saved per environment, since models differ between
 * instances) and the view a shared link asks for. The style itself is kept as plain data here; its meaning lives in
 * the graph feature.
 */
export interface GraphViewLink {
  /** Styling by data, as the JSON the graph feature reads. */
  style?: string;
  filter?: string;
  filterMode?: 'highlight' | 'filter';
  select?: string[];
  layout?: string;
  present?: boolean;
}

interface GraphViewState {
  /** Per environment id: model id → { colorBy, sizeBy, labelBy, min, max }. */
  styles: Record<string, Record<string, Record<string, string | number | undefined>>>;
  setStyle: (environmentId: string, style: Record<string, Record<string, string | number | undefined>>) => void;
  /** The view a deep link asked for, applied once by the graph after the linked query has drawn. */
  pending: GraphViewLink | null;
  setPending: (link: GraphViewLink | null) => void;
  presenting: boolean;
  setPresenting: (on: boolean) => void;
  /** The title of exported pictures and of presentation mode. */
  title: string;
  setTitle: (title: string) => void;
}

export const useGraphView = create<GraphViewState>()(
  persist(
    (set) => ({
      styles: {},
      setStyle: (environmentId, style) =>
        set((s) => {
          const next = { ...s.styles };
          if (Object.keys(style).length === 0) delete next[environmentId];
          else next[environmentId] = style;
          return { styles: next };
        }),
      pending: null,
      setPending: (pending) => set({ pending }),
      presenting: false,
      setPresenting: (presenting) => set({ presenting }),
      title: '',
      setTitle: (title) => set({ title }),
    }),
    { name: 'twinscope.graph-view', version: 1, partialize: (s) => ({ styles: s.styles }) },
  ),
);
