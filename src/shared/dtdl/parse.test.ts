import { describe, it, expect } from 'vitest';
import { parseDtdlText } from './parse';

describe('parseDtdlText', () => {
  it('parses an array of interfaces and maps pointers to 1-based ranges', () => {
    const text = '[\n  {\n    "@id": "dtmi:a:b;1",\n    "contents": [ { "name": "x" } ]\n  }\n]';
    const { documents, diagnostics, positions } = parseDtdlText(text);
    expect(diagnostics).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(positions.rangeOf('/0/@id')).toEqual({ startLineNumber: 3, startColumn: 12, endLineNumber: 3, endColumn: 24 });
    // A container is reported at its key, so a whole interface is not underlined.
    expect(positions.rangeOf('/0/contents')).toEqual({ startLineNumber: 4, startColumn: 5, endLineNumber: 4, endColumn: 15 });
    expect(positions.rangeOf('/0/contents/0/name')).toEqual({ startLineNumber: 4, startColumn: 29, endLineNumber: 4, endColumn: 32 });
    // A missing member falls back to the nearest existing ancestor.
    expect(positions.rangeOf('/0/contents/0/schema')).toEqual({ startLineNumber: 4, startColumn: 19, endLineNumber: 4, endColumn: 20 });
  });

  it('treats a single object as document 0', () => {
    const { documents, positions } = parseDtdlText('{"@id": "dtmi:a:b;1"}');
    expect(documents).toEqual([{ '@id': 'dtmi:a:b;1' }]);
    expect(positions.rangeOf('/0/@id')).toEqual({ startLineNumber: 1, startColumn: 9, endLineNumber: 1, endColumn: 21 });
    expect(positions.rangeOf('/1/@id')).toBeUndefined();
  });

  it('ignores a byte order mark without shifting columns', () => {
    const { documents, diagnostics, positions } = parseDtdlText('\uFEFF{"a": 1}');
    expect(diagnostics).toEqual([]);
    expect(documents).toEqual([{ a: 1 }]);
    expect(positions.rangeOf('/0/a')).toEqual({ startLineNumber: 1, startColumn: 8, endLineNumber: 1, endColumn: 9 });
  });

  it('counts CRLF line breaks once', () => {
    const { positions } = parseDtdlText('{\r\n"a":\r\n 1}');
    expect(positions.rangeOf('/0/a')).toEqual({ startLineNumber: 3, startColumn: 2, endLineNumber: 3, endColumn: 3 });
  });

  it('reports syntax errors, comments and trailing commas with ranges', () => {
    const r1 = parseDtdlText('{\n  "a": 1,\n}');
    expect(r1.diagnostics.map((d) => d.code)).toContain('json-syntax');
    expect(r1.diagnostics[0]?.range?.startLineNumber).toBe(3);
    const r2 = parseDtdlText('// hi\n{"a": 1}');
    expect(r2.diagnostics[0]).toMatchObject({ code: 'json-syntax', message: 'Comments are not allowed in JSON.' });
    const r3 = parseDtdlText('');
    expect(r3.diagnostics).toHaveLength(1);
    expect(r3.documents).toEqual([]);
  });

  it('reports duplicate keys and non-object roots', () => {
    const dup = parseDtdlText('[{"name": "a", "name": "b"}]');
    expect(dup.diagnostics).toEqual([expect.objectContaining({ code: 'duplicate-key', pointer: '/0/name', range: { startLineNumber: 1, startColumn: 16, endLineNumber: 1, endColumn: 22 } })]);
    expect(parseDtdlText('42').diagnostics[0]?.code).toBe('invalid-document');
  });

  it('escapes pointer segments per RFC 6901', () => {
    const { positions } = parseDtdlText('{"a/b": {"c~d": true}}');
    expect(positions.rangeOf('/0/a~1b/c~0d')).toEqual({ startLineNumber: 1, startColumn: 17, endLineNumber: 1, endColumn: 21 });
  });
});
