import { describe, expect, it } from 'vitest';
import { arrowDirection, pickInDirection } from './keyboard-nav';

describe('pickInDirection', () => {
  const from = { x: 0, y: 0 };
  const around = [
    { id: 'right', x: 100, y: 10 },
    { id: 'left', x: -80, y: 0 },
    { id: 'up', x: 5, y: -90 },
    { id: 'down', x: -10, y: 120 },
    { id: 'far-right', x: 300, y: 0 },
  ];

  it('picks the candidate in the arrow direction (y grows downwards)', () => {
    expect(pickInDirection(from, around, 'right')?.id).toBe('right');
    expect(pickInDirection(from, around, 'left')?.id).toBe('left');
    expect(pickInDirection(from, around, 'up')?.id).toBe('up');
    expect(pickInDirection(from, around, 'down')?.id).toBe('down');
  });

  it('prefers a candidate straight ahead over a nearer one far off the axis', () => {
    expect(pickInDirection(from, [{ id: 'diagonal', x: 60, y: 80 }, { id: 'ahead', x: 130, y: 0 }], 'right')?.id).toBe('ahead');
  });

  it('returns null when nothing lies that way', () => {
    expect(pickInDirection(from, [{ id: 'behind', x: -50, y: 0 }], 'right')).toBeNull();
    expect(pickInDirection(from, [{ id: 'same', x: 0, y: 0 }], 'right')).toBeNull();
  });

  it('maps only the arrow keys', () => {
    expect(arrowDirection('ArrowUp')).toBe('up');
    expect(arrowDirection('Enter')).toBeNull();
  });
});
