/**
 * Excel workbooks (.xlsx) through exceljs, a maintained reader and writer of the format (MIT; it handles shared and
 * inline strings, rich text, dates, formulas' cached results and the zip container, which a hand-written reader
 * covered only in part). It is loaded on first use only: about 250 kB gzipped that the first screen never needs.
 *
 * A workbook holds the twins and relationships in its first sheet, in ADT Explorer's columns (see EXCEL_COLUMNS),
 * and, when Twinscope wrote it, the models in a sheet named "Models" (one DTDL interface as JSON per row), so an
 * export can be imported into an empty instance.
 */
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import type { GraphFile } from '../../api/import-export';
import { excelRowsToGraph, GraphFileError, graphToExcelRows } from '../../api/import-export';

export const MODELS_SHEET = 'Models';
const TWINS_SHEET = 'Twins';
/** Excel's limit for one cell's text; a longer model is split over the row's next cells. */
const CELL_LIMIT = 32_767;

async function newWorkbook(): Promise<Workbook> {
  const mod = await import('exceljs');
  // The browser build is a CommonJS bundle: its namespace arrives as `default` after Vite's interop.
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  return new ExcelJS.Workbook();
}

/** A cell's value as the text a user sees (rich text joined, a formula's cached result, a date as ISO 8601). */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as CellValue);
  if ('error' in value) return String(value.error);
  return '';
}

function sheetRows(sheet: Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  const width = Math.max(0, ...rows.map((r) => r?.length ?? 0));
  return Array.from(rows, (r) => [...(r ?? []), ...Array<string>(width - (r?.length ?? 0)).fill('')]);
}

/** The rows of the workbook's first sheet, and the models of its "Models" sheet (none when it has none). */
export async function readWorkbook(data: ArrayBuffer | Uint8Array): Promise<{ rows: string[][]; models: Record<string, unknown>[] }> {
  const workbook = await newWorkbook();
  try {
    await workbook.xlsx.load(data instanceof Uint8Array ? data.slice().buffer : data);
  } catch (err) {
    throw new GraphFileError(`The file is not a readable Excel workbook (.xlsx): ${err instanceof Error ? err.message : String(err)}`);
  }
  const sheets = workbook.worksheets;
  const first = sheets.find((s) => s.name !== MODELS_SHEET) ?? sheets[0];
  if (!first) throw new GraphFileError('The workbook has no worksheet.');
  const models: Record<string, unknown>[] = [];
  const modelsSheet = workbook.getWorksheet(MODELS_SHEET);
  if (modelsSheet) {
    sheetRows(modelsSheet).forEach((cells, i) => {
      const text = cells.join('').trim();
      if (text === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new GraphFileError(`Sheet "${MODELS_SHEET}", row ${i + 1}: not a JSON model.`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new GraphFileError(`Sheet "${MODELS_SHEET}", row ${i + 1}: a model must be a JSON object.`);
      models.push(parsed as Record<string, unknown>);
    });
  }
  return { rows: sheetRows(first), models };
}

/** The rows of the workbook's first sheet. */
export async function readXlsx(data: ArrayBuffer | Uint8Array): Promise<string[][]> {
  return (await readWorkbook(data)).rows;
}

/** A workbook's graph: its twins and relationships, and its models when it has a "Models" sheet. */
export async function xlsxToGraph(data: ArrayBuffer | Uint8Array): Promise<GraphFile> {
  const { rows, models } = await readWorkbook(data);
  return { ...excelRowsToGraph(rows), models };
}

/** An .xlsx of the graph: ADT Explorer's sheet (plus relationship ids and properties) and a "Models" sheet. */
export async function graphToXlsx(graph: GraphFile): Promise<Uint8Array> {
  const workbook = await newWorkbook();
  workbook.creator = 'Twinscope';
  const twins = workbook.addWorksheet(TWINS_SHEET);
  for (const row of graphToExcelRows(graph)) twins.addRow(row);
  twins.getRow(1).font = { bold: true };
  twins.columns.forEach((c, i) => { c.width = [45, 30, 30, 22, 60, 30, 40][i] ?? 20; });
  const models = workbook.addWorksheet(MODELS_SHEET);
  for (const m of graph.models) {
    const text = JSON.stringify(m);
    const parts: string[] = [];
    for (let i = 0; i < text.length; i += CELL_LIMIT) parts.push(text.slice(i, i + CELL_LIMIT));
    models.addRow(parts);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
