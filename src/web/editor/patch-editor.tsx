import { useEffect, useRef } from 'react';
import { monaco } from './monaco-setup';
import { useMonacoEditor } from './use-monaco-editor';
import type { Theme } from '../stores/preferences';

export const JSON_PATCH_LANGUAGE_ID = 'twinscope-json-patch';
const MARKER_OWNER = 'twinscope-json-patch';

/** A problem to underline, by character offset in the text (what src/web/api/patch-document reports). */
export interface PatchMarker {
  severity: 'error' | 'warning';
  message: string;
  offset: number;
  length: number;
}

export interface PatchEditorProps {
  value: string;
  theme: Theme;
  ariaLabel: string;
  markers: readonly PatchMarker[];
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter. */
  onSubmit?: () => void;
}

let registered = false;

/**
 * JSON highlighting without Monaco's JSON language service: that service needs its own worker and schema plumbing,
 * while validation here comes from our own analysis (shape + model) as markers.
 */
function registerLanguage(): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: JSON_PATCH_LANGUAGE_ID });
  monaco.languages.setLanguageConfiguration(JSON_PATCH_LANGUAGE_ID, {
    brackets: [['{', '}'], ['[', ']']],
    autoClosingPairs: [{ open: '{', close: '}' }, { open: '[', close: ']' }, { open: '"', close: '"', notIn: ['string'] }],
  });
  monaco.languages.setMonarchTokensProvider(JSON_PATCH_LANGUAGE_ID, {
    tokenizer: {
      root: [
        [/"(?:op|path|value|from)"(?=\s*:)/, 'keyword'],
        [/"(?:add|replace|remove)"/, 'type'],
        [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'variable'],
        [/"(?:[^"\\]|\\.)*"/, 'string'],
        [/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/, 'number'],
        [/\b(?:true|false|null)\b/, 'keyword'],
        [/[{}[\]]/, '@brackets'],
      ],
    },
  });
}

/** The Monaco editor of the JSON Patch composer: the parent owns the text; problems arrive as markers. */
export default function PatchEditor({ value, theme, ariaLabel, markers, onChange, onSubmit }: PatchEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  registerLanguage();
  const editorRef = useMonacoEditor(host, {
    value, theme, ariaLabel, onChange,
    options: { language: JSON_PATCH_LANGUAGE_ID, lineNumbers: 'on', wordWrap: 'on', tabSize: 2 },
  });
  const submit = useRef(onSubmit);

  useEffect(() => {
    submit.current = onSubmit;
  }, [onSubmit]);

  useEffect(() => {
    editorRef.current?.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => submit.current?.());
  }, [editorRef]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const length = model.getValueLength();
    monaco.editor.setModelMarkers(model, MARKER_OWNER, markers.map((m) => {
      const start = model.getPositionAt(Math.min(m.offset, length));
      const end = model.getPositionAt(Math.min(m.offset + Math.max(1, m.length), length));
      return {
        severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: m.message,
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
      };
    }));
  }, [editorRef, markers, value]);

  return <div ref={host} className="monaco-host" data-testid="patch-editor" />;
}
