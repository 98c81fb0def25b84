import { describe, expect, it } from 'vitest';
import { PLACEMENT_SPACING, placeNewNodes, type Point } from './placement';

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

describe('placeNewNodes', () => {
  const placed = new Map<string, Point>([
    ['a', { x: 0, y: 0 }],
    ['b', { x: 200, y: 0 }],
    ['c', { x: 100, y: 300 }],
  ]);

  it('puts a new node next to its placed neighbour, clear of every other node', () => {
    const out = placeNewNodes(placed, ['n'], [['a', 'n']]);
    const p = out.get('n')!;
    expect(dist(p, placed.get('a')!)).toBeLessThanOrEqual(2 * PLACEMENT_SPACING);
    for (const q of placed.values()) expect(dist(p, q)).toBeGreaterThanOrEqual(PLACEMENT_SPACING * 0.9);
  });

  it('puts a node with two placed neighbours between them', () => {
    const p = placeNewNodes(placed, ['n'], [['a', 'n'], ['n', 'b']]).get('n')!;
    expect(Math.abs(p.x - 100)).toBeLessThan(PLACEMENT_SPACING * 1.5);
    expect(Math.abs(p.y)).toBeLessThan(PLACEMENT_SPACING * 1.5);
  });

  it('grows a chain outwards and keeps new nodes apart from each other', () => {
    const out = placeNewNodes(placed, ['x', 'y', 'z'], [['a', 'x'], ['x', 'y'], ['y', 'z'], ['a', 'z']]);
    const pts = [...placed.values(), ...out.values()];
    for (let i = 0; i < pts.length; i++) for (let j = i + 1; j < pts.length; j++) expect(dist(pts[i]!, pts[j]!)).toBeGreaterThanOrEqual(PLACEMENT_SPACING * 0.9);
    // y sits between its two neighbours x and z.
    expect(dist(out.get('y')!, out.get('x')!)).toBeLessThanOrEqual(3 * PLACEMENT_SPACING);
  });

  it('starts a new component to the right of the drawing', () => {
    const out = placeNewNodes(placed, ['p', 'q'], [['p', 'q']]);
    expect(out.get('p')!.x).toBeGreaterThan(200);
    expect(dist(out.get('p')!, out.get('q')!)).toBeLessThanOrEqual(2 * PLACEMENT_SPACING);
  });

  it('gives remembered nodes their position back and places the rest on an empty canvas', () => {
    const out = placeNewNodes(new Map(), ['r', 's'], [['r', 's']], new Map([['r', { x: 500, y: 500 }]]));
    expect(out.get('r')).toEqual({ x: 500, y: 500 });
    expect(dist(out.get('s')!, { x: 500, y: 500 })).toBeLessThanOrEqual(2 * PLACEMENT_SPACING);
  });

  it('is deterministic', () => {
    const a = placeNewNodes(placed, ['x', 'y'], [['a', 'x'], ['a', 'y']]);
    const b = placeNewNodes(placed, ['x', 'y'], [['a', 'x'], ['a', 'y']]);
    expect([...a]).toEqual([...b]);
  });
});
