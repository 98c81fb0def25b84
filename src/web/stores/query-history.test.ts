import { describe, expect, it } from 'vitest';
import { addToHistory, MAX_HISTORY, upsertSaved } from './query-history';

describe('query history', () => {
  it('keeps the most recent first, without duplicates or blanks, capped', () => {
    expect(addToHistory(['a', 'b'], 'b')).toEqual(['b', 'a']);
    expect(addToHistory(['a'], '   ')).toEqual(['a']);
    const long = Array.from({ length: MAX_HISTORY }, (_, i) => `q${i}`);
    expect(addToHistory(long, 'new')).toHaveLength(MAX_HISTORY);
  });
  it('saves by name, replacing the same name, sorted', () => {
    let s = upsertSaved([], 'Rooms', 'SELECT 1');
    s = upsertSaved(s, 'All', 'SELECT 2');
    s = upsertSaved(s, 'Rooms', 'SELECT 3');
    expect(s).toEqual([{ name: 'All', query: 'SELECT 2' }, { name: 'Rooms', query: 'SELECT 3' }]);
  });
});
