import { describe, it, expect } from 'vitest';
import { readableTextOn } from './badge-color';

describe('readableTextOn', () => {
  it('puts white on dark colours and black on light ones', () => {
    expect(readableTextOn('#2e7d32')).toBe('#ffffff'); // the local emulator's green: 5.1:1 with white, 4.1:1 with black
    expect(readableTextOn('#b3261e')).toBe('#ffffff');
    expect(readableTextOn('#ffff00')).toBe('#000000');
    expect(readableTextOn('#FFF')).toBe('#000000');
    expect(readableTextOn('#000')).toBe('#ffffff');
  });

  it('leaves colours it cannot read to the stylesheet', () => {
    expect(readableTextOn('var(--accent)')).toBeUndefined();
    expect(readableTextOn('rebeccapurple')).toBeUndefined();
    expect(readableTextOn('#12345')).toBeUndefined();
  });
});
