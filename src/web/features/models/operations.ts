/** Model writes driven from the UI: uploads from files or the editor, delete-all. Results land in the report. */
import type { QueryClient } from '@tanstack/react-query';
import type { AdtClient } from '../../adt-client';
import { parseDtdlText } from '../../../shared/dtdl';
import { deleteAllModels as deleteAll, type UploadModelsInput } from '../../api/models';
import type { ModelResult, Progress } from '../../api/models-upload';
import { useModelsUi } from './models-store';

export interface FileProblem { file: string; message: string }

/** Reads DTDL files (one Interface or an array per file); files that are not valid JSON are reported, not uploaded. */
export async function readModelFiles(files: readonly File[]): Promise<{ docs: unknown[]; problems: FileProblem[] }> {
  const docs: unknown[] = [];
  const problems: FileProblem[] = [];
  for (const file of files) {
    const name = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
    if (!/\.json$/i.test(file.name)) continue;
    const parsed = parseDtdlText(await file.text());
    const error = parsed.diagnostics.find((d) => d.severity === 'error');
    if (error) {
      const where = error.range ? `line ${error.range.startLineNumber}, column ${error.range.startColumn}: ` : '';
      problems.push({ file: name, message: `${where}${error.message}` });
      continue;
    }
    docs.push(...parsed.documents);
  }
  return { docs, problems };
}

/** Files dropped on the panel, walking into dropped folders. */
export async function filesFromDrop(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items].map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  if (entries.every((e) => e === null)) return [...dt.files];
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      out.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns the folder in chunks; an empty chunk means the end.
      for (;;) {
        const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (chunk.length === 0) break;
        for (const e of chunk) await walk(e);
      }
    }
  };
  for (const e of entries) if (e) await walk(e);
  return out;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Uploads documents (through `upload`, the models module's upload mutation) in dependency order, skipping ids that
 * exist. The report shows progress and one line per model. Resolves with the results (for the editor, which shows
 * its own outcome next to its Upload button).
 */
export async function uploadDocuments(
  upload: (input: UploadModelsInput) => Promise<ModelResult[]>,
  docs: unknown[],
  title: string,
  problems: FileProblem[] = [],
): Promise<ModelResult[]> {
  const store = useModelsUi.getState();
  const fileResults: ModelResult[] = problems.map((p) => ({ id: p.file, status: 'failed', message: p.message }));
  store.setReport({ title, running: true, progress: { done: 0, total: docs.length }, results: fileResults });
  try {
    const results = await upload({ docs, onProgress: (progress) => useModelsUi.getState().updateReport({ progress }) });
    const all = [...fileResults, ...results];
    useModelsUi.getState().updateReport({ running: false, results: all, progress: { done: docs.length, total: docs.length } });
    return all;
  } catch (err) {
    useModelsUi.getState().updateReport({ running: false, error: errorText(err) });
    throw err;
  }
}

/** Progress reports at most this often: one re-render per deleted model would cost more than the deletions. */
const PROGRESS_INTERVAL_MS = 100;

function throttledProgress(report: (p: Progress) => void): (p: Progress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (p.done === 0 || p.done === p.total || now - last >= PROGRESS_INTERVAL_MS) {
      last = now;
      report(p);
    }
  };
}

/** Deletes every model, dependency layer by layer in parallel; the report shows progress and offers Cancel. */
export async function deleteAllModels(queryClient: QueryClient, client: AdtClient): Promise<void> {
  const store = useModelsUi.getState();
  const controller = new AbortController();
  store.setReport({ title: 'Delete all models', running: true, progress: { done: 0, total: 0 }, results: [], cancel: () => controller.abort() });
  try {
    const results = await deleteAll(queryClient, client, {
      signal: controller.signal,
      onProgress: throttledProgress((progress) => useModelsUi.getState().updateReport({ progress })),
    });
    useModelsUi.getState().updateReport({ running: false, results, cancel: undefined, progress: { done: results.length, total: results.length } });
  } catch (err) {
    useModelsUi.getState().updateReport({ running: false, cancel: undefined, error: controller.signal.aborted ? 'Cancelled before any model was deleted.' : errorText(err) });
  } finally {
    useModelsUi.getState().select(null);
  }
}
