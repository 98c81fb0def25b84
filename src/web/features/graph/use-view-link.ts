import { useEffect } from 'react';
import { useGraphStore } from '../../stores/graph';
import { useGraphView } from '../../stores/graph-view';
import { LAYOUT_NAMES, type LayoutName } from './layouts';

/**
 * Applies the view a shared link asked for (layout, filter, selection, presentation) once the linked query has been
 * drawn, then forgets it: the link describes how the page opens, not a setting that sticks. Its styling was saved for
 * the environment when the link was read.
 */
export function useViewLink(o: { ready: boolean; setLayout: (name: LayoutName) => void; setFilter: (text: string, mode: 'highlight' | 'filter') => void }): void {
  const pending = useGraphView((s) => s.pending);
  const { ready, setLayout, setFilter } = o;
  useEffect(() => {
    if (!pending || !ready) return;
    useGraphView.getState().setPending(null);
    if (pending.layout && (LAYOUT_NAMES as readonly string[]).includes(pending.layout)) setLayout(pending.layout as LayoutName);
    if (pending.filter) setFilter(pending.filter, pending.filterMode ?? 'highlight');
    if (pending.select?.length) {
      const twins = useGraphStore.getState().model.twinIds;
      useGraphStore.getState().select(pending.select.filter((id) => twins.has(id)));
    }
    if (pending.present) useGraphView.getState().setPresenting(true);
  }, [pending, ready, setLayout, setFilter]);
}
