/**
 * The import in progress, kept outside the panel so that leaving the tab neither stops the view of a long import
 * nor loses its report.
 */
import { create } from 'zustand';
import type { ImportJob } from '../../../shared/adt';
import { parseInterfaces } from '../../../shared/dtdl';
import type { ModelIndex } from '../../../shared/dtdl';
import type { AdtClient } from '../../adt-client';
import { AdtError } from '../../adt-client';
import type { ExistingState, GraphFile, ImportLogEntry, ImportPlan } from '../../api/import-export';
import { idsToCheck, parseGraphText, planImport, toNdjson } from '../../api/import-export';
import type { ImportProgress, ItemResult } from '../../api/import-export-run';
import { executeImport, existingModelIds, existingTwinIds, loadModelIndex, runImportJob } from '../../api/import-export-run';

export type ImportPhase = 'idle' | 'reading' | 'checking' | 'ready' | 'running' | 'done';

export interface JobTarget { inputBlobUri: string; outputBlobUri: string }

interface ImportState {
  phase: ImportPhase;
  fileName: string;
  format: string;
  graph: GraphFile | null;
  existing: ExistingState | null;
  index: ModelIndex | null;
  /** Where the file failed to read or the check failed: shown next to the file picker. */
  fileError: string | null;
  /** Where the run failed as a whole (not per item): shown next to the Import button. */
  runError: string | null;
  updateExisting: boolean;
  progress: ImportProgress | null;
  results: ItemResult[];
  job: ImportJob | null;
  jobLog: ImportLogEntry[] | null;
  load: (client: AdtClient, file: File) => Promise<void>;
  setUpdateExisting: (v: boolean) => void;
  run: (client: AdtClient, plan: ImportPlan, job?: JobTarget) => Promise<void>;
  cancel: () => void;
  recheckAfterRun: (client: AdtClient, signal: AbortSignal) => Promise<void>;
  reset: () => void;
}

let controller: AbortController | null = null;

function describe(err: unknown): string {
  if (err instanceof AdtError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

async function readGraph(file: File): Promise<{ format: string; graph: GraphFile }> {
  if (/\.xlsx$/i.test(file.name)) {
    // exceljs is loaded on the first Excel file only.
    const { xlsxToGraph } = await import('./import-export-xlsx');
    return { format: 'Excel (ADT Explorer columns)', graph: await xlsxToGraph(await file.arrayBuffer()) };
  }
  const parsed = parseGraphText(await file.text(), file.name);
  return { format: parsed.format === 'ndjson' ? 'NDJSON (bulk import)' : 'ADT Explorer JSON', graph: parsed.graph };
}

const INITIAL = {
  phase: 'idle' as ImportPhase, fileName: '', format: '', graph: null, existing: null, index: null, fileError: null, runError: null,
  progress: null, results: [], job: null, jobLog: null,
};

export const useImport = create<ImportState>()((set, get) => ({
  ...INITIAL,
  updateExisting: false,

  load: async (client, file) => {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    set({ ...INITIAL, phase: 'reading', fileName: file.name });
    let read: { format: string; graph: GraphFile };
    try {
      read = await readGraph(file);
    } catch (err) {
      set({ phase: 'idle', fileError: `${file.name}: ${describe(err)}` });
      return;
    }
    set({ phase: 'checking', format: read.format, graph: read.graph });
    try {
      const [modelIds, twinIds, index] = await Promise.all([
        existingModelIds(client, { signal }),
        existingTwinIds(client, idsToCheck(read.graph), { signal }),
        loadModelIndex(client, { signal }),
      ]);
      // Components of models that arrive with the file count too.
      for (const info of parseInterfaces(read.graph.models).interfaces) if (!index.has(info.id)) index.add(info);
      if (signal.aborted) return;
      set({ phase: 'ready', existing: { modelIds, twinIds }, index });
    } catch (err) {
      if (signal.aborted) return;
      set({ phase: 'idle', fileError: `Could not check what already exists: ${describe(err)}` });
    }
  },

  setUpdateExisting: (v) => set({ updateExisting: v }),

  run: async (client, plan, job) => {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    set({ phase: 'running', runError: null, results: [], progress: null, job: null, jobLog: null });
    const results: ItemResult[] = [];
    try {
      if (job) {
        const graph = get().graph as GraphFile;
        const jobId = `twinscope-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        const { job: finished, log } = await runImportJob(client, toNdjson(graph), {
          ...job, jobId, signal, onStatus: (j) => set({ job: j }),
        });
        set({ phase: 'done', job: finished, jobLog: log ?? null });
        return;
      }
      await executeImport(client, plan, {
        signal,
        updateExisting: get().updateExisting,
        onProgress: (progress, latest) => {
          results.push(latest);
          // Re-render on a cadence rather than per item: a large import reports thousands of results.
          if (progress.done === progress.total || progress.done % 25 === 0 || latest.status === 'failed') {
            set({ progress, results: [...results] });
          }
        },
      });
      set({ phase: 'done', results: [...results] });
      // A second run of the same file must see what the first one created.
      await get().recheckAfterRun(client, signal);
    } catch (err) {
      set({
        phase: signal.aborted ? 'done' : 'ready',
        results: [...results],
        runError: signal.aborted ? 'The import was cancelled; the items sent before stay.' : describe(err),
      });
    }
  },

  cancel: () => controller?.abort(),

  recheckAfterRun: async (client: AdtClient, signal: AbortSignal) => {
    const graph = get().graph;
    if (!graph) return;
    const [modelIds, twinIds] = await Promise.all([
      existingModelIds(client, { signal }),
      existingTwinIds(client, idsToCheck(graph), { signal }),
    ]);
    if (!signal.aborted) set({ existing: { modelIds, twinIds } });
  },

  reset: () => {
    controller?.abort();
    controller = null;
    set({ ...INITIAL });
  },
}));

export function planFor(state: Pick<ImportState, 'graph' | 'existing' | 'index' | 'updateExisting'>): ImportPlan | null {
  if (!state.graph || !state.existing) return null;
  return planImport(state.graph, state.existing, { updateExisting: state.updateExisting, ...(state.index ? { index: state.index } : {}) });
}
