import { describe, expect, it } from 'vitest';
import type { PatchOperation } from '../adt';
import { applyJsonPatch } from './patch';

const twin = () => ({ $dtId: 't', temperature: 20, settings: { mode: 'auto' }, tags: ['a'] });

describe('applyJsonPatch', () => {
  it('applies add, replace and remove in order and leaves the input alone', () => {
    const doc = twin();
    const ops: PatchOperation[] = [
      { op: 'replace', path: '/temperature', value: 21 },
      { op: 'add', path: '/settings/target', value: 19 },
      { op: 'remove', path: '/settings/mode' },
      { op: 'add', path: '/tags/-', value: 'b' },
    ];
    const result = applyJsonPatch(doc, ops);
    expect(result).toEqual({ ok: true, doc: { $dtId: 't', temperature: 21, settings: { target: 19 }, tags: ['a', 'b'] } });
    expect(doc).toEqual(twin());
  });

  it('changes the document itself with inPlace, keeping the operations before a failure', () => {
    const doc = twin();
    const result = applyJsonPatch(doc, [{ op: 'replace', path: '/temperature', value: 5 }, { op: 'remove', path: '/nothing' }], { inPlace: true });
    expect(result.ok).toBe(false);
    expect(doc.temperature).toBe(5);
  });

  it.each([
    ['a replace of a member that is not set', { op: 'replace', path: '/humidity', value: 1 }, 'target-missing', 'humidity'],
    ['a remove of a member that is not set', { op: 'remove', path: '/settings/target' }, 'target-missing', 'target'],
    ['a path whose parent does not exist', { op: 'add', path: '/missing/child', value: 1 }, 'path-unresolved', 'child'],
    ['a replace under a missing parent', { op: 'replace', path: '/a/b/c', value: 1 }, 'path-unresolved', 'c'],
    ['an add past the end of an array', { op: 'add', path: '/tags/5', value: 'x' }, 'add-failed', '5'],
    ['a path through a number', { op: 'add', path: '/temperature/x', value: 1 }, 'path-unresolved', 'x'],
  ] as [string, PatchOperation, string, string][])('classifies %s', (_name, op, kind, member) => {
    const result = applyJsonPatch(twin(), [{ op: 'replace', path: '/temperature', value: 1 }, op]);
    expect(result).toEqual({ ok: false, failure: { kind, index: 1, op, member } });
  });

  it('refuses prototype pollution (fast-json-patch throws, as before)', () => {
    expect(() => applyJsonPatch({}, [{ op: 'add', path: '/__proto__/polluted', value: 1 }])).toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
