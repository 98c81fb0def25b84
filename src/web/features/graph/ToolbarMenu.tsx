import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A toolbar button that opens a small panel of secondary controls below it, so the toolbar stays one row. The panel
 * stays mounted while closed (hidden), so the state of the controls in it is the state the canvas uses. Escape or a
 * click elsewhere closes it and gives the focus back to the button.
 */
export function ToolbarMenu({
  label,
  title,
  children,
  align = 'start',
  compact = false,
}: {
  label: string;
  title?: string;
  children: ReactNode;
  align?: 'start' | 'end';
  /** Show only the arrow; the label stays the button's accessible name. */
  compact?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);
  return (
    <div
      className="toolbar-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        {...(compact ? { 'aria-label': label } : {})}
        title={title ?? label}
        onClick={() => setOpen((o) => !o)}
      >
        {compact ? null : `${label} `}
        <span aria-hidden="true">▾</span>
      </button>
      <div
        id={id}
        className={`toolbar-menu__panel toolbar-menu__panel--${align}`}
        role="group"
        aria-label={label}
        hidden={!open}
        onClick={(e) => {
          // An action of the menu's own (a button directly in it) closes it, as a menu item does, so the panel does
          // not stay over the canvas. Pickers, and menus nested in it, keep it open.
          const action = (e.target as Element).closest('button');
          if (action && action.parentElement === e.currentTarget) setOpen(false);
        }}
      >
        {children}
      </div>
    </div>
  );
}
