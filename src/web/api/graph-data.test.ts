import { afterEach, describe, expect, it } from 'vitest';
import { QueryObserver } from '@tanstack/react-query';
import type { DigitalTwin, Relationship } from '../../shared/adt';
import { AdtClient } from '../adt-client';
import { useGraphStore } from '../stores/graph';
import { relationshipKey } from '../stores/graph-model';
import { testQueryClient } from './cache-test-helpers';
import { drawInGraph, graphContent } from './graph-data';
import { apiKeys } from './keys';
import { storeTwin } from './twins';

const twin = (id: string, etag = 'W/"1"', extra: Record<string, unknown> = {}): DigitalTwin =>
  ({ $dtId: id, $etag: etag, $metadata: { $model: 'dtmi:x:Room;1' }, ...extra }) as DigitalTwin;
const rel = (id: string, s: string, t: string): Relationship => ({ $relationshipId: id, $sourceId: s, $targetId: t, $relationshipName: 'next', $etag: 'W/"r"' }) as Relationship;
const nextTask = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => useGraphStore.getState().clear());

describe('the graph draws from the one cache', () => {
  it('keeps each drawn twin once, in the entry the inspector reads; the graph store holds ids and edges', () => {
    const queryClient = testQueryClient();
    const client = new AdtClient({ baseUrl: 'http://one.example' });
    const a = twin('a');
    drawInGraph(queryClient, client, { twins: [a, twin('b')], relationships: [rel('1', 'a', 'b')] }, 'replace');
    expect(queryClient.getQueryData<{ twin: DigitalTwin }>(apiKeys.twin(client, 'a'))?.twin).toBe(a);
    const content = graphContent(queryClient, client);
    expect(content.twins.get('a')).toBe(a);
    expect([...content.relationships.keys()]).toEqual([relationshipKey(rel('1', 'a', 'b'))]);
    const model = useGraphStore.getState().model;
    expect([...model.twinIds]).toEqual(['a', 'b']);
    expect(Object.keys(model.edges.get('a/relationships/1') ?? {}).sort()).toEqual(['$relationshipId', '$relationshipName', '$sourceId', '$targetId']);
  });

  it('shows a save (or a live event\'s refetch) in the graph with no write to the graph store', () => {
    const queryClient = testQueryClient();
    const client = new AdtClient({ baseUrl: 'http://one.example' });
    drawInGraph(queryClient, client, { twins: [twin('a')] }, 'replace');
    const revision = useGraphStore.getState().model.revision;
    storeTwin(queryClient, client, twin('a', 'W/"2"', { temperature: 21 }), 'W/"2"');
    expect(graphContent(queryClient, client).twins.get('a')).toMatchObject({ temperature: 21, $etag: 'W/"2"' });
    expect(useGraphStore.getState().model.revision).toBe(revision);
  });

  it('leaves an entry that already holds the version alone, and keeps environments apart', () => {
    const queryClient = testQueryClient();
    const one = new AdtClient({ baseUrl: 'http://one.example' });
    const other = new AdtClient({ baseUrl: 'http://one.example' });
    const first = twin('a');
    drawInGraph(queryClient, one, { twins: [first] }, 'replace');
    drawInGraph(queryClient, one, { twins: [twin('a')] }, 'replace');
    expect(graphContent(queryClient, one).twins.get('a')).toBe(first);
    expect(graphContent(queryClient, other).twins.get('a')).toBeUndefined();
  });

  it('lets go of the documents of what is no longer drawn, unless a component watches them', async () => {
    const queryClient = testQueryClient();
    const client = new AdtClient({ baseUrl: 'http://one.example' });
    drawInGraph(queryClient, client, { twins: [twin('a'), twin('b'), twin('c')], relationships: [rel('1', 'a', 'b')] }, 'replace');
    const watching = new QueryObserver(queryClient, { queryKey: apiKeys.twin(client, 'b'), enabled: false });
    const stop = watching.subscribe(() => undefined);
    drawInGraph(queryClient, client, { twins: [twin('c')] }, 'replace');
    await nextTask();
    expect(queryClient.getQueryData(apiKeys.twin(client, 'a'))).toBeUndefined();
    expect(queryClient.getQueryData(apiKeys.relationship(client, 'a', '1'))).toBeUndefined();
    expect(queryClient.getQueryData(apiKeys.twin(client, 'b'))).toBeDefined();
    expect(queryClient.getQueryData(apiKeys.twin(client, 'c'))).toBeDefined();
    stop();
  });

  it('prunes once a load ends, not after each of its pages', async () => {
    const queryClient = testQueryClient();
    const client = new AdtClient({ baseUrl: 'http://one.example' });
    drawInGraph(queryClient, client, { twins: [twin('old')] }, 'replace');
    useGraphStore.getState().setLoading(true);
    drawInGraph(queryClient, client, { twins: [twin('new')] }, 'replace');
    await nextTask();
    expect(queryClient.getQueryData(apiKeys.twin(client, 'old'))).toBeDefined();
    useGraphStore.getState().setLoading(false);
    await nextTask();
    expect(queryClient.getQueryData(apiKeys.twin(client, 'old'))).toBeUndefined();
    expect(queryClient.getQueryData(apiKeys.twin(client, 'new'))).toBeDefined();
  });
});
