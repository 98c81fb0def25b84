import { lazy, Suspense, useState } from 'react';
import type { Theme } from '../../stores/preferences';
import { ADT_QUERY_LANGUAGE_ID } from '../../editor/adt-query-language';

// Monaco is split into its own chunk and only loaded when this panel mounts.
const MonacoEditor = lazy(() => import('../../editor/MonacoEditor'));

export const DEFAULT_QUERY = 'SELECT * FROM DIGITALTWINS';

export function QueryPanel({ theme }: { theme: Theme }) {
  const [text, setText] = useState(DEFAULT_QUERY);
  return (
    <div className="query-panel">
      <Suspense fallback={<div className="editor-loading" aria-busy="true">Loading editor…</div>}>
        <MonacoEditor value={text} onChange={setText} language={ADT_QUERY_LANGUAGE_ID} theme={theme} ariaLabel="Query editor" />
      </Suspense>
    </div>
  );
}
