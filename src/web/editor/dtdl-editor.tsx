import type * as Monaco from 'monaco-editor/editor/editor.api';
import { useEffect, useRef } from 'react';
import type { Diagnostic, ModelIndex, Range } from '../../shared/dtdl';
import type { Theme } from '../stores/preferences';
import { monacoTheme } from './monaco-setup';
import { createDtdlModel, monaco, setDtdlIndex, setDtdlMarkers } from './dtdl-monaco';

export interface DtdlEditorProps {
  value: string;
  onChange: (value: string) => void;
  theme: Theme;
  ariaLabel: string;
  /** The instance's models: completions of DTMIs, hovers, and the "extends a known model" check. */
  index: ModelIndex;
  diagnostics: readonly (Diagnostic & { range: Range })[];
  /** Move the cursor to a position (e.g. a clicked problem); a new nonce moves it again. */
  reveal?: { lineNumber: number; column: number; nonce: number } | null;
}

/** Monaco with the DTDL language service. The parent owns the text, so nothing is lost when this unmounts. */
export default function DtdlEditor({ value, onChange, theme, ariaLabel, index, diagnostics, reveal }: DtdlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  // Texts the editor reported that React has not echoed back yet (see MonacoEditor.tsx for why).
  const echoes = useRef(new Set<string>());

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!host.current) return;
    const model = createDtdlModel(value, index);
    const editor = monaco.editor.create(host.current, {
      model,
      theme: monacoTheme(theme),
      ariaLabel,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      tabSize: 2,
      tabFocusMode: true,
    });
    editorRef.current = editor;
    const sub = editor.onDidChangeModelContent(() => {
      const text = editor.getValue();
      echoes.current.add(text);
      onChangeRef.current(text);
    });
    return () => {
      sub.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
    // Created once; value, theme, index and markers are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(monacoTheme(theme));
  }, [theme]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) setDtdlIndex(model, index);
  }, [index]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    if (value === editor.getValue()) {
      echoes.current.clear();
      return;
    }
    if (echoes.current.has(value)) return;
    echoes.current.clear();
    // An undoable edit rather than setValue, so that a template or version bump can be undone with Ctrl+Z.
    const model = editor.getModel();
    if (!model) return;
    editor.executeEdits('twinscope', [{ range: model.getFullModelRange(), text: value }]);
    editor.pushUndoStop();
  }, [value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) setDtdlMarkers(model, diagnostics);
  }, [diagnostics]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    const position = { lineNumber: reveal.lineNumber, column: reveal.column };
    editor.setPosition(position);
    editor.revealPositionInCenter(position);
    editor.focus();
  }, [reveal]);

  return <div ref={host} className="monaco-host models-editor__monaco" data-testid="dtdl-editor" />;
}
