/**
 * A chosen set of the emulator's HTTP-level tests, run again with the store on SQLite compiled to WebAssembly (the
 * static site's in-browser store, here in memory in Node), served through the same fetch-style core.
 * Each imported file registers its tests in this file, where test-support has been told to use the WebAssembly store.
 */
import { describe, expect, it } from 'vitest';
import { useWasmStoreInTests } from '../test-support';

useWasmStoreInTests();

describe('the WebAssembly store is the one under test', () => {
  it('serves the emulator with the WebAssembly store', async () => {
    const { startTestEmulator, wasmStoresOpenedInTests } = await import('../test-support');
    const { SqlStore } = await import('./sql-store');
    const { SqliteStore } = await import('./sqlite');
    let opened: unknown;
    const t = await startTestEmulator({
      openStore: async () => {
        const { default: init } = await import('@sqlite.org/sqlite-wasm');
        const { openWasmStore } = await import('./sqlite-wasm');
        opened = (await openWasmStore(await init(), { persistence: 'memory' })).store;
        return opened as InstanceType<typeof SqlStore>;
      },
    });
    try {
      expect(opened).toBeInstanceOf(SqlStore);
      expect(opened).not.toBeInstanceOf(SqliteStore);
      expect((await t.api.get('/models')).status).toBe(200);
      // And the tests below, which start their emulators without saying which store, get it too.
      const before = wasmStoresOpenedInTests();
      const plain = await startTestEmulator();
      try {
        expect(wasmStoresOpenedInTests()).toBe(before + 1);
        const created = await plain.api.post('/models', [{ '@id': 'dtmi:wasm:probe;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;3' }]);
        expect(created.status).toBe(201);
      } finally {
        await plain.close();
      }
    } finally {
      await t.close();
    }
  });
});

await import('../handlers/twins.test');
await import('../handlers/relationships.test');
await import('../handlers/query-paging.test');
await import('../handlers/models.test');
await import('../handlers/event-routes.test');
await import('../handlers/jobs.test');
