import { describe, expect, it } from 'vitest';
import { LineMap } from './line-map';

describe('LineMap', () => {
  it('counts lines across \\n, \\r\\n and lone \\r, and columns from 1', () => {
    const m = new LineMap('ab\ncd\r\nef\rg');
    expect(m.position(0)).toEqual({ line: 1, column: 1 });
    expect(m.position(3)).toEqual({ line: 2, column: 1 });
    expect(m.position(4)).toEqual({ line: 2, column: 2 });
    expect(m.position(7)).toEqual({ line: 3, column: 1 });
    expect(m.position(10)).toEqual({ line: 4, column: 1 });
  });
});
