import { useMemo } from 'react';
import type { GraphFile } from '../../api/import-export';
import { layoutPreview } from './preview-layout';

function shortModel(id: string): string {
  const m = /:([^:;]+);[\d.]+$/.exec(id);
  return m?.[1] ?? id;
}

/** The import file drawn as a small SVG; labels are SVG text, so ids from the file never become markup. */
export function GraphPreview({ graph }: { graph: GraphFile }) {
  const layout = useMemo(() => layoutPreview(graph), [graph]);
  const at = useMemo(() => new Map(layout.nodes.map((n) => [n.id, n])), [layout]);
  return (
    <figure className="ie-preview">
      <svg
        role="img"
        aria-label={`Preview of ${layout.nodes.length} twins and ${layout.edges.length} relationships`}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        // As wide as the column allows and never wider than drawn; the height follows the viewBox's aspect ratio.
        style={{ width: '100%', maxWidth: layout.width, height: 'auto' }}
        preserveAspectRatio="xMidYMin meet"
      >
        {layout.edges.map((e, i) => {
          const a = at.get(e.from);
          const b = at.get(e.to);
          if (!a || !b) return null;
          return (
            <line key={i} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className="ie-preview-edge">
              <title>{e.name}</title>
            </line>
          );
        })}
        {layout.nodes.map((n) => (
          <g key={n.id} transform={`translate(${n.x},${n.y})`} className={n.external ? 'ie-preview-node ie-preview-node--external' : 'ie-preview-node'}>
            <circle r={9} />
            <text y={22} textAnchor="middle">{n.id.length > 16 ? `${n.id.slice(0, 15)}…` : n.id}</text>
            <title>{n.external ? `${n.id} (existing twin, not in the file)` : `${n.id} · ${n.model}`}</title>
            {n.model ? <text y={-13} textAnchor="middle" className="ie-preview-model">{shortModel(n.model)}</text> : null}
          </g>
        ))}
      </svg>
      {layout.truncated ? <figcaption>Only the first {layout.nodes.length} twins are drawn.</figcaption> : null}
    </figure>
  );
}
