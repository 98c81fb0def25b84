import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it('reports a repeat within the window, forgets after it, and keeps at most `max` keys', () => {
    let now = 0;
    const ids = new RecentIds(3, 1000, () => now);
    expect(ids.repeat('a')).toBe(false);
    expect(ids.repeat('a')).toBe(true);
    now = 1000;
    expect(ids.repeat('a')).toBe(false);
    expect(ids.repeat('b')).toBe(false);
    expect(ids.repeat('c')).toBe(false);
    expect(ids.repeat('d')).toBe(false);
    // 'a' was the oldest of four: dropped to keep three.
    expect(ids.repeat('a')).toBe(false);
    expect(ids.repeat('d')).toBe(true);
  });
});
