import type { AdtClient } from '../../adt-client';
import { useModels } from '../../api/models';

/** The environment's models, from the one shared cache (see api/models.ts). */
export function useModelIndex(client: AdtClient | null) {
  return useModels(client);
}
