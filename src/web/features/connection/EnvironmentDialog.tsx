import { useEffect, useRef, useState } from 'react';
import type { EnvironmentConfig } from '../../config/runtime-config';
import { environmentIdForHost, environmentOnHost, normalizeHost, validateEnvironment } from '../../stores/connection';

const COLORS = ['#b3261e', '#e8710a', '#2e7d32', '#0f62fe', '#8e24aa', '#5c6370'];

export interface EnvironmentDialogProps {
  initial?: EnvironmentConfig;
  /** Every environment there is, so that a second one on the same host is refused instead of replacing the first. */
  existing: readonly EnvironmentConfig[];
  onSave: (env: EnvironmentConfig) => void;
  onClose: () => void;
}

/** Adds or edits an ADT instance. A colour per environment keeps production from being mistaken for test. */
export function EnvironmentDialog({ initial, existing, onSave, onClose }: EnvironmentDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [label, setLabel] = useState(initial?.label ?? '');
  const [host, setHost] = useState(initial?.endpoint ?? '');
  const [tenantId, setTenantId] = useState(initial?.tenantId ?? '');
  const [color, setColor] = useState(initial?.color ?? COLORS[0]!);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const save = () => {
    const endpoint = normalizeHost(host);
    const problem = validateEnvironment({ label, endpoint: host, kind: 'adt' });
    if (problem) {
      setError(problem);
      return;
    }
    const taken = environmentOnHost(existing, endpoint, initial?.id);
    if (taken) {
      setError(`"${taken.label}" already uses ${endpoint}. Pick it under Environment, or edit it.`);
      return;
    }
    onSave({
      id: initial?.id ?? environmentIdForHost(endpoint),
      label: label.trim(),
      kind: 'adt',
      endpoint,
      color,
      ...(tenantId.trim() ? { tenantId: tenantId.trim() } : {}),
    });
  };

  return (
    <dialog ref={ref} className="env-dialog" aria-labelledby="env-dialog-title" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <h2 id="env-dialog-title">{initial ? 'Edit environment' : 'Add an Azure Digital Twins instance'}</h2>
        <label>
          <span>Label</span>
          <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="Production" required />
        </label>
        <label>
          <span>Host name</span>
          <input
            value={host}
            onChange={(e) => setHost(e.target.value)}
            placeholder="myinstance.api.weu.digitaltwins.azure.net"
            aria-invalid={error !== null}
            aria-describedby={error ? 'env-dialog-error' : undefined}
          />
        </label>
        {error ? (
          <p id="env-dialog-error" role="alert" className="form-error">
            {error}
          </p>
        ) : null}
        <label>
          <span>Tenant (optional)</span>
          <input value={tenantId} onChange={(e) => setTenantId(e.target.value)} placeholder="contoso.onmicrosoft.com or tenant id" />
        </label>
        <fieldset>
          <legend>Colour</legend>
          {COLORS.map((c) => (
            <label key={c} className="swatch" style={{ backgroundColor: c }}>
              <input type="radio" name="env-color" value={c} checked={color === c} onChange={() => setColor(c)} aria-label={`Colour ${c}`} />
            </label>
          ))}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit">Save</button>
        </div>
      </form>
    </dialog>
  );
}

/** Asks before removing a saved environment: its label, colour and tenant are lost (the instance is not touched). */
export function RemoveEnvironmentDialog({ environment, onRemove, onClose }: { environment: EnvironmentConfig; onRemove: () => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="env-dialog" aria-labelledby="env-remove-title" aria-describedby="env-remove-text" onClose={onClose}>
      <h2 id="env-remove-title">Remove {environment.label}?</h2>
      <p id="env-remove-text">
        Twinscope forgets this environment ({environment.endpoint}): its label, colour and tenant. The instance and its data are not touched.
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={() => ref.current?.close()} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            onRemove();
            ref.current?.close();
          }}
        >
          Remove
        </button>
      </div>
    </dialog>
  );
}
