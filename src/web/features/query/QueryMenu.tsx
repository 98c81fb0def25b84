import { useEffect, useRef, useState } from 'react';
import type { MergeMode } from '../../stores/graph-model';
import { startQueryFor, useQueryHistory } from '../../stores/query-history';

const NO_HISTORY: string[] = [];

export interface QueryMenuProps {
  environmentId: string;
  text: string;
  onPick: (query: string) => void;
  mode: MergeMode;
  onModeChange: (mode: MergeMode) => void;
  budget: number;
  onBudgetChange: (budget: number) => void;
}

/**
 * History, saved queries, the start query and the run options, in one pop-over: the bar itself stays one row however
 * long the queries in the history are.
 */
export function QueryMenu({ environmentId, text, onPick, mode, onModeChange, budget, onBudgetChange }: QueryMenuProps) {
  const [open, setOpen] = useState(false);
  // Placed against the window (fixed), right-aligned under the button but never past either edge of the window.
  const [place, setPlace] = useState<{ top: number; left: number; width: number } | null>(null);
  const toggle = () => {
    const r = button.current?.getBoundingClientRect();
    if (r) {
      const width = Math.min(520, window.innerWidth - 16);
      setPlace({ top: r.bottom + 4, left: Math.max(8, Math.min(r.right - width, window.innerWidth - width - 8)), width });
    }
    setOpen((o) => !o);
  };
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const history = useQueryHistory((s) => s.history[environmentId]) ?? NO_HISTORY;
  const saved = useQueryHistory((s) => s.saved);
  const startQuery = useQueryHistory((s) => startQueryFor(s.startQueries, environmentId));

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const pick = (q: string) => {
    onPick(q);
    close();
  };

  return (
    <div
      className="query-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls="query-menu-popup"
        title="History, saved queries, start query, results mode and node budget"
        onClick={toggle}
      >
        Queries ▾
      </button>
      {open ? (
        <div
          className="query-menu__popup"
          id="query-menu-popup"
          role="dialog"
          aria-label="Queries"
          style={place ? { top: place.top, left: place.left, width: place.width, maxHeight: Math.max(200, window.innerHeight - place.top - 16) } : undefined}
        >
          <div className="query-menu__options">
            <label className="field">
              <span>Results</span>
              <select aria-label="Results mode" value={mode} onChange={(e) => onModeChange(e.target.value as MergeMode)}>
                <option value="replace">replace the graph</option>
                <option value="overlay">overlay on the graph</option>
              </select>
            </label>
            <label className="field">
              <span>Node budget</span>
              <input
                aria-label="Node budget"
                type="number"
                min={1}
                step={1000}
                className="budget-input"
                value={budget}
                onChange={(e) => onBudgetChange(Number(e.target.value))}
              />
            </label>
          </div>
          <div className="query-menu__actions">
            <button
              type="button"
              onClick={() => {
                const name = window.prompt('Name this query');
                if (name) useQueryHistory.getState().save(name, text);
              }}
            >
              Save…
            </button>
            <button
              type="button"
              title="Run this query by itself when the app opens on this environment (on the emulator)"
              onClick={() => useQueryHistory.getState().setStartQuery(environmentId, text)}
              disabled={!text.trim() || text.trim() === startQuery}
            >
              Use as start query
            </button>
          </div>
          <p className="query-menu__start" data-testid="start-query">
            Start query: <code title={startQuery}>{startQuery}</code>
          </p>
          <h3 id="query-menu-saved">Saved</h3>
          {saved.length === 0 ? <p className="query-menu__empty">No saved queries yet.</p> : null}
          <ul className="query-menu__list" aria-labelledby="query-menu-saved">
            {saved.map((q) => (
              <li key={q.name}>
                <button type="button" className="query-menu__item" title={q.query} onClick={() => pick(q.query)}>
                  <strong>{q.name}</strong> <span>{q.query}</span>
                </button>
                <button type="button" className="query-menu__remove" aria-label={`Remove saved query ${q.name}`} onClick={() => useQueryHistory.getState().removeSaved(q.name)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <h3 id="query-menu-history">History</h3>
          {history.length === 0 ? <p className="query-menu__empty">Queries you run appear here.</p> : null}
          <ul className="query-menu__list" aria-labelledby="query-menu-history" data-testid="query-history">
            {history.map((q) => (
              <li key={q}>
                <button type="button" className="query-menu__item" title={q} onClick={() => pick(q)}>
                  <span>{q}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
