import type { AdtClient } from '../../adt-client';
import { getRelationship } from '../../api/relationships';
import { getTwin } from '../../api/twins';
import { drawInGraph } from '../../api/graph-data';
import { queryClient } from '../../api/query-client';
import { relationshipKey } from '../../stores/graph-model';
import { useGraphStore } from '../../stores/graph';

/**
 * Following a link selects the twin or relationship in the graph. One that the graph has not loaded is read from the
 * service and added first, since the graph store only selects what it holds.
 */
export async function openTwin(client: AdtClient, twinId: string): Promise<void> {
  if (!useGraphStore.getState().model.twinIds.has(twinId)) {
    const { twin } = await getTwin(client, twinId);
    drawInGraph(queryClient, client, { twins: [twin] });
  }
  useGraphStore.getState().select([twinId]);
}

export async function openRelationship(client: AdtClient, sourceId: string, relationshipId: string): Promise<void> {
  const key = relationshipKey({ $sourceId: sourceId, $relationshipId: relationshipId });
  if (!useGraphStore.getState().model.edges.has(key)) {
    drawInGraph(queryClient, client, { relationships: [await getRelationship(client, sourceId, relationshipId)] });
  }
  useGraphStore.getState().select([key]);
}
