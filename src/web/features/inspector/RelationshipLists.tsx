import { useState } from 'react';
import type { AdtClient } from '../../adt-client';
import { useDeleteRelationship } from '../../api/relationships';
import { ErrorNote, toShownError, type ShownError } from './errors';
import { openRelationship, openTwin } from './links';
import { useTwinRelationships } from '../../api/twins';

interface Row {
  sourceId: string;
  relationshipId: string;
  name: string;
  other: string;
}

/** A twin's outgoing and incoming relationships, each with links to the relationship and the twin at the other end. */
export function RelationshipLists({ client, twinId, onCreate }: { client: AdtClient; twinId: string; onCreate: () => void }) {
  const query = useTwinRelationships(client, twinId);
  const deleteRelationship = useDeleteRelationship(client);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, ShownError>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const keyOf = (r: Row) => `${r.sourceId}/relationships/${r.relationshipId}`;
  const fail = (key: string, err: unknown) => setErrors((e) => ({ ...e, [key]: toShownError(err) }));
  const follow = (key: string, action: Promise<void>) => {
    setErrors((e) => {
      const next = { ...e };
      delete next[key];
      return next;
    });
    action.catch((err: unknown) => fail(key, err));
  };
  const remove = async (r: Row) => {
    const key = keyOf(r);
    setBusy(key);
    try {
      // An incoming row's other end is its source, so the target is this twin.
      await deleteRelationship.mutateAsync({ sourceId: r.sourceId, relationshipId: r.relationshipId, targetId: r.sourceId === twinId ? r.other : twinId });
      setConfirm(null);
    } catch (err) {
      fail(key, err);
    } finally {
      setBusy(null);
    }
  };

  if (query.isPending) return <p className="insp-muted">Loading relationships…</p>;
  if (query.isError) return <ErrorNote error={toShownError(query.error)} label="Relationships error" />;
  const outgoing: Row[] = query.data.outgoing.map((r) => ({ sourceId: r.$sourceId, relationshipId: r.$relationshipId, name: r.$relationshipName, other: r.$targetId }));
  const incoming: Row[] = query.data.incoming.map((r) => ({ sourceId: r.$sourceId, relationshipId: r.$relationshipId, name: r.$relationshipName, other: r.$sourceId }));

  const list = (rows: Row[], direction: 'out' | 'in') => (
    <ul className="insp-rels" aria-label={direction === 'out' ? 'Outgoing relationships' : 'Incoming relationships'}>
      {rows.length === 0 ? <li className="insp-muted">None.</li> : null}
      {rows.map((r) => {
        const key = keyOf(r);
        return (
          <li key={key} className="insp-rel">
            <div className="insp-rel__line">
              {direction === 'in' ? (
                <button type="button" className="link-button" onClick={() => follow(key, openTwin(client, r.other))} aria-label={`Show twin ${r.other}`}>{r.other}</button>
              ) : null}
              <button type="button" className="link-button insp-rel__name" onClick={() => follow(key, openRelationship(client, r.sourceId, r.relationshipId))}
                aria-label={`Inspect relationship ${r.name} ${r.relationshipId}`}>
                {direction === 'out' ? `${r.name} →` : `→ ${r.name}`}
              </button>
              {direction === 'out' ? (
                <button type="button" className="link-button" onClick={() => follow(key, openTwin(client, r.other))} aria-label={`Show twin ${r.other}`}>{r.other}</button>
              ) : null}
              <span className="spacer" />
              {confirm === key ? (
                <>
                  <button type="button" className="insp-danger" disabled={busy === key} onClick={() => void remove(r)} aria-label={`Confirm delete relationship ${r.relationshipId}`}>Delete</button>
                  <button type="button" onClick={() => setConfirm(null)}>Keep</button>
                </>
              ) : (
                <button type="button" onClick={() => setConfirm(key)} aria-label={`Delete relationship ${r.relationshipId}`}>Delete…</button>
              )}
            </div>
            <ErrorNote error={errors[key] ?? null} />
          </li>
        );
      })}
    </ul>
  );

  return (
    <div className="insp-relationships">
      <div className="insp-actions">
        <button type="button" onClick={onCreate}>Add relationship…</button>
        <button type="button" onClick={() => void query.refetch()}>Refresh</button>
      </div>
      <h4>Outgoing ({outgoing.length})</h4>
      {list(outgoing, 'out')}
      <h4>Incoming ({incoming.length})</h4>
      {list(incoming, 'in')}
    </div>
  );
}
