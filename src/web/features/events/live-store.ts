/**
 * The live event connection and its list. It lives outside the panel's component so that switching bottom tabs
 * neither drops the stream nor loses the events seen so far: the panel only connects and reads.
 */
import { create } from 'zustand';
import type { DigitalTwin } from '../../../shared/adt';
import type { AdtClient } from '../../adt-client';
import { useGraphStore } from '../../stores/graph';
import { useChanges } from '../../stores/changes';
import type { LiveEntry } from './event-log';
import { addEntry, graphChangeFor, parseLiveMessage, toEntry } from './event-log';

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

let source: EventSource | null = null;
let refetchClient: AdtClient | null = null;
const pendingRefetch = new Set<string>();
let refetchTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Twin updates patch the shown twin at once; a GET shortly after brings its new ETag, so an edit started from the
 * updated values is not refused as stale. Bursts of updates to one twin cost one GET.
 */
function scheduleRefetch(ids: string[]): void {
  if (!refetchClient) return;
  for (const id of ids) pendingRefetch.add(id);
  if (refetchTimer !== undefined) return;
  refetchTimer = setTimeout(() => {
    refetchTimer = undefined;
    const client = refetchClient;
    const batch = [...pendingRefetch];
    pendingRefetch.clear();
    if (!client) return;
    for (const id of batch) {
      client.getDigitalTwin(id).then(
        ({ body }: { body: DigitalTwin }) => {
          if (useGraphStore.getState().model.twins.has(id)) useGraphStore.getState().merge({ twins: [body] });
        },
        // The twin may be gone by now; its delete event removes it from the graph.
        () => undefined,
      );
    }
  }, 300);
}

function applyToGraph(entry: LiveEntry): void {
  const graph = useGraphStore.getState();
  const change = graphChangeFor(entry.event, graph.model);
  if (!change) return;
  if (change.remove?.length) graph.remove(change.remove);
  if (change.twins?.length || change.relationships?.length) {
    useGraphStore.getState().merge({ twins: change.twins ?? [], relationships: change.relationships ?? [] });
  }
  if (change.refetch?.length) scheduleRefetch(change.refetch);
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
    const es = new EventSource(url);
    source = es;
    es.onopen = () => {
      if (source === es) set({ status: 'open' });
    };
    // EventSource reconnects by itself (the emulator asks for 2 s); the status tells the user meanwhile.
    es.onerror = () => {
      if (source === es) set({ status: es.readyState === EventSource.CLOSED ? 'idle' : 'reconnecting' });
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
