import { describe, expect, it } from 'vitest';
import { EXCEL_COLUMNS, excelRowsToGraph } from './import-export';
import { decodeXml, readXlsx, sheetRows } from './import-export-xlsx';

async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A minimal zip writer (no CRC: the reader does not check it), storing or deflating each part. */
async function zip(files: Record<string, string>, deflate: boolean): Promise<Uint8Array> {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = enc.encode(name);
    const raw = enc.encode(text);
    const data = deflate ? await deflateRaw(raw) : raw;
    const local = new Uint8Array(30 + nameBytes.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(8, deflate ? 8 : 0, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, raw.length, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    local.set(data, 30 + nameBytes.length);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(10, deflate ? 8 : 0, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, raw.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, centrals.length, true);
  ev.setUint16(10, centrals.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, eocd]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const cols = [EXCEL_COLUMNS.model, EXCEL_COLUMNS.id, EXCEL_COLUMNS.relFrom, EXCEL_COLUMNS.relName, EXCEL_COLUMNS.initData];
const shared = `<?xml version="1.0"?><sst>${cols.map((c) => `<si><t>${c}</t></si>`).join('')}<si><r><t>dtmi:t:Room;</t></r><r><t>1</t></r></si><si><t>room &amp; 1</t></si></sst>`;
const sheet = `<?xml version="1.0"?><worksheet><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>6</v></c><c r="E2" t="inlineStr"><is><t>{"area":12}</t></is></c></row>
<row r="4"><c r="A4" t="s"><v>5</v></c><c r="B4" t="str"><v>r2</v></c><c r="C4" t="s"><v>6</v></c><c r="D4" t="inlineStr"><is><t>next</t></is></c></row>
</sheetData></worksheet>`;
const workbook = '<workbook><sheets><sheet name="Twins" sheetId="1" r:id="rId7"/></sheets></workbook>';
const rels = '<Relationships><Relationship Id="rId7" Type="x" Target="worksheets/data.xml"/></Relationships>';

describe('readXlsx', () => {
  for (const deflate of [false, true]) {
    it(`reads the first sheet (${deflate ? 'deflated' : 'stored'}) into rows ADT Explorer's columns understand`, async () => {
      const bytes = await zip({ 'xl/workbook.xml': workbook, 'xl/_rels/workbook.xml.rels': rels, 'xl/sharedStrings.xml': shared, 'xl/worksheets/data.xml': sheet }, deflate);
      const rows = await readXlsx(bytes);
      expect(rows[0]).toEqual(cols);
      expect(rows[1]).toEqual(['dtmi:t:Room;1', 'room & 1', '', '', '{"area":12}']);
      expect(rows[2]).toEqual(['', '', '', '', '']);
      const graph = excelRowsToGraph(rows);
      expect(graph.twins.map((t) => t.$dtId)).toEqual(['room & 1', 'r2']);
      expect(graph.twins[0]?.area).toBe(12);
      expect(graph.relationships).toEqual([{ $sourceId: 'room & 1', $relationshipId: 'room & 1-next-r2', $relationshipName: 'next', $targetId: 'r2' }]);
    });
  }

  it('rejects a file that is not a zip', async () => {
    await expect(readXlsx(new TextEncoder().encode('hello, not a workbook'))).rejects.toThrow(/not an .xlsx workbook/);
  });
});

describe('sheetRows', () => {
  it('places cells by reference, reads booleans and numbers', () => {
    const rows = sheetRows('<row r="1"><c r="C1" t="b"><v>1</v></c><c r="AA1"><v>2.5</v></c></row>', []);
    expect(rows[0]?.[2]).toBe('true');
    expect(rows[0]?.[26]).toBe('2.5');
    expect(rows[0]).toHaveLength(27);
  });

  it('decodes entities', () => {
    expect(decodeXml('&lt;a&gt; &#65;&#x42; &quot;x&apos;')).toBe('<a> AB "x\'');
  });
});
