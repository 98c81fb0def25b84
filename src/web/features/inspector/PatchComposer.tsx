import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import type { AdtClient } from '../../adt-client';
import type { DigitalTwin, PatchOperation } from '../../../shared/adt';
import type { ModelIndex } from '../../../shared/dtdl';
import type { Theme } from '../../stores/preferences';
import { useRetryAfterSignIn } from '../../stores/session';
import { analyzePatch } from './patch-document';
import { getTwin, ReadBackError, usePatchTwin } from '../../api/twins';
import { analyzeConflict, diffDocuments, type ConflictReport } from './patch-conflict';
import { EMPTY_PATCH, useDrafts } from './drafts';
import { ErrorNote, isStatus, toShownError, type ShownError } from './errors';
import { ChangeList } from './ChangeList';

// Monaco is loaded only when the composer is first shown.
const PatchEditor = lazy(() => import('../../editor/patch-editor'));

type Status =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'error'; error: ShownError }
  | { kind: 'conflict'; server: DigitalTwin; serverEtag: string | undefined; report: ConflictReport };

/**
 * The JSON Patch composer: Monaco with problems from the JSON Patch shape and the model, a before/after preview,
 * and a save that sends If-Match with the ETag of the twin the patch was written against. A 412 opens the conflict
 * view; the typed text lives in the drafts store, so nothing is lost whatever the user picks.
 */
export function PatchComposer({ client, twin, etag, index, theme, onTwin }: {
  client: AdtClient;
  twin: DigitalTwin;
  etag: string | undefined;
  index: ModelIndex | undefined;
  theme: Theme;
  /** The caller's copy of the twin is replaced (after a save, or by the server's version in a conflict). */
  onTwin: (twin: DigitalTwin, etag: string | undefined) => void;
}) {
  const twinId = twin.$dtId;
  const text = useDrafts((s) => s.patches[twinId]) ?? EMPTY_PATCH;
  const setText = useCallback((value: string) => useDrafts.getState().setPatch(twinId, value), [twinId]);
  const analysis = useMemo(() => analyzePatch(text, twin, index), [text, twin, index]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  // After a 401, "Sign in again" saves what the editor holds then, not what failed.
  const retryAfterSignIn = useRetryAfterSignIn(() => save());
  const [showPreview, setShowPreview] = useState(true);

  const { mutateAsync: patchTwin } = usePatchTwin(client);
  const send = useCallback(async (ops: PatchOperation[], base: DigitalTwin, ifMatch: string | undefined) => {
    setStatus({ kind: 'saving' });
    const sentText = useDrafts.getState().patches[twinId];
    let fresh;
    try {
      fresh = await patchTwin({ twinId, ops, ifMatch });
    } catch (err) {
      if (err instanceof ReadBackError) {
        // Saved: the draft goes; only the read-back failed.
        if (useDrafts.getState().patches[twinId] === sentText) useDrafts.getState().clearPatch(twinId);
        const shown = toShownError(err.cause);
        setStatus({ kind: 'error', error: { ...shown, message: `Saved, but reading the twin back failed: ${shown.message}` } });
      } else if (isStatus(err, 412)) {
        try {
          const server = await getTwin(client, twinId);
          setStatus({ kind: 'conflict', server: server.twin, serverEtag: server.etag, report: analyzeConflict(base, server.twin, ops) });
        } catch (reloadErr) {
          setStatus({ kind: 'error', error: toShownError(reloadErr) });
        }
      } else {
        setStatus({ kind: 'error', error: toShownError(err) });
        if (isStatus(err, 401)) retryAfterSignIn();
      }
      return;
    }
    // Text typed while the request was in flight is a new draft and stays.
    if (useDrafts.getState().patches[twinId] === sentText) useDrafts.getState().clearPatch(twinId);
    onTwin(fresh.twin, fresh.etag);
    setStatus({ kind: 'saved' });
  }, [client, twinId, onTwin, retryAfterSignIn, patchTwin]);

  const save = () => {
    if (!analysis.ok || !analysis.ops || status.kind === 'saving') return;
    void send(analysis.ops, twin, etag);
  };

  const errors = analysis.problems.filter((p) => p.severity === 'error');
  const warnings = analysis.problems.filter((p) => p.severity === 'warning');

  if (status.kind === 'conflict') {
    const { server, serverEtag, report } = status;
    const reload = () => {
      onTwin(server, serverEtag);
      setStatus({ kind: 'idle' });
    };
    const reapply = () => {
      const again = analyzePatch(text, server, index);
      onTwin(server, serverEtag);
      if (again.ok && again.ops) void send(again.ops, server, serverEtag);
      else setStatus({ kind: 'error', error: { code: 'PatchNoLongerApplies', message: 'Your patch does not apply to the current version of the twin; the problems are marked in the editor.', details: [] } });
    };
    return (
      <section className="insp-conflict" aria-labelledby="insp-conflict-title">
        <h4 id="insp-conflict-title">Someone else changed {twinId} since you loaded it</h4>
        <p>
          The service refused the patch (412 Precondition Failed): the twin&apos;s ETag is now <code>{serverEtag ?? 'unknown'}</code>.
          {' '}Your patch is kept.
        </p>
        {report.serverChanges.length === 0 ? (
          <p className="insp-muted">No property values differ; only the version changed.</p>
        ) : (
          <ChangeList changes={report.serverChanges} label="Changes on the server" overlapping={report.overlapping} beforeLabel="you loaded" afterLabel="server now" />
        )}
        {report.overlapping.length > 0 ? (
          <p className="insp-warning">Your patch writes {report.overlapping.length === 1 ? 'a value' : `${report.overlapping.length} values`} that changed on the server; re-applying overwrites them.</p>
        ) : null}
        <div className="insp-actions">
          <button type="button" onClick={reload}>Reload the twin and keep editing</button>
          <button type="button" onClick={reapply}>Re-apply my patch</button>
        </div>
        <details>
          <summary>Your patch</summary>
          <pre className="insp-json">{text}</pre>
        </details>
      </section>
    );
  }

  return (
    <div className="insp-patch">
      <p className="insp-muted">
        JSON Patch (add, replace, remove), checked against {twin.$metadata.$model}. Sent with If-Match: <code>{etag ?? '(none)'}</code>. Ctrl+Enter saves.
      </p>
      <div className="insp-patch__editor">
        <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
          <PatchEditor value={text} theme={theme} ariaLabel={`JSON Patch for ${twinId}`} markers={analysis.problems} onChange={setText} onSubmit={save} />
        </Suspense>
      </div>
      <ul className="insp-problems" aria-label="Patch problems" data-testid="patch-problems">
        {errors.map((p, i) => (
          <li key={`e${i}`} className="insp-problem insp-problem--error">{p.opIndex !== undefined ? `Operation ${p.opIndex}: ` : ''}{p.message}</li>
        ))}
        {warnings.map((p, i) => (
          <li key={`w${i}`} className="insp-problem insp-problem--warning">{p.opIndex !== undefined ? `Operation ${p.opIndex}: ` : ''}{p.message}</li>
        ))}
      </ul>
      <div className="insp-actions">
        <button type="button" onClick={save} disabled={!analysis.ok || status.kind === 'saving'}>
          {status.kind === 'saving' ? 'Saving…' : 'Save patch'}
        </button>
        <button type="button" onClick={() => setText(EMPTY_PATCH)} disabled={text === EMPTY_PATCH}>Clear</button>
        <label className="insp-check">
          <input type="checkbox" checked={showPreview} onChange={(e) => setShowPreview(e.target.checked)} /> Preview
        </label>
        <span role="status" className="insp-status">{status.kind === 'saved' ? 'Saved.' : ''}</span>
      </div>
      {status.kind === 'error' ? <ErrorNote error={status.error} label="Patch error" /> : null}
      {showPreview && analysis.after ? <PatchPreview before={twin} after={analysis.after} /> : null}
    </div>
  );
}

function PatchPreview({ before, after }: { before: DigitalTwin; after: Record<string, unknown> }) {
  const changes = useMemo(() => diffDocuments(before, after), [before, after]);
  return (
    <section className="insp-preview" aria-label="Preview">
      <ChangeList changes={changes} label="What the patch changes" beforeLabel="before" afterLabel="after" />
      <div className="insp-preview__sides">
        <div>
          <h5>Before</h5>
          {/* Focusable so that keyboard users can scroll a long twin (axe: scrollable-region-focusable). */}
          <pre className="insp-json" data-testid="preview-before" tabIndex={0}>{JSON.stringify(before, null, 2)}</pre>
        </div>
        <div>
          <h5>After</h5>
          <pre className="insp-json" data-testid="preview-after" tabIndex={0}>{JSON.stringify(after, null, 2)}</pre>
        </div>
      </div>
    </section>
  );
}
