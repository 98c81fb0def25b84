import type { AdtClient } from '../../adt-client';
import { relationshipKey } from '../../stores/graph-model';
import { useGraphStore } from '../../stores/graph';

/**
 * Following a link selects the twin or relationship in the graph. One that the graph has not loaded is read from the
 * service and added first, since the graph store only selects what it holds.
 */
export async function openTwin(client: AdtClient, twinId: string): Promise<void> {
  const store = useGraphStore.getState();
  if (!store.model.twins.has(twinId)) {
    const { body } = await client.getDigitalTwin(twinId);
    useGraphStore.getState().merge({ twins: [body] });
  }
  useGraphStore.getState().select([twinId]);
}

export async function openRelationship(client: AdtClient, sourceId: string, relationshipId: string): Promise<void> {
  const key = relationshipKey({ $sourceId: sourceId, $relationshipId: relationshipId });
  if (!useGraphStore.getState().model.relationships.has(key)) {
    const { body } = await client.getRelationship(sourceId, relationshipId);
    useGraphStore.getState().merge({ relationships: [body] });
  }
  useGraphStore.getState().select([key]);
}
