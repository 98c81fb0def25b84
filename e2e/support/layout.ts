import { expect, type Page } from '@playwright/test';

/** The window sizes every layout check runs at: common laptop and desktop screens. */
export const WINDOW_SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1600, height: 1000 },
  { width: 1920, height: 1080 },
] as const;

export const THEMES = ['light', 'dark', 'high-contrast'] as const;

export interface ControlProblem {
  control: string;
  problem: string;
}

/**
 * Every visible button, select, input, textarea, link and tab must lie inside the window and inside its region, and
 * nothing may cover it: `document.elementFromPoint` at its centre must be the control itself (or inside it).
 * Controls in a scrolled list (a list, table, tree or listbox inside a scrolling container) may be scrolled out of
 * view and are exempt; controls in a toolbar never are. Monaco's own inputs are Monaco's business and skipped.
 * Returns what is wrong, one entry per control, so a failure names the control and the reason.
 */
export async function findHiddenControls(page: Page): Promise<ControlProblem[]> {
  return page.evaluate(() => {
    const problems: { control: string; problem: string }[] = [];
    const W = window.innerWidth;
    const H = window.innerHeight;
    const SLACK = 1;
    const selector = 'button, select, input:not([type="hidden"]), textarea, a[href], [role="tab"], [role="button"]';
    const describe = (el: Element): string => {
      const label = el.getAttribute('aria-label') || (el as HTMLElement).innerText?.trim().slice(0, 40) || el.getAttribute('title') || el.getAttribute('placeholder') || '';
      const region = el.closest('[data-region]')?.getAttribute('data-region') ?? el.closest('section[aria-label]')?.getAttribute('aria-label') ?? '';
      return `${el.tagName.toLowerCase()}${label ? ` "${label}"` : ''}${region ? ` in ${region}` : ''}`;
    };
    const scrolls = (el: Element) => {
      const style = getComputedStyle(el);
      const y = /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
      const x = /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
      return x || y;
    };
    const inList = (el: Element) => !!el.closest('li, tr, [role="treeitem"], [role="option"], [role="row"], [role="listitem"], [role="gridcell"]');
    const inToolbar = (el: Element) => !!el.closest('[role="toolbar"], [role="tablist"]');
    // An open dialog or pop-over is on top by design: then only its own controls are judged, within the window.
    const layers = [...document.querySelectorAll('dialog[open], [role="dialog"], [role="menu"]')].filter((d) => d.getClientRects().length > 0);
    const modal = layers[layers.length - 1] ?? null;
    for (const el of document.querySelectorAll(selector)) {
      if (el.closest('.monaco-editor, .monaco-aria-container, [aria-hidden="true"]')) continue;
      // Visually hidden on purpose until focused (a skip link), or for screen readers only.
      if (el.closest('.sr-only') || (el.matches('.skip-link') && document.activeElement !== el)) continue;
      if (modal && !modal.contains(el)) continue;
      const html = el as HTMLElement;
      const rects = html.getClientRects();
      if (rects.length === 0) continue; // not rendered (display: none, hidden)
      const style = getComputedStyle(html);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      // Also the content of a closed <details> (laid out but not rendered: content-visibility) is not shown.
      if (typeof html.checkVisibility === 'function' && !html.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      if (el.closest('details:not([open])') && !el.closest('summary')) continue;
      const r = html.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      // A control inside a scrolling container: exempt if it sits in a list there; otherwise judged where it can be seen.
      let scroller: Element | null = null;
      for (let p = html.parentElement; p; p = p.parentElement) {
        if (scrolls(p)) {
          scroller = p;
          break;
        }
      }
      if (scroller && !inToolbar(el)) {
        const s = scroller.getBoundingClientRect();
        const outside = r.bottom <= s.top || r.top >= s.bottom || r.right <= s.left || r.left >= s.right;
        if (outside || inList(el)) continue; // scrolled out of view, or part of a scrolled list
        if (r.top < s.top - SLACK || r.bottom > s.bottom + SLACK || r.left < s.left - SLACK || r.right > s.right + SLACK) continue; // half scrolled: the user scrolls
      }
      const name = describe(el);
      if (r.left < -SLACK || r.top < -SLACK || r.right > W + SLACK || r.bottom > H + SLACK) {
        problems.push({ control: name, problem: `outside the ${W}×${H} window at ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}` });
        continue;
      }
      // Inside its region: the nearest workspace panel or region, and every ancestor that clips.
      let clipped = '';
      for (let p = html.parentElement; p && p !== document.body && p !== modal?.parentElement; p = p.parentElement) {
        const st = getComputedStyle(p);
        const clips = st.overflowX !== 'visible' || st.overflowY !== 'visible' || p.hasAttribute('data-panel') || p.hasAttribute('data-region');
        if (!clips) continue;
        const b = p.getBoundingClientRect();
        if (r.left < b.left - SLACK || r.right > b.right + SLACK || r.top < b.top - SLACK || r.bottom > b.bottom + SLACK) {
          clipped = `cut off by ${p.getAttribute('data-region') ? `region ${p.getAttribute('data-region')}` : p.id ? `#${p.id}` : p.className ? `.${String(p.className).split(' ')[0]}` : p.tagName.toLowerCase()}`;
          break;
        }
      }
      if (clipped) {
        problems.push({ control: name, problem: clipped });
        continue;
      }
      const cx = Math.min(W - 1, Math.max(0, r.left + r.width / 2));
      const cy = Math.min(H - 1, Math.max(0, r.top + r.height / 2));
      const top = document.elementFromPoint(cx, cy);
      // A label wrapping the control (a checkbox beside its text) counts as the control.
      const ok = top && (top === el || el.contains(top) || (top instanceof HTMLLabelElement && top.control === el));
      if (!ok) problems.push({ control: name, problem: `covered by ${top ? describe(top) : 'nothing (off-screen)'}` });
    }
    return problems;
  });
}

/** Fails with the list of controls that are off-screen, cut off or covered. */
export async function expectNoHiddenControls(page: Page, where: string): Promise<void> {
  const problems = await findHiddenControls(page);
  expect(problems, `controls off-screen, cut off or covered (${where})`).toEqual([]);
}

/** Share of the window the graph canvas covers, 0..1. */
export async function canvasShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-region="graph"] canvas');
    const box = canvas?.parentElement?.getBoundingClientRect();
    if (!box) return 0;
    const w = Math.max(0, Math.min(box.right, window.innerWidth) - Math.max(box.left, 0));
    const h = Math.max(0, Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0));
    return (w * h) / (window.innerWidth * window.innerHeight);
  });
}
