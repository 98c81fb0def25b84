// An NDJSON import of N twins (default 50,000) through an Import Job, against creating the same number of twins with
// N PUT requests (16 in flight), both against one in-memory emulator in this run. Reported as the ratio job / PUTs.
// The job reads its input from Azurite (in memory, SAS URLs), as it would from a storage account.
// BENCH_IMPORT_TWINS overrides N.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '../src/emulator/server';
import { AdtClient } from '../src/web/adt-client';
import type { GraphFile } from '../src/web/api/import-export';
import { toNdjson } from '../src/web/api/import-export';
import { importBlobs } from './_import-blobs';

const MODEL = {
  '@context': 'dtmi:dtdl:context;3', '@id': 'dtmi:bench:Thing;1', '@type': 'Interface',
  contents: [
    { '@type': 'Property', name: 'name', schema: 'string' },
    { '@type': 'Property', name: 'value', schema: 'double' },
  ],
};

function twins(prefix: string, n: number): GraphFile['twins'] {
  return Array.from({ length: n }, (_, i) => ({ $dtId: `${prefix}-${i}`, $metadata: { $model: MODEL['@id'] }, name: `Thing ${i}`, value: i / 10 }));
}


export async function run(): Promise<object> {
  const n = Number(process.env.BENCH_IMPORT_TWINS ?? 50_000);
  const emulator = await createEmulator({ httpPort: 0, port: 0, seed: 'none', quiet: true, dataDir: join(tmpdir(), 'twinscope-bench') });
  const client = new AdtClient({ baseUrl: emulator.httpUrl as string });
  const ndjson = toNdjson({ models: [], twins: twins('job', n), relationships: [] });
  const blobs = await importBlobs(ndjson);
  try {
    await client.createModels([MODEL]);

    const jobStarted = performance.now();
    await client.createImportJob('bench', { inputBlobUri: blobs.inputUrl, outputBlobUri: blobs.logUrl });
    let job = await client.getImportJob('bench');
    while (job.status === 'notstarted' || job.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      job = await client.getImportJob('bench');
    }
    const importJobMs = performance.now() - jobStarted;
    if (job.status !== 'succeeded') throw new Error(`The import job ended ${job.status}: ${job.error?.message ?? await blobs.log()}`);

    const items = twins('put', n);
    let next = 0;
    const putStarted = performance.now();
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < items.length) {
        const twin = items[next++]!;
        await client.upsertDigitalTwin(twin.$dtId, twin);
      }
    }));
    const putsMs = performance.now() - putStarted;

    const count = await client.queryTwins<{ COUNT: number }>('SELECT COUNT() FROM DIGITALTWINS').byPage().next();
    const total = count.value?.value[0]?.COUNT;
    if (total !== 2 * n) throw new Error(`Expected ${2 * n} twins after both runs, found ${String(total)}.`);

    return {
      twins: n,
      importJobMs: Math.round(importJobMs),
      putsMs: Math.round(putsMs),
      putConcurrency: 16,
      ratioJobToPuts: Number((importJobMs / putsMs).toFixed(3)),
      importJobTwinsPerSecond: Math.round(n / (importJobMs / 1000)),
      putTwinsPerSecond: Math.round(n / (putsMs / 1000)),
      ndjsonBytes: ndjson.length,
    };
  } finally {
    await blobs.close();
    await emulator.close();
  }
}
