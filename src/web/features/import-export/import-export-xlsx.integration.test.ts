import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTestGraph, startTestEmulator } from '../../../emulator/test-support';
import type { TestEmulator } from '../../../emulator/test-support';
import { AdtClient } from '../../adt-client';
import { planImport } from '../../api/import-export';
import { deleteEverything, executeImport, exportInstance } from '../../api/import-export-run';
import { graphToXlsx, xlsxToGraph } from './import-export-xlsx';

let t: TestEmulator;
let client: AdtClient;

beforeAll(async () => {
  t = await startTestEmulator();
  await seedTestGraph(t.api);
  client = new AdtClient({ baseUrl: t.api.baseUrl });
  // A second relationship into the same twin, with a property, so the sheet needs a relationship-only row.
  expect((await t.api.put('/digitaltwins/building-1/relationships/b1-has-f1-again', {
    $relationshipName: 'has', $targetId: 'floor-1', isAccessRestricted: false,
  })).status).toBe(200);
}, 60_000);
afterAll(async () => t.close());

describe('Excel round trip against the emulator', () => {
  it('export to .xlsx, delete everything, import the workbook: identical models, twins, components, relationships and their properties', async () => {
    const before = await exportInstance(client);
    expect(before.relationships.some((r) => Object.keys(r).some((k) => !k.startsWith('$')))).toBe(true);
    expect(before.twins.some((tw) => Object.values(tw).some((v) => typeof v === 'object' && v !== null && '$metadata' in v))).toBe(true);

    const workbook = await graphToXlsx(before);
    const job = await deleteEverything(client, { pollMs: 20 });
    expect(job.status).toBe('succeeded');
    expect((await exportInstance(client)).twins).toEqual([]);

    const graph = await xlsxToGraph(workbook);
    const plan = planImport(graph, { modelIds: new Set(), twinIds: new Set() }, { updateExisting: false });
    expect(plan.problems).toEqual([]);
    const results = await executeImport(client, plan, { concurrency: 4 });
    expect(results.filter((r) => r.status === 'failed')).toEqual([]);

    expect(await exportInstance(client)).toEqual(before);
  });
});
