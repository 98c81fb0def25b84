import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { routeFilterMetadata } from '../../../shared/events';
import type { AdtClient } from '../../adt-client';
import type { EnvironmentConfig } from '../../config/runtime-config';
import { emulatorEndpointsQueryOptions, eventRoutesQueryOptions, useDeleteEventRoute, useSaveEventRoute } from '../../api/event-routes';
import type { FilterTestResult, Suggestions } from './route-form';
import { applySuggestion, checkEndpointName, checkFilter, checkRouteId, endpointChoices, filterSuggestions, testFilter } from './route-form';
import './routes.css';

function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) return `${String(err.code)}: ${String(err.message)}`;
  return err instanceof Error ? err.message : String(err);
}

interface Draft { id: string; endpointName: string; filter: string; editing: boolean }

export function RoutesPanel({ client, environment }: { client: AdtClient | null; environment?: EnvironmentConfig }) {
  const routes = useQuery(eventRoutesQueryOptions(client));
  // The emulator names the endpoints it was started with; if it cannot (an older one), "live" is always there.
  const emulatorEndpoints = useQuery(emulatorEndpointsQueryOptions(client, environment?.kind === 'emulator'));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const remove = useDeleteEventRoute(client, () => setConfirming(null));

  if (!client) return <div className="empty-state"><p>Connect to an environment to manage its event routes.</p></div>;
  const known = environment?.kind === 'emulator' ? (emulatorEndpoints.data ?? ['live']) : [];
  const endpoints = endpointChoices(routes.data ?? [], known);

  return (
    <div className="routes-panel">
      <div className="routes-toolbar">
        <button type="button" onClick={() => setDraft({ id: '', endpointName: endpoints[0] ?? '', filter: 'true', editing: false })}>
          New route
        </button>
        <button type="button" onClick={() => void routes.refetch()}>Refresh</button>
        {routes.isFetching ? <span className="routes-muted" aria-busy="true">Loading…</span> : null}
      </div>
      {routes.error ? <p className="routes-error" role="alert">Could not list routes: {errorText(routes.error)}</p> : null}
      <div className="routes-body">
        <table className="routes-table" aria-label="Event routes">
          <thead>
            <tr><th scope="col">Route</th><th scope="col">Endpoint</th><th scope="col">Filter</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {(routes.data ?? []).map((r) => (
              <tr key={r.id}>
                <td>{r.id}</td>
                <td>{r.endpointName}</td>
                <td><code>{r.filter}</code></td>
                <td className="routes-actions">
                  {confirming === r.id ? (
                    <span role="group" aria-label={`Confirm deleting ${r.id}`}>
                      Delete {r.id}?{' '}
                      <button type="button" className="danger" onClick={() => remove.mutate(r.id as string)} disabled={remove.isPending}>
                        Yes, delete
                      </button>
                      <button type="button" onClick={() => { setConfirming(null); remove.reset(); }}>Cancel</button>
                      {remove.error ? <span className="routes-error" role="alert">{errorText(remove.error)}</span> : null}
                    </span>
                  ) : (
                    <>
                      <button type="button" aria-label={`Edit route ${r.id}`} onClick={() => setDraft({ id: r.id ?? '', endpointName: r.endpointName, filter: r.filter, editing: true })}>
                        Edit
                      </button>
                      <button type="button" aria-label={`Delete route ${r.id}`} onClick={() => { remove.reset(); setConfirming(r.id ?? null); }}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
            {routes.data && routes.data.length === 0 ? (
              <tr><td colSpan={4} className="routes-muted">No event routes. Events are not sent anywhere until a route matches them.</td></tr>
            ) : null}
          </tbody>
        </table>
        {draft ? (
          <RouteForm
            key={draft.editing ? `edit-${draft.id}` : 'new'}
            client={client}
            initial={draft}
            endpoints={endpoints}
            declared={environment?.kind === 'emulator' && emulatorEndpoints.data ? emulatorEndpoints.data : undefined}
            adt={environment?.kind === 'adt'}
            onDone={() => setDraft(null)}
          />
        ) : null}
      </div>
    </div>
  );
}

/** `declared`: the endpoints the emulator declares; a name outside them is refused here, before the service would. */
function RouteForm({ client, initial, endpoints, declared, adt, onDone }: {
  client: AdtClient; initial: Draft; endpoints: string[]; declared: string[] | undefined; adt: boolean; onDone: () => void;
}) {
  const [id, setId] = useState(initial.id);
  const [endpointName, setEndpointName] = useState(initial.endpointName);
  const [filter, setFilter] = useState(initial.filter);
  const [cursor, setCursor] = useState(initial.filter.length);
  const [showSuggestions, setShowSuggestions] = useState(false);
  const [tested, setTested] = useState<FilterTestResult[] | null>(null);
  const [touched, setTouched] = useState(false);
  const filterRef = useRef<HTMLTextAreaElement>(null);
  const metadata = useMemo(() => routeFilterMetadata(), []);

  const idProblem = checkRouteId(id);
  const endpointProblem = checkEndpointName(endpointName, declared);
  // Shown as soon as a name is typed that the emulator does not offer; an empty field waits for Save.
  const showEndpointProblem = !!endpointProblem && (touched || endpointName.trim() !== '');
  const filterProblem = checkFilter(filter);
  const suggestions: Suggestions = useMemo(
    () => (showSuggestions ? filterSuggestions(filter, cursor) : { from: 0, to: 0, items: [] }),
    [filter, cursor, showSuggestions],
  );

  const save = useSaveEventRoute(client, onDone);
  // The service's refusal of the endpoint (ADT's endpoints cannot be listed here) goes next to that field.
  const endpointRefused = !!save.error && /endpoint/i.test(errorText(save.error));
  // The bottom panel can be short (a quarter of a 720 px window): an error that appears under the field must be
  // brought into view, or the user sees only a Save that does nothing.
  const endpointErrorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (save.error || showEndpointProblem) endpointErrorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [save.error, showEndpointProblem]);

  const accept = (index: number) => {
    const item = suggestions.items[index];
    if (!item) return;
    const next = applySuggestion(filter, suggestions, item);
    setFilter(next.text);
    setCursor(next.cursor);
    setTested(null);
    requestAnimationFrame(() => {
      filterRef.current?.focus();
      filterRef.current?.setSelectionRange(next.cursor, next.cursor);
    });
  };

  return (
    <form
      className="routes-form"
      aria-label={initial.editing ? `Edit route ${initial.id}` : 'New route'}
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (idProblem || endpointProblem || filterProblem) return;
        save.mutate({ id, endpointName: endpointName.trim(), filter });
      }}
    >
      <h3>{initial.editing ? `Edit route ${initial.id}` : 'New route'}</h3>
      <label className="routes-field">
        <span>Route id</span>
        <input value={id} onChange={(e) => setId(e.target.value)} disabled={initial.editing} aria-invalid={touched && !!idProblem} />
      </label>
      {touched && idProblem ? <p className="routes-error">{idProblem}</p> : null}
      <label className="routes-field">
        <span>Endpoint</span>
        <input
          list="routes-endpoints"
          value={endpointName}
          onChange={(e) => setEndpointName(e.target.value)}
          aria-invalid={showEndpointProblem || endpointRefused}
          aria-describedby={showEndpointProblem || endpointRefused ? 'routes-endpoint-error' : undefined}
        />
      </label>
      {showEndpointProblem ? <p id="routes-endpoint-error" className="routes-error" role="alert" ref={endpointErrorRef}>{endpointProblem}</p> : null}
      {!showEndpointProblem && endpointRefused ? <p id="routes-endpoint-error" className="routes-error" role="alert" ref={endpointErrorRef}>{errorText(save.error)}</p> : null}
      <datalist id="routes-endpoints">
        {endpoints.map((n) => <option key={n} value={n} />)}
      </datalist>
      <p className="routes-hint">
        {adt
          ? 'Endpoints are created in Azure (Event Grid, Event Hubs, Service Bus); type the endpoint\'s name.'
          : 'Endpoints are declared when the emulator starts (--endpoint name=url|live); "live" feeds the Events tab.'}
      </p>
      <label className="routes-field routes-field--filter">
        <span>Filter</span>
        <textarea
          ref={filterRef}
          value={filter}
          rows={3}
          spellCheck={false}
          aria-invalid={!!filterProblem}
          aria-describedby="routes-filter-status"
          onChange={(e) => {
            setFilter(e.target.value);
            setCursor(e.target.selectionStart);
            setShowSuggestions(true);
            setTested(null);
          }}
          onSelect={(e) => setCursor(e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (e.key === ' ' && e.ctrlKey) {
              e.preventDefault();
              setShowSuggestions(true);
            } else if (e.key === 'Escape') setShowSuggestions(false);
          }}
        />
      </label>
      <p id="routes-filter-status" className={filterProblem ? 'routes-error' : 'routes-ok'} aria-live="polite">
        {filterProblem
          ? `${filterProblem.message}${filter.trim() ? ` (at position ${filterProblem.offset + 1})` : ''}`
          : 'The filter is valid.'}
      </p>
      {suggestions.items.length > 0 ? (
        <ul className="routes-suggestions" role="listbox" aria-label="Filter suggestions">
          {suggestions.items.map((item, i) => (
            <li
              key={`${item.kind}-${item.label}`}
              role="option"
              aria-selected={false}
              tabIndex={0}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => accept(i)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  accept(i);
                }
              }}
            >
              <span className="routes-suggestion-label">{item.label}</span>
              {item.detail ? <span className="routes-muted"> {item.detail}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <details className="routes-reference">
        <summary>Event types and fields</summary>
        <ul>
          {metadata.eventTypes.map((t) => <li key={t.type}><code>{t.type}</code> — {t.description}</li>)}
        </ul>
        <ul>
          {metadata.attributes.map((a) => <li key={a.name}><code>{a.name}</code> — {a.description}</li>)}
          <li><code>$body.&lt;field&gt;</code> — a field of the event data</li>
        </ul>
      </details>
      <div className="routes-form-actions">
        <button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save route'}</button>
        <button
          type="button"
          onClick={() => {
            const r = testFilter(filter);
            setTested(r.ok ? r.results : null);
          }}
          disabled={!!filterProblem}
        >
          Test filter
        </button>
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
      {save.error && !endpointRefused ? <p className="routes-error" role="alert" ref={endpointErrorRef}>{errorText(save.error)}</p> : null}
      {tested ? (
        <table className="routes-test" aria-label="Filter test results">
          <thead><tr><th scope="col">Sample event</th><th scope="col">Result</th></tr></thead>
          <tbody>
            {tested.map((t) => (
              <tr key={t.event.type} className={t.passes ? 'routes-pass' : 'routes-fail'}>
                <td>{t.event.type}</td>
                <td>{t.passes ? 'passes' : 'filtered out'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </form>
  );
}
