import { useEffect, useMemo, useState } from 'react';
import { useGraphStore } from '../../stores/graph';
import { useGraphPrefs } from '../../stores/graph-prefs';
import type { GraphContent } from '../../stores/graph-model';
import { focusOn, summarise, type Overview, type OverviewNode } from './overview';

export type GraphViewKind = 'twins' | 'overview' | 'focus';

export interface OverviewController {
  view: GraphViewKind;
  /** More elements than the overview threshold: drawn as an overview unless the user asked otherwise. */
  tooBig: boolean;
  drawAll: boolean;
  /** The twins of the picked models and the relationships among them, while the user drills into them. */
  focused: GraphContent | null;
  focus: ReadonlySet<string> | null;
  overview: Overview | null;
  /** The overview's models, largest first. */
  overviewModels: OverviewNode[];
  /** The models picked on the overview canvas (or in its list). */
  pickedModels: string[];
  setPickedModels: (models: string[]) => void;
  drawPicked: () => void;
  drawEveryTwin: () => void;
  backToOverview: () => void;
}

/**
 * Graphs too big to draw twin by twin are drawn as an overview by model, unless the user asks for every twin or for
 * the twins of some models. Both choices last until the next query.
 */
export function useOverview(content: GraphContent, loading: boolean): OverviewController {
  const overviewAbove = useGraphPrefs((s) => s.overviewAbove);
  const twinCount = useGraphStore((s) => s.twinCount);
  const relationshipCount = useGraphStore((s) => s.relationshipCount);
  const [drawAll, setDrawAll] = useState(false);
  const [focus, setFocus] = useState<ReadonlySet<string> | null>(null);
  const [pickedModels, setPickedModels] = useState<string[]>([]);
  useEffect(() => {
    if (!loading) return;
    setDrawAll(false);
    setFocus(null);
    setPickedModels([]);
  }, [loading]);
  const tooBig = overviewAbove > 0 && twinCount + relationshipCount > overviewAbove;
  const view: GraphViewKind = focus ? 'focus' : tooBig && !drawAll ? 'overview' : 'twins';
  // Keyed on the twins and relationships, not the whole model: a selection or a hide must not recompute them (nor,
  // through the canvas sync's dependencies, sync the canvas again).
  const { twins, relationships } = content;
  const focused = useMemo(() => (focus ? focusOn({ twins, relationships }, focus) : null), [twins, relationships, focus]);
  // Not while pages stream in: the sync waits for the end of the load too.
  const overview = useMemo(() => (view === 'overview' && !loading ? summarise({ twins, relationships }) : null), [twins, relationships, view, loading]);
  const overviewModels = useMemo(() => [...(overview?.nodes ?? [])].sort((a, b) => b.count - a.count), [overview]);
  return {
    view,
    tooBig,
    drawAll,
    focused,
    focus,
    overview,
    overviewModels,
    pickedModels,
    setPickedModels,
    drawPicked: () => setFocus(new Set(pickedModels)),
    drawEveryTwin: () => setDrawAll(true),
    backToOverview: () => {
      setFocus(null);
      setDrawAll(false);
      setPickedModels([]);
    },
  };
}
