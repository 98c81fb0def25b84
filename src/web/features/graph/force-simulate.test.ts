import { describe, expect, it } from 'vitest';
import { simulateForce, ticksFor } from './force-simulate';

function distance(p: Float32Array, a: number, b: number): number {
  return Math.hypot(p[2 * a]! - p[2 * b]!, p[2 * a + 1]! - p[2 * b + 1]!);
}

describe('simulateForce', () => {
  // Two rings of 30 nodes, not connected to each other.
  const ring = (offset: number) => Array.from({ length: 30 }, (_, i) => [offset + i, offset + ((i + 1) % 30)]).flat();
  const input = () => ({ nodes: 60, links: Uint32Array.from([...ring(0), ...ring(30)]) });

  it('puts linked nodes near each other and spreads the rest', () => {
    const p = simulateForce(input());
    expect(p.length).toBe(120);
    expect([...p].every(Number.isFinite)).toBe(true);
    let linked = 0;
    for (let i = 0; i < 30; i++) linked += distance(p, i, (i + 1) % 30);
    let apart = 0;
    for (let i = 0; i < 30; i++) apart += distance(p, i, (i + 15) % 30);
    expect(linked / 30).toBeLessThan(80);
    expect(apart / 30).toBeGreaterThan(2 * (linked / 30));
    // No two nodes on top of each other.
    for (let a = 0; a < 60; a++) for (let b = a + 1; b < 60; b++) expect(distance(p, a, b)).toBeGreaterThan(1);
  });

  it('is deterministic, and ignores self-links and links to unknown nodes', () => {
    expect(simulateForce(input())).toEqual(simulateForce(input()));
    const p = simulateForce({ nodes: 3, links: Uint32Array.from([0, 0, 1, 2, 2, 99]) });
    expect([...p].every(Number.isFinite)).toBe(true);
  });
});

describe('ticksFor', () => {
  it('runs d3 default 300 ticks on small graphs and fewer, down to 80, on big ones', () => {
    expect(ticksFor(100)).toBe(300);
    expect(ticksFor(1000)).toBe(300);
    expect(ticksFor(2000)).toBe(150);
    expect(ticksFor(20_000)).toBe(80);
  });
});
