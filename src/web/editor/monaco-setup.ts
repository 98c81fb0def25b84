// Monaco is bundled by Vite (never fetched from a CDN) and this module is only reached through a dynamic import,
// so the first screen never waits for it.
import * as monaco from 'monaco-editor/editor/editor.api';
import './monaco-contribs';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { registerAdtQueryLanguage } from './adt-query-language';
import { registerAdtQueryCompletions } from './adt-query-service';
import type { Theme } from '../stores/preferences';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker };
  }
}

window.MonacoEnvironment = {
  // The JSON language service (used by the DTDL editor) runs in its own worker.
  getWorker: (_workerId, label) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

registerAdtQueryLanguage(monaco);
registerAdtQueryCompletions(monaco);

export function monacoTheme(theme: Theme): string {
  if (theme === 'dark') return 'vs-dark';
  if (theme === 'high-contrast') return 'hc-black';
  return 'vs';
}

export { monaco };
