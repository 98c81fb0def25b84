// The models module's cache rules, on a real QueryClient against the emulator: each write leaves the list, its index
// and the twin counts as the service has them, and never touches another environment's slice of the cache.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { runMutation, testQueryClient } from './cache-test-helpers';
import { startTestEmulator, type TestEmulator } from '../../emulator/test-support';
import { AdtClient } from '../adt-client';
import {
  decommissionModelMutation, deleteAllModels, deleteModelMutation, modelKeys, modelsQueryOptions, moveTwinMutation,
  twinCountsQueryOptions, uploadModelsMutation, type LoadedModels,
} from './models';
import { twinQueryOptions } from './twins';

const ctx = 'dtmi:dtdl:context;3';
const iface = (id: string, extra: Record<string, unknown> = {}) => ({ '@context': ctx, '@id': id, '@type': 'Interface', ...extra });

let t: TestEmulator;
let client: AdtClient;
let queryClient: QueryClient;

beforeAll(async () => {
  t = await startTestEmulator();
  client = new AdtClient({ baseUrl: t.api.baseUrl });
});
afterAll(async () => t.close());
beforeEach(async () => {
  queryClient = testQueryClient();
  await deleteAllModels(queryClient, client, {});
});

const mutate = <TData, TVariables>(options: { mutationFn: (v: TVariables) => Promise<TData> }, variables: TVariables) =>
  runMutation(queryClient, options, variables);

/** The cached list as a panel on screen sees it: an observer keeps it active, so an invalidation reads it again. */
function watchModels(): { data: () => LoadedModels | undefined; next: (ok: (d: LoadedModels) => boolean) => Promise<LoadedModels>; stop: () => void } {
  const observer = new QueryObserver(queryClient, modelsQueryOptions(client));
  const stop = observer.subscribe(() => undefined);
  return {
    data: () => queryClient.getQueryData(modelKeys.list(client)),
    next: (ok) => new Promise((resolve) => {
      const check = () => {
        const d = observer.getCurrentResult().data;
        if (d && ok(d)) { unsubscribe(); resolve(d); }
      };
      const unsubscribe = observer.subscribe(check);
      check();
    }),
    stop,
  };
}

describe('the models cache', () => {
  it('reads the list and its index again after an upload, and the twin counts when next asked for', async () => {
    const watched = watchModels();
    await watched.next((d) => d.models.length === 0);
    await queryClient.fetchQuery(twinCountsQueryOptions(client));

    const results = await mutate(uploadModelsMutation(queryClient, client), { docs: [iface('dtmi:t:Base;1'), iface('dtmi:t:Room;1', { extends: 'dtmi:t:Base;1' })] });
    expect(results.map((r) => r.status)).toEqual(['created', 'created']);
    expect(queryClient.getQueryState(modelKeys.twinCounts(client))?.isInvalidated).toBe(true);

    const after = await watched.next((d) => d.models.length === 2);
    expect(after.index.resolve('dtmi:t:Room;1')?.ancestors).toEqual(['dtmi:t:Base;1']);
    watched.stop();
  });

  it('reads the models again after an upload that failed part way', async () => {
    await queryClient.fetchQuery(modelsQueryOptions(client));
    const results = await mutate(uploadModelsMutation(queryClient, client), { docs: [iface('dtmi:t:Good;1'), iface('dtmi:t:Bad;1', { contents: [{ '@type': 'Property', name: 'x', schema: 'nope' }] })] });
    expect(results.find((r) => r.id === 'dtmi:t:Bad;1')?.status).toBe('failed');
    expect(queryClient.getQueryState(modelKeys.list(client))?.isInvalidated).toBe(true);
  });

  it('shows a decommissioned model as such at once, keeps its index, and reads the list again', async () => {
    await mutate(uploadModelsMutation(queryClient, client), { docs: [iface('dtmi:t:Old;1')] });
    const before = await queryClient.fetchQuery(modelsQueryOptions(client));
    expect(before.byId.get('dtmi:t:Old;1')?.decommissioned).toBeFalsy();

    await mutate(decommissionModelMutation(queryClient, client), 'dtmi:t:Old;1');
    // No observer: nothing was read again yet, so this is the cache's own update.
    const cached = queryClient.getQueryData<LoadedModels>(modelKeys.list(client));
    expect(cached?.byId.get('dtmi:t:Old;1')?.decommissioned).toBe(true);
    expect(cached?.models.find((m) => m.id === 'dtmi:t:Old;1')?.decommissioned).toBe(true);
    expect(cached?.index.has('dtmi:t:Old;1')).toBe(true);
    expect(queryClient.getQueryState(modelKeys.list(client))?.isInvalidated).toBe(true);
    expect((await queryClient.fetchQuery(modelsQueryOptions(client))).byId.get('dtmi:t:Old;1')?.decommissioned).toBe(true);
  });

  it('reads the list again after a delete and after delete all, and leaves other environments alone', async () => {
    const other = new AdtClient({ baseUrl: t.api.baseUrl });
    await mutate(uploadModelsMutation(queryClient, client), { docs: [iface('dtmi:t:A;1'), iface('dtmi:t:B;1')] });
    await queryClient.fetchQuery(modelsQueryOptions(client));
    await queryClient.fetchQuery(modelsQueryOptions(other));

    await mutate(deleteModelMutation(queryClient, client), 'dtmi:t:A;1');
    expect(queryClient.getQueryState(modelKeys.list(client))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(modelKeys.list(other))?.isInvalidated).toBe(false);
    expect((await queryClient.fetchQuery(modelsQueryOptions(client))).models.map((m) => m.id)).toEqual(['dtmi:t:B;1']);

    await deleteAllModels(queryClient, client, {});
    expect(queryClient.getQueryState(modelKeys.list(client))?.isInvalidated).toBe(true);
    expect((await queryClient.fetchQuery(modelsQueryOptions(client))).models).toEqual([]);
  });

  it('reads a moved twin again', async () => {
    await mutate(uploadModelsMutation(queryClient, client), { docs: [iface('dtmi:t:Room;1'), iface('dtmi:t:Room;2')] });
    expect((await t.api.put('/digitaltwins/room-1', { $metadata: { $model: 'dtmi:t:Room;1' } })).status).toBe(200);
    await queryClient.fetchQuery(twinQueryOptions(client, 'room-1'));

    await mutate(moveTwinMutation(queryClient, client), { twinId: 'room-1', modelId: 'dtmi:t:Room;2' });
    expect(queryClient.getQueryState(twinQueryOptions(client, 'room-1').queryKey)?.isInvalidated).toBe(true);
    expect((await queryClient.fetchQuery(twinQueryOptions(client, 'room-1'))).twin.$metadata.$model).toBe('dtmi:t:Room;2');
    expect((await t.api.delete('/digitaltwins/room-1')).status).toBe(204);
  });
});
