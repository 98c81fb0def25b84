import { useEffect, useMemo, useState } from 'react';
import type { PatchOperation } from '../../../shared/adt';
import { EVENT_TYPES } from '../../../shared/adt';
import type { AdtClient } from '../../adt-client';
import type { EnvironmentConfig } from '../../config/runtime-config';
import { useGraphStore } from '../../stores/graph';
import type { LiveEntry } from './event-log';
import { filterEntries, liveStreamUrl, shortType } from './event-log';
import { useLiveEvents } from './live-store';
import './events.css';

const STATUS_TEXT = {
  idle: 'Not connected',
  connecting: 'Connecting to the live stream…',
  open: 'Live: events appear as they happen',
  reconnecting: 'Connection lost; reconnecting…',
} as const;

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour12: false });
}

function summary(entry: LiveEntry): string {
  const data = entry.event.data as { patch?: PatchOperation[] } | undefined;
  if ((entry.event.type === EVENT_TYPES.twinUpdate || entry.event.type === EVENT_TYPES.relationshipUpdate) && Array.isArray(data?.patch)) {
    return data.patch.map((op) => `${op.op} ${op.path}${op.value !== undefined ? ` = ${JSON.stringify(op.value)}` : ''}`).join('; ');
  }
  if (entry.event.type === EVENT_TYPES.telemetry) {
    const body = JSON.stringify(entry.event.data);
    return entry.event.subject ? `${entry.event.subject}: ${body}` : body;
  }
  return entry.relationshipKey ?? '';
}

function selectTwinOf(entry: LiveEntry): void {
  const graph = useGraphStore.getState();
  const target = entry.relationshipKey && graph.model.edges.has(entry.relationshipKey) ? entry.relationshipKey : entry.twinId;
  if (target) graph.select([target]);
}

function NoLiveStream() {
  return (
    <div className="events-panel events-panel--explain">
      <h3>No live stream on Azure Digital Twins</h3>
      <p>
        A real ADT instance does not stream events to the browser. It sends them through <strong>event routes</strong> to
        endpoints you create in Azure: Event Grid, Event Hubs or Service Bus.
      </p>
      <ol>
        <li>Create an endpoint on the instance: <code>az dt endpoint create eventgrid --dt-name &lt;instance&gt; --endpoint-name my-endpoint …</code> (or Event Hubs, Service Bus).</li>
        <li>In the <em>Event routes</em> tab, add a route to <code>my-endpoint</code> with a filter such as <code>type = &apos;Microsoft.DigitalTwins.Twin.Update&apos;</code>.</li>
        <li>Consume the events where you need them, e.g. an Azure Function with an Event Grid trigger, or a webhook subscription on the Event Grid topic.</li>
      </ol>
      <p>Routes can take a few minutes to apply. The local emulator streams routed events to this panel straight away.</p>
    </div>
  );
}

/**
 * Keeps the app subscribed to the emulator's live stream (and unsubscribed elsewhere). The panel calls it; the app
 * shell may call it too, so events are collected, and the graph kept current, before the Events tab is first opened.
 * The connection outlives the panel: events that happen while another tab is shown are in the list on return.
 */
export function useLiveEventStream(environment: EnvironmentConfig | undefined, client?: AdtClient | null): void {
  const url = useMemo(
    () => (environment?.kind === 'emulator' ? liveStreamUrl(environment.endpoint, window.location.href) : null),
    [environment],
  );
  const connect = useLiveEvents((s) => s.connect);
  const disconnect = useLiveEvents((s) => s.disconnect);
  useEffect(() => {
    if (url) connect(url, client ?? null);
    else disconnect();
  }, [url, client, connect, disconnect]);
}

export function EventsPanel({ environment, client }: { environment: EnvironmentConfig | undefined; client?: AdtClient | null }) {
  useLiveEventStream(environment, client);
  if (environment?.kind !== 'emulator') return <NoLiveStream />;
  return <LiveList />;
}

function LiveList() {
  const status = useLiveEvents((s) => s.status);
  const entries = useLiveEvents((s) => s.entries);
  const paused = useLiveEvents((s) => s.paused);
  const held = useLiveEvents((s) => s.held.length);
  const setPaused = useLiveEvents((s) => s.setPaused);
  const clear = useLiveEvents((s) => s.clear);
  const [type, setType] = useState('');
  const [twin, setTwin] = useState('');
  const [route, setRoute] = useState('');
  const [openKey, setOpenKey] = useState<string | null>(null);

  const routes = useMemo(() => [...new Set(entries.flatMap((e) => e.routes))].sort(), [entries]);
  const shown = useMemo(
    () => filterEntries(entries, { types: new Set(type ? [type] : []), twin, route }),
    [entries, type, twin, route],
  );
  const open = entries.find((e) => e.key === openKey);

  return (
    <div className="events-panel">
      <div className="events-toolbar" role="toolbar" aria-label="Live events controls">
        <span className={`events-status events-status--${status}`} role="status">{STATUS_TEXT[status]}</span>
        <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? `Resume${held > 0 ? ` (${held} new)` : ''}` : 'Pause'}
        </button>
        <button type="button" onClick={() => { clear(); setOpenKey(null); }}>Clear</button>
        <label className="field">
          <span>Type</span>
          <select aria-label="Filter events by type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">All types</option>
            {Object.values(EVENT_TYPES).map((t) => <option key={t} value={t}>{shortType(t)}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Twin</span>
          <input aria-label="Filter events by twin" value={twin} placeholder="twin id" onChange={(e) => setTwin(e.target.value)} />
        </label>
        <label className="field">
          <span>Route</span>
          <input aria-label="Filter events by route" list="events-routes" value={route} placeholder="all routes" onChange={(e) => setRoute(e.target.value.trim())} />
        </label>
        <datalist id="events-routes">{routes.map((r) => <option key={r} value={r} />)}</datalist>
        <span className="events-count" aria-live="polite">{shown.length} of {entries.length} events</span>
      </div>
      <div className="events-body">
        {shown.length === 0 ? (
          <p className="events-empty">
            {entries.length === 0
              ? 'No events yet. Change a twin or send telemetry; events routed to a live endpoint show up here.'
              : 'No event matches the filters.'}
          </p>
        ) : null}
        <ul className="events-list" aria-label="Live events">
          {shown.map((e) => (
            <li key={e.key} className={e.key === openKey ? 'events-item events-item--open' : 'events-item'}>
              <button
                type="button"
                aria-label={`${shortType(e.event.type)} ${e.twinId ?? ''} at ${time(e.receivedAt)}`}
                aria-expanded={e.key === openKey}
                onClick={() => {
                  setOpenKey(e.key === openKey ? null : e.key);
                  selectTwinOf(e);
                }}
              >
                <span className="events-time">{time(e.receivedAt)}</span>
                <span className="events-type">{shortType(e.event.type)}</span>
                <span className="events-twin">{e.twinId ?? ''}</span>
                <span className="events-summary">{summary(e)}</span>
                <span className="events-routes">{e.routes.join(', ')}</span>
              </button>
            </li>
          ))}
        </ul>
        {open ? (
          <section className="events-details" aria-label="Event details">
            <h3>{open.event.type}</h3>
            <pre>{JSON.stringify(open.event, null, 2)}</pre>
          </section>
        ) : null}
      </div>
    </div>
  );
}
