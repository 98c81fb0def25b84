import { describe, expect, it } from 'vitest';
import { MAX_MODELS_PER_CALL } from '../adt';
import { batches, modelDependencies, orderByDependencies } from './order';

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
