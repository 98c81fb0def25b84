import { describe, it, expect } from 'vitest';
import { schemaText, twinCountText, twinUsageText } from './format';

describe('schemaText', () => {
  it('summarises nested schemas on one line', () => {
    expect(schemaText({ kind: 'primitive', name: 'double' })).toBe('double');
    expect(schemaText({ kind: 'enum', valueSchema: 'string', values: [{ name: 'heat', value: 'h' }, { name: 'cool', value: 'c' }] })).toBe('enum<string>: heat, cool');
    expect(schemaText({
      kind: 'object',
      fields: [
        { name: 'a', schema: { kind: 'array', elementSchema: { kind: 'primitive', name: 'integer' } } },
        { name: 'm', schema: { kind: 'map', keySchema: 'string', valueSchema: { kind: 'primitive', name: 'string' } } },
      ],
    })).toBe('object { a: array<integer>; m: map<string, string> }');
  });
});

describe('twinCountText', () => {
  it('is exact, or marks a lower bound with ≥, never a trailing plus', () => {
    expect(twinCountText(0)).toBe('0 twins');
    expect(twinCountText(1)).toBe('1 twin');
    expect(twinCountText(5000)).toBe('5,000 twins');
    expect(twinCountText(20000, true)).toBe('≥ 20,000 twins');
    expect(twinCountText(19999, true)).not.toMatch(/\+/);
  });
});

describe('twinUsageText', () => {
  it('mentions models that extend this one only when there are some', () => {
    expect(twinUsageText(1, 1, 0)).toBe('1 twin of this model.');
    expect(twinUsageText(1, 1, 0)).not.toContain('extend');
    expect(twinUsageText(2, 7, 1)).toBe('2 twins of exactly this model; 7 including the 1 model that extends it.');
    expect(twinUsageText(0, 3, 4)).toBe('0 twins of exactly this model; 3 including the 4 models that extend it.');
  });
});
