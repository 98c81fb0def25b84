import { describe, it, expect } from 'vitest';
import { parseInterfaces } from '../../../shared/dtdl';
import { lineage, modelGraphElements } from './model-graph';

const ctx = 'dtmi:dtdl:context;3';
const { interfaces } = parseInterfaces([
  { '@context': ctx, '@id': 'dtmi:a:Space;1', '@type': 'Interface' },
  { '@context': ctx, '@id': 'dtmi:a:T;1', '@type': 'Interface' },
  { '@context': ctx, '@id': 'dtmi:a:Room;1', '@type': 'Interface', extends: 'dtmi:a:Space;1', contents: [
    { '@type': 'Component', name: 'thermostat', schema: 'dtmi:a:T;1' },
    { '@type': 'Relationship', name: 'next', target: 'dtmi:a:Room;1' },
    { '@type': 'Relationship', name: 'any' },
    { '@type': 'Relationship', name: 'gone', target: 'dtmi:a:Missing;1' },
  ] },
  { '@context': ctx, '@id': 'dtmi:a:Lab;1', '@type': 'Interface', extends: 'dtmi:a:Room;1' },
  { '@context': ctx, '@id': 'dtmi:a:Other;1', '@type': 'Interface', contents: [{ '@type': 'Relationship', name: 'in', target: 'dtmi:a:Room;1' }] },
]);

describe('modelGraphElements', () => {
  it('draws extends, component and relationship edges from the declaring model', () => {
    const g = modelGraphElements(interfaces, { extends: true, component: true, relationship: true }, (id) => id.split(':')[2] ?? id);
    expect(g.nodes.map((n) => n.label)).toEqual(['Space;1', 'T;1', 'Room;1', 'Lab;1', 'Other;1']);
    expect(g.edges.map((e) => `${e.kind} ${e.source} -> ${e.target} ${e.label}`)).toEqual([
      'extends dtmi:a:Room;1 -> dtmi:a:Space;1 extends',
      'component dtmi:a:Room;1 -> dtmi:a:T;1 thermostat',
      'relationship dtmi:a:Room;1 -> dtmi:a:Room;1 next',
      'extends dtmi:a:Lab;1 -> dtmi:a:Room;1 extends',
      'relationship dtmi:a:Other;1 -> dtmi:a:Room;1 in',
    ]);
    expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
  });

  it('switches edge kinds off', () => {
    const g = modelGraphElements(interfaces, { extends: false, component: true, relationship: false });
    expect(g.edges.map((e) => e.kind)).toEqual(['component']);
    expect(g.nodes).toHaveLength(5);
  });

  it('filters to the supertypes and subtypes of a model', () => {
    expect([...lineage(interfaces, 'dtmi:a:Room;1')].sort()).toEqual(['dtmi:a:Lab;1', 'dtmi:a:Room;1', 'dtmi:a:Space;1']);
    const g = modelGraphElements(interfaces, { extends: true, component: true, relationship: true, lineageOf: 'dtmi:a:Lab;1' });
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['dtmi:a:Lab;1', 'dtmi:a:Room;1', 'dtmi:a:Space;1']);
    expect(g.edges.map((e) => e.kind).sort()).toEqual(['extends', 'extends', 'relationship']);
  });
});
