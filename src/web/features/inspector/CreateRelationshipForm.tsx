import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AdtClient } from '../../adt-client';
import type { ModelIndex } from '../../../shared/dtdl';
import { useGraphStore } from '../../stores/graph';
import { fieldsForRelationship, parseFieldInput } from './twins-form';
import { relationshipNamesFor, suggestRelationshipId } from './twins-relationships';
import { FieldControl } from './FieldControl';
import { ErrorNote, isStatus, toShownError, type ShownError } from './errors';
import { useCreateRelationship } from '../../api/relationships';
import { twinQueryOptions } from '../../api/twins';
import { useGraphTwin } from '../../api/graph-data';

const MAX_SUGGESTIONS = 50;

/** Loaded twin ids containing the typed text, for the search-as-you-type suggestions (capped: the graph may hold 50k). */
function matchingIds(ids: Iterable<string>, typed: string): string[] {
  const needle = typed.trim().toLowerCase();
  const out: string[] = [];
  for (const id of ids) {
    if (out.length >= MAX_SUGGESTIONS) break;
    if (id.toLowerCase().includes(needle) && id !== typed) out.push(id);
  }
  return out;
}

/** The model of a twin: from the graph when loaded, else read from the service once the id has settled. */
function useTwinModel(client: AdtClient, twinId: string) {
  const inGraph = useGraphTwin(client, twinId)?.$metadata.$model;
  const [settled, setSettled] = useState(twinId);
  useEffect(() => {
    const t = setTimeout(() => setSettled(twinId), 400);
    return () => clearTimeout(t);
  }, [twinId]);
  const query = useQuery({
    ...twinQueryOptions(client, settled),
    select: (v) => v.twin.$metadata.$model,
    enabled: inGraph === undefined && settled !== '' && settled === twinId,
    retry: false,
  });
  if (inGraph !== undefined) return { modelId: inGraph, missing: false, checking: false };
  const checking = twinId !== '' && (settled !== twinId || query.isFetching);
  return { modelId: query.data, missing: !checking && query.isError && isStatus(query.error, 404), checking };
}

/**
 * Creates a relationship. Source and target come from the graph selection or are typed (with the loaded twins
 * offered); the names offered are those the source model allows, inherited ones included, that accept the target.
 */
export function CreateRelationshipForm({ client, index, initialSource, initialTarget, picked, onDone }: {
  client: AdtClient;
  index: ModelIndex | undefined;
  initialSource: string;
  initialTarget?: string | undefined;
  /** The twin currently selected in the graph, offered as source or target. */
  picked?: string | undefined;
  onDone: () => void;
}) {
  const id = useId();
  const createRelationship = useCreateRelationship(client);
  const [source, setSource] = useState(initialSource);
  const [target, setTarget] = useState(initialTarget ?? '');
  const [name, setName] = useState('');
  const [relId, setRelId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [values, setValues] = useState<Map<string, string>>(new Map());
  const [fieldErrors, setFieldErrors] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  const twinIds = useGraphStore((s) => s.model.twinIds);
  const sourceSuggestions = useMemo(() => matchingIds(twinIds, source), [twinIds, source]);
  const targetSuggestions = useMemo(() => matchingIds(twinIds, target), [twinIds, target]);

  const sourceModel = useTwinModel(client, source.trim());
  const targetModel = useTwinModel(client, target.trim());
  const names = useMemo(
    () => (index && sourceModel.modelId ? relationshipNamesFor(index, sourceModel.modelId, targetModel.modelId) : []),
    [index, sourceModel.modelId, targetModel.modelId],
  );
  const chosen = names.some((n) => n.name === name) ? name : (names[0]?.name ?? '');
  const fields = useMemo(
    () => (index && sourceModel.modelId && chosen ? fieldsForRelationship(index, sourceModel.modelId, chosen) : []),
    [index, sourceModel.modelId, chosen],
  );
  const suggestedId = chosen && source && target ? suggestRelationshipId(source.trim(), chosen, target.trim()) : '';
  const effectiveId = idEdited ? relId : suggestedId;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setCreated(null);
    const problems = new Map<string, string>();
    const props: Record<string, unknown> = {};
    for (const f of fields) {
      const parsed = parseFieldInput(f.schema, values.get(f.pointer) ?? '');
      if (parsed.kind === 'error') problems.set(f.pointer, parsed.message);
      else if (parsed.kind === 'value') props[f.name] = parsed.value;
    }
    setFieldErrors(problems);
    if (problems.size > 0 || !chosen || !effectiveId) return;
    const src = source.trim();
    const tgt = target.trim();
    setBusy(true);
    try {
      await createRelationship.mutateAsync({ sourceId: src, relationshipId: effectiveId, targetId: tgt, name: chosen, properties: props });
      setCreated(`${chosen} ${src} → ${tgt}`);
    } catch (err) {
      setError(isStatus(err, 412)
        ? { status: 412, code: 'RelationshipAlreadyExists', message: `${src} already has a relationship with id ${effectiveId}. Choose another id.`, details: [] }
        : toShownError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="insp-create" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>New relationship</h4>
      <datalist id={`${id}-sources`}>
        {sourceSuggestions.map((t) => <option key={t} value={t} />)}
      </datalist>
      <datalist id={`${id}-targets`}>
        {targetSuggestions.map((t) => <option key={t} value={t} />)}
      </datalist>
      <div className="insp-field">
        <label htmlFor={`${id}-source`}>Source twin</label>
        <input id={`${id}-source`} list={`${id}-sources`} value={source} onChange={(e) => setSource(e.target.value)} />
        {sourceModel.missing ? <div className="insp-field__error">No twin has this id.</div> : null}
        {sourceModel.modelId ? <div className="insp-muted">{sourceModel.modelId}</div> : null}
      </div>
      <div className="insp-field">
        <label htmlFor={`${id}-target`}>Target twin</label>
        <input
          id={`${id}-target`}
          list={`${id}-targets`}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          placeholder="Pick in the graph or type an id"
          aria-invalid={targetModel.missing}
          aria-describedby={targetModel.missing ? `${id}-target-error` : undefined}
        />
        {picked && picked !== target.trim() && picked !== source.trim() ? (
          <button type="button" className="link-button" onClick={() => setTarget(picked)}>Use the selected twin {picked}</button>
        ) : null}
        {targetModel.missing ? <div id={`${id}-target-error`} className="insp-field__error" role="alert">No twin has this id: a relationship needs a target that exists.</div> : null}
        {targetModel.checking ? <div className="insp-muted">Checking the twin…</div> : null}
        {targetModel.modelId ? <div className="insp-muted">{targetModel.modelId}</div> : null}
      </div>
      <div className="insp-field">
        <label htmlFor={`${id}-name`}>Relationship</label>
        <select id={`${id}-name`} value={chosen} onChange={(e) => setName(e.target.value)} disabled={names.length === 0}>
          {names.length === 0 ? <option value="">{sourceModel.modelId ? 'No relationship of the source model accepts this target' : 'Choose the source first'}</option> : null}
          {names.map((n) => (
            <option key={n.name} value={n.name}>{n.name}{n.target ? ` (to ${n.target})` : ''}{n.definedIn !== sourceModel.modelId ? ' · inherited' : ''}</option>
          ))}
        </select>
      </div>
      <div className="insp-field">
        <label htmlFor={`${id}-relid`}>Relationship id</label>
        <input id={`${id}-relid`} value={effectiveId} onChange={(e) => { setIdEdited(true); setRelId(e.target.value); }} />
      </div>
      {fields.map((f) => (
        <FieldControl key={f.pointer} field={f} value={values.get(f.pointer) ?? ''} error={fieldErrors.get(f.pointer)}
          onChange={(v) => setValues((prev) => new Map(prev).set(f.pointer, v))} />
      ))}
      <ErrorNote error={error} label="Create relationship error" />
      {created ? <p role="status">Created {created}.</p> : null}
      <div className="insp-actions">
        <button type="submit" disabled={busy || !chosen || !effectiveId || !target.trim() || targetModel.missing || sourceModel.missing || targetModel.checking}>{busy ? 'Creating…' : 'Create relationship'}</button>
        <button type="button" onClick={onDone}>{created ? 'Done' : 'Cancel'}</button>
      </div>
    </form>
  );
}
