import { describe, it, expect } from 'vitest';
import type { DigitalTwin, Relationship } from '../adt';
import { EVENT_TYPES } from '../adt';
import {
  adtTimestamp, relationshipCreateEvent, relationshipDeleteEvent, relationshipUpdateEvent, sampleEvents, telemetryEvent,
  twinCreateEvent, twinDeleteEvent, twinUpdateEvent,
} from './cloudevents';

const HOST = 'inst.api.wcus.digitaltwins.azure.net';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ADT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;

const twin: DigitalTwin = {
  $dtId: 'room1', $etag: 'W/"1"', $metadata: { $model: 'dtmi:x:Room;1', $lastUpdateTime: '2024-01-01T00:00:00.0000000Z' }, t: 20,
};
const rel: Relationship = { $relationshipId: 'r1', $etag: 'W/"2"', $sourceId: 'room1', $relationshipName: 'has', $targetId: 's1', since: 2020 };

describe('adtTimestamp', () => {
  it('pads to seven fractional digits', () => {
    expect(adtTimestamp(new Date('2021-12-09T20:28:52.979Z'))).toBe('2021-12-09T20:28:52.9790000Z');
    expect(adtTimestamp()).toMatch(ADT_TIME);
  });
});

describe('CloudEvent builders', () => {
  it('twin create/delete carry the full twin, subject = twin id, source = host', () => {
    for (const [build, type] of [[twinCreateEvent, EVENT_TYPES.twinCreate], [twinDeleteEvent, EVENT_TYPES.twinDelete]] as const) {
      const e = build({ source: HOST, twin });
      expect(e).toEqual({
        specversion: '1.0', id: expect.stringMatching(UUID), type, source: HOST, subject: 'room1',
        time: expect.stringMatching(ADT_TIME), datacontenttype: 'application/json', data: twin,
      });
      expect('dataschema' in e).toBe(false);
      expect('traceparent' in e).toBe(false);
    }
  });

  it('twin update carries {modelId, patch}', () => {
    const patch = [{ op: 'replace' as const, path: '/t', value: 21 }];
    const e = twinUpdateEvent({ source: HOST, twinId: 'room1', modelId: 'dtmi:x:Room;1', patch, traceparent: '00-a-b-01' });
    expect(e).toMatchObject({ type: EVENT_TYPES.twinUpdate, source: HOST, subject: 'room1', traceparent: '00-a-b-01', data: { modelId: 'dtmi:x:Room;1', patch } });
    expect(Object.keys(e.data as object).sort()).toEqual(['modelId', 'patch']);
  });

  it('relationship events use <source>/relationships/<id> as subject', () => {
    const created = relationshipCreateEvent({ source: HOST, relationship: rel });
    const deleted = relationshipDeleteEvent({ source: HOST, relationship: rel });
    const patch = [{ op: 'add' as const, path: '/since', value: 2021 }];
    const updated = relationshipUpdateEvent({ source: HOST, relationship: rel, modelId: 'dtmi:x:Room;1', patch });
    for (const e of [created, deleted, updated]) {
      expect(e.subject).toBe('room1/relationships/r1');
      expect(e.source).toBe(HOST);
      expect(e.datacontenttype).toBe('application/json');
    }
    expect(created).toMatchObject({ type: EVENT_TYPES.relationshipCreate, data: rel });
    expect(deleted).toMatchObject({ type: EVENT_TYPES.relationshipDelete, data: rel });
    expect(updated).toMatchObject({ type: EVENT_TYPES.relationshipUpdate, data: { modelId: 'dtmi:x:Room;1', patch } });
  });

  it('telemetry: id = Message-Id, dataschema = model, source = <host>/digitaltwins/<twin>, body as sent', () => {
    const e = telemetryEvent({ source: HOST, twinId: 'room1', modelId: 'dtmi:x:Room;1', messageId: 'msg-1', data: { Temp: 5 } });
    expect(e).toEqual({
      specversion: '1.0', id: 'msg-1', type: EVENT_TYPES.telemetry, source: `${HOST}/digitaltwins/room1`,
      time: expect.stringMatching(ADT_TIME), datacontenttype: 'application/json', dataschema: 'dtmi:x:Room;1', data: { Temp: 5 },
    });
    expect('subject' in e).toBe(false);
  });

  it('component telemetry has the component name as subject and the source time as time', () => {
    const e = telemetryEvent({
      source: HOST, twinId: 'room1', componentName: 'thermostat', modelId: 'dtmi:x:Thermostat;1', messageId: 'm2',
      data: { t: 1 }, sourceTime: '2024-02-03T04:05:06.1234567Z',
    });
    expect(e).toMatchObject({ subject: 'thermostat', dataschema: 'dtmi:x:Thermostat;1', time: '2024-02-03T04:05:06.1234567Z' });
  });

  it('snapshots data so later mutation of the source objects does not change the event', () => {
    const mine: DigitalTwin = { ...twin, $metadata: { ...twin.$metadata }, t: 1 };
    const patch = [{ op: 'replace' as const, path: '/t', value: 2 }];
    const created = twinCreateEvent({ source: HOST, twin: mine });
    const updated = twinUpdateEvent({ source: HOST, twinId: 'room1', modelId: 'dtmi:x:Room;1', patch });
    mine.t = 99;
    mine.$metadata.$model = 'dtmi:other;1';
    patch[0]!.value = 3;
    expect(created.data).toMatchObject({ t: 1, $metadata: { $model: 'dtmi:x:Room;1' } });
    expect(updated.data).toMatchObject({ patch: [{ value: 2 }] });
  });

  it('gives every event a fresh id', () => {
    const ids = new Set(Array.from({ length: 50 }, () => twinCreateEvent({ source: HOST, twin }).id));
    expect(ids.size).toBe(50);
  });
});

describe('sampleEvents', () => {
  it('gives one event of each type, all from the given host', () => {
    const events = sampleEvents(HOST);
    expect(events.map((e) => e.type).sort()).toEqual(Object.values(EVENT_TYPES).sort());
    for (const e of events) expect(e.source.startsWith(HOST)).toBe(true);
    expect(sampleEvents()[0]!.source).toMatch(/digitaltwins\.azure\.net$/);
  });
});
