import { useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { ModelData } from '../../../shared/adt';
import type { InheritanceTree } from './model-helpers';
import { localized } from '../../api/models';
import { twinCountText } from './format';

interface Row { id: string; key: string; level: number; hasChildren: boolean; open: boolean }

/**
 * The inheritance tree as a WAI-ARIA tree. A model with several parents appears under each of them; rows are keyed
 * by their path so each occurrence opens and closes on its own. Only open branches are rendered.
 */
export function ModelTree({ tree, byId, counts, countsPartial, renderPartialCount, visible, expanded, defaultOpen, selectedId, onSelect, onOpen, onToggle }: {
  tree: InheritanceTree;
  byId: Map<string, ModelData>;
  counts: Map<string, number> | undefined;
  /** The counts are lower bounds (the scan stopped): each row shows `renderPartialCount(id)` instead. */
  countsPartial: boolean;
  renderPartialCount?: (id: string) => ReactNode;
  /** When searching: the ids to show (matches and their ancestors); every branch is open. */
  visible: Set<string> | null;
  expanded: Record<string, boolean>;
  defaultOpen: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  onToggle: (key: string, open: boolean) => void;
}) {
  const rows = useMemo(() => {
    const out: Row[] = [];
    const add = (ids: readonly string[], level: number, prefix: string, path: Set<string>) => {
      for (const id of ids) {
        if (visible && !visible.has(id)) continue;
        const key = prefix ? `${prefix}>${id}` : id;
        const kids = (tree.children.get(id) ?? []).filter((k) => !path.has(k) && (!visible || visible.has(k)));
        const open = visible ? true : expanded[key] ?? defaultOpen;
        out.push({ id, key, level, hasChildren: kids.length > 0, open });
        if (open && kids.length > 0) add(kids, level + 1, key, new Set([...path, id]));
      }
    };
    add(tree.roots, 1, '', new Set());
    return out;
  }, [tree, visible, expanded, defaultOpen]);

  const refs = useRef(new Map<string, HTMLLIElement>());
  const focusKey = rows.find((r) => r.id === selectedId)?.key ?? rows[0]?.key;

  const onKeyDown = (e: KeyboardEvent, i: number) => {
    const row = rows[i];
    if (!row) return;
    let target: Row | undefined;
    if (e.key === 'ArrowDown') target = rows[i + 1];
    else if (e.key === 'ArrowUp') target = rows[i - 1];
    else if (e.key === 'Home') target = rows[0];
    else if (e.key === 'End') target = rows[rows.length - 1];
    else if (e.key === 'ArrowRight' && row.hasChildren && !row.open) { onToggle(row.key, true); e.preventDefault(); return; }
    else if (e.key === 'ArrowLeft' && row.hasChildren && row.open) { onToggle(row.key, false); e.preventDefault(); return; }
    else if (e.key === 'Enter') { onOpen(row.id); e.preventDefault(); return; }
    else if (e.key === ' ') { onSelect(row.id); e.preventDefault(); return; }
    if (!target) return;
    e.preventDefault();
    refs.current.get(target.key)?.focus();
    onSelect(target.id);
  };

  if (rows.length === 0) return null;
  return (
    <ul role="tree" aria-label="Models by inheritance" className="models-tree">
      {rows.map((row, i) => {
        const m = byId.get(row.id);
        const name = localized(m?.displayName) ?? row.id.replace(/^dtmi:.*:/, '');
        const count = counts?.get(row.id);
        return (
          <li
            key={row.key}
            ref={(el) => {
              if (el) refs.current.set(row.key, el);
              else refs.current.delete(row.key);
            }}
            role="treeitem"
            aria-level={row.level}
            aria-expanded={row.hasChildren ? row.open : undefined}
            aria-selected={row.id === selectedId}
            aria-label={`${name} (${row.id})`}
            data-model-id={row.id}
            data-parent-id={row.key.includes('>') ? row.key.split('>').slice(-2, -1)[0] : undefined}
            tabIndex={row.key === focusKey ? 0 : -1}
            className={`models-tree__row${row.id === selectedId ? ' is-selected' : ''}`}
            style={{ paddingLeft: `${(row.level - 1) * 14 + 4}px` }}
            onClick={() => onSelect(row.id)}
            onDoubleClick={() => onOpen(row.id)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {row.hasChildren ? (
              <button
                type="button"
                tabIndex={-1}
                className="models-tree__twisty"
                aria-label={`${row.open ? 'Collapse' : 'Expand'} ${name}`}
                onClick={(e) => {
                  e.stopPropagation();
                  onToggle(row.key, !row.open);
                }}
              >
                {row.open ? '▾' : '▸'}
              </button>
            ) : (
              <span className="models-tree__twisty" aria-hidden="true" />
            )}
            <span className="models-tree__text">
              <span className="models-tree__name">{name}</span>
              <span className="models-tree__id">{row.id}</span>
            </span>
            {m?.decommissioned ? <span className="models-badge models-badge--warn">decommissioned</span> : null}
            {counts && countsPartial && renderPartialCount ? renderPartialCount(row.id) : counts ? (
              <span className="models-badge" title="Twins of exactly this model">{twinCountText(count ?? 0)}</span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
