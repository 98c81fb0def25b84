import type { Core } from '../handlers';
import { putRoute } from '../handlers/event-routes';
import { addModels } from '../handlers/models';
import { putRelationship } from '../handlers/relationships';
import { putTwin } from '../handlers/twins';
import { syntheticRequest } from '../handlers/util';
import { sampleModels, sampleRelationships, sampleRoute, sampleTwins } from './sample';

export * from './sample';

/**
 * Loads the sample graph into an empty store, through the same handlers (and checks) as the API, in one
 * transaction. Seeding causes no events. Returns what was added, or null when the store already had data.
 */
export function seedSample(core: Core, host = 'localhost'): { models: number; twins: number; relationships: number } | null {
  if (core.store.listModels().length > 0 || core.store.twinCount() > 0) return null;
  const quiet: Core = { ...core, publish: () => undefined };
  core.store.batch(() => {
    addModels(syntheticRequest(host, {}, sampleModels), quiet);
    for (const twin of sampleTwins) putTwin(syntheticRequest(host, { id: twin.$dtId }, twin), quiet);
    for (const r of sampleRelationships) {
      putRelationship(syntheticRequest(host, { id: r.$sourceId, relationshipId: r.$relationshipId }, r), quiet);
    }
    if (core.events.hasEndpoint(sampleRoute.endpointName) && !core.store.getRoute(sampleRoute.id)) {
      putRoute(syntheticRequest(host, { id: sampleRoute.id }, { endpointName: sampleRoute.endpointName, filter: sampleRoute.filter }), quiet);
    }
  });
  return { models: sampleModels.length, twins: sampleTwins.length, relationships: sampleRelationships.length };
}
