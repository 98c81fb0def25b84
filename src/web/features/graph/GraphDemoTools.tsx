import { useEffect, useMemo, useRef, useState } from 'react';
import type cytoscape from 'cytoscape';
import type { ModelIndex } from '../../../shared/dtdl';
import { useConnectionStore } from '../../stores/connection';
import { useGraphStore } from '../../stores/graph';
import { useGraphView } from '../../stores/graph-view';
import { useQueryHistory } from '../../stores/query-history';
import { formatValue, legendTitle, styleableProperties, type LegendEntry } from './data-style';
import { download, exportPng, exportSvg, pictureFileName } from './export-picture';
import { modelAppearance } from './graph-style';
import type { PictureLegend } from './picture-legend';
import { useCurrentDataStyle } from './use-data-style';
import { buildViewLink } from './view-link';
import { modelChoices } from '../../api/twins-models';
import { ModelOptions } from '../../components/ModelOptions';
import './demo-tools.css';

function themeColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg', '#222'), muted: v('--fg-muted', '#888'), bg: v('--bg', '#fff'), font: getComputedStyle(document.body).fontFamily || 'sans-serif' };
}

/** The models on the canvas (their colour and name) and the data legend: what an exported picture explains. */
export function pictureLegend(cy: cytoscape.Core, data: LegendEntry[]): PictureLegend {
  const recoloured = new Set(data.filter((e) => e.kind === 'categories' || e.aspect === 'color').map((e) => e.model));
  const models = new Set<string>();
  cy.nodes().forEach((n) => {
    const m: unknown = n.data('model');
    if (typeof m === 'string' && !recoloured.has(m)) models.add(m);
  });
  return { models: [...models].sort().map((model) => ({ model, color: modelAppearance(model).color })), data };
}

type Format = 'png1' | 'png2' | 'png4' | 'svg';

function PictureMenu({ cy, legend }: { cy: cytoscape.Core | null; legend: LegendEntry[] }) {
  const [format, setFormat] = useState<Format>('png2');
  const [full, setFull] = useState(true);
  const title = useGraphView((s) => s.title);
  const [withLegend, setWithLegend] = useState(true);
  const [transparent, setTransparent] = useState(false);
  const [state, setState] = useState<{ busy: boolean; error: string | null; done: string | null }>({ busy: false, error: null, done: null });
  const run = async () => {
    if (!cy || cy.nodes().empty()) {
      setState({ busy: false, error: 'The graph is empty: run a query first.', done: null });
      return;
    }
    setState({ busy: true, error: null, done: null });
    try {
      const c = themeColors();
      const options = {
        full,
        scale: format === 'png4' ? 4 : format === 'png2' ? 2 : 1,
        title,
        legend: withLegend ? pictureLegend(cy, legend) : undefined,
        background: transparent ? undefined : c.bg,
        fg: c.fg,
        muted: c.muted,
        font: c.font,
      };
      if (format === 'svg') {
        const { svg, width, height } = exportSvg(cy, { ...options, scale: 1 });
        download(new Blob([svg], { type: 'image/svg+xml' }), pictureFileName(title, 'svg'));
        setState({ busy: false, error: null, done: `SVG ${width} × ${height}` });
      } else {
        const out = await exportPng(cy, options);
        download(out.blob, pictureFileName(title, 'png'));
        const lowered = out.scale < options.scale ? ` (scale lowered to ${out.scale.toFixed(2)}× to fit the browser's canvas limit)` : '';
        setState({ busy: false, error: null, done: `PNG ${out.width} × ${out.height}${lowered}` });
      }
    } catch (err) {
      setState({ busy: false, error: err instanceof Error ? err.message : String(err), done: null });
    }
  };
  return (
    <details className="graph-menu">
      <summary>Picture</summary>
      <div className="graph-menu__body" role="group" aria-label="Export picture">
        <label className="field">
          <span>Format</span>
          <select aria-label="Picture format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            <option value="png1">PNG 1×</option>
            <option value="png2">PNG 2×</option>
            <option value="png4">PNG 4×</option>
            <option value="svg">SVG</option>
          </select>
        </label>
        <label className="field">
          <span>Area</span>
          <select aria-label="Picture area" value={full ? 'full' : 'view'} onChange={(e) => setFull(e.target.value === 'full')}>
            <option value="full">whole graph</option>
            <option value="view">current view</option>
          </select>
        </label>
        <label className="field">
          <span>Title</span>
          <input aria-label="Picture title" value={title} placeholder="optional" onChange={(e) => useGraphView.getState().setTitle(e.target.value)} />
        </label>
        <label className="field">
          <input type="checkbox" checked={withLegend} onChange={(e) => setWithLegend(e.target.checked)} />
          <span>Legend</span>
        </label>
        <label className="field">
          <input type="checkbox" checked={transparent} onChange={(e) => setTransparent(e.target.checked)} />
          <span>Transparent</span>
        </label>
        <button type="button" onClick={() => void run()} disabled={state.busy}>
          {state.busy ? 'Exporting…' : 'Export picture'}
        </button>
        {state.error ? (
          <span className="form-error" role="alert">
            {state.error}
          </span>
        ) : state.done ? (
          <span className="filter-count" role="status" data-testid="picture-done">
            {state.done}
          </span>
        ) : null}
      </div>
    </details>
  );
}

function StyleMenu({ models, modelsInGraph }: { models: ModelIndex | undefined; modelsInGraph: string[] }) {
  const [style, setStyle] = useCurrentDataStyle();
  const [model, setModel] = useState('');
  const current = model || (modelsInGraph.find((m) => style[m]) ?? modelsInGraph[0] ?? '');
  const props = useMemo(() => styleableProperties(current && models ? models.resolve(current) : undefined), [current, models]);
  const s = style[current] ?? {};
  const update = (patch: Partial<typeof s>) => setStyle({ ...style, [current]: { ...s, ...patch } });
  const numberOrUndefined = (text: string) => (text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text));
  const styledCount = Object.keys(style).length;
  const choices = useMemo(() => modelChoices(modelsInGraph.map((id) => ({ id, displayName: models?.get(id)?.displayName }))), [models, modelsInGraph]);
  return (
    <details className="graph-menu">
      <summary>{styledCount ? `Style by data (${styledCount})` : 'Style by data'}</summary>
      <div className="graph-menu__body" role="group" aria-label="Style by data">
        <label className="field">
          <span>Model</span>
          <select aria-label="Style model" value={current} onChange={(e) => setModel(e.target.value)}>
            {modelsInGraph.length === 0 ? <option value="">no twins drawn</option> : null}
            <ModelOptions choices={choices} marked={(m) => Boolean(style[m])} />
          </select>
        </label>
        <label className="field">
          <span>Colour by</span>
          <select aria-label="Colour by" value={s.colorBy ?? ''} disabled={!current} onChange={(e) => update({ colorBy: e.target.value || undefined })}>
            <option value="">model colour</option>
            {props.map((p) => (
              <option key={p.name} value={p.name}>
                {`${p.name} (${p.kind})`}
              </option>
            ))}
          </select>
        </label>
        {s.colorBy && props.find((p) => p.name === s.colorBy)?.kind === 'numeric' ? (
          <span className="field">
            <span>Range</span>
            <input aria-label="Colour scale minimum" className="levels-input" placeholder="auto" defaultValue={s.min ?? ''} onBlur={(e) => update({ min: numberOrUndefined(e.target.value) })} />
            <span>to</span>
            <input aria-label="Colour scale maximum" className="levels-input" placeholder="auto" defaultValue={s.max ?? ''} onBlur={(e) => update({ max: numberOrUndefined(e.target.value) })} />
          </span>
        ) : null}
        <label className="field">
          <span>Size by</span>
          <select aria-label="Size by" value={s.sizeBy ?? ''} disabled={!current} onChange={(e) => update({ sizeBy: e.target.value || undefined })}>
            <option value="">fixed</option>
            {props
              .filter((p) => p.kind === 'numeric')
              .map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span>Show value</span>
          <select aria-label="Show value" value={s.labelBy ?? ''} disabled={!current} onChange={(e) => update({ labelBy: e.target.value || undefined })}>
            <option value="">none</option>
            {props.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={styledCount === 0} onClick={() => setStyle({})}>
          Clear styling
        </button>
      </div>
    </details>
  );
}

export interface ViewState {
  layout: string;
  filter: string;
  filterMode: 'highlight' | 'filter';
}

function ShareButton({ view }: { view: ViewState }) {
  const [style] = useCurrentDataStyle();
  const environmentId = useConnectionStore((s) => s.environmentId);
  const query = useQueryHistory((s) => s.history[environmentId]?.[0]);
  const selection = useGraphStore((s) => s.model.selection);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const make = () => {
    const url = buildViewLink(window.location.origin + window.location.pathname, {
      environmentId,
      query,
      style,
      filter: view.filter,
      filterMode: view.filterMode,
      select: [...selection],
      layout: view.layout,
    });
    setLink(url);
    navigator.clipboard?.writeText(url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <details className="graph-menu" onToggle={(e) => (e.currentTarget.open ? make() : undefined)}>
      <summary>Share view</summary>
      <div className="graph-menu__body" role="group" aria-label="Share view">
        <p className="graph-menu__note">The link opens this query with the styling, filter, selection and layout.</p>
        <input aria-label="View link" readOnly value={link ?? ''} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={make}>
          Copy link
        </button>
        {copied === true ? <span className="filter-count">Copied.</span> : copied === false ? <span className="filter-count">Select the link and copy it.</span> : null}
      </div>
    </details>
  );
}

/** Export, style by data, share and present: the graph's demo tools, for the graph toolbar. */
export function DemoToolbar({ cy, legend, models, modelsInGraph, view }: { cy: cytoscape.Core | null; legend: LegendEntry[]; models: ModelIndex | undefined; modelsInGraph: string[]; view: ViewState }) {
  return (
    <>
      <StyleMenu models={models} modelsInGraph={modelsInGraph} />
      <PictureMenu cy={cy} legend={legend} />
      <ShareButton view={view} />
      <button type="button" onClick={() => useGraphView.getState().setPresenting(true)} title="Full screen, for showing the graph: Esc leaves">
        Present
      </button>
    </>
  );
}

/** The data legend over the canvas: what the colours, sizes and values mean. */
export function DataLegend({ legend }: { legend: LegendEntry[] }) {
  if (legend.length === 0) return null;
  return (
    <aside className="data-legend" aria-label="Data legend" data-testid="data-legend">
      {/* Collapsible: on a small canvas the legend should not hide the twins it explains. */}
      <details open>
        <summary>Legend</summary>
      {legend.map((e) => (
        <section key={`${e.model}|${e.property}|${e.kind === 'numeric' ? e.aspect : 'c'}`}>
          <h4>{legendTitle(e)}</h4>
          {e.kind === 'numeric' ? (
            <div className="data-legend__scale">
              {e.aspect === 'color' ? (
                <span className="data-legend__gradient" style={{ background: `linear-gradient(to right, ${e.stops.join(', ')})` }} />
              ) : (
                <span className="data-legend__sizes" aria-hidden="true">
                  <i />
                  <i />
                </span>
              )}
              <span className="data-legend__range">
                <span>{formatValue(e.min)}</span>
                <span>{formatValue(e.max)}</span>
              </span>
            </div>
          ) : (
            <ul>
              {e.items.map((item) => (
                <li key={item.label}>
                  <span className="data-legend__swatch" style={{ background: item.color }} />
                  {item.label}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      </details>
    </aside>
  );
}

/**
 * Presentation mode: the graph view covers the screen (and asks the browser for full screen, where allowed), the
 * toolbars hide, labels grow. Esc leaves, as does the browser's own way out of full screen.
 */
export function usePresentation(root: React.RefObject<HTMLElement | null>, cy: cytoscape.Core | null): boolean {
  const presenting = useGraphView((s) => s.presenting);
  const entered = useRef(false);
  useEffect(() => {
    if (!presenting) return;
    const el = root.current;
    entered.current = false;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useGraphView.getState().setPresenting(false);
    };
    const onFullscreen = () => {
      if (document.fullscreenElement) entered.current = true;
      else if (entered.current) useGraphView.getState().setPresenting(false);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreen);
    // Full screen needs a user gesture and may be refused (an iframe, a kiosk); the covering view works without it.
    el?.requestFullscreen?.().catch(() => undefined);
    const refit = requestAnimationFrame(() => {
      cy?.resize();
      cy?.fit(undefined, 40);
    });
    return () => {
      cancelAnimationFrame(refit);
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreen);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      requestAnimationFrame(() => {
        cy?.resize();
        cy?.fit(undefined, 30);
      });
    };
  }, [presenting, root, cy]);
  return presenting;
}

/** What presentation mode shows besides the graph: the title, the way out. */
export function PresentationBar() {
  const presenting = useGraphView((s) => s.presenting);
  const title = useGraphView((s) => s.title);
  if (!presenting) return null;
  return (
    <div className="presentation-bar">
      {title.trim() ? <h2 className="presentation-bar__title">{title}</h2> : <span />}
      <button type="button" onClick={() => useGraphView.getState().setPresenting(false)}>
        Leave presentation (Esc)
      </button>
    </div>
  );
}
