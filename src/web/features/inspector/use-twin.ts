import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import type { AdtClient } from '../../adt-client';
import type { DigitalTwin, Relationship } from '../../../shared/adt';
import { clientKey } from '../../api/model-index';
import { useGraphStore } from '../../stores/graph';

export function twinKey(client: AdtClient | null, twinId: string) {
  return ['twinscope', 'inspector', 'twin', client ? clientKey(client) : 0, twinId] as const;
}

/**
 * The twin as the service has it now, with its ETag. The graph's copy may come from an older query, so the inspector
 * reads the twin itself and refreshes the graph when the service's copy is newer.
 */
export function useTwin(client: AdtClient | null, twinId: string) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: twinKey(client, twinId),
    queryFn: async ({ signal }) => {
      if (!client) throw new Error('No environment.');
      const { body, etag } = await client.getDigitalTwin(twinId, { signal });
      return { twin: body, etag: etag ?? body.$etag };
    },
    enabled: client !== null,
    staleTime: 0,
  });
  const fresh = query.data;
  useEffect(() => {
    if (!fresh) return;
    const inGraph = useGraphStore.getState().model.twins.get(twinId);
    if (inGraph && inGraph.$etag !== fresh.twin.$etag) useGraphStore.getState().merge({ twins: [fresh.twin] });
  }, [fresh, twinId]);
  /** Stores a twin the caller just read or wrote, in the cache and in the graph. */
  const put = useCallback((twin: DigitalTwin, etag: string | undefined) => {
    queryClient.setQueryData(twinKey(client, twinId), { twin, etag: etag ?? twin.$etag });
    if (useGraphStore.getState().model.twins.has(twin.$dtId)) useGraphStore.getState().merge({ twins: [twin] });
  }, [queryClient, client, twinId]);
  return { ...query, put };
}

export function relationshipsKey(client: AdtClient | null, twinId: string) {
  return ['twinscope', 'inspector', 'relationships', client ? clientKey(client) : 0, twinId] as const;
}

/** The twin's outgoing and incoming relationships, from the service (the graph may hold only some of them). */
export function useTwinRelationships(client: AdtClient | null, twinId: string, enabled = true) {
  return useQuery({
    queryKey: relationshipsKey(client, twinId),
    queryFn: async ({ signal }) => {
      if (!client) throw new Error('No environment.');
      const outgoing: Relationship[] = [];
      for await (const r of client.listRelationships(twinId, { signal })) outgoing.push(r);
      const incoming = [];
      for await (const r of client.listIncomingRelationships(twinId, { signal })) incoming.push(r);
      return { outgoing, incoming };
    },
    enabled: client !== null && enabled,
  });
}
