import { describe, expect, it } from 'vitest';
import type { DigitalTwin, Relationship } from '../../../shared/adt';
import { EVENT_TYPES } from '../../../shared/adt';
import { sampleEvents, telemetryEvent, twinUpdateEvent } from '../../../shared/events';
import { addEntry, eventTwinId, filterEntries, graphChangeFor, liveStreamUrl, parseLiveMessage, shortType, toEntry } from './event-log';

const source = 'localhost';
const [twinCreate, twinUpdate, twinDelete, relCreate, relUpdate, relDelete, telemetry] = sampleEvents(source);

describe('parseLiveMessage', () => {
  it('reads the emulator\'s live envelope and a bare CloudEvent, and ignores anything else', () => {
    expect(parseLiveMessage(JSON.stringify({ event: telemetry, routeId: 'r1', endpointName: 'live' }))).toEqual({ event: telemetry, routeId: 'r1' });
    expect(parseLiveMessage(JSON.stringify(telemetry))).toEqual({ event: telemetry, routeId: undefined });
    expect(parseLiveMessage('{"hello":1}')).toBeUndefined();
    expect(parseLiveMessage('not json')).toBeUndefined();
  });
});

describe('eventTwinId', () => {
  it('finds the twin of each event type', () => {
    expect(sampleEvents(source).map(eventTwinId)).toEqual(['room1', 'room1', 'room1', 'room1', 'room1', 'room1', 'room1']);
    const componentTelemetry = telemetryEvent({ source, twinId: 'a/b', componentName: 'thermostat', modelId: 'm', messageId: 'x', data: {} });
    expect(eventTwinId(componentTelemetry)).toBe('a/b');
  });
});

describe('addEntry', () => {
  it('keeps one entry per event and collects the routes that carried it, newest first', () => {
    let list = addEntry([], toEntry(telemetry!, 'live-all', 1));
    list = addEntry(list, toEntry(telemetry!, 'mine', 2));
    list = addEntry(list, toEntry(twinUpdate!, 'live-all', 3));
    expect(list.map((e) => e.event.type)).toEqual([EVENT_TYPES.twinUpdate, EVENT_TYPES.telemetry]);
    expect(list[1]?.routes).toEqual(['live-all', 'mine']);
    const same = addEntry(list, toEntry(telemetry!, 'mine', 4));
    expect(same).toBe(list);
  });

  it('caps the list', () => {
    let list = addEntry([], toEntry(telemetry!, 'a', 0), 2);
    list = addEntry(list, toEntry(twinCreate!, 'a', 0), 2);
    list = addEntry(list, toEntry(twinDelete!, 'a', 0), 2);
    expect(list.map((e) => e.event.type)).toEqual([EVENT_TYPES.twinDelete, EVENT_TYPES.twinCreate]);
  });
});

describe('filterEntries', () => {
  const entries = sampleEvents(source).map((e, i) => toEntry(e, i % 2 === 0 ? 'even' : 'odd', i));
  entries.push(toEntry(telemetryEvent({ source, twinId: 'Sensor-9', modelId: 'm', messageId: 'm1', data: {} }), 'even', 9));

  it('filters by type, twin (case-insensitive substring) and route', () => {
    expect(filterEntries(entries, { types: new Set(), twin: '', route: '' })).toHaveLength(8);
    expect(filterEntries(entries, { types: new Set([EVENT_TYPES.telemetry]), twin: '', route: '' })).toHaveLength(2);
    expect(filterEntries(entries, { types: new Set(), twin: 'sensor', route: '' }).map((e) => e.twinId)).toEqual(['Sensor-9']);
    expect(filterEntries(entries, { types: new Set(), twin: '', route: 'odd' })).toHaveLength(3);
  });

  it('labels types briefly', () => {
    expect(shortType(EVENT_TYPES.twinUpdate)).toBe('Twin.Update');
    expect(shortType(EVENT_TYPES.telemetry)).toBe('Telemetry');
  });
});

describe('graphChangeFor', () => {
  const room: DigitalTwin = { $dtId: 'room1', $etag: 'W/"1"', $metadata: { $model: 'dtmi:example:Room;1' }, temperature: 20, name: 'Room 1' };
  const sensor: DigitalTwin = { $dtId: 'sensor1', $metadata: { $model: 'm' } };
  const rel: Relationship = { $relationshipId: 'room1-contains-sensor1', $sourceId: 'room1', $relationshipName: 'contains', $targetId: 'sensor1' };
  const graph = {
    twins: new Map([[room.$dtId, room], [sensor.$dtId, sensor]]),
    relationships: new Map([['room1/relationships/room1-contains-sensor1', rel]]),
  };

  it('patches a shown twin at once and asks for a refetch, leaving the stored copy alone', () => {
    const change = graphChangeFor(twinUpdate!, graph);
    expect(change?.twins?.[0]).toMatchObject({ $dtId: 'room1', temperature: 22, name: 'Room 1' });
    expect(change?.refetch).toEqual(['room1']);
    expect(room.temperature).toBe(20);
  });

  it('still asks for a refetch when the patch does not apply', () => {
    const odd = twinUpdateEvent({ source, twinId: 'room1', modelId: 'm', patch: [{ op: 'remove', path: '/missing' }] });
    expect(graphChangeFor(odd, graph)).toEqual({ refetch: ['room1'] });
  });

  it('ignores twins that are not shown, and telemetry', () => {
    expect(graphChangeFor(twinUpdate!, { twins: new Map(), relationships: new Map() })).toBeUndefined();
    expect(graphChangeFor(telemetry!, graph)).toBeUndefined();
    expect(graphChangeFor(twinCreate!, graph)).toBeUndefined();
  });

  it('removes deleted twins and relationships, and adds relationships between shown twins', () => {
    expect(graphChangeFor(twinDelete!, graph)).toEqual({ remove: ['room1'] });
    expect(graphChangeFor(relDelete!, graph)).toEqual({ remove: ['room1/relationships/room1-contains-sensor1'] });
    expect(graphChangeFor(relCreate!, graph)?.relationships?.[0]?.$relationshipId).toBe('room1-contains-sensor1');
    expect(graphChangeFor(relCreate!, { twins: new Map([[room.$dtId, room]]), relationships: new Map() })).toBeUndefined();
    expect(graphChangeFor(relUpdate!, graph)?.relationships?.[0]).toMatchObject({ since: '2024-01-01' });
  });
});

describe('liveStreamUrl', () => {
  it('uses the page origin for a same-origin emulator, and the endpoint otherwise', () => {
    expect(liveStreamUrl('', 'http://127.0.0.1:4780/some/page')).toBe('http://127.0.0.1:4780/_emulator/events');
    expect(liveStreamUrl('http://localhost:8080', 'http://x/')).toBe('http://localhost:8080/_emulator/events');
    expect(liveStreamUrl('/emu', 'http://x:1/app/')).toBe('http://x:1/emu/_emulator/events');
  });
});
