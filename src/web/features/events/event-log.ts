/**
 * The live events list as pure data: reading stream messages, which twin an event is about, one entry per event
 * (however many routes carried it), filtering, and what an event changes in the graph on screen.
 */
import type { CloudEvent, DigitalTwin, PatchOperation, Relationship } from '../../../shared/adt';
import { EVENT_TYPES } from '../../../shared/adt';
import { emulatorUrl } from '../../api/emulator';
import { applyJsonPatch, isRecord } from '../../../shared/json';

export interface LiveEntry {
  /** The event id and type: an id alone is not unique across types (a telemetry Message-Id is chosen by the sender). */
  key: string;
  event: CloudEvent;
  /** Routes that delivered the event to the live stream. */
  routes: string[];
  twinId: string | undefined;
  /** `<source>/relationships/<id>` for relationship events: the graph's key for the relationship. */
  relationshipKey: string | undefined;
  receivedAt: number;
}


function isCloudEvent(v: unknown): v is CloudEvent {
  return isRecord(v) && typeof v.id === 'string' && typeof v.type === 'string' && typeof v.source === 'string';
}

/** The emulator sends `{ event, routeId, endpointName }`; a bare CloudEvent is accepted too. */
export function parseLiveMessage(data: string): { event: CloudEvent; routeId: string | undefined } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (isRecord(value) && isCloudEvent(value.event)) {
    return { event: value.event, routeId: typeof value.routeId === 'string' ? value.routeId : undefined };
  }
  return isCloudEvent(value) ? { event: value, routeId: undefined } : undefined;
}

/** The twin an event is about: the subject for twin events, the source twin for relationships, the sender for telemetry. */
export function eventTwinId(event: CloudEvent): string | undefined {
  if (event.type === EVENT_TYPES.telemetry) {
    const at = event.source.lastIndexOf('/digitaltwins/');
    return at >= 0 ? event.source.slice(at + '/digitaltwins/'.length) : undefined;
  }
  if (!event.subject) return undefined;
  const rel = event.subject.indexOf('/relationships/');
  return rel >= 0 ? event.subject.slice(0, rel) : event.subject;
}

export function isRelationshipEvent(event: CloudEvent): boolean {
  return event.type.startsWith('Microsoft.DigitalTwins.Relationship.');
}

export function toEntry(event: CloudEvent, routeId: string | undefined, receivedAt: number): LiveEntry {
  return {
    key: `${event.type}\u0000${event.id}`,
    event,
    routes: routeId ? [routeId] : [],
    twinId: eventTwinId(event),
    relationshipKey: isRelationshipEvent(event) ? event.subject : undefined,
    receivedAt,
  };
}

/**
 * Adds an entry, newest first. The same event delivered by another route joins the existing entry's routes instead
 * of showing twice. The list is capped so a busy demo does not grow the tab without bound.
 */
export function addEntry(entries: readonly LiveEntry[], entry: LiveEntry, max = 1000): LiveEntry[] {
  const at = entries.findIndex((e) => e.key === entry.key);
  if (at >= 0) {
    const existing = entries[at] as LiveEntry;
    const routes = [...new Set([...existing.routes, ...entry.routes])];
    if (routes.length === existing.routes.length) return entries as LiveEntry[];
    const copy = [...entries];
    copy[at] = { ...existing, routes };
    return copy;
  }
  const out = [entry, ...entries];
  if (out.length > max) out.length = max;
  return out;
}

export interface EntryFilter {
  /** Event types to show; empty shows all. */
  types: ReadonlySet<string>;
  /** Substring of the twin id (case-insensitive); empty shows all. */
  twin: string;
  /** Only events delivered by this route; empty shows all. */
  route: string;
}

export function filterEntries(entries: readonly LiveEntry[], f: EntryFilter): LiveEntry[] {
  const twin = f.twin.trim().toLowerCase();
  return entries.filter((e) =>
    (f.types.size === 0 || f.types.has(e.event.type))
    && (twin === '' || (e.twinId ?? '').toLowerCase().includes(twin))
    && (f.route === '' || e.routes.includes(f.route)));
}

/** A short label for the list: the type without its namespace. */
export function shortType(type: string): string {
  if (type === EVENT_TYPES.telemetry) return 'Telemetry';
  return type.replace(/^Microsoft\.DigitalTwins\./, '');
}

// ---------------------------------------------------------------------------------------------------------------
// What an event changes in the graph on screen

export interface GraphChange {
  twins?: DigitalTwin[];
  relationships?: Relationship[];
  remove?: string[];
  /** Twins whose stored copy is now stale (its ETag is unknown): refetch them when a client is at hand. */
  refetch?: string[];
}

function patchOf(event: CloudEvent): PatchOperation[] | undefined {
  const data = event.data;
  return isRecord(data) && Array.isArray(data.patch) ? (data.patch as PatchOperation[]) : undefined;
}

function applyTo<T extends object>(doc: T, patch: PatchOperation[]): T | undefined {
  try {
    const result = applyJsonPatch(doc, patch);
    return result.ok ? result.doc : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Only what is already on screen changes: updates patch the twin or relationship in place (so the change shows at
 * once) and ask for a refetch for the new ETag; deletes remove; a new relationship appears when both of its twins
 * are shown. New twins are not added, since the graph shows what the user queried.
 */
export function graphChangeFor(
  event: CloudEvent,
  graph: { twins: ReadonlyMap<string, DigitalTwin>; relationships: ReadonlyMap<string, Relationship> },
): GraphChange | undefined {
  const twinId = eventTwinId(event);
  switch (event.type) {
    case EVENT_TYPES.twinUpdate: {
      const twin = twinId ? graph.twins.get(twinId) : undefined;
      const patch = patchOf(event);
      if (!twin || !patch) return undefined;
      const next = applyTo(twin, patch);
      return next ? { twins: [next], refetch: [twin.$dtId] } : { refetch: [twin.$dtId] };
    }
    case EVENT_TYPES.twinDelete:
      return twinId && graph.twins.has(twinId) ? { remove: [twinId] } : undefined;
    case EVENT_TYPES.relationshipCreate: {
      const r = event.data as Relationship;
      if (!isRecord(r) || !graph.twins.has(r.$sourceId) || !graph.twins.has(r.$targetId)) return undefined;
      return { relationships: [r] };
    }
    case EVENT_TYPES.relationshipUpdate: {
      const key = event.subject;
      const current = key ? graph.relationships.get(key) : undefined;
      const patch = patchOf(event);
      if (!current || !patch) return undefined;
      const next = applyTo(current, patch);
      return next ? { relationships: [next] } : undefined;
    }
    case EVENT_TYPES.relationshipDelete:
      return event.subject && graph.relationships.has(event.subject) ? { remove: [event.subject] } : undefined;
    default:
      return undefined;
  }
}

/** The live stream's URL for an emulator environment: its endpoint, or the page's origin. */
export function liveStreamUrl(endpoint: string, pageUrl: string): string {
  return emulatorUrl(new URL(endpoint || '/', pageUrl).href, 'events');
}
