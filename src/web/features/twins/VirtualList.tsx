import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { computeWindow, scrollToReveal } from './virtual-window';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Renders row `index`; the element gets its position from the list. */
  renderRow: (index: number) => ReactNode;
  label: string;
  /** Row to keep in view (keyboard focus or the graph's selection), or -1. */
  activeIndex: number;
  activeDescendant?: string | undefined;
  onKeyDown?: (e: KeyboardEvent<HTMLDivElement>) => void;
  multiselectable?: boolean;
}

/**
 * A listbox that renders only the rows in view (fixed row height, no dependency): the DOM holds a few dozen rows
 * whether the list has 50 or 50,000, so scrolling stays smooth.
 */
export function VirtualList({ count, rowHeight, renderRow, label, activeIndex, activeDescendant, onKeyDown, multiselectable }: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || activeIndex < 0) return;
    const top = scrollToReveal(activeIndex, el.scrollTop, el.clientHeight, rowHeight);
    if (top !== null) el.scrollTop = top;
  }, [activeIndex, rowHeight]);

  const win = computeWindow(scrollTop, height, rowHeight, count);
  const rows: ReactNode[] = [];
  for (let i = win.start; i < win.end; i++) rows.push(renderRow(i));
  return (
    <div
      ref={ref}
      className="vlist"
      role="listbox"
      aria-label={label}
      aria-multiselectable={multiselectable}
      aria-activedescendant={activeDescendant}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div className="vlist__spacer" style={{ height: win.totalHeight }}>
        <div className="vlist__rows" style={{ transform: `translateY(${win.offset}px)` }}>{rows}</div>
      </div>
    </div>
  );
}
