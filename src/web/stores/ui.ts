import { create } from 'zustand';

/**
 * Requests that cross features: one feature asks, another acts, and neither imports the other.
 * Each request carries a nonce so that asking twice for the same thing is still seen as a new request.
 */
interface UiState {
  createTwinRequest: { modelId: string; nonce: number } | null;
  /** Focus a model in the models workspace (e.g. from the inspector's "model" link). */
  showModelRequest: { modelId: string; nonce: number } | null;
  /** Open the inspector on the current selection (e.g. Enter on the graph canvas); a collapsed inspector expands. */
  inspectRequest: number;
  requestInspect: () => void;
  requestCreateTwin: (modelId: string) => void;
  requestShowModel: (modelId: string) => void;
}

let nonce = 0;

export const useUi = create<UiState>()((set) => ({
  createTwinRequest: null,
  showModelRequest: null,
  inspectRequest: 0,
  requestInspect: () => set({ inspectRequest: ++nonce }),
  requestCreateTwin: (modelId) => set({ createTwinRequest: { modelId, nonce: ++nonce } }),
  requestShowModel: (modelId) => set({ showModelRequest: { modelId, nonce: ++nonce } }),
}));
