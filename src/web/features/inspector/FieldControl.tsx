import { useId } from 'react';
import type { FieldSpec } from './twins-form';
import { schemaLabel } from './twins-form';

/** One model-aware input: a select for enums and booleans, a text box for numbers and strings, JSON for the rest. */
export function FieldControl({ field, value, onChange, error, label }: {
  field: FieldSpec;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  /** Overrides the visible name (e.g. `thermostat › setpoint`). */
  label?: string;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const name = label ?? (field.component ? `${field.component} › ${field.name}` : field.name);
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
  } as const;
  let control;
  if (field.input === 'enum' && field.schema.kind === 'enum') {
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">(not set)</option>
        {field.schema.values.map((v) => (
          <option key={String(v.value)} value={String(v.value)}>{v.name === String(v.value) ? v.name : `${v.name} (${String(v.value)})`}</option>
        ))}
      </select>
    );
  } else if (field.input === 'boolean') {
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">(not set)</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  } else if (field.input === 'json') {
    control = <textarea {...common} rows={2} spellCheck={false} value={value} placeholder="JSON" onChange={(e) => onChange(e.target.value)} />;
  } else {
    control = (
      <input
        {...common}
        type="text"
        inputMode={field.input === 'integer' ? 'numeric' : field.input === 'number' ? 'decimal' : undefined}
        value={value}
        placeholder={field.input === 'text' ? schemaLabel(field.schema) : field.input}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="insp-field">
      <label htmlFor={id}>
        <span className="insp-field__name">{name}</span>
        <span className="insp-muted">
          {' '}{schemaLabel(field.schema)}{field.unit ? ` · ${field.unit}` : ''}
        </span>
      </label>
      {control}
      {error ? <div id={errorId} className="insp-field__error">{error}</div> : null}
    </div>
  );
}
