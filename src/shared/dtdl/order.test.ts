import { describe, expect, it } from 'vitest';
import { MAX_MODELS_PER_CALL } from '../adt';
import { batches, modelDependencies, modelIdOf, orderByDependencies } from './order';
import { expectDependenciesFirst } from './order-test-helpers';

const m = (id: string, extra: Record<string, unknown> = {}) => ({ '@id': `dtmi:o:${id};1`, '@type': 'Interface', ...extra });
const ids = (docs: readonly unknown[]) => docs.map((d) => (d as { '@id'?: string })['@id']);

describe('model dependency order', () => {
  it('reads extends and component schemas, not relationship targets or itself', () => {
    const doc = m('Room', {
      extends: ['dtmi:o:Space;1', 'dtmi:o:Room;1'],
      contents: [
        { '@type': 'Component', name: 'hvac', schema: 'dtmi:o:Hvac;1' },
        { '@type': 'Relationship', name: 'has', target: 'dtmi:o:Device;1' },
        { '@type': ['Component'], name: 'light', schema: 'dtmi:o:Light;1' },
      ],
    });
    expect(modelDependencies(doc)).toEqual(['dtmi:o:Space;1', 'dtmi:o:Hvac;1', 'dtmi:o:Light;1']);
  });

  it('puts dependencies first, keeps the input order otherwise, and reports cycles, gaps and duplicates', () => {
    const room = m('Room', { extends: 'dtmi:o:Space;1' });
    const space = m('Space', { extends: 'dtmi:o:Base;1' });
    const other = m('Other');
    const a = m('A', { extends: 'dtmi:o:B;1' });
    const b = m('B', { extends: 'dtmi:o:A;1' });
    const result = orderByDependencies([room, other, space, a, b, m('Other'), { name: 'no id' }]);
    expect(ids(result.ordered)).toEqual(['dtmi:o:Other;1', 'dtmi:o:Space;1', 'dtmi:o:Room;1', 'dtmi:o:A;1', 'dtmi:o:B;1', undefined]);
    expect(result.cyclic).toEqual(['dtmi:o:A;1', 'dtmi:o:B;1']);
    expect(result.missing).toEqual(new Map([['dtmi:o:Space;1', ['dtmi:o:Base;1']]]));
    expect(result.duplicates).toEqual(['dtmi:o:Other;1']);
    expect(orderByDependencies([space], new Set(['dtmi:o:Base;1'])).missing.size).toBe(0);
  });

  it('cuts upload calls of at most the service limit', () => {
    const many = Array.from({ length: MAX_MODELS_PER_CALL * 2 + 1 }, (_, i) => i);
    expect(batches(many).map((b) => b.length)).toEqual([MAX_MODELS_PER_CALL, MAX_MODELS_PER_CALL, 1]);
    expect(batches([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
    expect(() => batches([1], 0)).toThrow(RangeError);
  });
});

// Folder-upload order, batches and dependencies on whole interfaces (moved here from the models panel's tests).
const ctx = 'dtmi:dtdl:context;3';
function iface(id: string, opts: { extends?: string | string[]; components?: string[]; target?: string } = {}): Record<string, unknown> {
  const contents: unknown[] = (opts.components ?? []).map((schema, i) => ({ '@type': 'Component', name: `c${i}`, schema }));
  if (opts.target) contents.push({ '@type': 'Relationship', name: 'rel', target: opts.target });
  return { '@context': ctx, '@id': id, '@type': 'Interface', ...(opts.extends ? { extends: opts.extends } : {}), contents };
}
const idsOf = (docs: unknown[]) => docs.map((d) => modelIdOf(d));

describe('modelDependencies', () => {
  it('lists extends (single or array) and component schemas, not relationship targets', () => {
    expect(modelDependencies(iface('dtmi:a:X;1', { extends: 'dtmi:a:P;1' }))).toEqual(['dtmi:a:P;1']);
    expect(modelDependencies(iface('dtmi:a:X;1', { extends: ['dtmi:a:P;1', 'dtmi:a:Q;1'], components: ['dtmi:a:C;1'], target: 'dtmi:a:T;1' })))
      .toEqual(['dtmi:a:P;1', 'dtmi:a:Q;1', 'dtmi:a:C;1']);
    expect(modelDependencies({ '@id': 'dtmi:a:X;1', contents: [{ '@type': ['Component'], name: 'c', schema: 'dtmi:a:C;1' }] })).toEqual(['dtmi:a:C;1']);
    expect(modelDependencies('not a model')).toEqual([]);
  });
});

describe('orderByDependencies', () => {
  it('puts parents and component schemas first for a folder read in mixed order, keeping input order otherwise', () => {
    const docs = [
      iface('dtmi:a:Room;1', { extends: 'dtmi:a:Space;1', components: ['dtmi:a:Thermostat;1'] }),
      iface('dtmi:a:MeetingRoom;1', { extends: 'dtmi:a:Room;1' }),
      iface('dtmi:a:Thermostat;1'),
      iface('dtmi:a:Space;1'),
      iface('dtmi:a:Unrelated;1'),
    ];
    const r = orderByDependencies(docs);
    expect(idsOf(r.ordered)).toEqual(['dtmi:a:Thermostat;1', 'dtmi:a:Space;1', 'dtmi:a:Room;1', 'dtmi:a:MeetingRoom;1', 'dtmi:a:Unrelated;1']);
    expect(r.cyclic).toEqual([]);
    expect(r.missing.size).toBe(0);
  });

  it('treats models already in the instance as satisfied and reports dependencies found nowhere', () => {
    const docs = [
      iface('dtmi:a:Child;1', { extends: ['dtmi:a:Existing;1', 'dtmi:a:Local;1'] }),
      iface('dtmi:a:Local;1', { extends: 'dtmi:a:Existing;1' }),
      iface('dtmi:a:Orphan;1', { extends: 'dtmi:a:Nowhere;1' }),
    ];
    const r = orderByDependencies(docs, new Set(['dtmi:a:Existing;1']));
    expect(idsOf(r.ordered)).toEqual(['dtmi:a:Local;1', 'dtmi:a:Child;1', 'dtmi:a:Orphan;1']);
    expect([...r.missing]).toEqual([['dtmi:a:Orphan;1', ['dtmi:a:Nowhere;1']]]);
  });

  it('reports cycles and duplicates and still returns every model once', () => {
    const docs = [
      iface('dtmi:a:A;1', { extends: 'dtmi:a:B;1' }),
      iface('dtmi:a:B;1', { extends: 'dtmi:a:A;1' }),
      iface('dtmi:a:C;1'),
      iface('dtmi:a:C;1', { extends: 'dtmi:a:A;1' }),
      { noId: true },
    ];
    const r = orderByDependencies(docs);
    expect(idsOf(r.ordered)).toEqual(['dtmi:a:C;1', 'dtmi:a:A;1', 'dtmi:a:B;1', undefined]);
    expect(r.cyclic).toEqual(['dtmi:a:A;1', 'dtmi:a:B;1']);
    expect(r.duplicates).toEqual(['dtmi:a:C;1']);
  });

  it('orders a 3000-model chain given in reverse, quickly', () => {
    const docs = Array.from({ length: 3000 }, (_, i) => iface(`dtmi:a:M${2999 - i};1`, 2999 - i > 0 ? { extends: `dtmi:a:M${2998 - i};1` } : {}));
    const t = performance.now();
    const r = orderByDependencies(docs);
    expect(performance.now() - t).toBeLessThan(500);
    expect(modelIdOf(r.ordered[0])).toBe('dtmi:a:M0;1');
    expect(modelIdOf(r.ordered[2999])).toBe('dtmi:a:M2999;1');
    expectDependenciesFirst(r.ordered);
  });
});

describe('batches', () => {
  it('splits into chunks of at most 250 and keeps the order', () => {
    const items = Array.from({ length: 601 }, (_, i) => i);
    const b = batches(items);
    expect(b.map((x) => x.length)).toEqual([250, 250, 101]);
    expect(b.flat()).toEqual(items);
    expect(batches([], 250)).toEqual([]);
    expect(batches([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
    expect(() => batches([1], 0)).toThrow(RangeError);
  });
});
