import type { CSSProperties } from 'react';

/** One entry of a legend: a swatch (colour and shape as drawn on the canvas), a name, and optionally a count. */
export interface LegendItem {
  key: string;
  label: string;
  /** Shown on hover, e.g. the model's DTMI. */
  title?: string;
  color: string;
  /** A Cytoscape node shape name; unknown shapes draw as a circle. */
  shape?: string;
  count?: number;
}

/** A titled group of entries. The models legend is one section; styling by data adds others (a scale, categories). */
export interface LegendSection {
  id: string;
  title: string;
  items: LegendItem[];
}

// SVG points for the Cytoscape shapes the graph uses, in a 16×16 box.
const POLYGONS: Record<string, string> = {
  diamond: '8,1 15,8 8,15 1,8',
  triangle: '8,1.5 15,14.5 1,14.5',
  hexagon: '4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8',
  octagon: '5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5',
  'round-tag': '1,2 11,2 15,8 11,14 1,14',
};

export function ShapeSwatch({ color, shape = 'ellipse', size = 14 }: { color: string; shape?: string; size?: number }) {
  const common = { fill: color, stroke: 'var(--fg)', strokeWidth: 0.75 };
  const points = POLYGONS[shape];
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" className="legend-swatch" data-shape={shape}>
      {points ? (
        <polygon points={points} {...common} />
      ) : shape === 'round-rectangle' || shape === 'barrel' ? (
        <rect x="1.5" y="2.5" width="13" height="11" rx={shape === 'barrel' ? 5 : 3} {...common} />
      ) : (
        <circle cx="8" cy="8" r="6.5" {...common} />
      )}
    </svg>
  );
}

/**
 * The graph's legend, drawn over a corner of the canvas. It only renders what it is given: the caller decides the
 * sections (models, data-driven styles) and whether it is shown.
 */
export function GraphLegend({ sections, onClose, style }: { sections: LegendSection[]; onClose?: () => void; style?: CSSProperties }) {
  const shown = sections.filter((s) => s.items.length > 0);
  return (
    <aside className="graph-legend" aria-label="Legend" data-testid="graph-legend" style={style}>
      <div className="graph-legend__head">
        <strong>Legend</strong>
        {onClose ? (
          <button type="button" className="graph-legend__close" aria-label="Hide the legend" onClick={onClose}>
            ×
          </button>
        ) : null}
      </div>
      {shown.length === 0 ? <p className="graph-legend__empty">Nothing drawn yet.</p> : null}
      {shown.map((section) => (
        <section key={section.id} aria-label={section.title}>
          <h3 className="graph-legend__title">{section.title}</h3>
          <ul>
            {section.items.map((item) => (
              <li key={item.key} title={item.title} data-legend-key={item.key}>
                <ShapeSwatch color={item.color} {...(item.shape ? { shape: item.shape } : {})} />
                <span className="graph-legend__label">{item.label}</span>
                {item.count !== undefined ? <span className="graph-legend__count">{item.count.toLocaleString('en-US')}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
