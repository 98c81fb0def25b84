/**
 * The live event connection and its list. It lives outside the panel's component so that switching bottom tabs
 * neither drops the stream nor loses the events seen so far: the panel only connects and reads.
 */
import { create } from 'zustand';
import type { Relationship } from '../../../shared/adt';
import { EVENT_TYPES } from '../../../shared/adt';
import { queryClient } from '../../api/query-client';
import { drawInGraph, graphContent } from '../../api/graph-data';
import { relationshipChanged } from '../../api/relationships';
import { relationshipsChanged, twinChanged, twinKeys } from '../../api/twins';
import type { AdtClient, EventStreamLike } from '../../adt-client';
import { openEventStream } from '../../adt-client';
import { useGraphStore } from '../../stores/graph';
import { useChanges } from '../../stores/changes';
import type { LiveEntry } from './event-log';
import { addEntry, eventTwinId, graphChangeFor, parseLiveMessage, toEntry } from './event-log';

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'reconnecting';

interface LiveState {
  url: string | null;
  status: LiveStatus;
  entries: LiveEntry[];
  paused: boolean;
  /** Entries that arrived while paused, shown on resume. */
  held: LiveEntry[];
  connect: (url: string, client?: AdtClient | null) => void;
  disconnect: () => void;
  setPaused: (paused: boolean) => void;
  clear: () => void;
  receive: (data: string) => void;
}

const MAX_ENTRIES = 1000;

let source: EventStreamLike | null = null;
let refetchClient: AdtClient | null = null;
const pendingRefetch = new Set<string>();
let refetchTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Twin updates patch the shown twin at once; a GET shortly after brings its new ETag and updates the one cached copy
 * (so an open inspector shows the change, and an edit started from the updated values is not refused as stale).
 * Bursts of updates to one twin cost one GET.
 */
function scheduleRefetch(ids: string[]): void {
  if (!refetchClient) return;
  for (const id of ids) pendingRefetch.add(id);
  if (refetchTimer !== undefined) return;
  refetchTimer = setTimeout(() => {
    refetchTimer = undefined;
    const batch = [...pendingRefetch];
    pendingRefetch.clear();
    twinChanged(queryClient, refetchClient, batch);
  }, 300);
}

/** Relationship events change the relationship lists of both twins, wherever they are shown. */
function relationshipTwins(entry: LiveEntry): string[] {
  const { event } = entry;
  if (!event.type.startsWith('Microsoft.DigitalTwins.Relationship.')) return [];
  const data = event.data as Partial<Relationship> | undefined;
  const ids = [eventTwinId(event), data?.$sourceId, data?.$targetId];
  return ids.filter((id): id is string => typeof id === 'string' && id !== '');
}

/** A relationship event: the relationship itself (if an inspector holds it) and both twins' lists are read again. */
function relationshipEvent(entry: LiveEntry): void {
  const related = relationshipTwins(entry);
  if (related.length === 0) return;
  void relationshipsChanged(queryClient, refetchClient, related);
  const { type, subject } = entry.event;
  if (subject && type !== EVENT_TYPES.relationshipCreate) relationshipChanged(queryClient, refetchClient, subject, type === EVENT_TYPES.relationshipDelete);
}

function applyToGraph(entry: LiveEntry): void {
  const graph = useGraphStore.getState();
  const change = graphChangeFor(entry.event, graphContent(queryClient, refetchClient));
  if (!change) {
    // A twin the graph does not show may still be open in the inspector.
    const id = entry.event.type === EVENT_TYPES.twinUpdate ? eventTwinId(entry.event) : undefined;
    if (id && queryClient.getQueryData(twinKeys.twin(refetchClient, id))) scheduleRefetch([id]);
    relationshipEvent(entry);
    return;
  }
  if (change.remove?.length) graph.remove(change.remove);
  if (change.twins?.length || change.relationships?.length) {
    drawInGraph(queryClient, refetchClient, { twins: change.twins ?? [], relationships: change.relationships ?? [] }, 'overlay', { sameVersion: 'replace' });
  }
  if (change.refetch?.length) scheduleRefetch(change.refetch);
  relationshipEvent(entry);
  const changed = [...(change.twins ?? []).map((t) => t.$dtId), ...(change.refetch ?? [])];
  useChanges.getState().flash(changed);
}

export const useLiveEvents = create<LiveState>()((set, get) => ({
  url: null,
  status: 'idle',
  entries: [],
  paused: false,
  held: [],

  connect: (url, client) => {
    refetchClient = client ?? null;
    if (get().url === url && source) return;
    source?.close();
    set({ url, status: 'connecting' });
    // EventSource, or the same protocol through the in-browser emulator's worker transport.
    const es = openEventStream(url);
    source = es;
    es.onopen = () => {
      if (source === es) set({ status: 'open' });
    };
    // EventSource reconnects by itself (the emulator asks for 2 s); the status tells the user meanwhile.
    es.onerror = () => {
      if (source === es) set({ status: es.readyState === 2 /* CLOSED */ ? 'idle' : 'reconnecting' });
    };
    es.addEventListener('cloudevent', (e) => {
      if (source === es) get().receive((e as MessageEvent<string>).data);
    });
  },

  disconnect: () => {
    source?.close();
    source = null;
    refetchClient = null;
    set({ url: null, status: 'idle' });
  },

  setPaused: (paused) => {
    if (paused) {
      set({ paused: true });
      return;
    }
    const { held, entries } = get();
    let next = entries;
    for (const e of [...held].reverse()) next = addEntry(next, e, MAX_ENTRIES);
    set({ paused: false, held: [], entries: next });
  },

  clear: () => set({ entries: [], held: [] }),

  receive: (data) => {
    const parsed = parseLiveMessage(data);
    if (!parsed) return;
    const entry = toEntry(parsed.event, parsed.routeId, Date.now());
    const { entries, held } = get();
    const seen = entries.some((e) => e.key === entry.key) || held.some((e) => e.key === entry.key);
    // Once per event, however many routes deliver it. The graph follows the instance even while the list is paused:
    // pausing freezes the list, not the truth.
    if (!seen) applyToGraph(entry);
    if (get().paused) set((s) => ({ held: addEntry(s.held, entry, MAX_ENTRIES) }));
    else set((s) => ({ entries: addEntry(s.entries, entry, MAX_ENTRIES) }));
  },
}));
