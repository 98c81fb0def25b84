import type cytoscape from 'cytoscape';
import type { GraphColors } from './graph-theme';

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1f77b4', '#17becf'];
const SHAPES = ['ellipse', 'round-rectangle', 'diamond', 'hexagon', 'triangle', 'barrel', 'octagon', 'round-tag'] as const;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A stable colour and shape per model id, so the same model looks the same in every session and every graph. */
export function modelAppearance(modelId: string): { color: string; shape: (typeof SHAPES)[number] } {
  // The version is left out so that a new version of a model keeps its look.
  const h = hash(modelId.replace(/;[^;]*$/, ''));
  return { color: PALETTE[h % PALETTE.length] ?? '#888', shape: SHAPES[(h >>> 8) % SHAPES.length] ?? 'ellipse' };
}

/** Above this many elements, drawing switches to the cheap paths Cytoscape offers (haystack edges, no edge labels). */
export const LARGE_GRAPH_ELEMENTS = 3000;

/** Label sizes in model units: at the default zoom of a small graph (at least MIN_FIT_ZOOM) they render 9 px or more. */
export const NODE_FONT_SIZE = 12;
export const EDGE_FONT_SIZE = 10;

/**
 * Labels are drawn in the theme's text colour with an outline of the canvas background, so their contrast is the
 * theme's text contrast wherever they fall (over an edge, a node, or the empty canvas), in every theme.
 */
function labelStyle(color: string, bg: string, fontSize: number): Record<string, string | number> {
  return { color, 'font-size': fontSize, 'text-outline-color': bg, 'text-outline-width': 2, 'text-outline-opacity': 1 };
}

export function graphStylesheet(large: boolean, colors: GraphColors): cytoscape.StylesheetJsonBlock[] {
  return [
    {
      selector: 'node',
      // Big graphs draw no labels (measuring 10k+ labels costs seconds and they are unreadable at fit) and set no text
      // properties: every property set is applied and checked per element, which is most of the cost of adding one.
      style: large
        ? { 'background-color': 'data(color)', shape: 'data(shape)' as never, label: '', width: 22, height: 22 }
        : {
            'background-color': 'data(color)',
            shape: 'data(shape)' as never,
            label: 'data(label)',
            ...labelStyle(colors.fg, colors.bg, NODE_FONT_SIZE),
            'text-valign': 'bottom',
            'text-margin-y': 3,
            'min-zoomed-font-size': 3,
            width: 22,
            height: 22,
          },
    },
    {
      selector: 'edge',
      style: large
        ? // No events on big graphs' edges: Cytoscape tests every interactive element under each press, and with edges
          // that took 300 ms per press at 10k twins (40 ms without). Their relationships open from the twin's inspector.
          ({ 'curve-style': 'haystack', 'haystack-radius': 0, width: 1, 'line-color': colors.muted, opacity: 0.6, events: 'no' } as cytoscape.Css.Edge)
        : {
            'curve-style': 'bezier',
            width: 1.5,
            'line-color': colors.muted,
            'target-arrow-color': colors.muted,
            'target-arrow-shape': 'triangle',
            label: 'data(label)',
            ...labelStyle(colors.muted, colors.bg, EDGE_FONT_SIZE),
            'text-rotation': 'autorotate',
            'min-zoomed-font-size': 8,
          },
    },
    // The selection keeps its label in big graphs too.
    { selector: 'node:selected', style: { label: 'data(label)', ...labelStyle(colors.fg, colors.bg, NODE_FONT_SIZE), 'text-valign': 'bottom', 'text-margin-y': 3 } },
    { selector: ':selected', style: { 'border-width': 3, 'border-color': colors.accent, 'line-color': colors.accent, 'target-arrow-color': colors.accent } },
    { selector: '.highlighted', style: { 'border-width': 3, 'border-color': '#ffbf00', 'underlay-color': '#ffbf00', 'underlay-opacity': 0.35, 'underlay-padding': 6 } as never },
    { selector: '.dimmed', style: { opacity: 0.2 } },
    // The overview: one node per model sized by its twin count, one edge per relationship kind sized by its count.
    // Its labels are the point of it, so they stay at every zoom.
    { selector: 'node.overview', style: { width: 'data(size)', height: 'data(size)', label: 'data(label)', ...labelStyle(colors.fg, colors.bg, 12), 'text-valign': 'bottom', 'text-margin-y': 4, 'min-zoomed-font-size': 0 } },
    { selector: 'edge.overview', style: { width: 'data(width)', 'arrow-scale': 0.8, 'font-size': 10, 'min-zoomed-font-size': 0 } },
    { selector: 'node.flash', style: { 'underlay-color': '#ff6f00', 'underlay-opacity': 0.6, 'underlay-padding': 10 } as never },
  ];
}
