import { parseRouteFilter } from '../../shared/events';
import { ApiError } from '../errors';
import { toEventRoute } from '../storage/store';
import type { Core, HandlerResponse, RequestContext } from './context';
import { errors } from './messages';
import { isObject, noContent, ok, pageOf } from './util';

/** Routes per instance (https://learn.microsoft.com/azure/digital-twins/reference-service-limits, default). */
export const MAX_ROUTES = 6;
const ROUTE_PAGE = 100;
const ROUTE_ID = /^[^\s/?#\\]{1,256}$/;

function requireRoute(core: Core, id: string) {
  const route = core.store.getRoute(id);
  if (!route) throw errors.routeNotFound();
  return route;
}

export function listRoutes(ctx: RequestContext, core: Core): HandlerResponse {
  return pageOf(ctx, core.store.listRoutes().map(toEventRoute), ROUTE_PAGE, 1000);
}

export function getRoute(ctx: RequestContext, core: Core): HandlerResponse {
  return ok(toEventRoute(requireRoute(core, ctx.params['id']!)));
}

export function putRoute(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  if (!ROUTE_ID.test(id)) {
    throw new ApiError(400, 'EventRouteIdInvalid', `The event route id ${id} is invalid. Route ids are 1 to 256 characters, without whitespace, '/', '?', '#' or '\\'.`);
  }
  const body = ctx.body;
  if (!isObject(body)) throw errors.invalidArgument('The request body must be an event route: {"endpointName": "...", "filter": "..."}.');
  const endpointName = body['endpointName'];
  const filter = body['filter'];
  if (typeof endpointName !== 'string' || !core.events.hasEndpoint(endpointName)) throw errors.routeEndpointInvalid();
  if (typeof filter !== 'string' || filter.trim() === '') {
    throw new ApiError(400, 'EventRouteFilterInvalid', 'The filter provided is empty. Use "true" to route every event. See event route documentation for supported values and structure (https://aka.ms/ADTv2Routes).');
  }
  const parsed = parseRouteFilter(filter);
  if (!parsed.ok) {
    // The live answer's frame: "Parsing error, Line=1, Position=6, Message=..." (1-based), then the documentation link.
    const before = filter.slice(0, parsed.offset);
    const line = before.split('\n').length;
    const position = parsed.offset - (before.lastIndexOf('\n') + 1) + 1;
    throw errors.routeFilterInvalid(`Parsing error, Line=${line}, Position=${position}, Message=${parsed.message.replace(/\.$/, '')}`);
  }
  if (!core.store.getRoute(id) && core.store.listRoutes().length >= MAX_ROUTES) {
    throw new ApiError(400, 'LimitExceeded', `The maximum number of event routes (${MAX_ROUTES}) has been reached. Delete a route before creating another.`);
  }
  core.store.putRoute({ id, endpointName, filter });
  return noContent();
}

export function deleteRoute(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  requireRoute(core, id);
  core.store.deleteRoute(id);
  return noContent();
}
