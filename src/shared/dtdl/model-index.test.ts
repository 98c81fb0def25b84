import { describe, it, expect } from 'vitest';
import { ModelIndex } from './model-index';
import { validateModels } from './validate';
import type { InterfaceInfo } from './types';

const V3 = 'dtmi:dtdl:context;3';
type Json = Record<string, unknown>;
const iface = (id: string, extra: Json = {}): Json => ({ '@context': V3, '@id': id, '@type': 'Interface', ...extra });
const prop = (name: string): Json => ({ '@type': 'Property', name, schema: 'double' });

function infos(docs: Json[]): InterfaceInfo[] {
  const r = validateModels(docs, new ModelIndex());
  expect(r.diagnostics).toEqual([]);
  return r.interfaces;
}

// Thing <- Device <- Sensor ; Sensor has component 'battery' of Battery (which extends Part).
const graph = (): ModelIndex => new ModelIndex(infos([
  iface('dtmi:t:Thing;1', { contents: [prop('name'), { '@type': 'Relationship', name: 'near' }] }),
  iface('dtmi:t:Device;1', { extends: 'dtmi:t:Thing;1', contents: [prop('serial')] }),
  iface('dtmi:t:Part;1', { contents: [prop('partNo')] }),
  iface('dtmi:t:Battery;1', { extends: 'dtmi:t:Part;1', contents: [prop('level')] }),
  iface('dtmi:t:Sensor;1', {
    extends: 'dtmi:t:Device;1',
    contents: [{ '@type': 'Telemetry', name: 'reading', schema: 'double' }, { '@type': 'Component', name: 'battery', schema: 'dtmi:t:Battery;1' }],
  }),
]));

describe('ModelIndex basics', () => {
  it('adds, gets, lists and removes models', () => {
    const index = graph();
    expect(index.size).toBe(5);
    expect(index.has('dtmi:t:Sensor;1')).toBe(true);
    expect(index.get('dtmi:t:Sensor;1')?.extends).toEqual(['dtmi:t:Device;1']);
    expect(index.ids().sort()).toEqual(['dtmi:t:Battery;1', 'dtmi:t:Device;1', 'dtmi:t:Part;1', 'dtmi:t:Sensor;1', 'dtmi:t:Thing;1']);
    index.remove('dtmi:t:Sensor;1');
    expect(index.has('dtmi:t:Sensor;1')).toBe(false);
    expect(index.get('dtmi:t:Sensor;1')).toBeUndefined();
    expect(index.resolve('dtmi:t:Sensor;1')).toBeUndefined();
  });
});

describe('resolve', () => {
  it('merges own and inherited contents by kind, with ancestors nearest first', () => {
    const r = graph().resolve('dtmi:t:Sensor;1');
    expect(r?.ancestors).toEqual(['dtmi:t:Device;1', 'dtmi:t:Thing;1']);
    expect([...(r?.properties.keys() ?? [])].sort()).toEqual(['name', 'serial']);
    expect(r?.properties.get('name')?.definedIn).toBe('dtmi:t:Thing;1');
    expect([...(r?.telemetries.keys() ?? [])]).toEqual(['reading']);
    expect([...(r?.relationships.keys() ?? [])]).toEqual(['near']);
    expect(r?.components.get('battery')?.schema).toBe('dtmi:t:Battery;1');
  });

  it('caches results and drops the cache when models change', () => {
    const index = graph();
    const first = index.resolve('dtmi:t:Device;1');
    expect(index.resolve('dtmi:t:Device;1')).toBe(first);
    // Replacing the parent must show up in the child's resolution.
    const [thing2] = infos([iface('dtmi:t:Thing;1', { contents: [prop('label')] })]);
    index.add(thing2 as InterfaceInfo);
    const second = index.resolve('dtmi:t:Device;1');
    expect(second).not.toBe(first);
    expect([...(second?.properties.keys() ?? [])].sort()).toEqual(['label', 'serial']);
  });
});

describe('dependency graph', () => {
  it('dependenciesOf lists transitive extends and component schemas, excluding self', () => {
    const index = graph();
    expect(index.dependenciesOf('dtmi:t:Sensor;1').sort()).toEqual(['dtmi:t:Battery;1', 'dtmi:t:Device;1', 'dtmi:t:Part;1', 'dtmi:t:Thing;1']);
    expect(index.dependenciesOf('dtmi:t:Thing;1')).toEqual([]);
    expect(index.dependenciesOf('dtmi:t:Unknown;1')).toEqual([]);
  });

  it('referencedBy lists direct extenders and component users and follows removals', () => {
    const index = graph();
    expect(index.referencedBy('dtmi:t:Thing;1')).toEqual(['dtmi:t:Device;1']);
    expect(index.referencedBy('dtmi:t:Battery;1')).toEqual(['dtmi:t:Sensor;1']);
    expect(index.referencedBy('dtmi:t:Sensor;1')).toEqual([]);
    index.remove('dtmi:t:Sensor;1');
    expect(index.referencedBy('dtmi:t:Battery;1')).toEqual([]);
    expect(index.referencedBy('dtmi:t:Device;1')).toEqual([]);
  });
});

describe('isOfModel and modelsAssignableTo', () => {
  const versions = (): ModelIndex => new ModelIndex(infos([
    iface('dtmi:ex:widget;4'), iface('dtmi:ex:widget;5'), iface('dtmi:ex:widget;3'),
    iface('dtmi:ex:fancy;1', { extends: 'dtmi:ex:widget;5' }),
    iface('dtmi:ex:old;1', { extends: 'dtmi:ex:widget;3' }),
    iface('dtmi:ex:gadget;1.2'), iface('dtmi:ex:gadget;1.10'), iface('dtmi:ex:gadget;2'), iface('dtmi:ex:gadget'),
    iface('dtmi:ex:tool'), iface('dtmi:ex:hammer;1', { extends: 'dtmi:ex:tool' }),
  ]));

  it('matches the same model with a version >= the queried one, or models extending such a version', () => {
    const index = versions();
    expect(index.isOfModel('dtmi:ex:widget;4', 'dtmi:ex:widget;4')).toBe(true);
    expect(index.isOfModel('dtmi:ex:widget;5', 'dtmi:ex:widget;4')).toBe(true);
    expect(index.isOfModel('dtmi:ex:widget;3', 'dtmi:ex:widget;4')).toBe(false);
    expect(index.isOfModel('dtmi:ex:fancy;1', 'dtmi:ex:widget;4')).toBe(true);
    expect(index.isOfModel('dtmi:ex:old;1', 'dtmi:ex:widget;4')).toBe(false);
    expect(index.isOfModel('dtmi:ex:old;1', 'dtmi:ex:widget;3')).toBe(true);
    expect(index.isOfModel('dtmi:ex:widget;5', 'dtmi:ex:fancy;1')).toBe(false);
    expect(index.modelsAssignableTo('dtmi:ex:widget;4').sort()).toEqual(['dtmi:ex:fancy;1', 'dtmi:ex:widget;4', 'dtmi:ex:widget;5']);
  });

  it('with exact, matches equality only', () => {
    const index = versions();
    expect(index.isOfModel('dtmi:ex:widget;4', 'dtmi:ex:widget;4', true)).toBe(true);
    expect(index.isOfModel('dtmi:ex:widget;5', 'dtmi:ex:widget;4', true)).toBe(false);
    expect(index.isOfModel('dtmi:ex:fancy;1', 'dtmi:ex:widget;5', true)).toBe(false);
    expect(index.modelsAssignableTo('dtmi:ex:widget;4', true)).toEqual(['dtmi:ex:widget;4']);
    expect(index.modelsAssignableTo('dtmi:ex:nope;1', true)).toEqual([]);
  });

  it('orders two-part versions numerically and keeps versionless ids apart', () => {
    const index = versions();
    expect(index.modelsAssignableTo('dtmi:ex:gadget;1.3').sort()).toEqual(['dtmi:ex:gadget;1.10', 'dtmi:ex:gadget;2']);
    expect(index.modelsAssignableTo('dtmi:ex:gadget;1').sort()).toEqual(['dtmi:ex:gadget;1.10', 'dtmi:ex:gadget;1.2', 'dtmi:ex:gadget;2']);
    expect(index.modelsAssignableTo('dtmi:ex:gadget')).toEqual(['dtmi:ex:gadget']);
    expect(index.modelsAssignableTo('dtmi:ex:tool').sort()).toEqual(['dtmi:ex:hammer;1', 'dtmi:ex:tool']);
  });

  it('applies the version rule to twins whose model is unknown (deleted)', () => {
    const index = versions();
    expect(index.isOfModel('dtmi:ex:widget;9', 'dtmi:ex:widget;4')).toBe(true);
    expect(index.isOfModel('dtmi:ex:widget;2', 'dtmi:ex:widget;4')).toBe(false);
    expect(index.isOfModel('dtmi:ex:other;9', 'dtmi:ex:widget;4')).toBe(false);
  });

  it('recomputes after models are added', () => {
    const index = versions();
    expect(index.isOfModel('dtmi:ex:late;1', 'dtmi:ex:widget;4')).toBe(false);
    const [late] = infos([iface('dtmi:ex:widget;5'), iface('dtmi:ex:late;1', { extends: 'dtmi:ex:widget;5' })]).slice(1);
    index.add(late as InterfaceInfo);
    expect(index.isOfModel('dtmi:ex:late;1', 'dtmi:ex:widget;4')).toBe(true);
  });
});
