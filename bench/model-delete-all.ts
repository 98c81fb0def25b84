// "Delete all" on the RealEstateCore ontology (767 models) against one in-memory emulator, through the AdtClient:
// one model at a time (what the issue measured) against runDeleteAll's parallel dependency layers (8 in flight),
// alternating, two rounds each. Reported as the ratio layered / serial, plus each run's milliseconds.
// On loopback the single-threaded emulator's own work dominates, so a second pair of runs adds 40 ms to every
// response (a round trip to a cloud region), which is where parallel deletion pays: real ADT is behind a network.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '../src/emulator/server';
import { AdtClient } from '../src/web/adt-client';
import { batches, orderByDependencies, parseDtdlText } from '../src/shared/dtdl';
import { deletionOrder, runDeleteAll } from '../src/web/api/models-upload';
import { realEstateCoreFiles } from '../src/test-support/shared-dir';

export async function run(): Promise<object> {
  const emulator = await createEmulator({ httpPort: 0, port: 0, seed: 'none', quiet: true, dataDir: join(tmpdir(), 'twinscope-bench') });
  const direct = new AdtClient({ baseUrl: emulator.httpUrl as string });
  const RTT_MS = 40;
  const remote = new AdtClient({
    baseUrl: emulator.httpUrl as string,
    fetch: async (input, init) => { const res = await fetch(input, init); await new Promise((r) => setTimeout(r, RTT_MS)); return res; },
  });
  let client = direct;
  const docs = realEstateCoreFiles().flatMap((f) => parseDtdlText(readFileSync(f, 'utf8')).documents);
  const models = docs.map((d) => ({ id: (d as { '@id': string })['@id'], model: d }));
  const upload = async () => { for (const b of batches(orderByDependencies(docs).ordered)) await client.createModels(b); };
  const count = async () => { let n = 0; for await (const _ of client.listModels()) n++; return n; };
  const serial = async () => { for (const id of deletionOrder(models)) await client.deleteModel(id); };
  const layered = async () => {
    const results = await runDeleteAll(client, models, { concurrency: 8 });
    const bad = results.filter((r) => r.status !== 'deleted');
    if (bad.length) throw new Error(`${bad.length} not deleted: ${bad[0]?.message}`);
  };
  const runs: { kind: string; ms: number }[] = [];
  try {
    for (const [net, c] of [['loopback', direct], [`+${RTT_MS} ms`, remote]] as const) for (let round = 0; round < 2; round++) {
      client = c;
      for (const [kind0, fn] of [['serial', serial], ['layered', layered]] as const) {
        const kind = `${kind0} ${net}`;
        await upload();
        if (await count() !== 767) throw new Error('upload incomplete');
        const started = performance.now();
        await fn();
        runs.push({ kind, ms: Math.round(performance.now() - started) });
        if (await count() !== 0) throw new Error(`${kind}: models left after delete all`);
      }
    }
  } finally {
    await emulator.close();
  }
  const best = (kind: string) => Math.min(...runs.filter((r) => r.kind === kind).map((r) => r.ms));
  const ratio = (net: string) => +(best(`layered ${net}`) / best(`serial ${net}`)).toFixed(3);
  return {
    models: 767, concurrency: 8, runs,
    loopback: { serialBestMs: best('serial loopback'), layeredBestMs: best('layered loopback'), ratioLayeredOverSerial: ratio('loopback') },
    withRoundTrip: { rttMs: RTT_MS, serialBestMs: best(`serial +${RTT_MS} ms`), layeredBestMs: best(`layered +${RTT_MS} ms`), ratioLayeredOverSerial: ratio(`+${RTT_MS} ms`) },
  };
}
