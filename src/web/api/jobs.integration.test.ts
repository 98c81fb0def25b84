// The jobs module's cache rules, on a real QueryClient against the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMutation, testQueryClient } from './cache-test-helpers';
import { seedTestGraph, startTestEmulator, type TestEmulator } from '../../emulator/test-support';
import { AdtClient } from '../adt-client';
import { createImportJobMutation, deleteImportJobMutation, importJobsQueryOptions, instanceChanged, jobKeys } from './jobs';
import { modelKeys, modelsQueryOptions } from './models';
import { twinKeys, twinQueryOptions } from './twins';

let t: TestEmulator;
let client: AdtClient;

beforeAll(async () => {
  t = await startTestEmulator();
  await seedTestGraph(t.api);
  client = new AdtClient({ baseUrl: t.api.baseUrl });
});
afterAll(async () => t.close());

describe('jobs and the cache', () => {
  it('creating and deleting an import job reads the job list again', async () => {
    const queryClient = testQueryClient();
    const mutate = <D, V>(o: { mutationFn: (v: V) => Promise<D> }, v: V) => runMutation(queryClient, o, v);
    expect(await queryClient.fetchQuery(importJobsQueryOptions(client))).toEqual([]);

    const blob = `${t.api.baseUrl}/nowhere`;
    const job = await mutate(createImportJobMutation(queryClient, client), { jobId: 'job-1', inputBlobUri: `${blob}/in.ndjson`, outputBlobUri: `${blob}/out.ndjson` });
    expect(job.id).toBe('job-1');
    expect(queryClient.getQueryState(jobKeys.imports(client))?.isInvalidated).toBe(true);
    expect((await queryClient.fetchQuery(importJobsQueryOptions(client))).map((j) => j.id)).toEqual(['job-1']);

    // A job still running cannot be deleted; this one fails soon (its input blob does not exist).
    await expect.poll(async () => (await client.getImportJob('job-1')).status, { timeout: 10_000 }).toMatch(/^(cancelled|failed|succeeded)$/);
    await mutate(deleteImportJobMutation(queryClient, client), 'job-1');
    expect(queryClient.getQueryState(jobKeys.imports(client))?.isInvalidated).toBe(true);
    expect(await queryClient.fetchQuery(importJobsQueryOptions(client))).toEqual([]);
  });

  it('a bulk change reads everything of that environment again, and nothing of another', async () => {
    const queryClient = testQueryClient();
    const other = new AdtClient({ baseUrl: t.api.baseUrl });
    for (const c of [client, other]) {
      await queryClient.fetchQuery(modelsQueryOptions(c));
      await queryClient.fetchQuery(twinQueryOptions(c, 'room-1'));
    }
    await instanceChanged(queryClient, client);
    expect(queryClient.getQueryState(modelKeys.list(client))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(twinKeys.twin(client, 'room-1'))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(modelKeys.list(other))?.isInvalidated).toBe(false);
    expect(queryClient.getQueryState(twinKeys.twin(other, 'room-1'))?.isInvalidated).toBe(false);
  });
});
