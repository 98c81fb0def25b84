import { create } from 'zustand';
import { persist } from 'zustand/middleware';

/** How the graph labels twins: by `$dtId` unless the user picked a property for that model. Remembered. */
interface GraphPrefsState {
  labelProperty: Record<string, string>;
  setLabelProperty: (modelId: string, property: string | null) => void;
  webgl: boolean;
  setWebgl: (on: boolean) => void;
  /** Above this many elements (twins + relationships) the graph is drawn as an overview by model; 0: never. */
  overviewAbove: number;
  setOverviewAbove: (elements: number) => void;
  /** Whether the legend of models is shown over the canvas. */
  legend: boolean;
  setLegend: (shown: boolean) => void;
}

export const DEFAULT_OVERVIEW_ABOVE = 60_000;

export const useGraphPrefs = create<GraphPrefsState>()(
  persist(
    (set) => ({
      labelProperty: {},
      setLabelProperty: (modelId, property) =>
        set((s) => {
          const next = { ...s.labelProperty };
          if (property) next[modelId] = property;
          else delete next[modelId];
          return { labelProperty: next };
        }),
      webgl: false,
      setWebgl: (webgl) => set({ webgl }),
      overviewAbove: DEFAULT_OVERVIEW_ABOVE,
      setOverviewAbove: (overviewAbove) => set({ overviewAbove }),
      legend: true,
      setLegend: (legend) => set({ legend }),
    }),
    { name: 'twinscope.graph', version: 1 },
  ),
);

/** The text a node shows: the chosen property when the twin has a primitive value for it, else its id. */
export function twinLabel(twin: { $dtId: string; $metadata: { $model: string }; [k: string]: unknown }, labelProperty: Record<string, string>): string {
  const prop = labelProperty[twin.$metadata.$model];
  if (!prop) return twin.$dtId;
  const value = twin[prop];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : twin.$dtId;
}
