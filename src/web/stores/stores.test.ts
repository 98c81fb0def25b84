import { describe, expect, it } from 'vitest';
import { formatGraphCounts } from './graph';
import { pushRecent } from './connection';
import { isTheme, systemTheme } from './preferences';

describe('formatGraphCounts', () => {
  it('is the status bar text people and tests read', () => {
    expect(formatGraphCounts(0, 0)).toBe('0 twins · 0 relationships');
    expect(formatGraphCounts(1, 1)).toBe('1 twin · 1 relationship');
    expect(formatGraphCounts(10000, 20000)).toBe('10,000 twins · 20,000 relationships');
  });
});

describe('pushRecent', () => {
  it('moves an environment to the front without duplicates and caps the list', () => {
    expect(pushRecent(['a', 'b', 'c'], 'b')).toEqual(['b', 'a', 'c']);
    const many = Array.from({ length: 20 }, (_, i) => `e${i}`);
    expect(pushRecent(many, 'new')).toHaveLength(8);
  });
});

describe('themes', () => {
  const media = (matching: string[]) => (q: string) => ({ matches: matching.includes(q) });
  it('follows the OS until the user chooses', () => {
    expect(systemTheme(undefined)).toBe('light');
    expect(systemTheme(media(['(prefers-color-scheme: dark)']))).toBe('dark');
    expect(systemTheme(media(['(forced-colors: active)', '(prefers-color-scheme: dark)']))).toBe('high-contrast');
  });
  it('rejects unknown theme names', () => {
    expect(isTheme('dark')).toBe(true);
    expect(isTheme('sepia')).toBe(false);
  });
});

describe('twinLabel', () => {
  it('uses the property picked for the model, falling back to the id', async () => {
    const { twinLabel } = await import('./graph-prefs');
    const room = { $dtId: 'room-1', $metadata: { $model: 'dtmi:x:Room;1' }, name: 'Lab', info: { a: 1 } };
    expect(twinLabel(room, {})).toBe('room-1');
    expect(twinLabel(room, { 'dtmi:x:Room;1': 'name' })).toBe('Lab');
    expect(twinLabel(room, { 'dtmi:x:Room;1': 'info' })).toBe('room-1');
    expect(twinLabel(room, { 'dtmi:x:Room;1': 'missing' })).toBe('room-1');
    expect(twinLabel(room, { 'dtmi:x:Floor;1': 'name' })).toBe('room-1');
  });
});
