import { create } from 'zustand';

/**
 * What the user typed in the patch composer, per twin, kept outside the components so that switching twins, tabs,
 * a 412 conflict or a remount never loses it.
 */
interface DraftState {
  patches: Record<string, string>;
  setPatch: (twinId: string, text: string) => void;
  clearPatch: (twinId: string) => void;
}

export const EMPTY_PATCH = '[\n]';

export const useDrafts = create<DraftState>()((set) => ({
  patches: {},
  setPatch: (twinId, text) => set((s) => ({ patches: { ...s.patches, [twinId]: text } })),
  clearPatch: (twinId) => set((s) => {
    const patches = { ...s.patches };
    delete patches[twinId];
    return { patches };
  }),
}));
