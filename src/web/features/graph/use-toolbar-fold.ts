import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * How many groups of controls leave a toolbar for its menus so that it stays one row: 0 when everything fits, up to
 * `widths.length`. `widths` are the toolbar widths (px) below which one more group folds, widest first. They are a
 * first guess from the controls' measured sizes; if the row still overflows (other fonts, longer text), one more group
 * folds, so no control is ever cut off or pushed to a second row.
 */
export function useToolbarFold(toolbar: RefObject<HTMLElement | null>, widths: readonly number[]): number {
  const [width, setWidth] = useState(() => toolbar.current?.clientWidth ?? Infinity);
  const [extra, setExtra] = useState(0);
  useLayoutEffect(() => {
    const el = toolbar.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      setWidth(el.clientWidth);
      setExtra(0);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [toolbar]);
  const base = widths.filter((w) => width < w).length;
  const level = Math.min(widths.length, base + extra);
  useLayoutEffect(() => {
    const el = toolbar.current;
    if (el && el.scrollWidth > el.clientWidth + 1 && level < widths.length) setExtra((e) => e + 1);
  }, [toolbar, level, width, widths.length]);
  return level;
}
