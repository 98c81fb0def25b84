import { describe, expect, it } from 'vitest';
import { layoutDecorations, opsToSvg } from './picture-legend';

describe('picture decorations', () => {
  const base = { fg: '#000', muted: '#666' };
  it('adds nothing without a title or legend', () => {
    expect(layoutDecorations({ ...base, width: 800, scale: 1 })).toEqual({ top: 0, right: 0, legendHeight: 0, ops: [] });
  });

  it('puts the title above and the legend right of the graph, scaled with the picture', () => {
    const legend = {
      models: [{ model: 'dtmi:x:Room;1', color: '#f00' }],
      data: [{ kind: 'numeric' as const, model: 'dtmi:x:Room;1', property: 'occupancy', aspect: 'color' as const, min: 0, max: 8, stops: ['#000', '#fff'] }],
    };
    const one = layoutDecorations({ ...base, width: 800, scale: 1, title: 'Level 2', legend });
    const two = layoutDecorations({ ...base, width: 800, scale: 2, title: 'Level 2', legend });
    expect(one.top).toBeGreaterThan(0);
    expect(two.top).toBe(one.top * 2);
    expect(two.right).toBe(one.right * 2);
    const texts = one.ops.filter((o) => o.op === 'text').map((o) => (o.op === 'text' ? o.text : ''));
    expect(texts).toEqual(expect.arrayContaining(['Level 2', 'Models', 'Room', 'Room · occupancy', '0', '8']));
    // Every legend shape sits right of the graph.
    for (const o of one.ops) if (o.op !== 'text' || o.text !== 'Level 2') expect(o.x).toBeGreaterThanOrEqual(800);
  });

  it('escapes twin data in SVG', () => {
    const svg = opsToSvg([{ op: 'text', x: 0, y: 0, text: '<img src=x onerror=alert(1)>', size: 12, color: '#000' }], 'sans-serif');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).not.toContain('<img');
  });
});
