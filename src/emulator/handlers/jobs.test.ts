import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../storage/sqlite';
import { buildingTwin, seedTestGraph, startTestEmulator, TEST_IDS, testModels } from '../test-support';
import { failInterruptedJobs } from './jobs';
import type { TestApi, TestEmulator } from '../test-support';
import { startAzurite } from '../../test-support/azurite';
import type { Azurite } from '../../test-support/azurite';

/**
 * Only for the shutdown test: a server that never answers a read (which no real storage does) and takes the log
 * the cancelled job still writes.
 */
function hangingServer(): { server: Server; url: Promise<string> } {
  const server = createServer((req, res) => {
    if (req.method === 'GET') return;
    req.resume();
    req.on('end', () => res.writeHead(201).end());
  });
  const url = new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  return { server, url };
}

let t: TestEmulator;
let api: TestApi;
/** Azurite, the Azure Storage emulator, holds the jobs' input and log blobs; SAS URLs as a user makes them. */
let storage: Azurite;
const CONTAINER = 'imports';

async function upload(blob: string, text: string): Promise<string> {
  const container = await storage.container(CONTAINER);
  await container.getBlockBlobClient(blob).upload(text, Buffer.byteLength(text));
  return storage.sasUrl(CONTAINER, blob, 'r');
}
const logUrl = (blob: string) => storage.sasUrl(CONTAINER, blob, 'cw');
async function logLines(blob: string): Promise<Record<string, any>[]> { // eslint-disable-line @typescript-eslint/no-explicit-any -- log lines are free-form JSON
  const text = await storage.read(CONTAINER, blob);
  if (text === undefined) throw new Error(`no log blob ${blob}`);
  return text.trim().split('\n').map((l) => JSON.parse(l));
}

beforeAll(async () => {
  storage = await startAzurite();
  await storage.container(CONTAINER);
  t = await startTestEmulator();
  api = t.api;
}, 90_000);
afterAll(async () => {
  await t.close();
  await storage.stop();
});

async function waitForJob(path: string, done: (status: string) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const r = await api.get(path);
    if (done(r.body.status)) return r.body;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`job ${path} did not finish`);
}

const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n');

describe('import jobs', () => {
  it('imports models, twins and relationships from NDJSON and writes the log as a block blob', async () => {
    const input = await upload('input.ndjson', ndjson([
      { Section: 'Header' },
      { fileVersion: '1.0.0', author: 'tests', organization: 'twinscope' },
      { Section: 'Models' },
      ...testModels,
      { Section: 'Twins' },
      { $dtId: 'imp-building', ...buildingTwin() },
      { $dtId: 'imp-floor', $metadata: { $model: TEST_IDS.floor }, name: 'Imported' },
      { Section: 'Relationships' },
      { $dtId: 'imp-building', $relationshipId: 'imp-rel', $targetId: 'imp-floor', $relationshipName: 'has', isAccessRestricted: true },
    ]));
    const put = await api.put('/jobs/imports/job-1', { inputBlobUri: input, outputBlobUri: logUrl('log.ndjson') });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ id: 'job-1', status: 'notstarted', inputBlobUri: input });
    expect(put.body.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
    expect(put.body.purgeDateTime).toBeDefined();

    const job = await waitForJob('/jobs/imports/job-1', (s) => s === 'succeeded' || s === 'failed');
    expect(job.status).toBe('succeeded');
    expect(job.finishedDateTime).toBeDefined();
    expect((await api.get('/digitaltwins/imp-building')).body.AverageTemperature).toBe(68);
    expect((await api.get('/digitaltwins/imp-building/relationships/imp-rel')).body.isAccessRestricted).toBe(true);

    const properties = await (await storage.container(CONTAINER)).getBlobClient('log.ndjson').getProperties();
    expect(properties.blobType).toBe('BlockBlob');
    const lines = await logLines('log.ndjson');
    expect(lines.every((l) => l.jobId === 'job-1' && l.jobType === 'Import')).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ logType: 'Info', details: { section: 'Models', status: 'Started' } }));
    expect(lines.at(-1)?.details).toEqual({ status: 'Succeeded' });

    const list = await api.get('/jobs/imports');
    expect(list.body.value.map((j: { id: string }) => j.id)).toEqual(['job-1']);
    expect(list.body.nextLink).toBeNull();
  });

  it('logs items that fail and ends as failed, keeping the items that worked', async () => {
    const partial = await upload('partial.ndjson', ndjson([
      { Section: 'Header' }, { fileVersion: '1.0.0' },
      { Section: 'Twins' },
      { $dtId: 'imp-ok', ...buildingTwin() },
      { $dtId: 'imp-bad', ...buildingTwin({ AverageTemperature: 'hot' }) },
      { Section: 'Relationships' },
      { $dtId: 'imp-ok', $relationshipId: 'dangling', $targetId: 'nowhere', $relationshipName: 'has' },
    ]));
    expect((await api.put('/jobs/imports/job-2', { inputBlobUri: partial, outputBlobUri: logUrl('log2.ndjson') })).status).toBe(201);
    const job = await waitForJob('/jobs/imports/job-2', (s) => s === 'succeeded' || s === 'failed');
    expect(job.status).toBe('failed');
    expect((job.error as { code: string }).code).toBe('ImportJobFailed');
    expect((await api.get('/digitaltwins/imp-ok')).status).toBe(200);
    expect((await api.get('/digitaltwins/imp-bad')).status).toBe(404);
    const errorsLogged = (await logLines('log2.ndjson')).filter((l) => l.logType === 'Error');
    expect(errorsLogged.some((l) => l.details.id === 'imp-bad')).toBe(true);
    expect(errorsLogged.some((l) => String(l.details.error).includes('TargetDigitalTwinNotFound'))).toBe(true);
  });

  it('fails when the input cannot be read or the log cannot be written', async () => {
    await api.put('/jobs/imports/job-3', { inputBlobUri: storage.sasUrl(CONTAINER, 'missing.ndjson', 'r'), outputBlobUri: logUrl('log3.ndjson') });
    const missing = await waitForJob('/jobs/imports/job-3', (s) => s === 'succeeded' || s === 'failed');
    expect(missing.status).toBe('failed');
    expect((missing.error as { message: string }).message).toContain('404');

    const empty = await upload('empty.ndjson', ndjson([{ Section: 'Header' }, { fileVersion: '1.0.0' }]));
    // A SAS that only reads: Azure Storage (and Azurite) refuse the log's PUT with 403.
    await api.put('/jobs/imports/job-4', { inputBlobUri: empty, outputBlobUri: storage.sasUrl(CONTAINER, 'log4.ndjson', 'r') });
    const unwritable = await waitForJob('/jobs/imports/job-4', (s) => s === 'succeeded' || s === 'failed');
    expect(unwritable.status).toBe('failed');
  });

  it('validates the request, refuses duplicate ids, 404s unknown jobs, and deletes finished jobs', async () => {
    const input = storage.sasUrl(CONTAINER, 'input.ndjson', 'r');
    const noUris = await api.put('/jobs/imports/job-x', { inputBlobUri: input });
    expect(noUris.status).toBe(400);
    expect(noUris.body.error.code).toBe('ValidationFailed');
    const dup = await api.put('/jobs/imports/job-1', { inputBlobUri: input, outputBlobUri: logUrl('l.ndjson') });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('JobIdAlreadyExists');
    const unknown = await api.get('/jobs/imports/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('JobNotFound');
    expect((await api.post('/jobs/imports/nope/cancel', undefined)).status).toBe(404);
    const cancelDone = await api.post('/jobs/imports/job-1/cancel', undefined);
    expect(cancelDone.status).toBe(400);
    expect((await api.delete('/jobs/imports/job-1')).status).toBe(204);
    expect((await api.get('/jobs/imports/job-1')).status).toBe(404);
  });

  it('runs one bulk job at a time (JobLimitReached) and can be cancelled', async () => {
    const twins = Array.from({ length: 3000 }, (_, i) => ({ $dtId: `bulk-${i}`, ...buildingTwin() }));
    const big = await upload('big.ndjson', ndjson([{ Section: 'Header' }, { fileVersion: '1.0.0' }, { Section: 'Twins' }, ...twins]));
    const started = await api.put('/jobs/imports/job-big', { inputBlobUri: big, outputBlobUri: logUrl('log-big.ndjson') });
    expect(started.status).toBe(201);
    const second = await api.put('/jobs/imports/job-second', { inputBlobUri: big, outputBlobUri: logUrl('l.ndjson') });
    expect(second.status).toBe(400);
    expect(second.body.error.code).toBe('JobLimitReached');
    const deletion = await api.post('/jobs/deletions', undefined);
    expect(deletion.status).toBe(400);
    expect(deletion.body.error.code).toBe('JobLimitReached');
    const busy = await api.delete('/jobs/imports/job-big');
    expect(busy.status).toBe(400);

    const cancel = await api.post('/jobs/imports/job-big/cancel', undefined);
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelling');
    const job = await waitForJob('/jobs/imports/job-big', (s) => s === 'cancelled' || s === 'succeeded' || s === 'failed');
    expect(job.status).toBe('cancelled');
    const imported = (await api.post('/query', { query: "SELECT COUNT() FROM digitaltwins WHERE STARTSWITH($dtId, 'bulk-')" })).body.value[0].COUNT;
    expect(imported).toBeLessThan(3000);
  });
});

describe("the emulator's scratch blobs", () => {
  it('stand in for blob storage: the app uploads the input there and the job writes its log there', async () => {
    const scratch = `${api.baseUrl}/_emulator/blobs`;
    const input = ndjson([
      { Section: 'Header' }, { fileVersion: '1.0.0' },
      { Section: 'Twins' },
      { $dtId: 'scratch-1', ...buildingTwin() },
    ]);
    const put = await fetch(`${scratch}/in%20put.ndjson`, { method: 'PUT', body: input, headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/x-ndjson' } });
    expect(put.status).toBe(201);
    const back = await fetch(`${scratch}/in%20put.ndjson`);
    expect(back.headers.get('content-type')).toBe('application/x-ndjson');
    expect(await back.text()).toBe(input);

    expect((await api.put('/jobs/imports/scratch-job', { inputBlobUri: `${scratch}/in%20put.ndjson`, outputBlobUri: `${scratch}/log.ndjson` })).status).toBe(201);
    const job = await waitForJob('/jobs/imports/scratch-job', (s) => s === 'succeeded' || s === 'failed');
    expect(job.status).toBe('succeeded');
    expect((await api.get('/digitaltwins/scratch-1')).status).toBe(200);
    const log = (await (await fetch(`${scratch}/log.ndjson`)).text()).trim().split('\n').map((l) => JSON.parse(l) as { details: unknown });
    expect(log.at(-1)?.details).toEqual({ status: 'Succeeded' });

    expect((await fetch(`${scratch}/log.ndjson`, { method: 'DELETE' })).status).toBe(202);
    const gone = await fetch(`${scratch}/log.ndjson`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('BlobNotFound');
    expect((await fetch(`${scratch}/x`, { method: 'POST' })).status).toBe(405);
  });
});

describe('delete jobs', () => {
  it('POST answers 202 with an absolute Operation-Location, then deletes all models, twins and relationships', async () => {
    // The models are there from the first import.
    await seedTestGraph(api, { models: false });
    await api.put('/eventroutes/keep', { endpointName: 'live', filter: 'true' });
    const r = await api.post('/jobs/deletions', undefined, { headers: { 'operation-id': 'del-1' } });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ id: 'del-1', status: 'notstarted' });
    expect(r.headers.get('operation-id')).toBe('del-1');
    const location = r.headers.get('operation-location')!;
    expect(location).toBe(`${api.baseUrl}/jobs/deletions/del-1?api-version=2023-10-31`);
    let status = '';
    for (let i = 0; i < 100 && status !== 'succeeded'; i++) {
      status = (await api.get(location)).body.status;
      if (status !== 'succeeded') await new Promise((res) => setTimeout(res, 20));
    }
    expect(status).toBe('succeeded');
    expect((await api.get('/models')).body.value).toEqual([]);
    expect((await api.get('/digitaltwins/building-1')).status).toBe(404);
    expect((await api.post('/query', { query: 'SELECT * FROM relationships' })).body.value).toEqual([]);
    expect((await api.get('/eventroutes/keep')).status).toBe(200);
    // Models can be uploaded again afterwards.
    expect((await api.post('/models', testModels)).status).toBe(201);

    const dup = await api.post('/jobs/deletions', undefined, { headers: { 'operation-id': 'del-1' } });
    expect(dup.status).toBe(400);
    expect(dup.body.error).toEqual({ code: 'ValidationFailed', message: 'Operation-Id already exists' });
    expect((await api.post('/jobs/deletions?timeoutInMinutes=5', undefined)).status).toBe(400);
    const list = await api.get('/jobs/deletions');
    expect(list.body.value.map((j: { id: string }) => j.id)).toContain('del-1');
    expect((await api.get('/jobs/deletions/nope')).body.error.code).toBe('DeleteJobNotFound');
  });
});

describe('jobs across shutdowns', () => {
  it('close() aborts a job whose input never arrives, and the job ends cancelled', async () => {
    const other = await startTestEmulator();
    const hanging = hangingServer();
    const url = await hanging.url;
    expect((await other.api.put('/jobs/imports/hanging', { inputBlobUri: `${url}/hang`, outputBlobUri: `${url}/hang-log.ndjson` })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(5000);
    hanging.server.closeAllConnections();
    await new Promise((r) => hanging.server.close(r));
  });

  it('marks jobs left pending or running by a crash as failed when the store opens', () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      store.putImportJob({ id: 'i1', inputBlobUri: 'http://x/in', outputBlobUri: 'http://x/out', status: 'running' });
      store.putImportJob({ id: 'i2', inputBlobUri: 'http://x/in', outputBlobUri: 'http://x/out', status: 'succeeded' });
      store.putDeleteJob({ id: 'd1', status: 'notstarted' });
      expect(failInterruptedJobs(store)).toBe(2);
      expect(store.getImportJob('i1')).toMatchObject({ status: 'failed', error: { code: 'JobInterrupted' } });
      expect(store.getImportJob('i2')!.status).toBe('succeeded');
      expect(store.getDeleteJob('d1')!.status).toBe('failed');
    } finally {
      store.close();
    }
  });
});
