import { useEffect, useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { AdtClient } from '../../adt-client';
import type { IncomingRelationship, Relationship } from '../../../shared/adt';
import { deleteRelationship } from '../../api/relationships';
import { describeDeletion, planTwinDeletion, type DeletionPlan } from './twins-relationships';
import { ErrorNote, toShownError, type ShownError } from './errors';
import { deleteTwin, listTwinRelationships, twinsDeleted } from '../../api/twins';

const SHOWN = 20;

type State =
  | { kind: 'planning' }
  | { kind: 'ready'; plan: DeletionPlan }
  | { kind: 'deleting'; plan: DeletionPlan; done: number }
  | { kind: 'failed'; plan: DeletionPlan; error: ShownError; what: string }
  | { kind: 'planFailed'; error: ShownError };

/**
 * Confirms deleting twins, naming how many relationships go with them, then deletes those relationships first (ADT
 * refuses to delete a twin that still has any) and the twins after. What was deleted leaves the graph at once, so a
 * failure half-way leaves the graph matching the service.
 */
export function DeleteTwinsDialog({ client, twinIds, onClose }: { client: AdtClient; twinIds: readonly string[]; onClose: (deleted: boolean) => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [state, setState] = useState<State>({ kind: 'planning' });

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    (async () => {
      const outgoing = new Map<string, Relationship[]>();
      const incoming = new Map<string, IncomingRelationship[]>();
      for (const twinId of twinIds) {
        const lists = await listTwinRelationships(client, twinId, signal);
        outgoing.set(twinId, lists.outgoing);
        incoming.set(twinId, lists.incoming);
      }
      setState({ kind: 'ready', plan: planTwinDeletion(twinIds, outgoing, incoming) });
    })().catch((err: unknown) => {
      if (!signal.aborted) setState({ kind: 'planFailed', error: toShownError(err) });
    });
    return () => controller.abort();
  }, [client, twinIds]);

  const run = async (plan: DeletionPlan) => {
    let done = 0;
    setState({ kind: 'deleting', plan, done });
    for (const r of plan.relationships) {
      try {
        await deleteRelationship(queryClient, client, r);
      } catch (err) {
        setState({ kind: 'failed', plan, error: toShownError(err), what: `relationship ${r.relationshipId} of ${r.sourceId}` });
        return;
      }
      setState({ kind: 'deleting', plan, done: ++done });
    }
    for (const twinId of plan.twinIds) {
      try {
        await deleteTwin(client, twinId);
      } catch (err) {
        setState({ kind: 'failed', plan, error: toShownError(err), what: `twin ${twinId}` });
        return;
      }
      setState({ kind: 'deleting', plan, done: ++done });
    }
    await twinsDeleted(queryClient, client, plan.twinIds);
    onClose(true);
  };

  const plan = state.kind === 'planning' || state.kind === 'planFailed' ? null : state.plan;
  const total = plan ? plan.relationships.length + plan.twinIds.length : 0;
  return (
    <div role="dialog" aria-labelledby={`${id}-title`} className="insp-dialog">
      <h4 id={`${id}-title`}>{twinIds.length === 1 ? 'Delete twin' : `Delete ${twinIds.length} twins`}</h4>
      {state.kind === 'planning' ? <p role="status">Counting relationships…</p> : null}
      {state.kind === 'planFailed' ? <ErrorNote error={state.error} label="Delete error" /> : null}
      {plan ? (
        <>
          <p data-testid="delete-summary">{describeDeletion(plan)}</p>
          {plan.relationships.length > 0 ? (
            <ul className="insp-rels" aria-label="Relationships that will be deleted">
              {plan.relationships.slice(0, SHOWN).map((r) => (
                <li key={`${r.sourceId}/${r.relationshipId}`}>{r.sourceId} — {r.name} → {r.targetId ?? '?'}</li>
              ))}
              {plan.relationships.length > SHOWN ? <li className="insp-muted">and {plan.relationships.length - SHOWN} more</li> : null}
            </ul>
          ) : null}
        </>
      ) : null}
      {state.kind === 'deleting' ? <p role="status">Deleting… {state.done} of {total}</p> : null}
      {state.kind === 'failed' ? (
        <>
          <p>Could not delete {state.what}; what was deleted before it is gone from the graph.</p>
          <ErrorNote error={state.error} label="Delete error" />
        </>
      ) : null}
      <div className="insp-actions">
        <button type="button" className="insp-danger" disabled={state.kind !== 'ready'} onClick={() => plan && void run(plan)}>
          {plan ? `Delete ${plan.twinIds.length === 1 ? 'twin' : 'twins'}${plan.relationships.length > 0 ? ` and ${plan.relationships.length} ${plan.relationships.length === 1 ? 'relationship' : 'relationships'}` : ''}` : 'Delete'}
        </button>
        <button type="button" onClick={() => onClose(false)} disabled={state.kind === 'deleting'}>{state.kind === 'failed' ? 'Close' : 'Cancel'}</button>
      </div>
    </div>
  );
}
