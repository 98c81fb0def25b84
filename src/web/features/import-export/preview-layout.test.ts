import { describe, expect, it } from 'vitest';
import { layoutPreview } from './preview-layout';

const twin = (id: string) => ({ $dtId: id, $metadata: { $model: 'dtmi:t:M;1' } });
const rel = (from: string, to: string) => ({ $sourceId: from, $relationshipId: `${from}-${to}`, $relationshipName: 'has', $targetId: to });

describe('layoutPreview', () => {
  it('puts roots on the top row and children below their parent', () => {
    const l = layoutPreview({ models: [], twins: [twin('b'), twin('a'), twin('c')], relationships: [rel('a', 'b'), rel('a', 'c')] });
    const y = Object.fromEntries(l.nodes.map((n) => [n.id, n.y]));
    expect(y.a).toBeLessThan(y.b!);
    expect(y.b).toBe(y.c);
    expect(l.edges).toHaveLength(2);
    expect(l.truncated).toBe(false);
    const xs = l.nodes.filter((n) => n.y === y.b).map((n) => n.x);
    expect(new Set(xs).size).toBe(2);
  });

  it('marks relationship ends outside the file as existing twins, and survives cycles', () => {
    const l = layoutPreview({ models: [], twins: [twin('a'), twin('b')], relationships: [rel('a', 'b'), rel('b', 'a'), rel('a', 'outside')] });
    expect(l.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'outside']);
    expect(l.nodes.find((n) => n.id === 'outside')?.external).toBe(true);
    expect(l.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y))).toBe(true);
  });

  it('draws at most maxNodes twins and says so', () => {
    const twins = Array.from({ length: 10 }, (_, i) => twin(`t${i}`));
    const l = layoutPreview({ models: [], twins, relationships: [rel('t0', 't9')] }, { maxNodes: 5 });
    expect(l.nodes).toHaveLength(5);
    expect(l.edges).toHaveLength(0);
    expect(l.truncated).toBe(true);
  });

  it('wraps a wide level onto further lines, so a file of unrelated twins is not drawn as a strip', () => {
    const twins = Array.from({ length: 30_000 }, (_, i) => twin(`t${i}`));
    const l = layoutPreview({ models: [], twins, relationships: [] });
    expect(l.nodes).toHaveLength(150);
    // Shown at most 900 px wide (GraphPreview), the drawing keeps at least three quarters of its size.
    expect(900 / l.width).toBeGreaterThanOrEqual(0.75);
    expect(l.height).toBeGreaterThan(l.width);
    expect(new Set(l.nodes.map((n) => `${n.x},${n.y}`)).size).toBe(150);
  });

  it('keeps parents above children when a level wraps', () => {
    const kids = Array.from({ length: 20 }, (_, i) => twin(`k${i}`));
    const l = layoutPreview({ models: [], twins: [twin('root'), ...kids], relationships: kids.map((k) => rel('root', k.$dtId)) }, { maxColumns: 8 });
    const root = l.nodes.find((n) => n.id === 'root');
    expect(l.nodes.filter((n) => n.id !== 'root').every((n) => n.y > (root?.y ?? Infinity))).toBe(true);
    expect(Math.max(...l.nodes.map((n) => n.x))).toBeLessThan(8 * 120);
  });
});
