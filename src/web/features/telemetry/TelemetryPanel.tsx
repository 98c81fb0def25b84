import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Schema } from '../../../shared/dtdl';
import type { AdtClient } from '../../adt-client';
import { randomUuid } from '../../adt-client';
import { useModels } from '../../api/models';
import { twinQueryOptions } from '../../api/twins';
import { useGraphTwin } from '../../api/graph-data';
import { useGraphStore } from '../../stores/graph';
import type { FieldError, FormState, FormValue, RandomRange, TelemetryField } from './telemetry-form';
import { buildPayload, checkRange, initialForm, numericPaths, targetInterface, telemetryFields } from './telemetry-form';
import { useTelemetry } from './telemetry-store';
import { AutoSendStatus } from './AutoSendStatus';
import './telemetry.css';

function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) return `${String(err.code)}: ${String(err.message)}`;
  return err instanceof Error ? err.message : String(err);
}

function useSelectedTwinId(): string | undefined {
  return useGraphStore((s) => {
    for (const id of s.model.selection) if (s.model.twinIds.has(id)) return id;
    return undefined;
  });
}

export function TelemetryPanel({ client }: { client: AdtClient | null }) {
  if (!client) return <div className="empty-state"><p>Connect to an environment to send telemetry.</p></div>;
  return <TelemetryForm client={client} />;
}

function TelemetryForm({ client }: { client: AdtClient }) {
  const selected = useSelectedTwinId();
  const twinId = useTelemetry((s) => s.target.twinId);
  const componentName = useTelemetry((s) => s.target.componentName);
  const setTarget = useTelemetry((s) => s.setTarget);
  const setTwinId = (id: string) => setTarget({ twinId: id });
  const setComponentName = (name: string) => setTarget({ componentName: name });
  useEffect(() => {
    // Follow the graph selection when it changes, but not on every mount: the tab unmounts when another is opened.
    if (selected && selected !== useTelemetry.getState().target.seenSelection) setTarget({ twinId: selected, seenSelection: selected });
  }, [selected, setTarget]);
  const shownTwin = useGraphTwin(client, twinId);

  const loaded = useModels(client);
  const models = { ...loaded, data: loaded.data?.index };
  const fetched = useQuery({
    ...twinQueryOptions(client, twinId),
    enabled: twinId.trim() !== '' && !shownTwin,
    staleTime: 30_000,
    select: (v) => v.twin,
  });
  const twin = shownTwin ?? fetched.data;
  const modelId = twin?.$metadata.$model;
  const index = models.data;

  const components = useMemo(() => (index && modelId ? [...(index.resolve(modelId)?.components.keys() ?? [])] : []), [index, modelId]);
  useEffect(() => {
    // Only once the model is known: while it loads, `components` is empty and would clear a kept choice.
    if (componentName && modelId && index && !components.includes(componentName)) setTarget({ componentName: '' });
  }, [components, componentName, modelId, index, setTarget]);

  const fields = useMemo(
    () => (index && modelId ? telemetryFields(targetInterface(index, modelId, componentName || undefined)) : []),
    [index, modelId, componentName],
  );

  const draftKey = `${twinId}\u0000${componentName}\u0000${modelId ?? ''}\u0000${fields.length}`;
  return (
    <div className="telemetry-panel">
      <div className="telemetry-target">
        <label className="telemetry-field">
          <span>Twin id</span>
          <input value={twinId} list="telemetry-twins" onChange={(e) => setTwinId(e.target.value)} placeholder="select a twin or type its id" />
        </label>
        <TwinOptions />
        <label className="telemetry-field">
          <span>Component</span>
          <select value={componentName} onChange={(e) => setComponentName(e.target.value)} disabled={components.length === 0}>
            <option value="">(the twin itself)</option>
            {components.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <span className="telemetry-muted">
          {fetched.isFetching || models.isFetching ? 'Loading…' : modelId ? `Model ${modelId}` : ''}
        </span>
      </div>
      {fetched.error ? <p className="telemetry-error" role="alert">Twin {twinId}: {errorText(fetched.error)}</p> : null}
      {models.error ? <p className="telemetry-error" role="alert">Could not read the models: {errorText(models.error)}</p> : null}
      <AutoSendStatus />
      <div className="telemetry-columns">
        {twinId.trim() !== '' ? (
          <SendForm
            key={draftKey}
            draftKey={draftKey}
            client={client}
            twinId={twinId.trim()}
            componentName={componentName || undefined}
            fields={fields}
            modelKnown={!!modelId && !!index}
          />
        ) : (
          <p className="telemetry-muted">Select a twin in the graph, or type a twin id.</p>
        )}
        <History client={client} />
      </div>
    </div>
  );
}

function TwinOptions() {
  const twinIds = useGraphStore((s) => s.model.twinIds);
  const ids = useMemo(() => [...twinIds].slice(0, 500), [twinIds]);
  return <datalist id="telemetry-twins">{ids.map((id) => <option key={id} value={id} />)}</datalist>;
}

function FieldInput({ path, schema, value, onChange, error }: {
  path: string; schema: Schema; value: FormValue; onChange: (v: FormValue) => void; error: FieldError | undefined;
}) {
  if (schema.kind === 'object' && typeof value !== 'string') {
    return (
      <fieldset className="telemetry-object">
        <legend>{path}</legend>
        {schema.fields.map((f) => (
          <FieldInput
            key={f.name}
            path={`${path}.${f.name}`}
            schema={f.schema}
            value={value[f.name] ?? ''}
            onChange={(v) => onChange({ ...value, [f.name]: v })}
            error={undefined}
          />
        ))}
      </fieldset>
    );
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (schema.kind === 'enum') {
    return (
      <select aria-label={path} value={text} onChange={(e) => onChange(e.target.value)}>
        {schema.values.map((v) => <option key={String(v.value)} value={String(v.value)}>{v.name}</option>)}
      </select>
    );
  }
  if (schema.kind === 'primitive' && schema.name === 'boolean') {
    return (
      <select aria-label={path} value={text} onChange={(e) => onChange(e.target.value)}>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  }
  const json = schema.kind === 'map' || schema.kind === 'array';
  const numeric = schema.kind === 'primitive' && ['double', 'float', 'integer', 'long'].includes(schema.name);
  return (
    <input
      aria-label={path}
      className={json ? 'telemetry-json' : undefined}
      inputMode={numeric ? 'decimal' : undefined}
      value={text}
      aria-invalid={!!error}
      placeholder={json ? 'JSON' : schema.kind === 'primitive' ? schema.name : ''}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

function schemaLabel(schema: Schema): string {
  switch (schema.kind) {
    case 'primitive': return schema.name;
    case 'enum': return `enum of ${schema.valueSchema}`;
    case 'object': return 'object';
    case 'map': return 'map';
    case 'array': return 'array';
  }
}

function SendForm({ client, twinId, componentName, fields, modelKnown, draftKey }: {
  client: AdtClient; twinId: string; componentName: string | undefined; fields: TelemetryField[]; modelKnown: boolean; draftKey: string;
}) {
  const send = useTelemetry((s) => s.send);
  const auto = useTelemetry((s) => s.auto);
  const startAuto = useTelemetry((s) => s.startAuto);
  const saveDraft = useTelemetry((s) => s.saveDraft);
  const [draft] = useState(() => useTelemetry.getState().drafts[draftKey]);
  const [form, setForm] = useState<FormState>(() => draft?.form ?? initialForm(fields));
  const [rawJson, setRawJson] = useState(draft?.rawJson ?? '{\n  \n}');
  const [messageId, setMessageId] = useState(() => randomUuid());
  const [sourceTime, setSourceTime] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [everySeconds, setEverySeconds] = useState(draft?.everySeconds ?? '5');
  const [ranges, setRanges] = useState<Record<string, { min: string; max: string; on: boolean }>>(draft?.ranges ?? {});
  useEffect(() => {
    saveDraft(draftKey, { form, rawJson, everySeconds, ranges });
  }, [saveDraft, draftKey, form, rawJson, everySeconds, ranges]);
  const [autoError, setAutoError] = useState<string | null>(null);
  const numeric = useMemo(() => numericPaths(fields), [fields]);
  const useJson = fields.length === 0;

  const payloadNow = (): { ok: true; payload: Record<string, unknown> } | { ok: false; errors: FieldError[] } => {
    if (!useJson) return buildPayload(fields, form);
    try {
      const v: unknown = JSON.parse(rawJson);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, errors: [{ path: '', message: 'The payload must be a JSON object.' }] };
      return { ok: true, payload: v as Record<string, unknown> };
    } catch (err) {
      return { ok: false, errors: [{ path: '', message: `The payload is not valid JSON: ${err instanceof Error ? err.message : String(err)}` }] };
    }
  };

  const onSend = async () => {
    setSendError(null);
    const p = payloadNow();
    if (!p.ok) {
      setErrors(p.errors);
      return;
    }
    setErrors([]);
    if (sourceTime.trim() !== '' && Number.isNaN(Date.parse(sourceTime))) {
      setErrors([{ path: 'sourceTime', message: 'Enter the source time as an ISO 8601 date-time, e.g. 2024-05-01T12:00:00Z.' }]);
      return;
    }
    setSending(true);
    const result = await send(client, {
      twinId, componentName, payload: p.payload, messageId: messageId.trim() || randomUuid(), sourceTime: sourceTime.trim() || undefined,
    });
    setSending(false);
    if (result.status === 'failed') setSendError(result.error ?? 'The send failed.');
    else setMessageId(randomUuid());
  };

  const onStartAuto = () => {
    setAutoError(null);
    const seconds = Number(everySeconds);
    if (!Number.isFinite(seconds) || seconds < 0.5) {
      setAutoError('Enter an interval of at least 0.5 seconds.');
      return;
    }
    const parsed: Record<string, RandomRange> = {};
    for (const [path, r] of Object.entries(ranges)) {
      if (!r.on) continue;
      const range = { min: Number(r.min), max: Number(r.max) };
      const problem = r.min.trim() === '' || r.max.trim() === '' ? 'Enter numbers for the range.' : checkRange(range);
      if (problem) {
        setAutoError(`${path}: ${problem}`);
        return;
      }
      parsed[path] = range;
    }
    const p = buildPayload(fields, form);
    if (!p.ok && !(p.errors.every((e) => parsed[e.path]))) {
      setErrors(p.errors);
      return;
    }
    startAuto({ client, twinId, componentName, fields, form, ranges: parsed, everySeconds: seconds });
  };

  const errorFor = (path: string) => errors.find((e) => e.path === path);
  const general = errors.filter((e) => e.path === '' || e.path === 'sourceTime');

  return (
    <form className="telemetry-form" aria-label="Send telemetry" onSubmit={(e) => { e.preventDefault(); void onSend(); }}>
      {useJson ? (
        <label className="telemetry-field">
          <span>{modelKnown ? 'The model declares no telemetry; payload (JSON)' : 'Payload (JSON)'}</span>
          <textarea rows={4} value={rawJson} onChange={(e) => setRawJson(e.target.value)} spellCheck={false} />
        </label>
      ) : (
        <table className="telemetry-fields" aria-label="Telemetry fields">
          <thead><tr><th scope="col">Send</th><th scope="col">Telemetry</th><th scope="col">Value</th><th scope="col">Random range</th></tr></thead>
          <tbody>
            {fields.map((f) => {
              const state = form[f.name] ?? { include: false, value: '' };
              const err = errors.filter((e) => e.path === f.name || e.path.startsWith(`${f.name}.`));
              return (
                <tr key={f.name}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Include ${f.name}`}
                      checked={state.include}
                      onChange={(e) => setForm({ ...form, [f.name]: { ...state, include: e.target.checked } })}
                    />
                  </td>
                  <td>
                    <span className="telemetry-name">{f.name}</span>
                    <span className="telemetry-muted"> {schemaLabel(f.schema)}{f.unit ? ` · ${f.unit}` : ''}{f.semanticType ? ` · ${f.semanticType}` : ''}</span>
                    {f.description ? <div className="telemetry-muted">{f.description}</div> : null}
                  </td>
                  <td>
                    <FieldInput
                      path={f.name}
                      schema={f.schema}
                      value={state.value}
                      error={errorFor(f.name)}
                      onChange={(v) => setForm({ ...form, [f.name]: { include: true, value: v } })}
                    />
                    {err.map((e) => <div key={e.path + e.message} className="telemetry-error">{e.path}: {e.message}</div>)}
                  </td>
                  <td>
                    {numeric.filter((n) => n.path === f.name || n.path.startsWith(`${f.name}.`)).map((n) => {
                      const r = ranges[n.path] ?? { min: '', max: '', on: false };
                      const setR = (c: Partial<typeof r>) => setRanges({ ...ranges, [n.path]: { ...r, ...c } });
                      return (
                        <div key={n.path} className="telemetry-range">
                          <input type="checkbox" aria-label={`Random ${n.path}`} checked={r.on} onChange={(e) => setR({ on: e.target.checked })} />
                          <input aria-label={`${n.path} minimum`} placeholder="min" value={r.min} onChange={(e) => setR({ min: e.target.value, on: true })} />
                          <input aria-label={`${n.path} maximum`} placeholder="max" value={r.max} onChange={(e) => setR({ max: e.target.value, on: true })} />
                        </div>
                      );
                    })}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="telemetry-meta">
        <label className="telemetry-field">
          <span>Message-Id</span>
          <input value={messageId} onChange={(e) => setMessageId(e.target.value)} />
        </label>
        <button type="button" onClick={() => setMessageId(randomUuid())}>New id</button>
        <label className="telemetry-field">
          <span>Source time (optional)</span>
          <input value={sourceTime} placeholder="2024-05-01T12:00:00Z" onChange={(e) => setSourceTime(e.target.value)} aria-invalid={!!errorFor('sourceTime')} />
        </label>
        <button type="submit" disabled={sending}>{sending ? 'Sending…' : 'Send telemetry'}</button>
      </div>
      {general.map((e) => <p key={e.message} className="telemetry-error" role="alert">{e.message}</p>)}
      {sendError ? <p className="telemetry-error" role="alert">{sendError}</p> : null}
      {!useJson ? (
        <div className="telemetry-auto">
          {auto ? (
            <span className="telemetry-muted">One generator runs at a time; stop it above to start another.</span>
          ) : (
            <>
              <label className="telemetry-field telemetry-field--inline">
                <span>Send every</span>
                <input aria-label="Interval in seconds" value={everySeconds} onChange={(e) => setEverySeconds(e.target.value)} size={4} />
                <span>seconds with random values in the ranges</span>
              </label>
              <button type="button" onClick={onStartAuto}>Start</button>
            </>
          )}
          {autoError ? <span className="telemetry-error" role="alert">{autoError}</span> : null}
        </div>
      ) : null}
    </form>
  );
}

function History({ client }: { client: AdtClient }) {
  const history = useTelemetry((s) => s.history);
  const send = useTelemetry((s) => s.send);
  const clear = useTelemetry((s) => s.clearHistory);
  return (
    <section className="telemetry-history" aria-label="Telemetry history">
      <div className="telemetry-history-head">
        <h3>History</h3>
        <button type="button" onClick={clear} disabled={history.length === 0}>Clear history</button>
      </div>
      {history.length === 0 ? <p className="telemetry-muted">Nothing sent yet.</p> : null}
      <ul>
        {history.map((h) => (
          <li key={h.key} className={`telemetry-sent telemetry-sent--${h.status}`}>
            <div>
              <span className="telemetry-muted">{new Date(h.sentAt).toLocaleTimeString([], { hour12: false })}</span>{' '}
              <strong>{h.twinId}{h.componentName ? `/${h.componentName}` : ''}</strong>{' '}
              <code>{JSON.stringify(h.payload)}</code>{' '}
              <span className="telemetry-muted">{h.status}{h.auto ? ' (auto)' : ''} · {h.messageId}</span>
              <button
                type="button"
                aria-label={`Replay ${JSON.stringify(h.payload)} to ${h.twinId}`}
                onClick={() => void send(client, { twinId: h.twinId, componentName: h.componentName, payload: h.payload, messageId: randomUuid(), sourceTime: h.sourceTime })}
              >
                Replay
              </button>
            </div>
            {h.error ? <div className="telemetry-error">{h.error}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
