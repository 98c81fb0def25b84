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
  /**
   * A one-line bar that grows with its text up to `max` lines, then scrolls (the query bar). Its completion list and
   * hovers are drawn above the page, so a short editor never cuts them off.
   */
  lines?: { min: number; max: number };
}

// The query bar's look: no gutter, no line highlight; a bar, not a code page.
const BAR_OPTIONS = {
  lineNumbers: 'off',
  glyphMargin: false,
  folding: false,
  lineDecorationsWidth: 6,
  lineNumbersMinChars: 0,
  renderLineHighlight: 'none',
  overviewRulerLanes: 0,
  hideCursorInOverviewRuler: true,
  scrollbar: { vertical: 'auto', horizontal: 'hidden', alwaysConsumeMouseWheel: false, verticalScrollbarSize: 8 },
  padding: { top: 4, bottom: 4 },
} as const;

/** A general-purpose editor (the query editor): language by id, Ctrl+Enter to submit, Esc to cancel. */
export default function MonacoEditor({ value, language, theme, ariaLabel, onChange, onSubmit, onCancel, markers, lines }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useMonacoEditor(host, {
    value,
    theme,
    ariaLabel,
    ...(onChange ? { onChange } : {}),
    // fixedOverflowWidgets: the suggest widget and hovers are positioned against the window, not clipped by the
    // editor's panel (https://microsoft.github.io/monaco-editor/typedoc/interfaces/editor.IEditorOptions.html#fixedOverflowWidgets).
    options: { language, wordWrap: 'on', fixedOverflowWidgets: true, ...(lines ? BAR_OPTIONS : {}) },
  });
  const minLines = lines?.min;
  const maxLines = lines?.max;
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

  // Height follows the text (wrapped lines included), between minLines and maxLines.
  useEffect(() => {
    const editor = editorRef.current;
    const el = host.current;
    if (!editor || !el || minLines === undefined || maxLines === undefined) return;
    const fit = () => {
      const lineHeight = editor.getOption(monaco.editor.EditorOption.lineHeight);
      const pad = 8;
      const height = Math.min(maxLines * lineHeight + pad, Math.max(minLines * lineHeight + pad, editor.getContentHeight()));
      if (el.style.height !== `${height}px`) {
        el.style.height = `${height}px`;
        editor.layout();
      }
    };
    fit();
    const sub = editor.onDidContentSizeChange(fit);
    return () => sub.dispose();
  }, [editorRef, minLines, maxLines]);

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
