import { useEffect, useMemo, useState } from 'react';
import type { AdtClient } from '../../adt-client';
import type { Theme } from '../../stores/preferences';
import { useGraphStore } from '../../stores/graph';
import { useGraphContent } from '../../api/graph-data';
import { useUi } from '../../stores/ui';
import { useModelIndex } from './model-index';
import { TwinInspector } from './TwinInspector';
import { RelationshipInspector } from './RelationshipInspector';
import { CreateTwinForm } from './CreateTwinForm';
import { CreateRelationshipForm } from './CreateRelationshipForm';
import { DeleteTwinsDialog } from './DeleteTwinsDialog';
import { MultiSelection } from './MultiSelection';
import { ErrorNote, toShownError } from './errors';
import './inspector.css';

type Mode =
  | { kind: 'view' }
  | { kind: 'create-twin'; modelId: string; nonce: number }
  | { kind: 'create-relationship'; source: string; target?: string }
  | { kind: 'delete-twins'; twinIds: string[] };

/** Requests already acted on; module-level so a remount (error boundary reset) does not replay an old request. */
let handledCreateNonce = 0;

/**
 * The right column: what is selected in the graph (a twin, a relationship, or several), and the create and delete
 * flows. It reads the selection from the graph store and writes every change back to it, so the graph and the twins
 * list update without a reload.
 */
export function InspectorPanel({ client, theme }: { client: AdtClient | null; theme: Theme }) {
  const model = useGraphStore((s) => s.model);
  const content = useGraphContent(client);
  const models = useModelIndex(client);
  const index = models.data?.index;
  const createRequest = useUi((s) => s.createTwinRequest);
  const [mode, setMode] = useState<Mode>({ kind: 'view' });

  useEffect(() => {
    if (!createRequest || createRequest.nonce <= handledCreateNonce) return;
    handledCreateNonce = createRequest.nonce;
    setMode({ kind: 'create-twin', modelId: createRequest.modelId, nonce: createRequest.nonce });
  }, [createRequest]);

  const selection = useMemo(() => [...model.selection], [model.selection]);
  const selectedTwins = selection.filter((id) => model.twinIds.has(id));
  const selectedRels = selection.filter((id) => model.edges.has(id));
  const picked = selectedTwins.length === 1 ? selectedTwins[0] : undefined;

  if (!client) {
    return <div className="empty-state"><p>Connect to an environment first.</p></div>;
  }

  const firstModel = models.data?.models.find((m) => !m.decommissioned)?.id;
  const toolbar = (
    <div className="insp-toolbar" role="toolbar" aria-label="Inspector">
      <button type="button" disabled={!firstModel || mode.kind === 'create-twin'}
        onClick={() => firstModel && setMode({ kind: 'create-twin', modelId: picked ? content.twins.get(picked)?.$metadata.$model ?? firstModel : firstModel, nonce: 0 })}>
        New twin…
      </button>
      {models.isPending ? <span className="insp-muted">Loading models…</span> : null}
      {models.data && models.data.skipped.length > 0 ? <span className="insp-muted">{models.data.skipped.length} models could not be read</span> : null}
    </div>
  );

  let body;
  if (mode.kind === 'create-twin') {
    body = index && models.data ? (
      <CreateTwinForm key={mode.nonce} client={client} index={index} models={models.data.models} initialModelId={mode.modelId}
        onCreated={() => setMode({ kind: 'view' })} onCancel={() => setMode({ kind: 'view' })} />
    ) : <p className="insp-muted">Loading models…</p>;
  } else if (mode.kind === 'create-relationship') {
    body = (
      <CreateRelationshipForm client={client} index={index} initialSource={mode.source} initialTarget={mode.target}
        picked={picked} onDone={() => setMode({ kind: 'view' })} />
    );
  } else if (mode.kind === 'delete-twins') {
    body = <DeleteTwinsDialog client={client} twinIds={mode.twinIds} onClose={() => setMode({ kind: 'view' })} />;
  } else if (selection.length === 0) {
    body = <div className="empty-state"><p>Select a twin or relationship in the graph or in the twins list to inspect it.</p></div>;
  } else if (selection.length === 1 && picked) {
    const stored = content.twins.get(picked);
    body = stored ? (
      <TwinInspector key={picked} client={client} twinId={picked} stored={stored} index={index} theme={theme}
        onDelete={() => setMode({ kind: 'delete-twins', twinIds: [picked] })}
        onCreateRelationship={() => setMode({ kind: 'create-relationship', source: picked })} />
    ) : null;
  } else if (selection.length === 1 && selectedRels.length === 1) {
    const key = selectedRels[0] as string;
    const stored = content.relationships.get(key);
    body = stored ? <RelationshipInspector key={key} client={client} stored={stored} index={index} /> : null;
  } else {
    body = (
      <MultiSelection client={client} twinIds={selectedTwins} relationshipKeys={selectedRels}
        onDeleteTwins={() => setMode({ kind: 'delete-twins', twinIds: selectedTwins })}
        onRelate={(source, target) => setMode({ kind: 'create-relationship', source, target })} />
    );
  }

  return (
    <div className="inspector">
      {toolbar}
      {models.isError ? <ErrorNote error={toShownError(models.error)} label="Models error" /> : null}
      <div className="insp-body">{body}</div>
    </div>
  );
}
