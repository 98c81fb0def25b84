import { describe, expect, it } from 'vitest';
import { ModelIndex, validateModels } from '../dtdl';
import { checkQuery } from './check';
import { completeQuery } from './complete';

// The real DTDL ModelIndex must satisfy the query tools' structural QueryModelIndex.
const docs = [
  { '@id': 'dtmi:t:Space;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', displayName: 'Space',
    contents: [
      { '@type': 'Property', name: 'name', schema: 'string' },
      { '@type': 'Relationship', name: 'contains', properties: [{ '@type': 'Property', name: 'since', schema: 'integer' }] },
    ] },
  { '@id': 'dtmi:t:Room;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', extends: 'dtmi:t:Space;1',
    contents: [{ '@type': 'Property', name: 'temperature', schema: 'double' }] },
];

function index(): ModelIndex {
  const r = validateModels(docs, new ModelIndex());
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return new ModelIndex(r.interfaces);
}

describe('query tools with the DTDL ModelIndex', () => {
  it('analyzes against it', () => {
    const d = checkQuery("SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL('dtmi:t:Space;1') AND T.temperature > 1 AND T.humidity > 1", index()).diagnostics;
    expect(d.map((x) => [x.code, x.severity])).toEqual([['unknown-property', 'warning']]);
    expect(d[0]?.message).toContain("'humidity'");
  });

  it('completes properties, relationships and model ids from it', () => {
    const idx = index();
    const text = "SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL('dtmi:t:Room;1') AND T.";
    expect(completeQuery(text, text.length, idx).map((i) => i.label)).toEqual(expect.arrayContaining(['name', 'temperature']));
    const rel = 'SELECT T FROM DIGITALTWINS T JOIN C RELATED T.';
    expect(completeQuery(rel, rel.length, idx).map((i) => i.label)).toEqual(['contains']);
    const model = "SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:t:R";
    expect(completeQuery(model, model.length, idx).map((i) => i.label)).toEqual(['dtmi:t:Room;1']);
  });
});
