import { describe, it, expect } from 'vitest';
import type { ModelData } from '../../../shared/adt';
import { expectDependenciesFirst } from '../../../shared/dtdl/order-test-helpers';
import { buildModelIndex, twinCountQuery } from '../../api/models';
import { deletionOrder } from '../../api/models-upload';
import {
  buildInheritanceTree, bumpDtmiVersion, downloadPayload, modelFileName, modelMatches, modelUsage, nextFreeVersion, visibleForSearch,
} from './model-helpers';

const ctx = 'dtmi:dtdl:context;3';
function iface(id: string, opts: { extends?: string | string[]; components?: string[]; target?: string } = {}): Record<string, unknown> {
  const contents: unknown[] = (opts.components ?? []).map((schema, i) => ({ '@type': 'Component', name: `c${i}`, schema }));
  if (opts.target) contents.push({ '@type': 'Relationship', name: 'rel', target: opts.target });
  return { '@context': ctx, '@id': id, '@type': 'Interface', ...(opts.extends ? { extends: opts.extends } : {}), contents };
}
describe('deletionOrder', () => {
  it('deletes dependents before what they depend on', () => {
    const models = [
      { id: 'dtmi:a:Space;1', model: iface('dtmi:a:Space;1') },
      { id: 'dtmi:a:Room;1', model: iface('dtmi:a:Room;1', { extends: 'dtmi:a:Space;1', components: ['dtmi:a:T;1'] }) },
      { id: 'dtmi:a:T;1', model: iface('dtmi:a:T;1') },
    ];
    const order = deletionOrder(models);
    expect(order).toHaveLength(3);
    expect(order.indexOf('dtmi:a:Room;1')).toBeLessThan(order.indexOf('dtmi:a:Space;1'));
    expect(order.indexOf('dtmi:a:Room;1')).toBeLessThan(order.indexOf('dtmi:a:T;1'));
  });
});

describe('buildInheritanceTree', () => {
  const models = [
    { id: 'dtmi:a:Asset;1', extends: [] },
    { id: 'dtmi:a:Space;1', extends: [] },
    { id: 'dtmi:a:Kiosk;1', extends: ['dtmi:a:Space;1', 'dtmi:a:Asset;1'] },
    { id: 'dtmi:a:Room;1', extends: ['dtmi:a:Space;1'] },
    { id: 'dtmi:a:Lab;1', extends: ['dtmi:a:Room;1', 'dtmi:a:Gone;1'] },
    { id: 'dtmi:a:Loose;1', extends: ['dtmi:a:Gone;1'] },
  ];

  it('lists a model with several parents under each of them, and models with unknown parents as roots', () => {
    const t = buildInheritanceTree(models);
    expect(t.roots).toEqual(['dtmi:a:Asset;1', 'dtmi:a:Loose;1', 'dtmi:a:Space;1']);
    expect(t.children.get('dtmi:a:Space;1')).toEqual(['dtmi:a:Kiosk;1', 'dtmi:a:Room;1']);
    expect(t.children.get('dtmi:a:Asset;1')).toEqual(['dtmi:a:Kiosk;1']);
    expect(t.children.get('dtmi:a:Room;1')).toEqual(['dtmi:a:Lab;1']);
    expect(t.parents.get('dtmi:a:Lab;1')).toEqual(['dtmi:a:Room;1']);
  });

  it('sorts by the given key (display name) and keeps models of an extends cycle reachable', () => {
    const names: Record<string, string> = { 'dtmi:a:X;1': 'zeta', 'dtmi:a:Y;1': 'alpha' };
    const t = buildInheritanceTree([
      { id: 'dtmi:a:X;1', extends: [] }, { id: 'dtmi:a:Y;1', extends: [] },
      { id: 'dtmi:a:C1;1', extends: ['dtmi:a:C2;1'] }, { id: 'dtmi:a:C2;1', extends: ['dtmi:a:C1;1'] },
    ], (id) => names[id] ?? id);
    expect(t.roots.slice(0, 2)).toEqual(['dtmi:a:Y;1', 'dtmi:a:X;1']);
    expect(t.roots).toContain('dtmi:a:C1;1');
  });

  it('search keeps the ancestors of each match (all parents)', () => {
    const t = buildInheritanceTree(models);
    expect([...visibleForSearch(t, ['dtmi:a:Lab;1'])].sort()).toEqual(['dtmi:a:Lab;1', 'dtmi:a:Room;1', 'dtmi:a:Space;1']);
    expect([...visibleForSearch(t, ['dtmi:a:Kiosk;1'])].sort()).toEqual(['dtmi:a:Asset;1', 'dtmi:a:Kiosk;1', 'dtmi:a:Space;1']);
  });

  it('matches ids, display names and descriptions case-insensitively', () => {
    const m = { id: 'dtmi:a:Room;1', displayName: { en: 'Meeting room' }, description: { de: 'Ein Raum' } };
    expect(modelMatches(m, 'MEETING')).toBe(true);
    expect(modelMatches(m, 'raum')).toBe(true);
    expect(modelMatches(m, 'a:room')).toBe(true);
    expect(modelMatches(m, 'kitchen')).toBe(false);
    expect(modelMatches(m, '  ')).toBe(true);
  });
});

describe('DTMI versions', () => {
  it('raises the major or minor version', () => {
    expect(bumpDtmiVersion('dtmi:com:example:Room;1')).toBe('dtmi:com:example:Room;2');
    expect(bumpDtmiVersion('dtmi:com:example:Room;9')).toBe('dtmi:com:example:Room;10');
    expect(bumpDtmiVersion('dtmi:com:example:Room;1.2')).toBe('dtmi:com:example:Room;2');
    expect(bumpDtmiVersion('dtmi:com:example:Room;1.2', 'minor')).toBe('dtmi:com:example:Room;1.3');
    expect(bumpDtmiVersion('dtmi:com:example:Room;3', 'minor')).toBe('dtmi:com:example:Room;3.1');
    expect(bumpDtmiVersion('dtmi:com:example:Room')).toBe('dtmi:com:example:Room;1');
    expect(bumpDtmiVersion('dtmi:com:example:Room;999999999')).toBeUndefined();
    expect(bumpDtmiVersion('not-a-dtmi')).toBeUndefined();
  });

  it('skips versions that are already taken', () => {
    const taken = new Set(['dtmi:a:R;2', 'dtmi:a:R;3']);
    expect(nextFreeVersion('dtmi:a:R;1', taken)).toBe('dtmi:a:R;4');
    expect(nextFreeVersion('dtmi:a:R;4', taken)).toBe('dtmi:a:R;5');
  });
});

describe('index, usage and downloads', () => {
  const data: ModelData[] = [
    { id: 'dtmi:a:Space;1', decommissioned: false, uploadTime: 't', model: iface('dtmi:a:Space;1') },
    { id: 'dtmi:a:T;1', decommissioned: false, uploadTime: 't', model: iface('dtmi:a:T;1') },
    { id: 'dtmi:a:Room;1', decommissioned: false, uploadTime: 't', model: iface('dtmi:a:Room;1', { extends: 'dtmi:a:Space;1', components: ['dtmi:a:T;1'], target: 'dtmi:a:Space;1' }) },
  ];

  it('builds a model index that resolves inheritance', () => {
    const { index, diagnostics } = buildModelIndex(data);
    expect(diagnostics).toEqual([]);
    expect(index.size).toBe(3);
    expect(index.ancestorsOf('dtmi:a:Room;1')).toEqual(['dtmi:a:Space;1']);
    expect(index.referencedBy('dtmi:a:T;1')).toEqual(['dtmi:a:Room;1']);
  });

  it('finds where a model is used', () => {
    const { index } = buildModelIndex(data);
    const infos = index.ids().map((id) => index.get(id)).filter((x) => x !== undefined);
    expect(modelUsage(infos, 'dtmi:a:Space;1')).toEqual({
      extendedBy: ['dtmi:a:Room;1'], usedAsComponentBy: [], relationshipTargetOf: [{ modelId: 'dtmi:a:Room;1', name: 'rel' }],
    });
    expect(modelUsage(infos, 'dtmi:a:T;1').usedAsComponentBy).toEqual([{ modelId: 'dtmi:a:Room;1', name: 'c0' }]);
  });

  it('downloads one model as an object and several as an array in dependency order', () => {
    expect(JSON.parse(downloadPayload([data[2] as ModelData]))['@id']).toBe('dtmi:a:Room;1');
    const all = JSON.parse(downloadPayload([...data].reverse())) as unknown[];
    expect(all).toHaveLength(3);
    expectDependenciesFirst(all);
    expect(modelFileName('dtmi:com:example:Room;1')).toBe('com_example_Room_1.json');
  });

  it('counts twins of exactly one model', () => {
    expect(twinCountQuery('dtmi:a:Room;1')).toBe("SELECT COUNT() FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:a:Room;1', exact)");
    expect(twinCountQuery('dtmi:a:Room;1', false)).toBe("SELECT COUNT() FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:a:Room;1')");
  });
});
