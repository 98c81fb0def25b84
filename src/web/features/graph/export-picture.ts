import cytoscape from 'cytoscape';
import cytoscapeSvg from 'cytoscape-svg';
import { drawOps, layoutDecorations, opsToSvg, type PictureLegend } from './picture-legend';

/**
 * Pictures of the graph for slides. The graph itself is drawn by Cytoscape's own exporter (`cy.png`,
 * https://js.cytoscape.org/#cy.png) and by cytoscape-svg (https://github.com/kinimesi/cytoscape-svg), which replays
 * Cytoscape's canvas renderer into SVG; only the title and the legend are added around it here.
 */

let registered = false;
function ensureSvg(): void {
  if (registered) return;
  cytoscape.use(cytoscapeSvg);
  registered = true;
}

export interface PictureOptions {
  /** The whole graph, or what the viewport shows. */
  full: boolean;
  scale: number;
  title?: string;
  legend?: PictureLegend;
  /** Background colour; undefined for transparent. */
  background?: string;
  fg: string;
  muted: string;
  font: string;
}

/** Browsers refuse canvases beyond about 16k pixels a side (and ~268M pixels in all); stay well inside. */
export const MAX_PICTURE_SIDE = 16_000;

/** The scale actually used: the one asked for, lowered so that the picture fits the browser's canvas limit. */
export function fittingScale(width: number, height: number, scale: number): number {
  const side = Math.max(1, width, height) * scale;
  const pixels = Math.max(1, width) * Math.max(1, height) * scale * scale;
  const limit = Math.min(MAX_PICTURE_SIDE / side, Math.sqrt(120_000_000 / pixels));
  return limit >= 1 ? scale : Math.max(0.05, scale * limit);
}

function graphSize(cy: cytoscape.Core, full: boolean): { width: number; height: number } {
  if (!full) return { width: cy.width(), height: cy.height() };
  const bb = cy.elements().boundingBox();
  return { width: Math.ceil(bb.w), height: Math.ceil(bb.h) };
}

export async function exportPng(cy: cytoscape.Core, o: PictureOptions): Promise<{ blob: Blob; width: number; height: number; scale: number }> {
  const size = graphSize(cy, o.full);
  const scale = fittingScale(size.width, size.height, o.scale);
  const graph = await cy.png({ output: 'blob-promise', full: o.full, scale, ...(o.background ? { bg: o.background } : {}) });
  const image = await createImageBitmap(graph);
  const deco = layoutDecorations({ width: image.width / scale, title: o.title, legend: o.legend, fg: o.fg, muted: o.muted, scale });
  const width = Math.ceil(image.width + deco.right);
  const height = Math.ceil(Math.max(image.height, deco.legendHeight) + deco.top);
  if (deco.ops.length === 0) return { blob: graph, width: image.width, height: image.height, scale };
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw the picture (no 2D canvas).');
  if (o.background) {
    ctx.fillStyle = o.background;
    ctx.fillRect(0, 0, width, height);
  }
  ctx.drawImage(image, 0, deco.top);
  drawOps(ctx, deco.ops, o.font);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The picture is too big for this browser to encode; try a smaller scale or the current view.');
  return { blob, width, height, scale };
}

/**
 * Runs `fn` with one known, harmless console.error of cytoscape-svg's bundled canvas2svg silenced: it logs it when
 * Cytoscape fills or strokes right after drawing a label, and the SVG is complete regardless. Every other error
 * still reaches the console.
 */
function quietly<T>(message: RegExp, fn: () => T): T {
  const original = console.error;
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && message.test(args[0])) return;
    original(...args);
  };
  try {
    return fn();
  } finally {
    console.error = original;
  }
}

export function exportSvg(cy: cytoscape.Core, o: PictureOptions): { svg: string; width: number; height: number } {
  ensureSvg();
  const raw = quietly(/^Attempted to apply path command to node/, () =>
    (cy as unknown as { svg: (opts: Record<string, unknown>) => string }).svg({ full: o.full, scale: o.scale, ...(o.background ? { bg: o.background } : {}) }),
  );
  const doc = new DOMParser().parseFromString(raw, 'image/svg+xml');
  const root = doc.documentElement;
  const gw = Number.parseFloat(root.getAttribute('width') ?? '0') || cy.width() * o.scale;
  const gh = Number.parseFloat(root.getAttribute('height') ?? '0') || cy.height() * o.scale;
  const deco = layoutDecorations({ width: gw / o.scale, title: o.title, legend: o.legend, fg: o.fg, muted: o.muted, scale: o.scale });
  const width = Math.ceil(gw + deco.right);
  const height = Math.ceil(Math.max(gh, deco.legendHeight) + deco.top);
  if (deco.ops.length === 0) return { svg: raw, width: gw, height: gh };
  root.setAttribute('x', '0');
  root.setAttribute('y', String(deco.top));
  const inner = new XMLSerializer().serializeToString(root);
  const bg = o.background ? `<rect x="0" y="0" width="${width}" height="${height}" fill="${o.background.replace(/"/g, '')}"/>` : '';
  const svg =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `${bg}${inner}${opsToSvg(deco.ops, o.font)}</svg>`;
  return { svg, width, height };
}

/** Hands a file to the browser's download. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from the title (or "twinscope-graph") and the time, safe on every file system. */
export function pictureFileName(title: string | undefined, ext: 'png' | 'svg', now = new Date()): string {
  const base = (title ?? '').trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'twinscope-graph';
  return `${base}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${ext}`;
}
