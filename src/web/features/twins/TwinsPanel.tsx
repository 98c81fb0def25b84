import { useCallback, useDeferredValue, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { AdtClient } from '../../adt-client';
import { useGraphStore } from '../../stores/graph';
import { useGraphContent } from '../../api/graph-data';
import { propertyPaths, searchTwins, type SearchScope } from './twins-search';
import { VirtualList } from './VirtualList';
import { dtmiShortName } from '../../../shared/dtdl';
import './twins.css';

const ROW_HEIGHT = 24;
const PATH_SAMPLE = 5000;

function* sample<T>(items: Iterable<T>, limit: number): Generator<T> {
  let n = 0;
  for (const item of items) {
    if (n++ >= limit) return;
    yield item;
  }
}



function scopeFrom(value: string): SearchScope {
  if (value === 'id') return { kind: 'id' };
  if (value === 'any') return { kind: 'any' };
  return { kind: 'property', path: value.slice('prop:'.length) };
}

/**
 * The twins loaded in the graph, virtualised, with search by id or by property value. Selection is the graph
 * store's: clicking a row selects the twin in the graph and the inspector, and selecting in the graph highlights
 * and reveals the row.
 */
export function TwinsPanel({ client }: { client: AdtClient | null }) {
  const { twins } = useGraphContent(client);
  const selection = useGraphStore((s) => s.model.selection);
  const [text, setText] = useState('');
  const [scopeValue, setScopeValue] = useState('id');
  const query = useDeferredValue(text);
  const scope = useMemo(() => scopeFrom(scopeValue), [scopeValue]);
  // Property paths come from a sample, deferred: recomputing over every twin for each page of a 50k load would
  // cost more than the load itself, and twins of one model share their paths.
  const deferredTwins = useDeferredValue(twins);
  const paths = useMemo(() => propertyPaths(sample(deferredTwins.values(), PATH_SAMPLE)), [deferredTwins]);
  const rows = useMemo(() => searchTwins(twins.values(), query, scope), [twins, query, scope]);
  const anchor = useRef<number>(-1);
  const [focusIndex, setFocusIndex] = useState(-1);

  const selectedIndex = useMemo(() => {
    if (selection.size === 0) return -1;
    return rows.findIndex((t) => selection.has(t.$dtId));
  }, [rows, selection]);
  // The keyboard's row while it is still selected; once the graph selects something else, that twin's row.
  const focused = rows[focusIndex];
  const activeIndex = focused && selection.has(focused.$dtId) ? focusIndex : selectedIndex;

  const selectAt = useCallback((index: number, e?: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }) => {
    const twin = rows[index];
    if (!twin) return;
    const store = useGraphStore.getState();
    if (e?.shiftKey && anchor.current >= 0) {
      const [from, to] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
      store.select(rows.slice(from, to + 1).map((t) => t.$dtId), e.ctrlKey || e.metaKey);
    } else if (e && (e.ctrlKey || e.metaKey)) {
      if (store.model.selection.has(twin.$dtId)) store.select([...store.model.selection].filter((id) => id !== twin.$dtId));
      else store.select([twin.$dtId], true);
      anchor.current = index;
    } else {
      store.select([twin.$dtId]);
      anchor.current = index;
    }
    setFocusIndex(index);
  }, [rows]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const current = activeIndex < 0 ? -1 : activeIndex;
    let next = -1;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, current + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, current - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else if (e.key === 'PageDown') next = Math.min(rows.length - 1, current + 10);
    else if (e.key === 'PageUp') next = Math.max(0, current - 10);
    if (next < 0) return;
    e.preventDefault();
    selectAt(next, { shiftKey: e.shiftKey, ctrlKey: false, metaKey: false });
  };

  const renderRow = (index: number) => {
    const twin = rows[index];
    if (!twin) return null;
    const selected = selection.has(twin.$dtId);
    return (
      <div
        key={twin.$dtId}
        id={`twins-row-${index}`}
        role="option"
        aria-selected={selected}
        aria-setsize={rows.length}
        aria-posinset={index + 1}
        className={`vlist__row${selected ? ' vlist__row--selected' : ''}${index === activeIndex ? ' vlist__row--active' : ''}`}
        style={{ height: ROW_HEIGHT }}
        onClick={(e: MouseEvent) => selectAt(index, e)}
        title={`${twin.$dtId} (${twin.$metadata.$model})`}
        aria-label={`${twin.$dtId} (${dtmiShortName(twin.$metadata.$model)})`}
      >
        <span className="twins-row__id">{twin.$dtId}</span>
        <span className="twins-row__model">{dtmiShortName(twin.$metadata.$model)}</span>
      </div>
    );
  };

  if (twins.size === 0) {
    return (
      <div className="empty-state">
        <p>{client ? 'Run a query: the twins it loads into the graph are listed here.' : 'Connect to an environment first.'}</p>
      </div>
    );
  }

  return (
    <div className="twins-panel">
      <div className="twins-search" role="search">
        <input type="search" aria-label="Search twins" placeholder="Search twins" value={text} onChange={(e) => { setText(e.target.value); setFocusIndex(-1); }} />
        <select aria-label="Search in" value={scopeValue} onChange={(e) => { setScopeValue(e.target.value); setFocusIndex(-1); }}>
          <option value="id">Id</option>
          <option value="any">Any property</option>
          {paths.map((p) => <option key={p} value={`prop:${p}`}>{p}</option>)}
        </select>
      </div>
      <div className="twins-count" role="status" data-testid="twins-count">
        {rows.length === twins.size ? `${twins.size.toLocaleString('en-US')} twins` : `${rows.length.toLocaleString('en-US')} of ${twins.size.toLocaleString('en-US')} twins`}
        {selection.size > 0 ? ` · ${selection.size} selected` : ''}
      </div>
      <VirtualList
        count={rows.length}
        rowHeight={ROW_HEIGHT}
        renderRow={renderRow}
        label="Twins"
        activeIndex={activeIndex}
        activeDescendant={activeIndex >= 0 ? `twins-row-${activeIndex}` : undefined}
        onKeyDown={onKeyDown}
        multiselectable
      />
    </div>
  );
}
