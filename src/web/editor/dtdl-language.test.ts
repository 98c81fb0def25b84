import { describe, it, expect } from 'vitest';
import { ModelIndex, parseInterfaces } from '../../shared/dtdl';
import {
  DTDL_TEMPLATES, checkDtdl, dtdlCompletions, dtdlHover, escapeMarkdown, interfaceIdsInText, positionToOffset, renameIds,
} from './dtdl-language';

const space = {
  '@context': 'dtmi:dtdl:context;3', '@id': 'dtmi:ex:Space;1', '@type': 'Interface', displayName: 'Space *bold*',
  description: 'Any <b>place</b>',
  contents: [{ '@type': 'Property', name: 'area', schema: 'double' }, { '@type': 'Relationship', name: 'contains' }],
};
const index = new ModelIndex(parseInterfaces([space]).interfaces);

/** Offset of the `n`th occurrence of `marker` in `text`, plus `delta`. */
function at(text: string, marker: string, delta = 0): number {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`no ${marker}`);
  return i + delta;
}
const labels = (text: string, offset: number) => dtdlCompletions(text, offset, index).items.map((i) => i.label);

describe('checkDtdl', () => {
  it('reports a DTDL error at the line and column of the offending value', () => {
    const text = [
      '{',
      '  "@context": "dtmi:dtdl:context;3",',
      '  "@id": "dtmi:ex:Room;1",',
      '  "@type": "Interface",',
      '  "extends": "dtmi:ex:Space;1",',
      '  "contents": [',
      '    { "@type": "Property", "name": "temp", "schema": "doubel" }',
      '  ]',
      '}',
    ].join('\n');
    const r = checkDtdl(text, index);
    expect(r.ok).toBe(false);
    expect(r.syntaxOk).toBe(true);
    const d = r.diagnostics.find((x) => x.severity === 'error');
    expect(d?.message).toContain('doubel');
    expect(d?.range).toEqual({ startLineNumber: 7, startColumn: 54, endLineNumber: 7, endColumn: 62 });
  });

  it('flags extends to a model that is neither known nor in the editor, and accepts one defined in the editor', () => {
    const missing = checkDtdl(JSON.stringify({ '@context': 'dtmi:dtdl:context;3', '@id': 'dtmi:ex:A;1', '@type': 'Interface', extends: 'dtmi:ex:Nope;1' }), index);
    expect(missing.ok).toBe(false);
    expect(missing.diagnostics.map((d) => d.code)).toContain('missing-dependency');
    const both = checkDtdl(JSON.stringify([
      { '@context': 'dtmi:dtdl:context;3', '@id': 'dtmi:ex:A;1', '@type': 'Interface', extends: 'dtmi:ex:B;1' },
      { '@context': 'dtmi:dtdl:context;3', '@id': 'dtmi:ex:B;1', '@type': 'Interface', extends: 'dtmi:ex:Space;1' },
    ]), index);
    expect(both.diagnostics).toEqual([]);
    expect(both.ok).toBe(true);
  });

  it('gives JSON syntax errors a position and stops there', () => {
    const r = checkDtdl('{\n  "@id": "x",\n  "@type": \n}', index);
    expect(r.syntaxOk).toBe(false);
    expect(r.diagnostics[0]?.code).toBe('json-syntax');
    expect(r.diagnostics[0]?.range.startLineNumber).toBe(4);
  });

  it('turns an existing id into a warning that suggests a new version', () => {
    const r = checkDtdl(JSON.stringify(space), index);
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'model-exists', message: expect.stringContaining('Raise the version') })]);
  });

  it('every template is valid DTDL once its dependencies exist', () => {
    const deps = parseInterfaces([
      { '@context': 'dtmi:dtdl:context;3', '@id': 'dtmi:com:example:Space;1', '@type': 'Interface' },
      { '@context': 'dtmi:dtdl:context;3', '@id': 'dtmi:com:example:Device;1', '@type': 'Interface' },
    ]).interfaces;
    for (const t of DTDL_TEMPLATES) expect(checkDtdl(t.text, new ModelIndex(deps)).diagnostics, t.id).toEqual([]);
  });
});

describe('dtdlCompletions', () => {
  it('offers the keys an Interface may still have', () => {
    const text = '{\n  "@context": "dtmi:dtdl:context;3",\n  ""\n}';
    const items = labels(text, at(text, '""', 1));
    expect(items).toContain('@id');
    expect(items).toContain('contents');
    expect(items).not.toContain('@context');
    const r = dtdlCompletions(text, at(text, '""', 1), index);
    expect(r.range).toEqual({ startLineNumber: 3, startColumn: 3, endLineNumber: 3, endColumn: 5 });
    expect(r.items.find((i) => i.label === 'extends')?.insertText).toBe('"extends": ');
  });

  it('offers the keys of a Relationship inside contents', () => {
    const text = '{"@context":"dtmi:dtdl:context;3","contents":[{"@type":"Relationship","name":"r", "" }]}';
    const items = labels(text, at(text, '"" }', 1));
    expect(items).toEqual(expect.arrayContaining(['target', 'properties', 'maxMultiplicity']));
    expect(items).not.toContain('schema');
    expect(items).not.toContain('name');
  });

  it('offers only the keys of a Property inside a Property, beside a Relationship that has relationship keys', () => {
    const text = '{"@context":"dtmi:dtdl:context;3","contents":[{"@type":"Relationship","name":"r","target":"dtmi:ex:Space;1","properties":[]},{"@type":"Property","name":"p", "" }]}';
    const items = labels(text, at(text, '"" }', 1));
    expect(items).toEqual(expect.arrayContaining(['schema', 'writable']));
    expect(items).not.toContain('target');
    expect(items).not.toContain('properties');
    expect(items).toEqual([...new Set(items)]);
  });

  it('@type in contents offers each class once, never Enum or Interface; a co-type array does not repeat the class', () => {
    const text = '{"@context":"dtmi:dtdl:context;3","@type":"Interface","contents":[{"@type":"Relationship"},{"@type":""}],"schemas":[{"@type":"Enum"}]}';
    const items = labels(text, at(text, '""}]', 1));
    expect(items).toEqual([...new Set(items)]);
    expect(items).not.toContain('Enum');
    expect(items).not.toContain('Interface');
    const co = '{"@context":"dtmi:dtdl:context;3","contents":[{"@type":["Property",""],"name":"t"}]}';
    const coItems = labels(co, at(co, '""]', 1));
    expect(coItems).toContain('Temperature');
    expect(coItems).not.toContain('Property');
    expect(coItems).not.toContain('Relationship');
  });

  it('offers content types and semantic types for @type in contents', () => {
    const text = '{"@context":"dtmi:dtdl:context;3","contents":[{"@type":"Pr"}]}';
    const items = labels(text, at(text, '"Pr"', 3));
    expect(items).toEqual(expect.arrayContaining(['Property', 'Telemetry', 'Relationship', 'Component']));
    const r = dtdlCompletions(text, at(text, '"Pr"', 3), index);
    expect(r.items.find((i) => i.label === 'Property')).toMatchObject({ insertText: '"Property"', filterText: '"Property"' });
    expect(r.range.startColumn).toBe(at(text, '"Pr"') + 1);
    expect(r.range.endColumn).toBe(at(text, '"Pr"') + 5);
  });

  it('offers primitive schemas and schemas defined in the Interface', () => {
    const text = '{"@context":"dtmi:dtdl:context;3","schemas":[{"@id":"dtmi:ex:Mode;1","@type":"Enum"}],"contents":[{"@type":"Property","name":"p","schema":""}]}';
    const items = labels(text, at(text, '"schema":""', 10));
    expect(items).toEqual(expect.arrayContaining(['double', 'string', 'dateTime', 'point', 'dtmi:ex:Mode;1']));
  });

  it('offers existing DTMIs for extends, targets and component schemas, with their display names', () => {
    const text = '[{"@context":"dtmi:dtdl:context;3","@id":"dtmi:ex:Other;1","@type":"Interface"},{"@context":"dtmi:dtdl:context;3","@id":"dtmi:ex:Me;1","extends":[""],"contents":[{"@type":"Component","name":"c","schema":""}]}]';
    const ext = dtdlCompletions(text, at(text, '[""]', 2), index).items;
    expect(ext.map((i) => i.label).sort()).toEqual(['dtmi:ex:Other;1', 'dtmi:ex:Space;1']);
    expect(ext.find((i) => i.label === 'dtmi:ex:Space;1')).toMatchObject({ kind: 'reference', detail: 'Space *bold*', documentation: 'Any <b>place</b>' });
    expect(labels(text, at(text, '"schema":""', 10)).sort()).toEqual(['dtmi:ex:Other;1', 'dtmi:ex:Space;1']);
  });

  it('offers the units of the semantic type of the element', () => {
    const text = '{"@context":["dtmi:dtdl:context;3","dtmi:dtdl:extension:quantitativeTypes;1"],"contents":[{"@type":["Telemetry","Temperature"],"name":"t","schema":"double","unit":""}]}';
    expect(labels(text, at(text, '"unit":""', 8))).toEqual(['degreeCelsius', 'degreeFahrenheit', 'kelvin']);
  });

  it('offers DTDL contexts', () => {
    const text = '{"@context":""}';
    expect(labels(text, at(text, '""', 1))).toEqual(expect.arrayContaining(['dtmi:dtdl:context;3', 'dtmi:dtdl:context;2', 'dtmi:dtdl:extension:quantitativeTypes;1']));
  });
});

describe('dtdlHover', () => {
  it('explains a key, with the limits of the DTDL version', () => {
    const text = '{"@context":"dtmi:dtdl:context;2","extends":[]}';
    const h = dtdlHover(text, at(text, '"extends"', 2), index);
    expect(h?.contents[0]).toBe('**extends**');
    expect(h?.contents[1]).toContain('at most 2 parents');
    expect(h?.range).toEqual({ startLineNumber: 1, startColumn: 35, endLineNumber: 1, endColumn: 44 });
  });

  it('explains element types, schemas and semantic types', () => {
    const text = '{"contents":[{"@type":["Telemetry","Temperature"],"schema":"double"}]}';
    expect(dtdlHover(text, at(text, '"Telemetry"', 2), index)?.contents.join(' ')).toContain('stream of events');
    expect(dtdlHover(text, at(text, '"Temperature"', 2), index)?.contents.join(' ')).toContain('degreeCelsius');
    expect(dtdlHover(text, at(text, '"double"', 2), index)?.contents.join(' ')).toContain('8-byte');
  });

  it('describes a referenced model with resolved counts, escaping its text', () => {
    const text = '{"@context":"dtmi:dtdl:context;3","extends":"dtmi:ex:Space;1"}';
    const h = dtdlHover(text, at(text, 'dtmi:ex:Space', 2), index);
    expect(h?.contents[0]).toBe('**Space \\*bold\\*** `dtmi:ex:Space;1`');
    expect(h?.contents[1]).toBe('Any \\<b\\>place\\</b\\>');
    expect(h?.contents[2]).toContain('1 properties, 1 relationships');
  });

  it('returns null away from anything it can explain', () => {
    expect(dtdlHover('{"foo": 1}', 3, index)).toBeNull();
    expect(dtdlHover('', 0, index)).toBeNull();
  });

  it('escapes markdown and HTML', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> [a](b)')).toBe('\\<img src=x onerror=alert\\(1\\)\\> \\[a\\]\\(b\\)');
  });
});

describe('new versions', () => {
  it('renames ids and the references to them, keeping the formatting', () => {
    const text = '[\n  { "@id": "dtmi:ex:A;1", "extends": "dtmi:ex:B;1" },\n  { "@id": "dtmi:ex:B;1" }\n]';
    expect(interfaceIdsInText(text)).toEqual(['dtmi:ex:A;1', 'dtmi:ex:B;1']);
    const out = renameIds(text, new Map([['dtmi:ex:B;1', 'dtmi:ex:B;2']]));
    expect(out).toBe('[\n  { "@id": "dtmi:ex:A;1", "extends": "dtmi:ex:B;2" },\n  { "@id": "dtmi:ex:B;2" }\n]');
    expect(renameIds('not json {', new Map([['a', 'b']]))).toBe('not json {');
  });

  it('converts Monaco positions to offsets', () => {
    const text = 'ab\ncde\nf';
    expect(positionToOffset(text, 1, 1)).toBe(0);
    expect(positionToOffset(text, 2, 2)).toBe(4);
    expect(positionToOffset(text, 3, 2)).toBe(8);
  });
});
