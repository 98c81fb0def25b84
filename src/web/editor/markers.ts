/** A diagnostic as the editor shows it, independent of Monaco so pure code can produce it. */
export interface EditorMarker {
  severity: 'error' | 'warning' | 'info';
  message: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}
