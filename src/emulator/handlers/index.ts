import type { Route } from './context';
import * as jobs from './jobs';
import * as models from './models';
import { queryTwins } from './query';
import * as rel from './relationships';
import * as routes from './event-routes';
import { sendTelemetry } from './telemetry';
import * as twins from './twins';

export type { Core, Handler, HandlerResponse, JobState, RequestContext, Route } from './context';

/** The ADT data-plane operations (https://learn.microsoft.com/rest/api/digital-twins/dataplane/), as path templates; `{x}` segments arrive percent-decoded. */
export const adtRoutes: Route[] = [
  { method: 'POST', path: '/models', handler: models.addModels },
  { method: 'GET', path: '/models', handler: models.listModels },
  { method: 'GET', path: '/models/{id}', handler: models.getModel },
  { method: 'PATCH', path: '/models/{id}', handler: models.updateModel },
  { method: 'DELETE', path: '/models/{id}', handler: models.deleteModel },

  { method: 'POST', path: '/query', handler: queryTwins },

  { method: 'GET', path: '/digitaltwins/{id}', handler: twins.getTwin },
  { method: 'PUT', path: '/digitaltwins/{id}', handler: twins.putTwin },
  { method: 'PATCH', path: '/digitaltwins/{id}', handler: twins.patchTwin },
  { method: 'DELETE', path: '/digitaltwins/{id}', handler: twins.deleteTwin },

  { method: 'GET', path: '/digitaltwins/{id}/relationships', handler: rel.listRelationships },
  { method: 'GET', path: '/digitaltwins/{id}/incomingrelationships', handler: rel.listIncomingRelationships },
  { method: 'GET', path: '/digitaltwins/{id}/relationships/{relationshipId}', handler: rel.getRelationship },
  { method: 'PUT', path: '/digitaltwins/{id}/relationships/{relationshipId}', handler: rel.putRelationship },
  { method: 'PATCH', path: '/digitaltwins/{id}/relationships/{relationshipId}', handler: rel.patchRelationship },
  { method: 'DELETE', path: '/digitaltwins/{id}/relationships/{relationshipId}', handler: rel.deleteRelationship },

  { method: 'POST', path: '/digitaltwins/{id}/telemetry', handler: sendTelemetry },
  { method: 'POST', path: '/digitaltwins/{id}/components/{componentPath}/telemetry', handler: sendTelemetry },
  { method: 'GET', path: '/digitaltwins/{id}/components/{componentPath}', handler: twins.getComponent },
  { method: 'PATCH', path: '/digitaltwins/{id}/components/{componentPath}', handler: twins.patchComponent },

  { method: 'GET', path: '/eventroutes', handler: routes.listRoutes },
  { method: 'GET', path: '/eventroutes/{id}', handler: routes.getRoute },
  { method: 'PUT', path: '/eventroutes/{id}', handler: routes.putRoute },
  { method: 'DELETE', path: '/eventroutes/{id}', handler: routes.deleteRoute },

  { method: 'GET', path: '/jobs/imports', handler: jobs.listImportJobs },
  { method: 'GET', path: '/jobs/imports/{id}', handler: jobs.getImportJob },
  { method: 'PUT', path: '/jobs/imports/{id}', handler: jobs.addImportJob },
  { method: 'DELETE', path: '/jobs/imports/{id}', handler: jobs.deleteImportJob },
  { method: 'POST', path: '/jobs/imports/{id}/cancel', handler: jobs.cancelImportJob },
  { method: 'POST', path: '/jobs/deletions', handler: jobs.addDeleteJob },
  { method: 'GET', path: '/jobs/deletions', handler: jobs.listDeleteJobs },
  { method: 'GET', path: '/jobs/deletions/{id}', handler: jobs.getDeleteJob },
];

/** First path segments that belong to the ADT API (compared case-insensitively), for telling API calls from app pages. */
export const API_ROOTS = new Set(['models', 'query', 'digitaltwins', 'eventroutes', 'jobs']);
