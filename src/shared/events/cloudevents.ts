/**
 * CloudEvents 1.0 envelopes for ADT notifications and telemetry, shaped as https://learn.microsoft.com/azure/digital-twins/concepts-event-notifications describes.
 *
 * `source` for notifications is the instance host name. For telemetry the sources disagree: the routes doc's filter
 * table says `<host>/<twin-ID>`, while every concrete event example in the events doc (including component
 * telemetry) shows `<host>/digitaltwins/<twin-ID>`. Recorded payloads are better evidence than a summary table, so
 * telemetry uses `<host>/digitaltwins/<twinId>`. Telemetry `datacontenttype` is `application/json` (the table), not the
 * `application/json-patch+json; charset=utf-8` of one example, which looks like a copy-paste from a Twin.Update.
 */
import type { CloudEvent, DigitalTwin, PatchOperation, Relationship } from '../adt';
import { EVENT_TYPES } from '../adt';

// Both browsers and Node 20 provide crypto.randomUUID as a global; src/shared is compiled without DOM/Node typings.
declare const crypto: { randomUUID(): string };

const CONTENT_TYPE = 'application/json';

/** ADT timestamps carry 7 fractional digits (`.1234567Z`); JavaScript dates have 3, so pad with zeros. */
export function adtTimestamp(date: Date = new Date()): string {
  // toISOString always ends in `.sssZ`.
  return date.toISOString().replace(/Z$/, '0000Z');
}

/** Event data is a snapshot: later changes to the store's objects must not alter an event already published. */
function snapshot<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

interface EnvelopeOptions {
  type: string;
  source: string;
  subject?: string;
  id?: string;
  time?: string;
  dataschema?: string;
  traceparent?: string;
  data: unknown;
}

function envelope(o: EnvelopeOptions): CloudEvent {
  const event: CloudEvent = {
    specversion: '1.0',
    id: o.id ?? crypto.randomUUID(),
    type: o.type,
    source: o.source,
    time: o.time ?? adtTimestamp(),
    datacontenttype: CONTENT_TYPE,
    data: o.data,
  };
  // Optional attributes are left out rather than set to undefined, so "missing field" filters and JSON agree.
  if (o.subject !== undefined) event.subject = o.subject;
  if (o.dataschema !== undefined) event.dataschema = o.dataschema;
  if (o.traceparent !== undefined) event.traceparent = o.traceparent;
  return event;
}

export function relationshipSubject(r: Pick<Relationship, '$sourceId' | '$relationshipId'>): string {
  return `${r.$sourceId}/relationships/${r.$relationshipId}`;
}

export function twinCreateEvent(o: { source: string; twin: DigitalTwin; traceparent?: string }): CloudEvent {
  return envelope({ type: EVENT_TYPES.twinCreate, source: o.source, subject: o.twin.$dtId, traceparent: o.traceparent, data: snapshot(o.twin) });
}

export function twinUpdateEvent(o: { source: string; twinId: string; modelId: string; patch: PatchOperation[]; traceparent?: string }): CloudEvent {
  return envelope({
    type: EVENT_TYPES.twinUpdate, source: o.source, subject: o.twinId, traceparent: o.traceparent,
    data: { modelId: o.modelId, patch: snapshot(o.patch) },
  });
}

export function twinDeleteEvent(o: { source: string; twin: DigitalTwin; traceparent?: string }): CloudEvent {
  return envelope({ type: EVENT_TYPES.twinDelete, source: o.source, subject: o.twin.$dtId, traceparent: o.traceparent, data: snapshot(o.twin) });
}

export function relationshipCreateEvent(o: { source: string; relationship: Relationship; traceparent?: string }): CloudEvent {
  return envelope({
    type: EVENT_TYPES.relationshipCreate, source: o.source, subject: relationshipSubject(o.relationship),
    traceparent: o.traceparent, data: snapshot(o.relationship),
  });
}

/** `modelId` is the model of the relationship's source twin, as in the docs' example. */
export function relationshipUpdateEvent(o: {
  source: string; relationship: Relationship; modelId: string; patch: PatchOperation[]; traceparent?: string;
}): CloudEvent {
  return envelope({
    type: EVENT_TYPES.relationshipUpdate, source: o.source, subject: relationshipSubject(o.relationship),
    traceparent: o.traceparent, data: { modelId: o.modelId, patch: snapshot(o.patch) },
  });
}

export function relationshipDeleteEvent(o: { source: string; relationship: Relationship; traceparent?: string }): CloudEvent {
  return envelope({
    type: EVENT_TYPES.relationshipDelete, source: o.source, subject: relationshipSubject(o.relationship),
    traceparent: o.traceparent, data: snapshot(o.relationship),
  });
}

/**
 * `modelId` is the twin's model, or the component's schema for component telemetry. `messageId` (the Message-Id
 * header) becomes the event id. `sourceTime` (Telemetry-Source-Time) becomes `time` when given, since it is the
 * moment the sender says the reading was taken.
 */
export function telemetryEvent(o: {
  source: string; twinId: string; componentName?: string; modelId: string; messageId: string; data: unknown;
  sourceTime?: string; traceparent?: string;
}): CloudEvent {
  return envelope({
    type: EVENT_TYPES.telemetry,
    source: `${o.source}/digitaltwins/${o.twinId}`,
    subject: o.componentName,
    id: o.messageId,
    time: o.sourceTime,
    dataschema: o.modelId,
    traceparent: o.traceparent,
    data: snapshot(o.data),
  });
}

/** One event of each type, for "Test filter" in the routes form and for documentation. */
export function sampleEvents(source = 'example.api.wcus.digitaltwins.azure.net'): CloudEvent[] {
  const modelId = 'dtmi:example:Room;1';
  const twin: DigitalTwin = {
    $dtId: 'room1',
    $etag: 'W/"a3c5e8f1-2b4d-4e6f-8a9b-0c1d2e3f4a5b"',
    $metadata: { $model: modelId, $lastUpdateTime: '2024-01-01T00:00:00.0000000Z' },
    temperature: 21.5,
    name: 'Room 1',
  };
  const relationship: Relationship = {
    $relationshipId: 'room1-contains-sensor1',
    $etag: 'W/"b1c2d3e4-5f6a-4b7c-8d9e-0f1a2b3c4d5e"',
    $sourceId: 'room1',
    $relationshipName: 'contains',
    $targetId: 'sensor1',
  };
  return [
    twinCreateEvent({ source, twin }),
    twinUpdateEvent({ source, twinId: twin.$dtId, modelId, patch: [{ op: 'replace', path: '/temperature', value: 22 }] }),
    twinDeleteEvent({ source, twin }),
    relationshipCreateEvent({ source, relationship }),
    relationshipUpdateEvent({ source, relationship, modelId, patch: [{ op: 'add', path: '/since', value: '2024-01-01' }] }),
    relationshipDeleteEvent({ source, relationship }),
    telemetryEvent({ source, twinId: twin.$dtId, modelId, messageId: crypto.randomUUID(), data: { temperature: 22.1, humidity: 40 } }),
  ];
}
