import { useState } from 'react';
import type { AdtClient } from '../../adt-client';
import { useDeleteRelationship } from '../../api/relationships';
import { useGraphStore } from '../../stores/graph';
import { ErrorNote, toShownError, type ShownError } from './errors';

/** Several elements selected: delete them, or relate two twins picked in the graph. */
export function MultiSelection({ client, twinIds, relationshipKeys, onDeleteTwins, onRelate }: {
  client: AdtClient;
  twinIds: readonly string[];
  relationshipKeys: readonly string[];
  onDeleteTwins: () => void;
  onRelate: (source: string, target: string) => void;
}) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [a, b] = twinIds;
  const deleteRelationship = useDeleteRelationship(client);

  const deleteRelationships = async () => {
    setBusy(true);
    setError(null);
    const relationships = useGraphStore.getState().model.edges;
    for (const key of relationshipKeys) {
      const r = relationships.get(key);
      if (!r) continue;
      try {
        await deleteRelationship.mutateAsync({ sourceId: r.$sourceId, relationshipId: r.$relationshipId, targetId: r.$targetId });
      } catch (err) {
        setError(toShownError(err));
        break;
      }
    }
    setBusy(false);
    setConfirm(false);
  };

  return (
    <div className="insp-multi">
      <h3 className="insp-title">
        {twinIds.length} {twinIds.length === 1 ? 'twin' : 'twins'} and {relationshipKeys.length} {relationshipKeys.length === 1 ? 'relationship' : 'relationships'} selected
      </h3>
      <ul className="insp-rels" aria-label="Selected twins">
        {twinIds.slice(0, 20).map((id) => <li key={id}>{id}</li>)}
        {twinIds.length > 20 ? <li className="insp-muted">and {twinIds.length - 20} more</li> : null}
      </ul>
      <div className="insp-actions">
        {twinIds.length > 0 ? <button type="button" onClick={onDeleteTwins}>Delete {twinIds.length === 1 ? 'twin' : `${twinIds.length} twins`}…</button> : null}
        {twinIds.length === 2 && a && b ? (
          <>
            <button type="button" onClick={() => onRelate(a, b)}>Relate {a} → {b}…</button>
            <button type="button" onClick={() => onRelate(b, a)}>Relate {b} → {a}…</button>
          </>
        ) : null}
        {relationshipKeys.length > 0 && !confirm ? (
          <button type="button" onClick={() => setConfirm(true)}>Delete {relationshipKeys.length === 1 ? 'relationship' : `${relationshipKeys.length} relationships`}…</button>
        ) : null}
      </div>
      {confirm ? (
        <div role="dialog" aria-label="Delete relationships" className="insp-dialog">
          <p>Delete {relationshipKeys.length === 1 ? 'the selected relationship' : `the ${relationshipKeys.length} selected relationships`}?</p>
          <div className="insp-actions">
            <button type="button" className="insp-danger" disabled={busy} onClick={() => void deleteRelationships()}>Delete</button>
            <button type="button" onClick={() => setConfirm(false)}>Cancel</button>
          </div>
        </div>
      ) : null}
      <ErrorNote error={error} label="Delete error" />
    </div>
  );
}
