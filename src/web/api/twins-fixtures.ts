import type { DigitalTwin } from '../../shared/adt';
import { ModelIndex, parseInterfaces } from '../../shared/dtdl';

/** Test support: a small building ontology with inheritance, a component, an enum, and relationship properties. */
const ctx = 'dtmi:dtdl:context;3';
export const M = {
  space: 'dtmi:test:Space;1',
  room: 'dtmi:test:Room;1',
  meetingRoom: 'dtmi:test:MeetingRoom;1',
  floor: 'dtmi:test:Floor;1',
  thermostat: 'dtmi:test:Thermostat;1',
  equipment: 'dtmi:test:Equipment;1',
  hvac: 'dtmi:test:HVAC;1',
} as const;

export const testModels: Record<string, unknown>[] = [
  {
    '@context': ctx, '@id': M.space, '@type': 'Interface',
    contents: [
      { '@type': 'Property', name: 'name', schema: 'string', writable: true },
      { '@type': 'Property', name: 'area', schema: 'double', writable: true },
      { '@type': 'Relationship', name: 'contains', target: M.space },
      { '@type': 'Relationship', name: 'isNear' },
    ],
  },
  {
    '@context': ctx, '@id': M.thermostat, '@type': 'Interface',
    contents: [
      { '@type': 'Property', name: 'setpoint', schema: 'double', writable: true },
      {
        '@type': 'Property', name: 'mode', writable: true,
        schema: { '@type': 'Enum', valueSchema: 'string', enumValues: [{ name: 'heat', enumValue: 'heat' }, { name: 'cool', enumValue: 'cool' }] },
      },
    ],
  },
  {
    '@context': ctx, '@id': M.room, '@type': 'Interface', extends: M.space,
    contents: [
      { '@type': 'Property', name: 'occupancy', schema: 'integer', writable: true },
      { '@type': 'Property', name: 'tags', schema: { '@type': 'Array', elementSchema: 'string' }, writable: true },
      { '@type': 'Component', name: 'thermostat', schema: M.thermostat },
      { '@type': 'Telemetry', name: 'temperature', schema: 'double' },
      {
        '@type': 'Relationship', name: 'servedBy', target: M.hvac,
        properties: [{ '@type': 'Property', name: 'priority', schema: 'integer' }],
      },
    ],
  },
  { '@context': ctx, '@id': M.meetingRoom, '@type': 'Interface', extends: M.room, contents: [] },
  {
    '@context': ctx, '@id': M.floor, '@type': 'Interface', extends: M.space,
    contents: [{ '@type': 'Relationship', name: 'hasRoom', target: M.room }],
  },
  { '@context': ctx, '@id': M.equipment, '@type': 'Interface', contents: [{ '@type': 'Property', name: 'serial', schema: 'string' }] },
  { '@context': ctx, '@id': M.hvac, '@type': 'Interface', extends: M.equipment, contents: [] },
];

export function testIndex(): ModelIndex {
  const { interfaces, diagnostics } = parseInterfaces(testModels);
  if (diagnostics.some((d) => d.severity === 'error')) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return new ModelIndex(interfaces);
}

export function testRoom(): DigitalTwin {
  return {
    $dtId: 'room-1',
    $etag: 'W/"1"',
    $metadata: { $model: M.room, $lastUpdateTime: '2024-01-01T00:00:00Z', name: { lastUpdateTime: '2024-01-01T00:00:00Z' } },
    name: 'Room 1',
    occupancy: 3,
    thermostat: { $metadata: {}, setpoint: 21, mode: 'heat' },
  };
}
