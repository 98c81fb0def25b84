import { dtmiShortName } from '../../../shared/dtdl';
import { formatValue, legendTitle, type LegendEntry } from './data-style';

/**
 * The legend and title of an exported picture, laid out once as a list of simple shapes that both the PNG (a canvas)
 * and the SVG (elements) draw the same way. Pure, so its layout is tested without a browser.
 */

export interface PictureLegend {
  models: { model: string; color: string }[];
  data: LegendEntry[];
}

export type Op =
  | { op: 'text'; x: number; y: number; text: string; size: number; bold?: boolean; color: string }
  | { op: 'rect'; x: number; y: number; w: number; h: number; fill: string; radius?: number }
  | { op: 'gradient'; x: number; y: number; w: number; h: number; stops: string[] };

export interface Decorations {
  /** Space above the graph for the title (0 without one). */
  top: number;
  /** Space right of the graph for the legend (0 without one). */
  right: number;
  /** The height the legend needs (the picture is at least this tall, plus the top). */
  legendHeight: number;
  ops: Op[];
}

const ROW = 18;
const PAD = 12;
export const LEGEND_WIDTH = 230;

/** Lays out the title band and the legend column for a graph image of `width` (CSS px, before `scale`). */
export function layoutDecorations(opts: { width: number; title?: string; legend?: PictureLegend; fg: string; muted: string; scale: number }): Decorations {
  const s = opts.scale;
  const ops: Op[] = [];
  const title = opts.title?.trim();
  const top = title ? 40 * s : 0;
  if (title) ops.push({ op: 'text', x: PAD * s, y: 27 * s, text: title, size: 20 * s, bold: true, color: opts.fg });
  const legend = opts.legend;
  const hasLegend = !!legend && (legend.models.length > 0 || legend.data.length > 0);
  if (!hasLegend || !legend) return { top, right: 0, legendHeight: 0, ops };
  const x0 = opts.width * s + PAD * s;
  let y = top + PAD * s;
  const text = (t: string, x: number, size = 12, bold = false, color = opts.fg) => {
    ops.push({ op: 'text', x, y: y + 13 * s, text: t, size: size * s, bold, color });
  };
  if (legend.models.length) {
    text('Models', x0, 12, true);
    y += ROW * s;
    for (const m of legend.models) {
      ops.push({ op: 'rect', x: x0, y: y + 3 * s, w: 12 * s, h: 12 * s, fill: m.color, radius: 6 * s });
      text(dtmiShortName(m.model), x0 + 18 * s);
      y += ROW * s;
    }
    y += 6 * s;
  }
  for (const e of legend.data) {
    text(legendTitle(e), x0, 12, true);
    y += ROW * s;
    if (e.kind === 'numeric') {
      if (e.aspect === 'color') {
        ops.push({ op: 'gradient', x: x0, y: y + 2 * s, w: 150 * s, h: 12 * s, stops: e.stops });
        y += 16 * s;
      } else {
        ops.push({ op: 'rect', x: x0, y: y + 6 * s, w: 8 * s, h: 8 * s, fill: opts.muted, radius: 4 * s });
        ops.push({ op: 'rect', x: x0 + 130 * s, y: y, w: 20 * s, h: 20 * s, fill: opts.muted, radius: 10 * s });
        y += 20 * s;
      }
      ops.push({ op: 'text', x: x0, y: y + 11 * s, text: formatValue(e.min), size: 11 * s, color: opts.muted });
      ops.push({ op: 'text', x: x0 + 118 * s, y: y + 11 * s, text: formatValue(e.max), size: 11 * s, color: opts.muted });
      y += ROW * s;
    } else {
      for (const item of e.items) {
        ops.push({ op: 'rect', x: x0, y: y + 3 * s, w: 12 * s, h: 12 * s, fill: item.color, radius: 2 * s });
        text(item.label, x0 + 18 * s);
        y += ROW * s;
      }
    }
    y += 6 * s;
  }
  return { top, right: LEGEND_WIDTH * s, legendHeight: y - top + PAD * s, ops };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** The decorations as SVG markup (twin data is text, escaped, never markup). */
export function opsToSvg(ops: Op[], font: string): string {
  let gradients = 0;
  return ops
    .map((o) => {
      if (o.op === 'text') {
        return `<text x="${o.x}" y="${o.y}" font-family="${escapeXml(font)}" font-size="${o.size}"${o.bold ? ' font-weight="bold"' : ''} fill="${escapeXml(o.color)}">${escapeXml(o.text)}</text>`;
      }
      if (o.op === 'rect') return `<rect x="${o.x}" y="${o.y}" width="${o.w}" height="${o.h}" rx="${o.radius ?? 0}" fill="${escapeXml(o.fill)}"/>`;
      const id = `twinscope-legend-gradient-${gradients++}`;
      const stops = o.stops.map((c, i) => `<stop offset="${(i / Math.max(1, o.stops.length - 1)).toFixed(3)}" stop-color="${escapeXml(c)}"/>`).join('');
      return `<defs><linearGradient id="${id}">${stops}</linearGradient></defs><rect x="${o.x}" y="${o.y}" width="${o.w}" height="${o.h}" fill="url(#${id})"/>`;
    })
    .join('');
}

/** Draws the decorations on a 2D canvas context. */
export function drawOps(ctx: CanvasRenderingContext2D, ops: Op[], font: string): void {
  for (const o of ops) {
    if (o.op === 'text') {
      ctx.font = `${o.bold ? 'bold ' : ''}${o.size}px ${font}`;
      ctx.fillStyle = o.color;
      ctx.fillText(o.text, o.x, o.y);
    } else if (o.op === 'rect') {
      ctx.fillStyle = o.fill;
      ctx.beginPath();
      ctx.roundRect(o.x, o.y, o.w, o.h, o.radius ?? 0);
      ctx.fill();
    } else {
      const g = ctx.createLinearGradient(o.x, 0, o.x + o.w, 0);
      o.stops.forEach((c, i) => g.addColorStop(i / Math.max(1, o.stops.length - 1), c));
      ctx.fillStyle = g;
      ctx.fillRect(o.x, o.y, o.w, o.h);
    }
  }
}
