import { describe, it, expect } from 'vitest';
import { schemaText } from './format';

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
