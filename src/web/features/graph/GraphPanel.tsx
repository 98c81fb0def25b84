import { lazy, Suspense } from 'react';
import { useGraphStore } from '../../stores/graph';
import type { AdtClient } from '../../adt-client';
import { useModels } from '../../api/models';
import './graph.css';

// Cytoscape and its layouts are a separate chunk, so the first screen does not wait for them.
const GraphView = lazy(() => import('./GraphView'));

export function GraphPanel({ theme, client }: { theme: string; client: AdtClient | null }) {
  const models = useModels(client);
  const empty = useGraphStore((s) => s.model.twinIds.size === 0);
  return (
    <div className="graph-panel" data-testid="graph-canvas">
      <Suspense fallback={<div className="editor-loading">Loading graph…</div>}>
        <GraphView theme={theme} client={client} models={models.data?.index} />
      </Suspense>
      {empty ? (
        <div className="graph-empty empty-state" aria-hidden="false">
          <p>Run a query to draw its twins and relationships here.</p>
        </div>
      ) : null}
    </div>
  );
}
