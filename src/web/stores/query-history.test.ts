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

describe('drafts and start queries', () => {
  it('opens the editor with the deep link, else the draft, else the start query', async () => {
    const { initialEditorText } = await import('./query-history');
    expect(initialEditorText('SELECT 1', 'draft', 'start')).toBe('SELECT 1');
    expect(initialEditorText(undefined, 'draft', 'start')).toBe('draft');
    expect(initialEditorText(undefined, '  ', 'start')).toBe('start');
    expect(initialEditorText('', undefined, 'start')).toBe('start');
  });
  it('keeps one draft and one start query per environment, so text typed for one instance never shows on another', async () => {
    const { useQueryHistory, startQueryFor, DEFAULT_START_QUERY } = await import('./query-history');
    useQueryHistory.getState().setDraft('local', 'SELECT T FROM DIGITALTWINS T');
    useQueryHistory.getState().setDraft('prod', 'SELECT COUNT() FROM DIGITALTWINS');
    useQueryHistory.getState().setStartQuery('local', " SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'building-1' ");
    expect(useQueryHistory.getState().drafts).toEqual({ local: 'SELECT T FROM DIGITALTWINS T', prod: 'SELECT COUNT() FROM DIGITALTWINS' });
    expect(startQueryFor(useQueryHistory.getState().startQueries, 'local')).toBe("SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'building-1'");
    expect(startQueryFor(useQueryHistory.getState().startQueries, 'prod')).toBe(DEFAULT_START_QUERY);
  });
});
