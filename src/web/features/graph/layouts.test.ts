import { describe, expect, it } from 'vitest';
import { AUTO_FORCE_MAX_NODES, FORCE_LAYOUT_MAX_NODES, WORKER_FORCE_MAX_NODES, layoutOptions, resolveLayout, shapeOf } from './layouts';
import { modelAppearance } from './graph-style';

describe('layout choice', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);
  const chain = (n: number) => Array.from({ length: n - 1 }, (_, i) => ({ target: `n${i + 1}` }));

  it('recognises building-style trees', () => {
    expect(shapeOf(ids(4), chain(4)).treeLike).toBe(true);
    expect(shapeOf(ids(3), [{ target: 'n1' }, { target: 'n1' }]).treeLike).toBe(false);
    expect(shapeOf(ids(3), []).treeLike).toBe(false);
  });

  it('auto picks hierarchical for trees, force for small graphs (in a worker past a few hundred) and grid for big ones', () => {
    expect(resolveLayout('auto', { nodes: 50, edges: 49, treeLike: true })).toBe('hierarchical');
    expect(resolveLayout('auto', { nodes: 50, edges: 80, treeLike: false })).toBe('force');
    expect(resolveLayout('auto', { nodes: AUTO_FORCE_MAX_NODES, edges: 2000, treeLike: false })).toBe('force-worker');
    expect(resolveLayout('auto', { nodes: 10_000, edges: 20_000, treeLike: false })).toBe('grid');
  });

  it('never runs a force layout on the main thread big enough to freeze the tab', () => {
    expect(resolveLayout('force', { nodes: FORCE_LAYOUT_MAX_NODES, edges: 10, treeLike: false })).toBe('force');
    expect(resolveLayout('force', { nodes: FORCE_LAYOUT_MAX_NODES + 1, edges: 10, treeLike: false })).toBe('force-worker');
    expect(resolveLayout('force', { nodes: WORKER_FORCE_MAX_NODES, edges: 10, treeLike: false })).toBe('force-worker');
    expect(resolveLayout('force', { nodes: WORKER_FORCE_MAX_NODES + 1, edges: 10, treeLike: false })).toBe('grid');
    expect(resolveLayout('hierarchical', { nodes: 50_000, edges: 49_999, treeLike: true })).toBe('grid');
  });

  it('animates only small graphs', () => {
    expect(layoutOptions('circle', 10)).toMatchObject({ name: 'circle', animate: true });
    expect(layoutOptions('circle', 1000)).toMatchObject({ animate: false });
    expect(layoutOptions('force', 10).name).toBe('cose');
  });
});

describe('model appearance', () => {
  it('is stable per model and ignores the version', () => {
    expect(modelAppearance('dtmi:com:example:Room;1')).toEqual(modelAppearance('dtmi:com:example:Room;2'));
    const all = new Set(['Room', 'Floor', 'Building', 'Sensor', 'HVAC'].map((m) => modelAppearance(`dtmi:x:${m};1`).color));
    expect(all.size).toBeGreaterThan(1);
  });
});
