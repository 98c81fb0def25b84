import { create } from 'zustand';
import type { ModelResult, Progress } from '../../api/models-upload';
import { DTDL_TEMPLATES } from '../../editor/dtdl-language';

export type WorkspaceView = 'details' | 'editor' | 'graph';

/** The model graph's view options; kept here so that they survive switching tabs and picking another model. */
export interface ModelGraphView {
  shown: { extends: boolean; component: boolean; relationship: boolean };
  /** Only the selected model with its supertypes and subtypes. */
  lineageOnly: boolean;
  /** Only the selected model's neighbourhood (supertypes, subtypes, component and relationship neighbours). */
  focus: boolean;
  focusDepth: number;
  /** Branches the user collapsed (true) or expanded (false), over the default for the graph's size. */
  collapsed: Record<string, boolean>;
}

export interface OperationReport {
  title: string;
  running: boolean;
  progress: Progress;
  results: ModelResult[];
  /** A failure of the whole operation (e.g. a file that is not JSON), shown above the per-model results. */
  error?: string;
}

/**
 * State of the models feature that must outlive the panel: the left panel unmounts when another tab is shown, and
 * the author's editor text must never be lost with it.
 */
interface ModelsUiState {
  selectedId: string | null;
  workspace: WorkspaceView | null;
  search: string;
  /** Tree rows opened or closed by the user, keyed by their path from the root. */
  expanded: Record<string, boolean>;
  editorText: string;
  /** The model the editor text is a new version of, for "move twins to the new version" after upload. */
  editorBaseId: string | null;
  report: OperationReport | null;
  handledShowNonce: number;
  graph: ModelGraphView;
  setGraph: (patch: Partial<ModelGraphView>) => void;
  select: (id: string | null) => void;
  open: (view: WorkspaceView, id?: string) => void;
  close: () => void;
  setSearch: (search: string) => void;
  setExpanded: (key: string, open: boolean) => void;
  setEditorText: (text: string, baseId?: string | null) => void;
  setReport: (report: OperationReport | null) => void;
  updateReport: (patch: Partial<OperationReport>) => void;
}

export const useModelsUi = create<ModelsUiState>()((set) => ({
  selectedId: null,
  workspace: null,
  search: '',
  expanded: {},
  editorText: DTDL_TEMPLATES[0]?.text ?? '',
  editorBaseId: null,
  report: null,
  handledShowNonce: 0,
  graph: { shown: { extends: true, component: true, relationship: true }, lineageOnly: false, focus: false, focusDepth: 1, collapsed: {} },
  setGraph: (patch) => set((s) => ({ graph: { ...s.graph, ...patch } })),
  select: (id) => set({ selectedId: id }),
  open: (view, id) => set((s) => ({ workspace: view, selectedId: id ?? s.selectedId })),
  close: () => set({ workspace: null }),
  setSearch: (search) => set({ search }),
  setExpanded: (key, open) => set((s) => ({ expanded: { ...s.expanded, [key]: open } })),
  setEditorText: (text, baseId) => set((s) => ({ editorText: text, editorBaseId: baseId === undefined ? s.editorBaseId : baseId })),
  setReport: (report) => set({ report }),
  updateReport: (patch) => set((s) => (s.report ? { report: { ...s.report, ...patch } } : {})),
}));
