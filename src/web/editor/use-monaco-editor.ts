import type * as Monaco from 'monaco-editor/editor/editor.api';
import { useEffect, useRef, type RefObject } from 'react';
import { monaco, monacoTheme } from './monaco-setup';
import type { Theme } from '../stores/preferences';

export interface UseMonacoEditorOptions {
  value: string;
  theme: Theme;
  ariaLabel: string;
  onChange?: (value: string) => void;
  /** Options beyond the shared defaults (language, line numbers, tab size, …). Read once, at creation. */
  options?: Monaco.editor.IStandaloneEditorConstructionOptions;
  /** A model to edit (e.g. one carrying a URI for a language service); disposed with the editor. Read once. */
  createModel?: () => Monaco.editor.ITextModel;
  /** 'edit' replaces the text as an undoable edit (Ctrl+Z brings back what the user had); default 'set'. */
  replaceWith?: 'set' | 'edit';
}

/**
 * One Monaco instance owned by a React component, for every editor in the app. The parent keeps the text, so
 * nothing typed is lost when the editor unmounts; `value` changes from outside replace the text.
 */
export function useMonacoEditor(host: RefObject<HTMLDivElement | null>, o: UseMonacoEditorOptions): RefObject<Monaco.editor.IStandaloneCodeEditor | null> {
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChange = useRef(o.onChange);
  // Texts the editor reported that React has not caught up with yet. Renders lag behind fast typing, so a `value`
  // prop equal to an older keystroke is an echo and must not be pushed back (that would reset the cursor mid-word).
  const echoes = useRef(new Set<string>());

  useEffect(() => {
    onChange.current = o.onChange;
  }, [o.onChange]);

  useEffect(() => {
    if (!host.current) return;
    const model = o.createModel?.();
    const editor = monaco.editor.create(host.current, {
      ...(model ? { model } : { value: o.value }),
      theme: monacoTheme(o.theme),
      ariaLabel: o.ariaLabel,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      tabFocusMode: true,
      // The default dims the last line's number below readable contrast (axe color-contrast) in every theme.
      renderFinalNewline: 'on',
      ...o.options,
    });
    editorRef.current = editor;
    const sub = editor.onDidChangeModelContent(() => {
      const text = editor.getValue();
      echoes.current.add(text);
      onChange.current?.(text);
    });
    return () => {
      sub.dispose();
      editor.dispose();
      model?.dispose();
      editorRef.current = null;
    };
    // The editor is created once; value and theme changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(monacoTheme(o.theme));
  }, [o.theme]);

  const replaceWith = o.replaceWith ?? 'set';
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    if (o.value === editor.getValue()) {
      echoes.current.clear();
      return;
    }
    if (echoes.current.has(o.value)) return;
    echoes.current.clear();
    const model = editor.getModel();
    if (replaceWith === 'edit' && model) {
      editor.executeEdits('twinscope', [{ range: model.getFullModelRange(), text: o.value }]);
      editor.pushUndoStop();
    } else editor.setValue(o.value);
  }, [o.value, replaceWith]);

  return editorRef;
}
