import { useEffect, useRef } from 'react';
import type { Diagnostic, ModelIndex, Range } from '../../shared/dtdl';
import type { Theme } from '../stores/preferences';
import { createDtdlModel, setDtdlIndex, setDtdlMarkers } from './dtdl-monaco';
import { useMonacoEditor } from './use-monaco-editor';

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
  const editorRef = useMonacoEditor(host, {
    value, theme, ariaLabel, onChange,
    createModel: () => createDtdlModel(value, index),
    // Words from the document ("Enum", "Interface", …) are not DTDL suggestions; the DTDL provider offers the real ones.
    options: { tabSize: 2, wordBasedSuggestions: 'off' },
    // An undoable edit rather than setValue, so that a template or version bump can be undone with Ctrl+Z.
    replaceWith: 'edit',
  });

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) setDtdlIndex(model, index);
  }, [editorRef, index]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) setDtdlMarkers(model, diagnostics);
  }, [editorRef, diagnostics]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    const position = { lineNumber: reveal.lineNumber, column: reveal.column };
    editor.setPosition(position);
    editor.revealPositionInCenter(position);
    editor.focus();
  }, [editorRef, reveal]);

  return <div ref={host} className="monaco-host models-editor__monaco" data-testid="dtdl-editor" />;
}
