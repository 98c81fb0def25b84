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
  error?: string | undefined;
  /** Stops the operation while it runs (delete all): nothing new starts, what is in flight finishes. */
  cancel?: (() => void) | undefined;
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
  /**
   * The text the editor last loaded by itself (the first template, or a selected model's definition). While the
   * editor still holds exactly that, it follows the selected model; once the author types, opens a file or picks a
   * template, it keeps their text.
   */
  editorLoaded: string;
  /** Whether the editor shows the selected model ('selected') or was opened for a new model ('new'). */
  editorMode: 'selected' | 'new';
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
  loadEditor: (text: string, baseId: string | null) => void;
  /** Opens the editor for a new model: a template, unless the author has text of their own there. */
  newModel: () => void;
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
  editorLoaded: DTDL_TEMPLATES[0]?.text ?? '',
  editorMode: 'selected',
  report: null,
  handledShowNonce: 0,
  graph: { shown: { extends: true, component: true, relationship: true }, lineageOnly: false, focus: false, focusDepth: 1, collapsed: {} },
  setGraph: (patch) => set((s) => ({ graph: { ...s.graph, ...patch } })),
  select: (id) => set({ selectedId: id }),
  open: (view, id) => set((s) => ({ workspace: view, selectedId: id ?? s.selectedId, ...(view === 'editor' ? { editorMode: 'selected' as const } : {}) })),
  close: () => set({ workspace: null }),
  setSearch: (search) => set({ search }),
  setExpanded: (key, open) => set((s) => ({ expanded: { ...s.expanded, [key]: open } })),
  loadEditor: (text, baseId) => set({ editorText: text, editorLoaded: text, editorBaseId: baseId }),
  newModel: () => set((s) => {
    const template = DTDL_TEMPLATES[0]?.text ?? '';
    const pristine = s.editorText === s.editorLoaded;
    return { workspace: 'editor', editorMode: 'new', ...(pristine ? { editorText: template, editorLoaded: template, editorBaseId: null } : {}) };
  }),
  setEditorText: (text, baseId) => set((s) => ({ editorText: text, editorBaseId: baseId === undefined ? s.editorBaseId : baseId })),
  setReport: (report) => set({ report }),
  updateReport: (patch) => set((s) => (s.report ? { report: { ...s.report, ...patch } } : {})),
}));
