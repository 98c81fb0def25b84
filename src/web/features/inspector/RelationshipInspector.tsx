import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdtClient } from '../../adt-client';
import type { Relationship } from '../../../shared/adt';
import type { ModelIndex } from '../../../shared/dtdl';
import { useGraphTwin } from '../../api/graph-data';
import { patchRelationship, relationshipQueryOptions, useDeleteRelationship } from '../../api/relationships';
import { fieldsForRelationship, formatFieldValue, opsFromEdits, valueAtPointer } from './twins-form';
import { previewValue } from './patch-conflict';
import { FieldControl } from './FieldControl';
import { ErrorNote, isStatus, toShownError, type ShownError } from './errors';
import { openTwin } from './links';

const SYSTEM = new Set(['$relationshipId', '$sourceId', '$targetId', '$relationshipName', '$etag']);

/** A relationship: its ends as links, its properties editable (ETag-conditional), and delete. */
export function RelationshipInspector({ client, stored, index }: {
  client: AdtClient;
  stored: Relationship;
  index: ModelIndex | undefined;
}) {
  const queryClient = useQueryClient();
  const sourceId = stored.$sourceId;
  const relationshipId = stored.$relationshipId;
  const query = useQuery(relationshipQueryOptions(client, sourceId, relationshipId));
  const deleteRelationship = useDeleteRelationship(client);
  const rel = query.data?.rel ?? stored;
  const etag = query.data?.etag ?? stored.$etag;
  const sourceModel = useGraphTwin(client, sourceId)?.$metadata.$model;
  const fields = useMemo(
    () => (index && sourceModel ? fieldsForRelationship(index, sourceModel, rel.$relationshipName) : []),
    [index, sourceModel, rel.$relationshipName],
  );
  const [edits, setEdits] = useState<Map<string, string>>(new Map());
  const [fieldErrors, setFieldErrors] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saved, setSaved] = useState(false);

  const save = async () => {
    setError(null);
    setSaved(false);
    const result = opsFromEdits(rel, fields, edits);
    setFieldErrors(result.problems);
    if (result.problems.size > 0 || result.ops.length === 0) return;
    setBusy(true);
    try {
      await patchRelationship(queryClient, client, sourceId, relationshipId, result.ops, etag);
      setEdits(new Map());
      setSaved(true);
    } catch (err) {
      setError(isStatus(err, 412)
        ? { status: 412, code: 'PreconditionFailed', message: 'The relationship changed on the server since it was loaded. Reload it; your edits stay in the form.', details: [] }
        : toShownError(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteRelationship.mutateAsync({ sourceId, relationshipId, targetId: rel.$targetId, ifMatch: etag });
    } catch (err) {
      setError(toShownError(err));
      setBusy(false);
    }
  };

  const link = (twinId: string) => (
    <button type="button" className="link-button" onClick={() => openTwin(client, twinId).catch((err: unknown) => setError(toShownError(err)))}
      aria-label={`Show twin ${twinId}`}>{twinId}</button>
  );
  const modelled = new Set(fields.map((f) => f.name));
  const extra = Object.entries(rel).filter(([k]) => !SYSTEM.has(k) && !modelled.has(k));
  const dirty = edits.size > 0;

  return (
    <div className="insp-relationship">
      <header className="insp-header">
        <h3 className="insp-title">
          <span className="insp-muted">Relationship </span>{rel.$relationshipName}
        </h3>
        <dl className="insp-facts">
          <dt>Id</dt><dd><code>{rel.$relationshipId}</code></dd>
          <dt>Source</dt><dd>{link(rel.$sourceId)}</dd>
          <dt>Target</dt><dd>{link(rel.$targetId)}</dd>
          <dt>ETag</dt><dd><code>{etag ?? 'unknown'}</code></dd>
        </dl>
      </header>
      {query.isError ? <ErrorNote error={toShownError(query.error)} label="Relationship load error" /> : null}
      <h4>Properties</h4>
      {!sourceModel ? <p className="insp-muted">Load the source twin to edit properties with its model.</p> : null}
      {sourceModel && fields.length === 0 ? <p className="insp-muted">The model defines no properties for {rel.$relationshipName}.</p> : null}
      {fields.map((f) => {
        const current = valueAtPointer(rel, f);
        return (
          <div key={f.pointer} className={`insp-prop ${current.set ? 'insp-prop--set' : 'insp-prop--unset'}`}>
            <FieldControl field={f} value={edits.get(f.pointer) ?? formatFieldValue(f.schema, current.value)} error={fieldErrors.get(f.pointer)}
              onChange={(v) => { setEdits((prev) => new Map(prev).set(f.pointer, v)); setSaved(false); }} />
            <span className={current.set ? 'insp-badge insp-badge--set' : 'insp-badge'}>{current.set ? 'set' : 'unset'}</span>
          </div>
        );
      })}
      {extra.length > 0 ? (
        <ul className="insp-props" aria-label="Other properties">
          {extra.map(([k, v]) => <li key={k}><span className="insp-field__name">{k}</span> <code>{previewValue(v)}</code></li>)}
        </ul>
      ) : null}
      <ErrorNote error={error} label="Relationship error" />
      <div className="insp-actions">
        {fields.length > 0 ? <button type="button" onClick={() => void save()} disabled={!dirty || busy}>Save properties</button> : null}
        <button type="button" onClick={() => void query.refetch()}>Reload</button>
        {confirmDelete ? (
          <>
            <button type="button" className="insp-danger" onClick={() => void remove()} disabled={busy}>Delete relationship</button>
            <button type="button" onClick={() => setConfirmDelete(false)}>Keep</button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmDelete(true)}>Delete…</button>
        )}
        <span role="status">{saved ? 'Saved.' : ''}</span>
      </div>
    </div>
  );
}
