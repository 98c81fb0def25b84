import { lazy, Suspense, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { AdtError, type AdtClient } from '../../adt-client';
import { SIGN_IN_AGAIN, useRetryAfterSignIn } from '../../stores/session';
import type { Theme } from '../../stores/preferences';
import { parseDtmi } from '../../../shared/dtdl';
import { localized, useUploadModels, type LoadedModels } from '../../api/models';
import { nextFreeVersion } from './model-helpers';
import type { ModelResult } from '../../api/models-upload';
import { checkDtdl, DTDL_TEMPLATES, interfaceIdsInText, renameIds } from '../../editor/dtdl-language';
import { useModelsUi } from './models-store';
import { uploadDocuments } from './operations';
import { MoveTwins } from './MoveTwins';

const DtdlEditor = lazy(() => import('../../editor/dtdl-editor'));

/** The DTDL editor with its problems list, templates, version raising, validation and upload. */
export function ModelEditor({ client, theme, data }: { client: AdtClient; theme: Theme; data: LoadedModels }) {
  const text = useModelsUi((s) => s.editorText);
  const baseId = useModelsUi((s) => s.editorBaseId);
  const setText = useModelsUi((s) => s.setEditorText);
  const loadEditor = useModelsUi((s) => s.loadEditor);
  const mode = useModelsUi((s) => s.editorMode);
  const pristine = useModelsUi((s) => s.editorText === s.editorLoaded);
  const selectedId = useModelsUi((s) => s.selectedId);
  const uploadModels = useUploadModels(client);
  const selected = selectedId && data.byId.has(selectedId) ? selectedId : null;
  const selectedText = selected ? `${JSON.stringify(data.byId.get(selected)?.model ?? {}, null, 2)}\n` : null;

  // The editor opened from the workspace shows the selected model, unless the author has text of their own in it.
  useEffect(() => {
    if (mode !== 'selected' || !selected || selectedText === null) return;
    const s = useModelsUi.getState();
    if (s.editorText === s.editorLoaded && s.editorText !== selectedText) loadEditor(selectedText, selected);
  }, [mode, selected, selectedText, loadEditor]);
  const showsSelected = selectedText !== null && text === selectedText;
  const deferred = useDeferredValue(text);
  const check = useMemo(() => checkDtdl(deferred, data.index), [deferred, data.index]);
  const [reveal, setReveal] = useState<{ lineNumber: number; column: number; nonce: number } | null>(null);
  const [validated, setValidated] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string; results: ModelResult[] } | null>(null);
  const [moveTarget, setMoveTarget] = useState<{ from: string; to: string } | null>(null);
  // After a 401, "Sign in again" uploads what the editor holds then.
  const retryAfterSignIn = useRetryAfterSignIn(() => void upload());

  const ids = useMemo(() => interfaceIdsInText(deferred), [deferred]);
  const existing = ids.filter((id) => data.byId.has(id));
  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = check.diagnostics.length - errors;

  const raiseVersion = () => {
    const taken = new Set([...data.byId.keys(), ...ids]);
    const mapping = new Map<string, string>();
    for (const id of existing) {
      const next = nextFreeVersion(id, taken);
      if (next) { mapping.set(id, next); taken.add(next); }
    }
    setText(renameIds(text, mapping), existing.length === 1 ? existing[0] : baseId);
  };

  const validate = () => {
    const now = checkDtdl(text, data.index);
    const e = now.diagnostics.filter((d) => d.severity === 'error').length;
    setValidated(e === 0
      ? `Valid: ${interfaceIdsInText(text).length} model${interfaceIdsInText(text).length === 1 ? '' : 's'}${now.diagnostics.length ? `, ${now.diagnostics.length} warning${now.diagnostics.length === 1 ? '' : 's'}` : ''}.`
      : `${e} error${e === 1 ? '' : 's'}: see the problems below.`);
  };

  const upload = async () => {
    const now = checkDtdl(text, data.index);
    setOutcome(null);
    setMoveTarget(null);
    if (!now.ok) {
      const e = now.diagnostics.filter((d) => d.severity === 'error').length;
      setOutcome({ ok: false, text: `Not uploaded: fix the ${e} error${e === 1 ? '' : 's'} first.`, results: [] });
      return;
    }
    setUploading(true);
    try {
      const results = await uploadDocuments(uploadModels.mutateAsync, now.documents, 'Upload from the editor');
      const created = results.filter((r) => r.status === 'created');
      const other = results.filter((r) => r.status !== 'created');
      setOutcome({
        ok: other.length === 0 && created.length > 0,
        text: created.length > 0
          ? `Uploaded ${created.map((r) => r.id).join(', ')}.${other.length ? ` ${other.length} not uploaded.` : ''}`
          : 'Nothing was uploaded.',
        results: other,
      });
      // An upload of a new version of the model the editor started from: offer to move its twins.
      const basePath = baseId ? parseDtmi(baseId)?.path : undefined;
      const newVersion = created.find((r) => basePath !== undefined && parseDtmi(r.id)?.path === basePath && r.id !== baseId);
      if (baseId && newVersion) setMoveTarget({ from: baseId, to: newVersion.id });
    } catch (err) {
      const unauthorized = err instanceof AdtError && err.status === 401;
      setOutcome({ ok: false, text: `Upload failed: ${err instanceof Error ? err.message : String(err)}${unauthorized ? ` ${SIGN_IN_AGAIN}` : ''}`, results: [] });
      if (unauthorized) retryAfterSignIn();
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="models-editor">
      <div className="models-actions" role="toolbar" aria-label="Editor actions">
        <label className="field">
          <span>Template</span>
          <select
            aria-label="Template"
            value=""
            onChange={(e) => {
              const t = DTDL_TEMPLATES.find((x) => x.id === e.target.value);
              // Undoable in the editor (Ctrl+Z), so a template never costs the author their text.
              if (t) setText(t.text, null);
            }}
          >
            <option value="">New from template…</option>
            {DTDL_TEMPLATES.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
          </select>
        </label>
        <label className="models-file-button">
          Open file…
          <input
            type="file"
            accept=".json,application/json"
            aria-label="Open a file in the editor"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void file.text().then((t) => setText(t, null));
            }}
          />
        </label>
        {selected && !showsSelected ? (
          <button
            type="button"
            onClick={() => selectedText !== null && loadEditor(selectedText, selected)}
            title={pristine ? `Show ${selected} in the editor` : `Replace the editor's text with ${selected} (Ctrl+Z brings it back)`}
          >
            {`Edit ${localized(data.byId.get(selected)?.displayName) ?? selected.replace(/^dtmi:.*:/, '')}`}
          </button>
        ) : null}
        <button type="button" onClick={raiseVersion} disabled={existing.length === 0} title="Give models that already exist the next free version">
          Raise version
        </button>
        <button type="button" onClick={validate}>Validate</button>
        <button type="button" className="primary" onClick={() => void upload()} disabled={uploading}>
          {uploading ? 'Uploading…' : 'Upload'}
        </button>
      </div>
      <div className="models-editor__status">
        {validated ? <p role="status" data-testid="validate-result">{validated}</p> : null}
        {outcome ? (
          <div role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'models-ok' : 'models-error'} data-testid="editor-upload-result">
            <p>{outcome.text}</p>
            {outcome.results.length ? (
              <ul>
                {outcome.results.map((r) => <li key={r.id}>{`${r.id}: ${r.code ? `${r.code}: ` : ''}${r.message ?? r.status}`}</li>)}
              </ul>
            ) : null}
          </div>
        ) : null}
        {existing.length > 0 ? (
          <p className="models-muted">{`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}. Models are immutable: raise the version to upload a change.`}</p>
        ) : null}
      </div>
      {moveTarget ? <MoveTwins client={client} from={moveTarget.from} to={moveTarget.to} /> : null}
      <div className="models-editor__body">
        <Suspense fallback={<div className="editor-loading" aria-busy="true">Loading editor…</div>}>
          <DtdlEditor
            value={text}
            onChange={(t) => setText(t)}
            theme={theme}
            ariaLabel="DTDL editor"
            index={data.index}
            diagnostics={check.diagnostics}
            reveal={reveal}
          />
        </Suspense>
      </div>
      <section className="models-problems" aria-label="Problems">
        <h4>{errors + warnings === 0 ? 'No problems' : `Problems: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`}</h4>
        <ul>
          {check.diagnostics.map((d, i) => (
            <li key={`${d.code}-${i}`} className={`models-problem models-problem--${d.severity}`}>
              <button
                type="button"
                className="link-button"
                onClick={() => setReveal({ lineNumber: d.range.startLineNumber, column: d.range.startColumn, nonce: Date.now() })}
              >
                {`Line ${d.range.startLineNumber}, column ${d.range.startColumn}`}
              </button>
              <span>{` ${d.severity}: ${d.message}`}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
