import type { GraphViewLink } from '../../stores/graph-view';
import { normaliseStyle, type DataStyle } from './data-style';

/**
 * The shareable view link: the app's deep link (`?env=&query=`) plus what the graph shows of the result: styling by
 * data, the value filter, the selection and the layout. Read back by the app's deep-link parser.
 */
export function buildViewLink(
  base: string,
  v: { environmentId: string; query?: string; style: DataStyle; filter: string; filterMode: 'highlight' | 'filter'; select: string[]; layout: string },
): string {
  const params = new URLSearchParams();
  params.set('env', v.environmentId);
  if (v.query) params.set('query', v.query);
  const style = normaliseStyle(v.style);
  if (Object.keys(style).length) params.set('style', JSON.stringify(style));
  if (v.filter.trim()) {
    params.set('filter', v.filter);
    if (v.filterMode !== 'highlight') params.set('filterMode', v.filterMode);
  }
  if (v.select.length) params.set('select', v.select.join(','));
  if (v.layout && v.layout !== 'auto') params.set('layout', v.layout);
  return `${base}?${params.toString()}`;
}

/** The graph part of a link's parameters; absent parameters stay absent. Twin ids are data, never markup. */
export function parseViewParams(params: URLSearchParams): GraphViewLink | undefined {
  const view: GraphViewLink = {};
  const style = params.get('style');
  if (style) view.style = style;
  const filter = params.get('filter');
  if (filter && filter.trim()) view.filter = filter;
  const mode = params.get('filterMode');
  if (mode === 'filter' || mode === 'highlight') view.filterMode = mode;
  const select = params.get('select');
  if (select) view.select = select.split(',').filter(Boolean).slice(0, 1000);
  const layout = params.get('layout');
  if (layout && /^[a-z-]{1,32}$/.test(layout)) view.layout = layout;
  if (params.get('present') === '1') view.present = true;
  return Object.keys(view).length ? view : undefined;
}
