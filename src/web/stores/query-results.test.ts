import { describe, expect, it } from 'vitest';
import { plural, resultsWidth, singleValue, useQueryResults } from './query-results';

describe('query results', () => {
  it('pluralises counts properly', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(1200, 'row')).toBe('1,200 rows');
    expect(plural(2, 'relationship')).toBe('2 relationships');
  });
  it('recognises a COUNT() as one value to show large', () => {
    expect(singleValue([{ COUNT: 19 }])).toEqual({ name: 'COUNT', value: 19 });
    expect(singleValue([{ COUNT: 19 }, { COUNT: 2 }])).toBeNull();
    expect(singleValue([{ room: 'Room 101', area: 30 }])).toBeNull();
    expect(singleValue([{ info: { a: 1 } }])).toBeNull();
  });
  it('opens narrow for a number and wider for a table, never more than 40 % of the space', () => {
    expect(resultsWidth([{ COUNT: 19 }], 1000)).toBe(240);
    const table = Array.from({ length: 6 }, (_, i) => ({ room: `Room 10${i}`, area: 30, address: '1 Quay Street, Harbour' }));
    const w = resultsWidth(table, 1000);
    expect(w).toBeGreaterThan(240);
    expect(w).toBeLessThanOrEqual(400);
    const wide = [{ a: 'x'.repeat(40), b: 'y'.repeat(40), c: 'z'.repeat(40), d: 'w'.repeat(40) }];
    expect(resultsWidth(wide, 1000)).toBe(400);
  });
  it('each result is new, even with the same rows', () => {
    useQueryResults.getState().show('q', [{ COUNT: 1 }]);
    const first = useQueryResults.getState().result?.nonce;
    useQueryResults.getState().show('q', [{ COUNT: 1 }]);
    expect(useQueryResults.getState().result?.nonce).not.toBe(first);
    useQueryResults.getState().clear();
    expect(useQueryResults.getState().result).toBeNull();
  });
});
