import { describe, expect, it } from 'vitest';
import { containmentLayout, findHierarchy, radialTree } from './containment-layout';

/** building 0 → floors 1, 2 → rooms 3..6 (contains); rooms served by both floors' units (servedBy, a cross-link). */
function building() {
  const links: number[] = [];
  const names: number[] = [];
  const add = (s: number, t: number, name: number) => {
    links.push(s, t);
    names.push(name);
  };
  add(0, 1, 0);
  add(0, 2, 0);
  for (const r of [3, 4]) add(1, r, 0);
  for (const r of [5, 6]) add(2, r, 0);
  for (const r of [3, 4, 5, 6]) {
    add(r, 1, 1);
    add(r, 2, 1);
  }
  return { nodes: 7, links: Uint32Array.from(links), names: Uint16Array.from(names), nameCount: 2 };
}

describe('containment layout', () => {
  it('finds the containment kind and leaves the cross-links out', () => {
    const h = findHierarchy(building());
    expect(h?.names).toEqual([{ name: 0, down: true }]);
    expect([...(h?.parent ?? [])]).toEqual([-1, 0, 0, 1, 1, 2, 2]);
    expect(h?.coverage).toBe(1);
    expect(h?.depth).toBe(2);
  });

  it('reads child → parent kinds (isPartOf) the other way round', () => {
    const g = building();
    const up = new Uint32Array(g.links.length);
    for (let i = 0; i < g.links.length; i += 2) {
      up[i] = g.links[i + 1]!;
      up[i + 1] = g.links[i]!;
    }
    const h = findHierarchy({ ...g, links: up, names: g.names.map((n) => (n === 0 ? 0 : 1)) });
    expect(h?.names[0]).toEqual({ name: 0, down: false });
  });

  it('places each level on a ring further out', () => {
    const p = radialTree(Int32Array.from([-1, 0, 0, 1, 1, 2, 2]));
    const r = (i: number) => Math.hypot(p[2 * i]!, p[2 * i + 1]!);
    expect(r(0)).toBe(0);
    expect(r(1)).toBeCloseTo(r(2));
    expect(r(3)).toBeGreaterThan(r(1) + 1);
    // Siblings do not overlap.
    expect(Math.hypot(p[6]! - p[8]!, p[7]! - p[9]!)).toBeGreaterThan(20);
  });

  it('declines a graph that is no hierarchy', () => {
    // A ring: every node has one parent, but it is one cycle.
    const links = Uint32Array.from([0, 1, 1, 2, 2, 3, 3, 0]);
    expect(containmentLayout({ nodes: 4, links, names: new Uint16Array(4), nameCount: 1 })).toBeNull();
  });

  it('lays out 50k twins in linear time (well under 2 s even on a loaded machine)', () => {
    const n = 50_000;
    const links = new Uint32Array(2 * (n - 1));
    for (let i = 1; i < n; i++) {
      links[2 * (i - 1)] = Math.floor((i - 1) / 8);
      links[2 * (i - 1) + 1] = i;
    }
    const t0 = performance.now();
    const r = containmentLayout({ nodes: n, links, names: new Uint16Array(n - 1), nameCount: 1 });
    expect(r?.coverage).toBe(1);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
