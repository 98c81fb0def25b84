// The graph's answers to a click and to a filter, timed in the page: from the input event to the second frame after
// the result is on screen. Used by graph-load.ts on the loaded graph, before any other gesture, so the click is the
// first one after the load (the case that was slow: the inspector took 1.1 s to fill at 10k twins).
// (Files starting with _ are helpers, not benchmarks: bench/run.ts skips them.)
import type { Page } from '@playwright/test';

export interface ActionTiming {
  /** From the input event to the second animation frame after the result showed. */
  ms: number | null;
  /** The longest task meanwhile. */
  maxLongTaskMs: number;
  /** The result really showed (the inspector named the twin; the filter counted its matches and styled or hid them). */
  happened: boolean;
}

export interface GraphActions {
  firstClick: ActionTiming & { twin?: string };
  highlight: ActionTiming & { matches?: number };
  /** In-page measures of the filter's parts (twinscope:filter, twinscope:spotlight), in ms. */
  phases?: Record<string, number>;
  hideRest: ActionTiming & { hidden?: number };
}

/** Resolves, in the page, once `done()` holds, two frames later, with the time since `window.__actionStart`. */
const UNTIL = (check: string) => `new Promise((resolve) => {
  const started = performance.now();
  const tick = () => {
    if (${check}) requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - window.__actionStart)));
    else if (performance.now() - started > 30000) resolve(null);
    else requestAnimationFrame(tick);
  };
  tick();
})`;

const ARM = `(() => {
  window.__longTasks.length = 0;
  window.__actionStart = null;
  const mark = () => { if (window.__actionStart === null) window.__actionStart = performance.now(); };
  for (const type of ['pointerdown', 'mousedown', 'keydown', 'submit']) window.addEventListener(type, mark, { capture: true, once: true });
})()`;

const longest = (page: Page) => page.evaluate('Math.round(Math.max(0, ...window.__longTasks))') as Promise<number>;
const round1 = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

export async function measureGraphActions(page: Page, filter: string): Promise<GraphActions> {
  // The node nearest the canvas centre, with its rendered position.
  const target = (await page.evaluate(`(() => {
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    const w = cy.width() / 2, h = cy.height() / 2;
    let best = null, bestD = Infinity;
    cy.nodes(':visible').forEach((n) => {
      const p = n.renderedPosition();
      const d = Math.hypot(p.x - w, p.y - h);
      if (d < bestD) { bestD = d; best = { id: n.id(), x: p.x, y: p.y }; }
    });
    return best;
  })()`)) as { id: string; x: number; y: number } | null;
  const box = await page.locator('.graph-canvas').boundingBox();
  let firstClick: GraphActions['firstClick'] = { ms: null, maxLongTaskMs: 0, happened: false };
  if (target && box) {
    await page.evaluate(ARM);
    const waiting = page.evaluate(UNTIL(`document.querySelector('[data-testid="inspector-twin-id"]')?.textContent === ${JSON.stringify(target.id)}`)) as Promise<number | null>;
    await page.mouse.click(box.x + target.x, box.y + target.y);
    const ms = await waiting;
    firstClick = { ms: round1(ms), maxLongTaskMs: await longest(page), happened: ms !== null, twin: target.id };
  }

  const input = page.getByLabel('Filter twins by value');
  await input.fill(filter);
  await page.getByLabel('Filter mode').selectOption('highlight');
  await page.evaluate(ARM);
  let waiting = page.evaluate(UNTIL(`(() => {
    const count = document.querySelector('[data-testid="graph-filter-count"]');
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    // Big canvases highlight with a spotlight (copies of the matches over a veil); small ones with classes.
    const spot = document.querySelector('[data-testid="graph-spotlight"]')?._cyreg?.cy;
    return !!count && (cy.nodes('.highlighted').length > 0 || (!!spot && spot.nodes().length > 0));
  })()`)) as Promise<number | null>;
  await input.press('Enter');
  let ms = await waiting;
  const matches = Number(((await page.getByTestId('graph-filter-count').textContent()) ?? '').replace(/\D/g, '')) || 0;
  const highlight: GraphActions['highlight'] = { ms: round1(ms), maxLongTaskMs: await longest(page), happened: ms !== null && matches > 0, matches };

  await page.getByLabel('Filter mode').selectOption('filter');
  await page.evaluate(ARM);
  waiting = page.evaluate(UNTIL(`(() => {
    const cy = document.querySelector('.graph-canvas')._cyreg.cy;
    return cy.nodes(':visible').length === ${matches};
  })()`)) as Promise<number | null>;
  await input.press('Enter');
  ms = await waiting;
  const hidden = (await page.evaluate(`document.querySelector('.graph-canvas')._cyreg.cy.nodes(':hidden').length`)) as number;
  const hideRest: GraphActions['hideRest'] = { ms: round1(ms), maxLongTaskMs: await longest(page), happened: ms !== null && hidden > 0, hidden };

  // Back to the whole graph for the gestures that follow.
  await page.getByRole('button', { name: 'Show all' }).click();
  await input.fill('');
  return { firstClick, highlight, hideRest };
}
