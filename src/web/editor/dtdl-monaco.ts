// Monaco glue for the DTDL language service: the pure functions of dtdl-language.ts become completion and hover
// providers on Monaco's built-in 'json' language, active only for editor models registered here as DTDL.
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import type { Diagnostic, ModelIndex, Range } from '../../shared/dtdl';
import { monaco } from './monaco-setup';
import { dtdlCompletions, dtdlHover, type CompletionKind } from './dtdl-language';

/** Model URI -> the index of the instance the text is checked against. Only these models get DTDL help. */
const dtdlModels = new Map<string, ModelIndex>();
let registered = false;
let counter = 0;

function kindOf(kind: CompletionKind): Monaco.languages.CompletionItemKind {
  const K = monaco.languages.CompletionItemKind;
  switch (kind) {
    case 'property': return K.Property;
    case 'class': return K.Class;
    case 'keyword': return K.Keyword;
    case 'reference': return K.Reference;
    case 'unit': return K.Unit;
    case 'module': return K.Module;
    default: return K.Value;
  }
}

function ensureProviders(): void {
  if (registered) return;
  registered = true;
  // Without a schema, Monaco's JSON service completes every value and key seen anywhere in the document: inside
  // contents it offered "@type" values twice (its copy and ours) plus the document's "Enum" and "Interface", and
  // keys of a Relationship inside a Property. The DTDL provider below knows each element's keys and classes; the JSON
  // service keeps syntax checking, folding and formatting. Only DTDL editors use the 'json' language.
  jsonDefaults.setModeConfiguration({ ...jsonDefaults.modeConfiguration, completionItems: false });
  monaco.languages.registerCompletionItemProvider('json', {
    triggerCharacters: ['"', ':'],
    provideCompletionItems(model, position) {
      const index = dtdlModels.get(model.uri.toString());
      if (!index) return { suggestions: [] };
      const result = dtdlCompletions(model.getValue(), model.getOffsetAt(position), index);
      return {
        suggestions: result.items.map((item) => {
          const s: Monaco.languages.CompletionItem = {
            label: item.label, kind: kindOf(item.kind), insertText: item.insertText, filterText: item.filterText, range: result.range,
          };
          if (item.detail) s.detail = item.detail;
          if (item.documentation) s.documentation = item.documentation;
          if (item.sortText) s.sortText = item.sortText;
          return s;
        }),
      };
    },
  });
  monaco.languages.registerHoverProvider('json', {
    provideHover(model, position) {
      const index = dtdlModels.get(model.uri.toString());
      if (!index) return null;
      const hover = dtdlHover(model.getValue(), model.getOffsetAt(position), index);
      if (!hover) return null;
      return { range: hover.range, contents: hover.contents.map((value) => ({ value, isTrusted: false, supportHtml: false })) };
    },
  });
}

/** A fresh Monaco text model for DTDL, with completions and hovers against `index` (updatable later). */
export function createDtdlModel(text: string, index: ModelIndex): Monaco.editor.ITextModel {
  ensureProviders();
  const uri = monaco.Uri.parse(`inmemory://dtdl/model-${++counter}.json`);
  const model = monaco.editor.createModel(text, 'json', uri);
  dtdlModels.set(uri.toString(), index);
  model.onWillDispose(() => dtdlModels.delete(uri.toString()));
  return model;
}

export function setDtdlIndex(model: Monaco.editor.ITextModel, index: ModelIndex): void {
  dtdlModels.set(model.uri.toString(), index);
}

/**
 * Shows DTDL diagnostics as markers. JSON syntax errors are left to Monaco's JSON service, which already marks them,
 * so they are not underlined twice.
 */
export function setDtdlMarkers(model: Monaco.editor.ITextModel, diagnostics: readonly (Diagnostic & { range: Range })[]): void {
  monaco.editor.setModelMarkers(model, 'dtdl', diagnostics.filter((d) => d.code !== 'json-syntax').map((d) => ({
    ...d.range,
    severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: d.message,
    code: d.code,
    source: 'DTDL',
  })));
}

export { monaco };
