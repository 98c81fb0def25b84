/**
 * Telemetry sends. A send changes nothing the app caches (telemetry is not stored on a twin), so there is nothing to
 * invalidate; the events it causes reach the app through the live stream.
 * https://learn.microsoft.com/rest/api/digital-twins/dataplane/twins/digital-twins-send-telemetry
 */
import type { AdtClient } from '../adt-client';

export interface TelemetryMessage {
  twinId: string;
  /** Sent as the component's telemetry when set. */
  componentName: string | undefined;
  payload: Record<string, unknown>;
  messageId: string;
  sourceTime: string | undefined;
}

export async function publishTelemetry(client: AdtClient, message: TelemetryMessage): Promise<void> {
  const options = message.sourceTime ? { sourceTime: message.sourceTime } : {};
  if (message.componentName) {
    await client.publishComponentTelemetry(message.twinId, message.componentName, message.payload, message.messageId, options);
  } else {
    await client.publishTelemetry(message.twinId, message.payload, message.messageId, options);
  }
}
