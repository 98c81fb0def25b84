import { useId, useMemo, useState, type FormEvent } from 'react';
import type { AdtClient } from '../../adt-client';
import type { ModelData } from '../../../shared/adt';
import type { ModelIndex } from '../../../shared/dtdl';
import { useGraphStore } from '../../stores/graph';
import { useCreateTwin } from '../../api/twins';
import { buildTwinFromForm, fieldsForModel, initialTwin, validateTwinId } from './twins-form';
import { modelChoices } from '../../api/twins-models';
import { ModelOptions } from '../../components/ModelOptions';
import { FieldControl } from './FieldControl';
import { ErrorNote, isStatus, toShownError, type ShownError } from './errors';

/**
 * Creates a twin of a model: a field per property (own, inherited, components), components initialised with
 * `{"$metadata": {}}`, checked against the model before sending, and created with If-None-Match: * so an existing
 * twin is never overwritten by accident.
 */
export function CreateTwinForm({ client, index, models, initialModelId, onCreated, onCancel }: {
  client: AdtClient;
  index: ModelIndex;
  models: readonly ModelData[];
  initialModelId: string;
  onCreated: (twinId: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [modelId, setModelId] = useState(initialModelId);
  const [twinId, setTwinId] = useState('');
  const [values, setValues] = useState<Map<string, string>>(new Map());
  const [problems, setProblems] = useState<Map<string, string[]>>(new Map());
  const [idError, setIdError] = useState<string | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  // Created with If-None-Match: * and put into the cache and the graph by the api module.
  const create = useCreateTwin(client);

  const { fields, components } = useMemo(() => fieldsForModel(modelId, index), [modelId, index]);
  const choices = useMemo(() => modelChoices(models.filter((m) => !m.decommissioned || m.id === initialModelId)), [models, initialModelId]);
  const known = index.has(modelId);
  const preview = useMemo(() => (known ? buildTwinFromForm(modelId, index, values).twin : initialTwin(modelId, index)), [known, modelId, index, values]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const idProblem = validateTwinId(twinId);
    setIdError(idProblem);
    const result = buildTwinFromForm(modelId, index, values);
    setProblems(result.problems);
    if (idProblem || result.problems.size > 0) return;
    try {
      const { body } = await create.mutateAsync({ twinId, twin: result.twin });
      useGraphStore.getState().select([body.$dtId]);
      onCreated(body.$dtId);
    } catch (err) {
      if (isStatus(err, 412)) setIdError(`A twin with the id ${twinId} already exists.`);
      else setError(toShownError(err));
    }
  };
  const busy = create.isPending;

  const formProblems = problems.get('') ?? [];
  return (
    <form className="insp-create" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>New twin</h3>
      <div className="insp-field">
        <label htmlFor={`${id}-model`}>Model</label>
        <select id={`${id}-model`} value={modelId} title={modelId} onChange={(e) => { setModelId(e.target.value); setValues(new Map()); setProblems(new Map()); }}>
          {choices.some((c) => c.id === modelId) ? null : <option value={modelId}>{modelId}</option>}
          <ModelOptions choices={choices} />
        </select>
        {known ? null : <div className="insp-field__error">This model is not in the environment.</div>}
      </div>
      <div className="insp-field">
        <label htmlFor={`${id}-twinid`}>Twin id</label>
        <input id={`${id}-twinid`} value={twinId} onChange={(e) => { setTwinId(e.target.value); setIdError(null); }}
          aria-invalid={idError ? true : undefined} aria-describedby={idError ? `${id}-twinid-error` : undefined} autoComplete="off" />
        {idError ? <div id={`${id}-twinid-error`} className="insp-field__error">{idError}</div> : null}
      </div>
      {fields.length > 0 ? <h4>Initial values <span className="insp-muted">(empty = not set)</span></h4> : null}
      {fields.map((f) => (
        <FieldControl key={f.pointer} field={f} value={values.get(f.pointer) ?? ''} error={problems.get(f.pointer)?.join(' ')}
          onChange={(v) => setValues((prev) => new Map(prev).set(f.pointer, v))} />
      ))}
      {components.length > 0 ? (
        <p className="insp-muted">Components {components.map((c) => c.name).join(', ')} are created with {'{"$metadata": {}}'}.</p>
      ) : null}
      {formProblems.length > 0 ? <ul className="insp-problems">{formProblems.map((p, i) => <li key={i} className="insp-problem insp-problem--error">{p}</li>)}</ul> : null}
      <ErrorNote error={error} label="Create twin error" />
      <details>
        <summary>Request body</summary>
        <pre className="insp-json">{JSON.stringify(preview, null, 2)}</pre>
      </details>
      <div className="insp-actions">
        <button type="submit" disabled={busy || !known}>{busy ? 'Creating…' : 'Create twin'}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
