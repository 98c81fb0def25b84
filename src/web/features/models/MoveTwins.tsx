import { useEffect, useState } from 'react';
import type { AdtClient } from '../../adt-client';
import { twinIdsOfModel, useModelsChanged, useMoveTwin } from '../../api/models';

interface TwinRow { id: string; checked: boolean; result?: string; ok?: boolean }

/** Points twins of `from` at `to` with a `$metadata/$model` patch, twin by twin, reporting each outcome. */
export function MoveTwins({ client, from, to }: { client: AdtClient; from: string; to: string }) {
  const [rows, setRows] = useState<TwinRow[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const moveTwin = useMoveTwin(client);
  const modelsChanged = useModelsChanged(client);

  useEffect(() => {
    const ac = new AbortController();
    (async () => {
      const ids = await twinIdsOfModel(client, from, ac.signal);
      setRows(ids.map((id) => ({ id, checked: true })));
    })().catch((err: unknown) => {
      if (!ac.signal.aborted) setLoadError(err instanceof Error ? err.message : String(err));
    });
    return () => ac.abort();
  }, [client, from]);

  const move = async () => {
    if (!rows) return;
    setMoving(true);
    const next = [...rows];
    for (let i = 0; i < next.length; i++) {
      const row = next[i] as TwinRow;
      if (!row.checked || row.ok) continue;
      try {
        await moveTwin.mutateAsync({ twinId: row.id, modelId: to });
        next[i] = { ...row, ok: true, result: 'moved' };
      } catch (err) {
        next[i] = { ...row, ok: false, result: err instanceof Error ? err.message : String(err) };
      }
      setRows([...next]);
    }
    setMoving(false);
    void modelsChanged();
  };

  const selected = rows?.filter((r) => r.checked && !r.ok).length ?? 0;
  return (
    <section className="models-move" aria-label="Move twins to the new version">
      <h4>{`Move twins from ${from} to ${to}`}</h4>
      {loadError ? <p className="models-error" role="alert">{`Could not list the twins: ${loadError}`}</p> : null}
      {rows === null && !loadError ? <p className="models-muted">Finding twins…</p> : null}
      {rows && rows.length === 0 ? <p className="models-muted">{`No twin uses ${from}.`}</p> : null}
      {rows && rows.length > 0 ? (
        <>
          <ul>
            {rows.map((r, i) => (
              <li key={r.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={r.checked}
                    disabled={moving || r.ok === true}
                    onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, checked: e.target.checked } : x)))}
                  />
                  {r.id}
                </label>
                {r.result ? <span className={r.ok ? 'models-ok' : 'models-error'}>{` ${r.result}`}</span> : null}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void move()} disabled={moving || selected === 0}>
            {`Move ${selected} twin${selected === 1 ? '' : 's'} to the new version`}
          </button>
        </>
      ) : null}
    </section>
  );
}
