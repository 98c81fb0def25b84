import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { GraphFile } from '../../api/import-export';
import { EXCEL_COLUMNS, EXCEL_EXTRA_COLUMNS, excelRowsToGraph, graphToExcelRows } from '../../api/import-export';
import { graphToXlsx, readWorkbook, readXlsx, xlsxToGraph } from './import-export-xlsx';

const cols = Object.values(EXCEL_COLUMNS);

/** A sheet as ADT Explorer's users write it, in Excel: rich text, numbers, a gap row. */
async function adtExplorerSheet(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Twins');
  ws.addRow(cols);
  ws.addRow([{ richText: [{ text: 'dtmi:t:Room;' }, { text: '1', font: { bold: true } }] }, 'room & 1', '', '', '{"area":12}']);
  ws.addRow([]);
  ws.addRow(['dtmi:t:Room;1', 'r2', 'room & 1', 'next', '']);
  ws.addRow(['dtmi:t:Room;1', 7, '', '', '{"on":true}']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readXlsx (exceljs)', () => {
  it("reads the first sheet into rows ADT Explorer's columns understand: rich text joined, numbers as text", async () => {
    const rows = await readXlsx(await adtExplorerSheet());
    expect(rows[0]).toEqual(cols);
    expect(rows[1]).toEqual(['dtmi:t:Room;1', 'room & 1', '', '', '{"area":12}']);
    expect(rows[2]!.every((c) => c === '')).toBe(true);
    const graph = excelRowsToGraph(rows);
    expect(graph.twins.map((t) => t.$dtId)).toEqual(['room & 1', 'r2', '7']);
    expect(graph.twins[0]?.area).toBe(12);
    expect(graph.relationships).toEqual([{ $sourceId: 'room & 1', $relationshipId: 'room & 1-next-r2', $relationshipName: 'next', $targetId: 'r2' }]);
  });

  it('refuses a file that is not a workbook with a clear error', async () => {
    await expect(readXlsx(new TextEncoder().encode('hello, not a workbook'))).rejects.toThrow(/not a readable Excel workbook/);
  });
});

const graph: GraphFile = {
  models: [{ '@id': 'dtmi:t:Room;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', contents: [{ '@type': 'Property', name: 'area', schema: 'double' }] }],
  twins: [
    { $dtId: 'a', $metadata: { $model: 'dtmi:t:Room;1' }, area: 1.5, thermostat: { $metadata: {}, setpoint: 21 } },
    { $dtId: 'b', $metadata: { $model: 'dtmi:t:Room;1' } },
    { $dtId: 'c', $metadata: { $model: 'dtmi:t:Room;1' }, area: 3 },
  ],
  relationships: [
    { $sourceId: 'a', $relationshipId: 'a-b', $relationshipName: 'next', $targetId: 'b', weight: 2, tags: { k: 'v' } },
    { $sourceId: 'c', $relationshipId: 'c-b', $relationshipName: 'next', $targetId: 'b' },
    { $sourceId: 'b', $relationshipId: 'b-outside', $relationshipName: 'next', $targetId: 'elsewhere' },
  ],
};

describe("Excel export in ADT Explorer's layout", () => {
  it('one row per twin with its first incoming relationship, further relationships on rows of their own', () => {
    const rows = graphToExcelRows(graph);
    expect(rows[0]).toEqual([...cols, ...Object.values(EXCEL_EXTRA_COLUMNS)]);
    expect(rows.slice(1)).toEqual([
      ['dtmi:t:Room;1', 'a', '', '', '{"area":1.5,"thermostat":{"$metadata":{},"setpoint":21}}', '', ''],
      ['dtmi:t:Room;1', 'b', 'a', 'next', '', 'a-b', '{"weight":2,"tags":{"k":"v"}}'],
      ['', 'b', 'c', 'next', '', 'c-b', ''],
      ['dtmi:t:Room;1', 'c', '', '', '{"area":3}', '', ''],
      ['', 'elsewhere', 'b', 'next', '', 'b-outside', ''],
    ]);
  });

  it('a written workbook reads back as the same graph: twins, components, relationships with their ids and properties, models', async () => {
    const bytes = await graphToXlsx(graph);
    const back = await xlsxToGraph(bytes);
    expect(back.models).toEqual(graph.models);
    expect(back.twins).toEqual(graph.twins);
    const key = (r: { $sourceId: string; $relationshipId: string }) => `${r.$sourceId}/${r.$relationshipId}`;
    expect([...back.relationships].sort((x, y) => key(x).localeCompare(key(y)))).toEqual([...graph.relationships].sort((x, y) => key(x).localeCompare(key(y))));
    expect((await readWorkbook(bytes)).rows[0]).toContain(EXCEL_EXTRA_COLUMNS.relProps);
  });

  it('a model longer than an Excel cell is split over cells and joined on reading', async () => {
    const long = { ...graph.models[0], description: 'x'.repeat(70_000) };
    const back = await xlsxToGraph(await graphToXlsx({ ...graph, models: [long] }));
    expect(back.models).toEqual([long]);
  });

  it('relationship properties that are not a JSON object are reported with their row', () => {
    const head = [...cols, EXCEL_EXTRA_COLUMNS.relId, EXCEL_EXTRA_COLUMNS.relProps];
    expect(() => excelRowsToGraph([head, ['dtmi:t:Room;1', 'x', 'y', 'n', '', 'r', '[1]']])).toThrow(/Row 2: "Relationship Properties" must be a JSON object/);
  });
});
