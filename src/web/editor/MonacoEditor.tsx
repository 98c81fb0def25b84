import type * as Monaco from 'monaco-editor/editor/editor.api';
import { useEffect, useRef } from 'react';
import { monaco, monacoTheme } from './monaco-setup';
import type { Theme } from '../stores/preferences';
import type { EditorMarker } from './markers';

export interface MonacoEditorProps {
  value: string;
  language: string;
  theme: Theme;
  ariaLabel: string;
  onChange?: (value: string) => void;
  /** Ctrl/Cmd+Enter. */
  onSubmit?: (value: string) => void;
  onCancel?: () => void;
  /** Diagnostics to show as squiggles; the owner computes them (pure code), the editor only draws them. */
  markers?: EditorMarker[];
}

/** A thin React wrapper that owns one Monaco instance; the parent keeps the text so nothing is lost on remount. */
export default function MonacoEditor({ value, language, theme, ariaLabel, onChange, onSubmit, onCancel, markers }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const callbacks = useRef({ onChange, onSubmit, onCancel });
  // Texts the editor reported that React has not caught up with yet. Renders lag behind fast typing, so a `value`
  // prop equal to an older keystroke is an echo and must not be pushed back (that would reset the cursor mid-word).
  const echoes = useRef(new Set<string>());

  useEffect(() => {
    callbacks.current = { onChange, onSubmit, onCancel };
  }, [onChange, onSubmit, onCancel]);

  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.create(host.current, {
      value,
      language,
      theme: monacoTheme(theme),
      ariaLabel,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      wordWrap: 'on',
      tabFocusMode: true,
    });
    editorRef.current = editor;
    const sub = editor.onDidChangeModelContent(() => {
      const text = editor.getValue();
      echoes.current.add(text);
      callbacks.current.onChange?.(text);
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => callbacks.current.onSubmit?.(editor.getValue()));
    editor.addCommand(monaco.KeyCode.Escape, () => callbacks.current.onCancel?.());
    return () => {
      sub.dispose();
      editor.dispose();
      editorRef.current = null;
    };
    // The editor is created once; value, theme and language changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(monacoTheme(theme));
  }, [theme]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const current = editor.getValue();
    if (value === current) {
      echoes.current.clear();
      return;
    }
    if (echoes.current.has(value)) return;
    echoes.current.clear();
    editor.setValue(value);
  }, [value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) monaco.editor.setModelLanguage(model, language);
  }, [language]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const severity = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };
    monaco.editor.setModelMarkers(model, 'twinscope', (markers ?? []).map((m) => ({ ...m, severity: severity[m.severity] })));
  }, [markers]);

  return <div ref={host} className="monaco-host" data-testid="monaco-host" />;
}
