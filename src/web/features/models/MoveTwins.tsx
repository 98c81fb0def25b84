import { useEffect, useState } from 'react';
import type { AdtClient } from '../../adt-client';
import { useUi } from '../../stores/ui';

interface TwinRow { id: string; checked: boolean; result?: string; ok?: boolean }

/** Points twins of `from` at `to` with a `$metadata/$model` patch, twin by twin, reporting each outcome. */
export function MoveTwins({ client, from, to }: { client: AdtClient; from: string; to: string }) {
  const [rows, setRows] = useState<TwinRow[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);

  useEffect(() => {
    const ac = new AbortController();
    (async () => {
      const out: TwinRow[] = [];
      const q = `SELECT T.$dtId FROM DIGITALTWINS T WHERE IS_OF_MODEL('${from}', exact)`;
      for await (const row of client.queryTwins<{ $dtId?: unknown }>(q, { signal: ac.signal })) {
        if (typeof row.$dtId === 'string') out.push({ id: row.$dtId, checked: true });
      }
      setRows(out);
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
        await client.updateDigitalTwin(row.id, [{ op: 'replace', path: '/$metadata/$model', value: to }]);
        next[i] = { ...row, ok: true, result: 'moved' };
      } catch (err) {
        next[i] = { ...row, ok: false, result: err instanceof Error ? err.message : String(err) };
      }
      setRows([...next]);
    }
    setMoving(false);
    useUi.getState().modelsChanged();
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
