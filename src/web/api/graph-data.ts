/**
 * The documents of what the graph draws, held once: in the TanStack cache, as the same entries the inspector reads
 * (`twin(client, id)` → `{ twin, etag }`, `relationship(client, source, id)` → `{ rel, etag }`). The graph store holds
 * only ids, edges, what is hidden and selected; this module joins the two.
 *
 * - Writes: `drawInGraph` puts documents into the cache and their ids into the graph. Every other write (a save, a
 *   live event's refetch, the inspector's load) goes to the same entries, so the graph, the inspector, the value
 *   filter and the twins list read one version.
 * - Reads: `graphContent` / `useGraphContent` give the drawn twins and relationships as read-only maps over the cache,
 *   without copying: an index of the cache's entries by id makes a lookup one Map.get.
 * - Lifetime: entries of drawn documents never expire (gcTime Infinity, set per environment with setQueryDefaults);
 *   once the graph lets an element go and no component watches its entry, the entry is removed.
 *   https://tanstack.com/query/latest/docs/reference/QueryClient#queryclientsetquerydefaults
 */
import { useMemo, useSyncExternalStore } from 'react';
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import type { DigitalTwin, Relationship } from '../../shared/adt';
import type { AdtClient } from '../adt-client';
import { useGraphStore } from '../stores/graph';
import { relationshipKey, type GraphContent, type GraphEdge, type GraphModel, type MergeMode } from '../stores/graph-model';
import { apiKeys, clientKey } from './keys';
import type { TwinVersion } from './twins';
import type { RelationshipVersion } from './relationships';

type AnyQuery = Query<unknown, Error, unknown, readonly unknown[]>;

/** The cache's twin and relationship entries by id, per environment, kept current from the cache's own events. */
interface Index {
  twins: Map<number, Map<string, AnyQuery>>;
  relationships: Map<number, Map<string, AnyQuery>>;
  /** Bumped when an indexed entry is added, changes its data or goes. */
  revision: number;
  listeners: Set<() => void>;
  defaults: Set<number>;
}

const indexes = new WeakMap<QueryClient, Index>();

/** Which index a query key belongs to, and its id there: `[app, env, 'twin', id]` or `[app, env, 'relationship', source, id]`. */
function indexSlot(key: readonly unknown[]): { kind: 'twins' | 'relationships'; env: number; id: string } | null {
  if (key[0] !== apiKeys.all[0] || typeof key[1] !== 'number') return null;
  if (key[2] === 'twin' && key.length === 4 && typeof key[3] === 'string') return { kind: 'twins', env: key[1], id: key[3] };
  if (key[2] === 'relationship' && key.length === 5 && typeof key[3] === 'string' && typeof key[4] === 'string') {
    return { kind: 'relationships', env: key[1], id: relationshipKey({ $sourceId: key[3], $relationshipId: key[4] }) };
  }
  return null;
}

function indexOf(queryClient: QueryClient): Index {
  const known = indexes.get(queryClient);
  if (known) return known;
  const made: Index = { twins: new Map(), relationships: new Map(), revision: 0, listeners: new Set(), defaults: new Set() };
  indexes.set(queryClient, made);
  const cache = queryClient.getQueryCache();
  const slotMap = (slot: NonNullable<ReturnType<typeof indexSlot>>) => {
    const byEnv = made[slot.kind];
    let m = byEnv.get(slot.env);
    if (!m) byEnv.set(slot.env, (m = new Map()));
    return m;
  };
  for (const q of cache.getAll()) {
    const slot = indexSlot(q.queryKey);
    if (slot) slotMap(slot).set(slot.id, q as AnyQuery);
  }
  let notifyScheduled = false;
  const changed = () => {
    made.revision++;
    // Many entries change in one task (a page of a query): components hear of it once.
    if (notifyScheduled) return;
    notifyScheduled = true;
    queueMicrotask(() => {
      notifyScheduled = false;
      for (const l of made.listeners) l();
    });
  };
  // What the graph's readers last saw of each entry: a refetch that brings the same document back (TanStack keeps
  // the old reference then, https://tanstack.com/query/latest/docs/framework/react/guides/render-optimizations) is
  // no change. Nor is a change to a document the graph does not draw. Either would make every reader of the graph
  // (canvas sync, twins list, data style) do O(n) work for nothing, as on the first click of every twin.
  const seen = new WeakMap<object, unknown>();
  const drawn = (slot: NonNullable<ReturnType<typeof indexSlot>>) => {
    const { twinIds, edges } = useGraphStore.getState().model;
    return slot.kind === 'twins' ? twinIds.has(slot.id) : edges.has(slot.id);
  };
  cache.subscribe((event) => {
    const slot = indexSlot(event.query.queryKey);
    if (!slot) return;
    if (event.type === 'added') {
      slotMap(slot).set(slot.id, event.query as AnyQuery);
      seen.set(event.query, event.query.state.data);
      if (drawn(slot)) changed();
    } else if (event.type === 'removed') {
      const m = slotMap(slot);
      if (m.get(slot.id) === event.query) m.delete(slot.id);
      if (drawn(slot)) changed();
    } else if (event.type === 'updated' && (event.action.type === 'success' || event.action.type === 'setState')) {
      const data = event.query.state.data;
      if (seen.get(event.query) === data) return;
      seen.set(event.query, data);
      if (drawn(slot)) changed();
    }
  });
  watchGraph(queryClient, made);
  return made;
}

/** Drawn documents stay cached for as long as they are drawn: the graph is not an observer TanStack can see. */
function keepWhileDrawn(queryClient: QueryClient, client: AdtClient | null, index: Index): void {
  const env = clientKey(client);
  if (index.defaults.has(env)) return;
  index.defaults.add(env);
  queryClient.setQueryDefaults([...apiKeys.ofClient(client), 'twin'], { gcTime: Infinity });
  queryClient.setQueryDefaults([...apiKeys.ofClient(client), 'relationship'], { gcTime: Infinity });
}

/**
 * Removes the entries of documents the graph no longer draws and no component watches, after every change that drops
 * some, so that replacing a 50k-twin graph does not leave its documents behind.
 */
function watchGraph(queryClient: QueryClient, index: Index): void {
  let scheduled = false;
  const prune = () => {
    scheduled = false;
    // A load started since: its end prunes.
    if (useGraphStore.getState().loading) return;
    const { twinIds, edges } = useGraphStore.getState().model;
    const cache = queryClient.getQueryCache();
    for (const [kind, held] of [['twins', twinIds], ['relationships', edges]] as const) {
      for (const byId of index[kind].values()) {
        for (const [id, q] of byId) if (!held.has(id) && q.getObserversCount() === 0) cache.remove(q);
      }
    }
  };
  useGraphStore.subscribe((s, prev) => {
    // After the task that changed the graph (a write puts the documents in before their ids), and once per load, at
    // its end, not after each of its pages: a prune walks every entry.
    const changed = s.model.twinIds !== prev.model.twinIds || s.model.edges !== prev.model.edges;
    if (!scheduled && ((changed && !s.loading) || (prev.loading && !s.loading))) {
      scheduled = true;
      setTimeout(prune, 0);
    }
  });
}

/** An environment's entry for a twin, through the index. */
function twinIn(index: Index, env: number, twinId: string): DigitalTwin | undefined {
  return (index.twins.get(env)?.get(twinId)?.state.data as TwinVersion | undefined)?.twin;
}

/** An environment's entry for a relationship, by the graph's key for it (`<source>/relationships/<id>`). */
function relationshipIn(index: Index, env: number, key: string): Relationship | undefined {
  return (index.relationships.get(env)?.get(key)?.state.data as RelationshipVersion | undefined)?.rel;
}

/**
 * Puts documents into the cache. An entry that already holds that version (same ETag) is left as it is, so reloading a
 * graph changes nothing that did not change; `sameVersion: 'replace'` writes anyway (a live event's patch applied to
 * the cached copy keeps its ETag until the refetch brings the new one).
 */
export function putDocuments(
  queryClient: QueryClient,
  client: AdtClient | null,
  docs: DrawDelta,
  { sameVersion = 'keep' }: { sameVersion?: 'keep' | 'replace' } = {},
): void {
  const index = indexOf(queryClient);
  const env = clientKey(client);
  keepWhileDrawn(queryClient, client, index);
  const keep = sameVersion === 'keep';
  for (const twin of docs.twins ?? []) {
    if (keep && twin.$etag !== undefined && twinIn(index, env, twin.$dtId)?.$etag === twin.$etag) continue;
    queryClient.setQueryData<TwinVersion>(apiKeys.twin(client, twin.$dtId), { twin, etag: twin.$etag });
  }
  for (const rel of docs.relationships ?? []) {
    if (keep && rel.$etag !== undefined && relationshipIn(index, env, relationshipKey(rel))?.$etag === rel.$etag) continue;
    queryClient.setQueryData<RelationshipVersion>(apiKeys.relationship(client, rel.$sourceId, rel.$relationshipId), { rel, etag: rel.$etag });
  }
}

export function edgeOf(r: Relationship): GraphEdge {
  return { $relationshipId: r.$relationshipId, $sourceId: r.$sourceId, $targetId: r.$targetId, $relationshipName: r.$relationshipName };
}

/** What the graph is asked to draw: documents from the service (a query's pages, an expand, a create). */
export interface DrawDelta {
  twins?: Iterable<DigitalTwin>;
  relationships?: Iterable<Relationship>;
}

/** Draws documents: into the cache first, then their ids and edges into the graph. */
export function drawInGraph(
  queryClient: QueryClient,
  client: AdtClient | null,
  delta: DrawDelta,
  mode: MergeMode = 'overlay',
  options: { sameVersion?: 'keep' | 'replace' } = {},
): void {
  const twins = [...(delta.twins ?? [])];
  const relationships = [...(delta.relationships ?? [])];
  putDocuments(queryClient, client, { twins, relationships }, options);
  useGraphStore.getState().merge({ twinIds: twins.map((t) => t.$dtId), edges: relationships.map(edgeOf) }, mode);
}

/** A read-only map over ids the graph holds, whose values come from the cache. It copies nothing. */
class CachedMap<V> implements ReadonlyMap<string, V> {
  constructor(
    private readonly ids: ReadonlySet<string> | ReadonlyMap<string, unknown>,
    private readonly read: (id: string) => V | undefined,
  ) {}
  get size(): number {
    return this.ids.size;
  }
  get(id: string): V | undefined {
    return this.ids.has(id) ? this.read(id) : undefined;
  }
  has(id: string): boolean {
    return this.ids.has(id) && this.read(id) !== undefined;
  }
  *entries(): MapIterator<[string, V]> {
    for (const id of this.ids.keys()) {
      const v = this.read(id);
      if (v !== undefined) yield [id, v];
    }
  }
  *keys(): MapIterator<string> {
    for (const [id] of this.entries()) yield id;
  }
  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

/** The drawn twins and relationships with their documents, as of now. */
export function graphContent(queryClient: QueryClient, client: AdtClient | null, model: Pick<GraphModel, 'twinIds' | 'edges'> = useGraphStore.getState().model): GraphContent {
  const index = indexOf(queryClient);
  const env = clientKey(client);
  return {
    twins: new CachedMap(model.twinIds, (id) => twinIn(index, env, id)),
    relationships: new CachedMap(model.edges, (key) => relationshipIn(index, env, key)),
  };
}

/**
 * The drawn twins and relationships with their documents, for components: a new value whenever the graph's ids or a
 * drawn document changes (a query page, a live event's refetch, a save), so memos keyed on it recompute.
 */
export function useGraphContent(client: AdtClient | null): GraphContent {
  const queryClient = useQueryClient();
  const index = indexOf(queryClient);
  const revision = useSyncExternalStore(
    (onChange) => {
      index.listeners.add(onChange);
      return () => index.listeners.delete(onChange);
    },
    () => index.revision,
  );
  const twinIds = useGraphStore((s) => s.model.twinIds);
  const edges = useGraphStore((s) => s.model.edges);
  return useMemo(
    () => graphContent(queryClient, client, { twinIds, edges }),
    // `revision` stands for the cache entries the maps read through.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryClient, client, twinIds, edges, revision],
  );
}

/** One drawn twin's document, for components that show a single twin. */
export function useGraphTwin(client: AdtClient | null, twinId: string | null | undefined): DigitalTwin | undefined {
  const content = useGraphContent(client);
  return twinId ? content.twins.get(twinId) : undefined;
}
