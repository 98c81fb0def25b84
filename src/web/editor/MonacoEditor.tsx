import { useEffect, useRef } from 'react';
import { monaco } from './monaco-setup';
import type { Theme } from '../stores/preferences';
import type { EditorMarker } from './markers';
import { useMonacoEditor } from './use-monaco-editor';

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

/** A general-purpose editor (the query editor): language by id, Ctrl+Enter to submit, Esc to cancel. */
export default function MonacoEditor({ value, language, theme, ariaLabel, onChange, onSubmit, onCancel, markers }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useMonacoEditor(host, { value, theme, ariaLabel, ...(onChange ? { onChange } : {}), options: { language, wordWrap: 'on' } });
  const callbacks = useRef({ onSubmit, onCancel });

  useEffect(() => {
    callbacks.current = { onSubmit, onCancel };
  }, [onSubmit, onCancel]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => callbacks.current.onSubmit?.(editor.getValue()));
    editor.addCommand(monaco.KeyCode.Escape, () => callbacks.current.onCancel?.());
  }, [editorRef]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) monaco.editor.setModelLanguage(model, language);
  }, [editorRef, language]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const severity = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };
    monaco.editor.setModelMarkers(model, 'twinscope', (markers ?? []).map((m) => ({ ...m, severity: severity[m.severity] })));
  }, [editorRef, markers]);

  return <div ref={host} className="monaco-host" data-testid="monaco-host" />;
}
