import { useEffect, useMemo, useState } from 'react';
import type { DigitalTwin, PatchOperation } from '../../../shared/adt';
import type { ModelIndex } from '../../../shared/dtdl';
import type { FieldSpec } from './twins-form';
import { fieldsForModel, formatFieldValue, opsFromEdits, valueAtPointer } from './twins-form';
import { previewValue } from './patch-conflict';
import { FieldControl } from './FieldControl';

function metadataOf(twin: DigitalTwin, field: FieldSpec): { lastUpdateTime?: string; sourceTime?: string } {
  const holder = field.component === undefined ? twin : twin[field.component];
  if (typeof holder !== 'object' || holder === null) return {};
  const meta = (holder as { $metadata?: Record<string, unknown> }).$metadata?.[field.name];
  if (typeof meta !== 'object' || meta === null) return {};
  const m = meta as Record<string, unknown>;
  return {
    ...(typeof m.lastUpdateTime === 'string' ? { lastUpdateTime: m.lastUpdateTime } : {}),
    ...(typeof m.sourceTime === 'string' ? { sourceTime: m.sourceTime } : {}),
  };
}

/** Properties the twin holds that its model does not define (e.g. after a model change), shown rather than hidden. */
function unmodelled(twin: DigitalTwin, fields: readonly FieldSpec[], componentNames: ReadonlySet<string>): [string, unknown][] {
  const known = new Set(fields.filter((f) => f.component === undefined).map((f) => f.name));
  return Object.entries(twin).filter(([k]) => !k.startsWith('$') && !known.has(k) && !componentNames.has(k));
}

/**
 * The model-aware property form: every property of the model (own, inherited, in components) with its type, unit,
 * whether it is set, and its $metadata times. Edits become JSON Patch operations for the composer, so every write
 * goes through one validated, ETag-conditional path.
 */
export function PropertyForm({ twin, index, onCompose, onDirtyChange }: {
  twin: DigitalTwin;
  index: ModelIndex | undefined;
  onCompose: (ops: PatchOperation[]) => void;
  /** Told whether the form holds edits not yet made into a patch (the inspector then keeps the version they started from). */
  onDirtyChange?: (dirty: boolean) => void;
}) {
  const modelId = twin.$metadata.$model;
  const { fields, components } = useMemo(
    () => (index ? fieldsForModel(modelId, index) : { fields: [], components: [] }),
    [index, modelId],
  );
  const [edits, setEdits] = useState<Map<string, string>>(new Map());
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [note, setNote] = useState<string | null>(null);
  const componentNames = useMemo(() => new Set(components.map((c) => c.name)), [components]);
  const dirty = edits.size > 0;
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  // Edits go with the form (another tab, another twin): no longer editing.
  useEffect(() => () => onDirtyChange?.(false), [onDirtyChange]);

  if (!index) return <p className="insp-muted">Loading models…</p>;
  if (!index.has(modelId)) {
    return <p className="insp-muted">Model {modelId} is not in this environment; see the JSON view.</p>;
  }

  const edit = (pointer: string, value: string) => {
    setEdits((prev) => new Map(prev).set(pointer, value));
    setNote(null);
  };
  const compose = () => {
    const result = opsFromEdits(twin, fields, edits);
    setProblems(result.problems);
    if (result.problems.size > 0) return;
    if (result.ops.length === 0) {
      setNote('Nothing changed.');
      return;
    }
    onCompose(result.ops);
    setEdits(new Map());
  };

  const row = (field: FieldSpec) => {
    const current = valueAtPointer(twin, field);
    const meta = metadataOf(twin, field);
    const value = edits.get(field.pointer) ?? formatFieldValue(field.schema, current.value);
    return (
      <li key={field.pointer} className={`insp-prop ${current.set ? 'insp-prop--set' : 'insp-prop--unset'}`} data-testid={`prop-${field.pointer}`}>
        <FieldControl field={field} value={value} onChange={(v) => edit(field.pointer, v)} error={problems.get(field.pointer)} label={field.name} />
        <div className="insp-prop__meta">
          <span className={current.set ? 'insp-badge insp-badge--set' : 'insp-badge'}>{current.set ? 'set' : 'unset'}</span>
          {field.inherited ? <span className="insp-muted">from {field.definedIn}</span> : null}
          {field.description ? <span className="insp-muted">{field.description}</span> : null}
          {meta.lastUpdateTime ? <span className="insp-muted">updated {meta.lastUpdateTime}</span> : null}
          {meta.sourceTime ? <span className="insp-muted">source time {meta.sourceTime}</span> : null}
        </div>
      </li>
    );
  };

  const extra = unmodelled(twin, fields, componentNames);
  return (
    <div className="insp-form">
      <ul className="insp-props" aria-label="Properties">
        {fields.filter((f) => f.component === undefined).map(row)}
      </ul>
      {components.map((c) => {
        const present = typeof twin[c.name] === 'object' && twin[c.name] !== null;
        const lastUpdate = present ? (twin[c.name] as { $metadata?: { $lastUpdateTime?: unknown } }).$metadata?.$lastUpdateTime : undefined;
        return (
          <fieldset key={c.name} className="insp-component">
            <legend>
              Component {c.name} <span className="insp-muted">{c.schema}</span>
              {present ? null : <span className="insp-badge"> missing</span>}
              {typeof lastUpdate === 'string' ? <span className="insp-muted"> · updated {lastUpdate}</span> : null}
            </legend>
            <ul className="insp-props" aria-label={`Component ${c.name}`}>
              {fields.filter((f) => f.component === c.name).map(row)}
            </ul>
          </fieldset>
        );
      })}
      {extra.length > 0 ? (
        <div className="insp-component">
          <h4>Not in the model</h4>
          <ul className="insp-props">
            {extra.map(([k, v]) => (
              <li key={k}><span className="insp-field__name">{k}</span> <code>{previewValue(v)}</code></li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="insp-actions">
        <button type="button" onClick={compose} disabled={!dirty}>Review changes as patch</button>
        <button type="button" onClick={() => { setEdits(new Map()); setProblems(new Map()); setNote(null); }} disabled={!dirty}>Discard edits</button>
        {note ? <span role="status">{note}</span> : null}
      </div>
      <p className="insp-muted">Edits become JSON Patch operations you review before saving. Clear a value to remove the property.</p>
    </div>
  );
}
