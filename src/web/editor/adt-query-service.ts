import type * as Monaco from 'monaco-editor/editor/editor.api';
import { completeQuery, type CompletionKind } from '../../shared/query';
import { ADT_QUERY_LANGUAGE_ID } from './adt-query-language';
import { getQueryModelIndex } from './query-context';

function kindOf(monaco: typeof Monaco, kind: CompletionKind): Monaco.languages.CompletionItemKind {
  const K = monaco.languages.CompletionItemKind;
  const map: Record<string, Monaco.languages.CompletionItemKind> = {
    keyword: K.Keyword,
    function: K.Function,
    alias: K.Variable,
    model: K.Class,
    property: K.Property,
    relationship: K.Reference,
    snippet: K.Snippet,
    operator: K.Operator,
    collection: K.Module,
  };
  return map[kind] ?? K.Text;
}

/** Completions come from src/shared/query, the same parser the emulator runs, fed by the environment's models. */
export function registerAdtQueryCompletions(monaco: typeof Monaco): Monaco.IDisposable {
  return monaco.languages.registerCompletionItemProvider(ADT_QUERY_LANGUAGE_ID, {
    triggerCharacters: ['.', "'", '(', ':', ' ', '['],
    provideCompletionItems(model, position) {
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      const items = completeQuery(text, offset, getQueryModelIndex());
      const models = items.some((item) => item.kind === 'model');
      return {
        // Model ids match anywhere (not only by prefix), so the list is asked for again as the user types.
        incomplete: models,
        suggestions: items.map((item, i) => {
          const start = model.getPositionAt(item.range.start);
          const end = model.getPositionAt(item.range.end);
          const typed = text.slice(item.range.start, offset);
          // Monaco filters by the text typed so far; an id that only contains it needs a filter text that matches,
          // or Monaco would hide what the shared completer found (`Room` → `dtmi:…:Room;1`).
          const contains = item.kind === 'model' && typed && !item.label.toLowerCase().startsWith(typed.toLowerCase());
          return {
            ...(contains ? { filterText: `${typed} ${item.label}` } : {}),
            label: item.label,
            kind: kindOf(monaco, item.kind),
            ...(item.detail ? { detail: item.detail } : {}),
            ...(item.documentation ? { documentation: item.documentation } : {}),
            insertText: item.insertText,
            insertTextRules: item.snippet ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
            range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
            sortText: String(i).padStart(4, '0'),
          };
        }),
      };
    },
  });
}
