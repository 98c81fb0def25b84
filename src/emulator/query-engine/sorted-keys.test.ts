import { describe, expect, it } from 'vitest';
import { compareStrings, mergeAscending, SortedKeys } from './sorted-keys';

/** Small deterministic generator, so a failure replays. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('SortedKeys', () => {
  it('stays equal to a sorted reference set through thousands of random adds and deletes (blocks split and empty)', () => {
    const rand = lcg(7);
    const keys = new SortedKeys();
    const reference = new Set<string>();
    for (let i = 0; i < 6000; i++) {
      const key = `k${Math.floor(rand() * 3000)}`;
      if (rand() < 0.65) {
        expect(keys.add(key)).toBe(!reference.has(key));
        reference.add(key);
      } else {
        expect(keys.delete(key)).toBe(reference.has(key));
        reference.delete(key);
      }
      expect(keys.has(key)).toBe(reference.has(key));
    }
    const expected = [...reference].sort(compareStrings);
    expect(keys.size).toBe(expected.length);
    expect([...keys]).toEqual(expected);
    for (const probe of ['', 'k1', 'k15', 'k2999', 'k5', 'z', expected[100] as string]) {
      expect([...keys.from(probe)]).toEqual(expected.filter((k) => k >= probe));
    }
  });

  it('orders by UTF-16 code units, not by locale', () => {
    const keys = new SortedKeys(['b', 'B', 'a', 'é', 'Z', '10', '9', 'a']);
    expect([...keys]).toEqual(['10', '9', 'B', 'Z', 'a', 'b', 'é']);
    expect(keys.size).toBe(7);
    keys.clear();
    expect([...keys.from('a')]).toEqual([]);
  });

  it('merges disjoint ascending streams', () => {
    expect([...mergeAscending([['a', 'd', 'e'], [], ['b', 'c', 'f']])]).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
