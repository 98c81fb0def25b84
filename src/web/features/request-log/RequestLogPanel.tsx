import { useState } from 'react';
import { useRequestLog } from '../../stores/request-log';
import type { RequestLogEntry } from '../../adt-client';
import { EMPTY_FILTER, matchesFilter, toCurl, type LogFilter } from './log-filter';

function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.delete('api-version');
    const q = u.searchParams.toString();
    return decodeURIComponent(u.pathname) + (q ? `?${q}` : '');
  } catch {
    return url;
  }
}

function Headers({ title, headers }: { title: string; headers: Record<string, string> }) {
  return (
    <div>
      <h3>{title}</h3>
      <dl className="log-headers">
        {Object.entries(headers).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Details({ entry }: { entry: RequestLogEntry }) {
  return (
    <div className="log-details">
      <p className="log-url">{entry.url}</p>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(toCurl(entry))}>
        Copy as curl
      </button>
      {entry.error ? <p className="log-error">{entry.error}</p> : null}
      <Headers title="Request headers" headers={entry.requestHeaders} />
      {entry.requestBody !== undefined ? (
        <>
          <h3>Request body</h3>
          <pre>{entry.requestBody}</pre>
        </>
      ) : null}
      <Headers title="Response headers" headers={entry.responseHeaders} />
      {entry.responseBody !== undefined ? (
        <>
          <h3>Response body</h3>
          <pre>{entry.responseBody}</pre>
        </>
      ) : null}
    </div>
  );
}

/** Like the SDK's `logging_enable`: every request, with bodies only on demand, never the Authorization value. */
export function RequestLogPanel() {
  const entries = useRequestLog((s) => s.entries);
  const logBodies = useRequestLog((s) => s.logBodies);
  const setLogBodies = useRequestLog((s) => s.setLogBodies);
  const clear = useRequestLog((s) => s.clear);
  const [open, setOpen] = useState<string | null>(null);
  const [filter, setFilter] = useState<LogFilter>(EMPTY_FILTER);
  const shown = entries.filter((e) => matchesFilter(e, filter));
  return (
    <div className="request-log">
      <div className="log-toolbar">
        <label>
          <input type="checkbox" checked={logBodies} onChange={(e) => setLogBodies(e.target.checked)} /> Record bodies
        </label>
        <button type="button" onClick={clear}>
          Clear
        </button>
        <label className="field">
          <span>Method</span>
          <select aria-label="Filter by method" value={filter.method} onChange={(e) => setFilter({ ...filter, method: e.target.value })}>
            {['', 'GET', 'PUT', 'PATCH', 'POST', 'DELETE'].map((m) => (
              <option key={m} value={m}>
                {m || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select aria-label="Filter by status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as LogFilter['status'] })}>
            {['', '2xx', '3xx', '4xx', '5xx', 'failed'].map((m) => (
              <option key={m} value={m}>
                {m || 'any'}
              </option>
            ))}
          </select>
        </label>
        <input aria-label="Filter by path" placeholder="path contains…" value={filter.path} onChange={(e) => setFilter({ ...filter, path: e.target.value })} />
        <span className="log-count">
          {shown.length === entries.length ? `${entries.length} requests` : `${shown.length} of ${entries.length} requests`}
        </span>
      </div>
      {entries.length === 0 ? (
        <p className="empty-state">Requests to the service are listed here. Authorization values are never shown.</p>
      ) : (
        <ul className="log-list" data-testid="request-log">
          {shown
            .slice()
            .reverse()
            .map((e) => (
              <li key={e.id} className={e.status >= 400 || e.status === 0 ? 'log-entry log-entry--error' : 'log-entry'}>
                <button type="button" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                  <span className="log-method">{e.method}</span>
                  <span className="log-path">{shortUrl(e.url)}</span>
                  <span className="log-status">{e.status || 'failed'}</span>
                  <span className="log-ms">{Math.round(e.durationMs)} ms</span>
                </button>
                {open === e.id ? <Details entry={e} /> : null}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
