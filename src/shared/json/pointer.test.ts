import { describe, expect, it } from 'vitest';
import { escapePointerSegment, isValidPointer, joinPointer, pointersOverlap, splitPointer, toPointer } from './pointer';
import { isRecord } from './record';

describe('JSON Pointer (RFC 6901)', () => {
  it('splits into unescaped reference tokens, ~1 before ~0', () => {
    expect(splitPointer('')).toEqual([]);
    expect(splitPointer('/')).toEqual(['']);
    expect(splitPointer('/a/b')).toEqual(['a', 'b']);
    expect(splitPointer('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    // "~01" is "~1" unescaped once, not "/".
    expect(splitPointer('/~01')).toEqual(['~1']);
  });

  it('builds pointers that split back to the same tokens', () => {
    const tokens = ['a/b', 'c~d', '~1', '', '0'];
    expect(toPointer(tokens)).toBe('/a~1b/c~0d/~01//0');
    expect(splitPointer(toPointer(tokens))).toEqual(tokens);
    expect(joinPointer('/x', 'y/z', 3)).toBe('/x/y~1z/3');
    expect(escapePointerSegment('~/')).toBe('~0~1');
    expect(toPointer([])).toBe('');
  });

  it('validates and compares pointers', () => {
    expect(isValidPointer('')).toBe(true);
    expect(isValidPointer('/a~0b/c~1d')).toBe(true);
    expect(isValidPointer('/a~2')).toBe(false);
    expect(isValidPointer('a')).toBe(false);
    expect(pointersOverlap('/a', '/a/b')).toBe(true);
    expect(pointersOverlap('/a/b', '/a')).toBe(true);
    expect(pointersOverlap('/a', '/ab')).toBe(false);
  });
});

describe('isRecord', () => {
  it('is true for JSON objects only', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord({ a: 1 })).toBe(true);
    for (const v of [null, undefined, [], [1], 'x', 1, true]) expect(isRecord(v)).toBe(false);
  });
});
