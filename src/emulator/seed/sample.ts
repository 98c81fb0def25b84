/**
 * The sample graph of `--seed sample`: a small building with floors, rooms, HVAC equipment and sensors.
 * It exercises what the app has to show: inheritance (Space ← Building/Floor/Room, Equipment ← HVAC/Sensor),
 * a component (each Room has a Thermostat), Telemetry definitions, enums, and relationship properties.
 * Plain data, also used by the end-to-end tests.
 */

const ctx = 'dtmi:dtdl:context;3';
const P = 'dtmi:twinscope:sample:';

export const SAMPLE_MODEL_IDS = {
  space: `${P}Space;1`,
  building: `${P}Building;1`,
  floor: `${P}Floor;1`,
  room: `${P}Room;1`,
  thermostat: `${P}Thermostat;1`,
  equipment: `${P}Equipment;1`,
  hvac: `${P}HVAC;1`,
  sensor: `${P}Sensor;1`,
} as const;

const M = SAMPLE_MODEL_IDS;

export const sampleModels: Record<string, unknown>[] = [
  {
    '@context': ctx, '@id': M.space, '@type': 'Interface', displayName: 'Space',
    description: 'Any place in a building.',
    contents: [
      { '@type': 'Property', name: 'name', schema: 'string', writable: true },
      { '@type': 'Property', name: 'area', schema: 'double', writable: true, description: 'Floor area in square metres.' },
    ],
  },
  {
    '@context': ctx, '@id': M.building, '@type': 'Interface', displayName: 'Building', extends: M.space,
    contents: [
      { '@type': 'Property', name: 'address', schema: 'string', writable: true },
      { '@type': 'Property', name: 'yearBuilt', schema: 'integer', writable: true },
      {
        '@type': 'Relationship', name: 'hasFloor', displayName: 'has floor', target: M.floor,
        properties: [{ '@type': 'Property', name: 'floorNumber', schema: 'integer' }],
      },
    ],
  },
  {
    '@context': ctx, '@id': M.floor, '@type': 'Interface', displayName: 'Floor', extends: M.space,
    contents: [
      { '@type': 'Property', name: 'level', schema: 'integer', writable: true },
      { '@type': 'Relationship', name: 'hasRoom', displayName: 'has room', target: M.room },
      { '@type': 'Relationship', name: 'hasEquipment', displayName: 'has equipment', target: M.equipment },
    ],
  },
  {
    '@context': ctx, '@id': M.thermostat, '@type': 'Interface', displayName: 'Thermostat',
    contents: [
      { '@type': 'Property', name: 'setpoint', schema: 'double', writable: true },
      {
        '@type': 'Property', name: 'mode', writable: true,
        schema: {
          '@type': 'Enum', valueSchema: 'string',
          enumValues: [
            { name: 'heat', enumValue: 'heat' },
            { name: 'cool', enumValue: 'cool' },
            { name: 'off', enumValue: 'off' },
          ],
        },
      },
      { '@type': 'Telemetry', name: 'temperature', schema: 'double' },
    ],
  },
  {
    '@context': ctx, '@id': M.room, '@type': 'Interface', displayName: 'Room', extends: M.space,
    contents: [
      { '@type': 'Property', name: 'occupancy', schema: 'integer', writable: true },
      {
        '@type': 'Property', name: 'roomType', writable: true,
        schema: {
          '@type': 'Enum', valueSchema: 'string',
          enumValues: [
            { name: 'office', enumValue: 'office' },
            { name: 'meeting', enumValue: 'meeting' },
            { name: 'kitchen', enumValue: 'kitchen' },
          ],
        },
      },
      { '@type': 'Component', name: 'thermostat', schema: M.thermostat },
      { '@type': 'Telemetry', name: 'occupancyChange', schema: 'integer' },
      {
        '@type': 'Relationship', name: 'servedBy', displayName: 'served by', target: M.hvac,
        properties: [{ '@type': 'Property', name: 'priority', schema: 'integer' }],
      },
      { '@type': 'Relationship', name: 'hasSensor', displayName: 'has sensor', target: M.sensor },
    ],
  },
  {
    '@context': ctx, '@id': M.equipment, '@type': 'Interface', displayName: 'Equipment',
    contents: [
      { '@type': 'Property', name: 'manufacturer', schema: 'string', writable: true },
      { '@type': 'Property', name: 'serialNumber', schema: 'string', writable: true },
    ],
  },
  {
    '@context': ctx, '@id': M.hvac, '@type': 'Interface', displayName: 'HVAC unit', extends: M.equipment,
    contents: [
      { '@type': 'Property', name: 'status', schema: 'string', writable: true },
      { '@type': 'Property', name: 'powerKw', schema: 'double', writable: true },
      { '@type': 'Telemetry', name: 'airflow', schema: 'double' },
    ],
  },
  {
    '@context': ctx, '@id': M.sensor, '@type': 'Interface', displayName: 'Sensor', extends: M.equipment,
    contents: [
      { '@type': 'Property', name: 'sensorType', schema: 'string', writable: true },
      { '@type': 'Property', name: 'lastValue', schema: 'double', writable: true },
      { '@type': 'Property', name: 'unit', schema: 'string', writable: true },
      { '@type': 'Telemetry', name: 'value', schema: 'double' },
    ],
  },
];

export interface SampleTwin { $dtId: string; $metadata: { $model: string }; [key: string]: unknown }
export interface SampleRelationship {
  $sourceId: string; $relationshipId: string; $relationshipName: string; $targetId: string; [key: string]: unknown;
}

const FLOORS = 3;
const ROOMS_PER_FLOOR = 2;
const ROOM_TYPES = ['office', 'meeting', 'kitchen'] as const;

function buildGraph(): { twins: SampleTwin[]; relationships: SampleRelationship[] } {
  const twins: SampleTwin[] = [];
  const relationships: SampleRelationship[] = [];
  const rel = (source: string, name: string, target: string, props: Record<string, unknown> = {}) =>
    relationships.push({ $sourceId: source, $relationshipId: `${source}-${name}-${target}`, $relationshipName: name, $targetId: target, ...props });

  twins.push({
    $dtId: 'building-1', $metadata: { $model: M.building },
    name: 'Harbour House', area: 5400, address: '1 Quay Street', yearBuilt: 1998,
  });
  for (let f = 1; f <= FLOORS; f++) {
    const floor = `floor-${f}`;
    twins.push({ $dtId: floor, $metadata: { $model: M.floor }, name: `Floor ${f}`, level: f, area: 1800 });
    rel('building-1', 'hasFloor', floor, { floorNumber: f });
    const hvac = `hvac-${f}`;
    twins.push({
      $dtId: hvac, $metadata: { $model: M.hvac },
      manufacturer: 'Aircore', serialNumber: `AC-${1000 + f}`, status: 'running', powerKw: 11.5 + f,
    });
    rel(floor, 'hasEquipment', hvac);
    for (let r = 1; r <= ROOMS_PER_FLOOR; r++) {
      const number = f * 100 + r;
      const room = `room-${number}`;
      twins.push({
        $dtId: room, $metadata: { $model: M.room },
        name: `Room ${number}`, area: 24 + r * 6, occupancy: (number * 7) % 9,
        roomType: ROOM_TYPES[(f + r) % ROOM_TYPES.length],
        thermostat: { $metadata: {}, setpoint: 20 + r, mode: r % 2 === 0 ? 'cool' : 'heat' },
      });
      rel(floor, 'hasRoom', room);
      rel(room, 'servedBy', hvac, { priority: r });
      const sensor = `sensor-${number}`;
      twins.push({
        $dtId: sensor, $metadata: { $model: M.sensor },
        manufacturer: 'Sensa', serialNumber: `TS-${number}`, sensorType: 'temperature', lastValue: 20.5 + r / 2, unit: 'Cel',
      });
      rel(room, 'hasSensor', sensor);
    }
  }
  return { twins, relationships };
}

const graph = buildGraph();
export const sampleTwins: SampleTwin[] = graph.twins;
export const sampleRelationships: SampleRelationship[] = graph.relationships;

/** The route that sends every event to the app's live stream. */
export const sampleRoute = { id: 'live-all', endpointName: 'live', filter: 'true' } as const;
