import { useQuery } from '@tanstack/react-query';
import type { AdtClient } from '../../adt-client';
import { clientKey, loadModelIndex } from '../../api/twins-models';
import { useUi } from '../../stores/ui';

/**
 * The environment's models as a ModelIndex, cached per client and reloaded when another panel reports a model
 * change. Twins are inspected far more often than models change, so the index is built once per change.
 */
export function useModelIndex(client: AdtClient | null) {
  const revision = useUi((s) => s.modelsRevision);
  return useQuery({
    queryKey: ['twinscope', 'inspector', 'model-index', client ? clientKey(client) : 0, revision],
    queryFn: ({ signal }) => {
      if (!client) throw new Error('No environment.');
      return loadModelIndex(client, signal);
    },
    enabled: client !== null,
    staleTime: 60_000,
  });
}
