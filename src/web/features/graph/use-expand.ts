import { useState } from 'react';
import type { AdtClient } from '../../adt-client';
import { useQueryClient } from '@tanstack/react-query';
import { drawInGraph } from '../../api/graph-data';
import { expandNeighbourhood, type ExpandDirection } from './expand';

export interface ExpandController {
  direction: ExpandDirection;
  setDirection: (d: ExpandDirection) => void;
  levels: number;
  setLevels: (n: number) => void;
  state: { busy: boolean; error: string | null };
  /** Adds the neighbours of these twins to the graph, page by page. */
  expand: (twinIds: string[]) => Promise<void>;
}

export function useExpand(client: AdtClient | null): ExpandController {
  const queryClient = useQueryClient();
  const [direction, setDirection] = useState<ExpandDirection>('both');
  const [levels, setLevelsState] = useState(1);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const setLevels = (n: number) => setLevelsState(Math.min(5, Math.max(1, n || 1)));
  const expand = async (twinIds: string[]) => {
    if (!client || twinIds.length === 0) return;
    setState({ busy: true, error: null });
    try {
      await expandNeighbourhood(client, twinIds, {
        direction,
        levels,
        onPage: (twins, relationships) => drawInGraph(queryClient, client, { twins, relationships }),
      });
      setState({ busy: false, error: null });
    } catch (err) {
      setState({ busy: false, error: err instanceof Error ? err.message : String(err) });
    }
  };
  return { direction, setDirection, levels, setLevels, state, expand };
}
