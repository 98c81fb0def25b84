import { describe, expect, it } from 'vitest';
import { AdtClient } from '../adt-client';
import type { RequestLogEntry } from '../adt-client';
import { adtError, empty, fakeFetch, json } from '../adt-client/test-helpers';
import type { ImportPlan } from './import-export';
import { deleteEverything, executeImport, existingTwinIds, runImportJob } from './import-export-run';

const BASE = 'https://emu.test';
const client = (f: typeof fetch) => new AdtClient({ baseUrl: BASE, fetch: f, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });

function plan(partial: Partial<ImportPlan>): ImportPlan {
  return {
    modelBatches: [], reusedModels: [], twins: [], relationships: [], externalTargets: [], problems: [],
    counts: { models: { create: 0, reuse: 0 }, twins: { create: 0, update: 0, skip: 0 }, relationships: { upsert: 0, skip: 0 } },
    ...partial,
  };
}

describe('executeImport', () => {
  it('sends models, then twins (creates with If-None-Match: *), then relationships, and reports each item', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      const path = new URL(call.url).pathname;
      if (path === '/models') return json([{ id: 'dtmi:t:A;1' }], { status: 201 });
      if (path === '/digitaltwins/exists') return adtError(412, 'PreconditionFailed', 'exists');
      if (path === '/digitaltwins/bad') return adtError(400, 'ValidationFailed', 'bad twin');
      return json({}, { status: 200 });
    });
    const progress: number[] = [];
    const results = await executeImport(client(fetch), plan({
      modelBatches: [[{ '@id': 'dtmi:t:A;1' }]],
      reusedModels: ['dtmi:t:Old;1'],
      twins: [
        { twin: { $dtId: 'new', $metadata: { $model: 'dtmi:t:A;1' } }, action: 'create' },
        { twin: { $dtId: 'exists', $metadata: { $model: 'dtmi:t:A;1' } }, action: 'create' },
        { twin: { $dtId: 'bad', $metadata: { $model: 'dtmi:t:A;1' } }, action: 'update' },
        { twin: { $dtId: 'left', $metadata: { $model: 'dtmi:t:A;1' } }, action: 'skip' },
      ],
      relationships: [{ relationship: { $sourceId: 'new', $relationshipId: 'r', $relationshipName: 'n', $targetId: 'exists', w: 2 }, action: 'upsert' }],
    }), { concurrency: 1, onProgress: (p) => progress.push(p.done) });

    expect(results.map((r) => `${r.kind}:${r.id}:${r.status}`)).toEqual([
      'model:dtmi:t:Old;1:reused', 'model:dtmi:t:A;1:created',
      'twin:new:created', 'twin:exists:skipped', 'twin:bad:failed', 'twin:left:skipped',
      'relationship:new/relationships/r:created',
    ]);
    expect(results.find((r) => r.id === 'bad')?.message).toBe('ValidationFailed: bad twin');
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const put = (p: string) => calls.find((c) => c.method === 'PUT' && new URL(c.url).pathname === p);
    expect(put('/digitaltwins/new')?.headers['if-none-match']).toBe('*');
    expect(put('/digitaltwins/bad')?.headers['if-none-match']).toBeUndefined();
    const rel = put('/digitaltwins/new/relationships/r');
    expect(JSON.parse(rel?.body ?? '{}')).toEqual({ $relationshipName: 'n', $targetId: 'exists', w: 2, $relationshipId: 'r', $sourceId: 'new' });
    expect(rel?.headers['if-none-match']).toBe('*');
    // Models go first, relationships last.
    const order = calls.map((c) => new URL(c.url).pathname);
    expect(order[0]).toBe('/models');
    expect(order[order.length - 1]).toBe('/digitaltwins/new/relationships/r');
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const { fetch } = fakeFetch(() => {
      controller.abort(new Error('stop'));
      return json({});
    });
    await expect(executeImport(client(fetch), plan({
      twins: [1, 2, 3].map((i) => ({ twin: { $dtId: `t${i}`, $metadata: { $model: 'm' } }, action: 'create' as const })),
    }), { concurrency: 1, signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('existingTwinIds', () => {
  it('asks in IN-list chunks of 50 and collects the ids found', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `t${i}`);
    const { fetch, calls } = fakeFetch((call) => {
      const query = (JSON.parse(call.body ?? '{}') as { query: string }).query;
      const found = ids.filter((id) => query.includes(`'${id}'`) && Number(id.slice(1)) % 2 === 0);
      return json({ value: found.map(($dtId) => ({ $dtId })), continuationToken: null });
    });
    const found = await existingTwinIds(client(fetch), ids);
    expect(calls).toHaveLength(3);
    expect(found.size).toBe(60);
    expect(found.has('t0') && !found.has('t1')).toBe(true);
  });
});

describe('runImportJob', () => {
  it('uploads the NDJSON as a block blob, follows the job to its end and reads the log', async () => {
    let polls = 0;
    const { fetch, calls } = fakeFetch((call) => {
      if (call.url.startsWith('https://blob.test/in')) return empty(201);
      if (call.url.startsWith('https://blob.test/out')) {
        return new Response('{"logType":"Error","details":{"section":"Twins","id":"x","error":"bad"}}\n');
      }
      if (call.method === 'PUT') return json({ id: 'j', status: 'notstarted' }, { status: 201 });
      polls++;
      return json({ id: 'j', status: polls < 2 ? 'running' : 'failed', error: { code: 'ImportJobFailed', message: '1 item failed' } });
    });
    const statuses: string[] = [];
    const { job, log } = await runImportJob(client(fetch), '{"Section":"Header"}\n', {
      jobId: 'j', inputBlobUri: 'https://blob.test/in?sas', outputBlobUri: 'https://blob.test/out?sas', pollMs: 1,
      onStatus: (j) => statuses.push(j.status),
    });
    expect(calls[0]).toMatchObject({ method: 'PUT', url: 'https://blob.test/in?sas', body: '{"Section":"Header"}\n' });
    expect(calls[0]?.headers['x-ms-blob-type']).toBe('BlockBlob');
    expect(JSON.parse(calls[1]?.body ?? '{}')).toEqual({ inputBlobUri: 'https://blob.test/in?sas', outputBlobUri: 'https://blob.test/out?sas' });
    expect(statuses).toEqual(['notstarted', 'running', 'failed']);
    expect(job.status).toBe('failed');
    expect(log).toEqual([{ logType: 'Error', section: 'Twins', id: 'x', message: 'bad' }]);
  });

  it('logs the blob upload and the log download with the SAS signature redacted, and reads every response to its end', async () => {
    const responses: Response[] = [];
    const { fetch } = fakeFetch((call) => {
      let res: Response;
      if (call.url.startsWith('https://blob.test/in')) res = new Response('', { status: 201, headers: { 'content-length': '0' } });
      else if (call.url.startsWith('https://blob.test/out')) res = new Response('{"logType":"Info","details":{"message":"done"}}\n');
      else res = json({ id: 'j', status: 'succeeded' }, { status: call.method === 'PUT' ? 201 : 200 });
      responses.push(res);
      return res;
    });
    const entries: RequestLogEntry[] = [];
    const logged = new AdtClient({ baseUrl: BASE, fetch, onRequestLog: (e) => entries.push(e), retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    const sas = 'sv=2022-11-02&sp=rw&sig=SECRET%2Fsig%3D';
    await runImportJob(logged, '{"Section":"Header"}\n', {
      jobId: 'j', inputBlobUri: `https://blob.test/in.ndjson?${sas}`, outputBlobUri: `https://blob.test/out.ndjson?${sas}`, pollMs: 1,
    });
    expect(entries.map((e) => `${e.method} ${e.url} ${e.status}`)).toEqual([
      'PUT https://blob.test/in.ndjson?sv=2022-11-02&sp=rw&sig=[redacted] 201',
      expect.stringMatching(/^PUT https:\/\/emu\.test\/jobs\/imports\/j\?api-version=.* 201$/),
      'GET https://blob.test/out.ndjson?sv=2022-11-02&sp=rw&sig=[redacted] 200',
    ]);
    expect(JSON.stringify(entries)).not.toContain('SECRET');
    // An unread body is cancelled when the Response is dropped, which Chromium reports as net::ERR_ABORTED.
    expect(responses.map((r) => r.bodyUsed)).toEqual(responses.map(() => true));
  });

  it('explains a refused upload', async () => {
    const { fetch } = fakeFetch(() => empty(403));
    await expect(runImportJob(client(fetch), 'x', { jobId: 'j', inputBlobUri: 'https://blob.test/in', outputBlobUri: 'https://blob.test/out' }))
      .rejects.toThrow(/HTTP 403.*SAS.*CORS/);
  });
});

describe('deleteEverything', () => {
  it('starts a delete job and polls it until it ends', async () => {
    let n = 0;
    const { fetch, calls } = fakeFetch((call) => {
      if (call.method === 'POST') return json({ id: 'd1', status: 'notstarted' }, { status: 202, headers: { 'operation-location': `${BASE}/jobs/deletions/d1` } });
      n++;
      return json({ id: 'd1', status: n < 2 ? 'running' : 'succeeded' });
    });
    const job = await deleteEverything(client(fetch), { pollMs: 1 });
    expect(job.status).toBe('succeeded');
    expect(calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual(['POST /jobs/deletions', 'GET /jobs/deletions/d1', 'GET /jobs/deletions/d1']);
  });
});
