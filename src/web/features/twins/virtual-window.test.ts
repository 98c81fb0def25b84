import { describe, it, expect } from 'vitest';
import { computeWindow, scrollToReveal } from './virtual-window';

describe('computeWindow', () => {
  it('renders only the visible rows plus overscan', () => {
    expect(computeWindow(0, 240, 24, 50_000, 5)).toEqual({ start: 0, end: 16, offset: 0, totalHeight: 1_200_000 });
    const w = computeWindow(24 * 1000, 240, 24, 50_000, 5);
    expect(w).toEqual({ start: 995, end: 1016, offset: 995 * 24, totalHeight: 1_200_000 });
  });

  it('clamps at the end of the list and after the list shrinks', () => {
    const w = computeWindow(10_000_000, 240, 24, 100, 2);
    expect(w.end).toBe(100);
    expect(w.start).toBe(88);
    expect(computeWindow(500, 240, 24, 3, 2)).toEqual({ start: 0, end: 3, offset: 0, totalHeight: 72 });
  });

  it('handles an empty list and a partially scrolled row', () => {
    expect(computeWindow(0, 240, 24, 0)).toEqual({ start: 0, end: 0, offset: 0, totalHeight: 0 });
    expect(computeWindow(30, 48, 24, 100, 0)).toEqual({ start: 1, end: 4, offset: 24, totalHeight: 2400 });
  });
});

describe('scrollToReveal', () => {
  it('scrolls up or down just enough, or not at all', () => {
    expect(scrollToReveal(5, 0, 240, 24)).toBeNull();
    expect(scrollToReveal(20, 0, 240, 24)).toBe(21 * 24 - 240);
    expect(scrollToReveal(2, 240, 240, 24)).toBe(48);
  });
});
