import { telemetryEvent } from '../../shared/events';
import type { Core, HandlerResponse, RequestContext } from './context';
import { errors } from './messages';
import { isDateTime } from './patch';
import { requireTwin } from './twins';
import { noContent } from './util';

/**
 * Telemetry is not stored; it only becomes a `microsoft.iot.telemetry` event for the routes. The payload is not
 * checked against the model's Telemetry definitions (ADT does not either). A Message-Id repeated for the same twin
 * (and component) within ten minutes is accepted and dropped.
 */
export function sendTelemetry(ctx: RequestContext, core: Core): HandlerResponse {
  const id = ctx.params['id']!;
  const componentName = ctx.params['componentPath'];
  const twin = requireTwin(core, id);
  if (componentName !== undefined) {
    const declared = core.store.models.resolve(twin.$metadata.$model)?.components.has(componentName) ?? false;
    if (!declared) throw errors.componentNotFound(id, componentName);
  }
  const messageId = ctx.header('message-id');
  if (messageId === undefined || messageId.trim() === '') {
    throw errors.invalidArgument('The Message-Id header is required. Give each telemetry message a unique id.');
  }
  const sourceTime = ctx.header('telemetry-source-time');
  if (sourceTime !== undefined && !isDateTime(sourceTime)) {
    throw errors.invalidArgument(`Invalid Telemetry-Source-Time header value ${sourceTime}. The value must be an RFC 3339 date-time.`);
  }
  if (ctx.body === undefined) throw errors.invalidArgument('The telemetry payload must be a JSON document.');
  // ADT de-duplicates on Message-Id, unique per twin: a repeat is accepted and not delivered again.
  if (core.telemetrySeen?.repeat(JSON.stringify([id, componentName ?? null, messageId]))) return noContent();
  core.publish(telemetryEvent({
    source: ctx.host, twinId: id, componentName, modelId: twin.$metadata.$model, messageId, data: ctx.body,
    ...(sourceTime !== undefined ? { sourceTime } : {}),
  }));
  return noContent();
}
