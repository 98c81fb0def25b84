/**
 * An in-memory QuerySource with a tiny model hierarchy, for the engine's tests and the latency benchmark.
 * Mutable, so tests can page while writing. Adjacency lists keep insertion order on purpose: the engine sorts them.
 */
import type { DigitalTwin, Relationship } from '../../shared/adt';
import type { QuerySource } from './index';
import { compareStrings, mergeAscending, SortedKeys } from './sorted-keys';

export interface TestModel { id: string; extends?: string[] }

function splitDtmi(id: string): { base: string; version: number | undefined } {
  const i = id.lastIndexOf(';');
  if (i < 0) return { base: id, version: undefined };
  const v = Number(id.slice(i + 1));
  return { base: id.slice(0, i), version: Number.isInteger(v) ? v : undefined };
}

/** IS_OF_MODEL rules (https://learn.microsoft.com/azure/digital-twins/reference-query-functions#is_of_model): same model with version >= the queried one, or extending such a model. */
export class TestModels {
  private readonly parents = new Map<string, string[]>();
  constructor(models: TestModel[]) {
    for (const m of models) this.parents.set(m.id, m.extends ?? []);
  }
  private ancestorsAndSelf(id: string): string[] {
    const out: string[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const m = stack.pop() as string;
      if (out.includes(m)) continue;
      out.push(m);
      stack.push(...(this.parents.get(m) ?? []));
    }
    return out;
  }
  isOfModel(twinModelId: string, queriedModelId: string, exact = false): boolean {
    if (exact) return twinModelId === queriedModelId;
    const q = splitDtmi(queriedModelId);
    return this.ancestorsAndSelf(twinModelId).some((m) => {
      const c = splitDtmi(m);
      if (c.base !== q.base) return false;
      if (q.version === undefined || c.version === undefined) return q.version === c.version;
      return c.version >= q.version;
    });
  }
  modelsAssignableTo(queriedModelId: string, exact = false): string[] {
    return [...this.parents.keys()].filter((id) => this.isOfModel(id, queriedModelId, exact));
  }
}

export interface MemorySource extends QuerySource {
  /** How many times each access path was used, so tests can assert that filters were pushed down. */
  calls: {
    allTwins: number; twinsOfModels: number; twinsInOrder: number; twinsOfModelsInOrder: number; getTwin: number;
    allRelationships: number; relationshipsInOrder: number; outgoing: number; incoming: number;
  };
  /** Writes, for paging under concurrent changes. */
  putTwin(twin: DigitalTwin): void;
  deleteTwin(id: string): void;
  putRelationship(r: Relationship): void;
  deleteRelationship(sourceId: string, relationshipId: string): void;
}

export function createMemorySource(input: { models: TestModel[]; twins: DigitalTwin[]; relationships: Relationship[] }): MemorySource {
  const twins = new Map<string, DigitalTwin>();
  const twinIds = new SortedKeys();
  const byModel = new Map<string, SortedKeys>();
  /** Insertion-ordered per source and target: the engine must not depend on the order of adjacency lists. */
  const out = new Map<string, Map<string, Relationship>>();
  const inc = new Map<string, Map<string, Relationship>>();
  const sources = new SortedKeys();
  const relKey = (sourceId: string, relationshipId: string) => `${sourceId}\u0000${relationshipId}`;

  const putTwin = (t: DigitalTwin) => {
    const previous = twins.get(t.$dtId);
    if (previous) byModel.get(previous.$metadata.$model)?.delete(t.$dtId);
    twins.set(t.$dtId, t);
    twinIds.add(t.$dtId);
    let ids = byModel.get(t.$metadata.$model);
    if (!ids) byModel.set(t.$metadata.$model, (ids = new SortedKeys()));
    ids.add(t.$dtId);
  };
  const deleteRelationship = (sourceId: string, relationshipId: string) => {
    const bySource = out.get(sourceId);
    const r = bySource?.get(relationshipId);
    if (!bySource || !r) return;
    bySource.delete(relationshipId);
    if (bySource.size === 0) { out.delete(sourceId); sources.delete(sourceId); }
    inc.get(r.$targetId)?.delete(relKey(sourceId, relationshipId));
  };
  const putRelationship = (r: Relationship) => {
    deleteRelationship(r.$sourceId, r.$relationshipId);
    let bySource = out.get(r.$sourceId);
    if (!bySource) { out.set(r.$sourceId, (bySource = new Map())); sources.add(r.$sourceId); }
    bySource.set(r.$relationshipId, r);
    let byTarget = inc.get(r.$targetId);
    if (!byTarget) inc.set(r.$targetId, (byTarget = new Map()));
    byTarget.set(relKey(r.$sourceId, r.$relationshipId), r);
  };
  const deleteTwin = (id: string) => {
    const t = twins.get(id);
    if (!t) return;
    for (const r of [...(out.get(id)?.values() ?? []), ...(inc.get(id)?.values() ?? [])]) deleteRelationship(r.$sourceId, r.$relationshipId);
    twins.delete(id);
    twinIds.delete(id);
    byModel.get(t.$metadata.$model)?.delete(id);
  };
  for (const t of input.twins) putTwin(t);
  for (const r of input.relationships) putRelationship(r);

  const calls = {
    allTwins: 0, twinsOfModels: 0, twinsInOrder: 0, twinsOfModelsInOrder: 0, getTwin: 0,
    allRelationships: 0, relationshipsInOrder: 0, outgoing: 0, incoming: 0,
  };
  const models = new TestModels(input.models);
  const lookup = function* (ids: Iterable<string>) {
    for (const id of ids) {
      const t = twins.get(id);
      if (t) yield t;
    }
  };
  return {
    calls,
    putTwin,
    deleteTwin,
    putRelationship,
    deleteRelationship,
    twinCount: () => twins.size,
    allTwins: () => { calls.allTwins++; return twins.values(); },
    twinsOfModels: function* (ids) {
      calls.twinsOfModels++;
      for (const id of ids) yield* lookup(byModel.get(id) ?? []);
    },
    twinsInOrder: (fromId) => { calls.twinsInOrder++; return lookup(twinIds.from(fromId)); },
    twinsOfModelsInOrder: (ids, fromId) => {
      calls.twinsOfModelsInOrder++;
      return lookup(mergeAscending(ids.map((m) => byModel.get(m)?.from(fromId) ?? [])));
    },
    getTwin: (id) => { calls.getTwin++; return twins.get(id); },
    allRelationships: function* () {
      calls.allRelationships++;
      for (const bySource of out.values()) yield* bySource.values();
    },
    relationshipsInOrder: function* (from) {
      calls.relationshipsInOrder++;
      for (const sourceId of sources.from(from?.sourceId)) {
        const rels = [...(out.get(sourceId)?.values() ?? [])].sort((a, b) => compareStrings(a.$relationshipId, b.$relationshipId));
        for (const r of rels) {
          if (from && sourceId === from.sourceId && r.$relationshipId < from.relationshipId) continue;
          yield r;
        }
      }
    },
    outgoing: (id) => { calls.outgoing++; return out.get(id)?.values() ?? []; },
    incoming: (id) => { calls.incoming++; return inc.get(id)?.values() ?? []; },
    models: {
      isOfModel: (m, q, exact) => models.isOfModel(m, q, exact),
      modelsAssignableTo: (q, exact) => models.modelsAssignableTo(q, exact),
    },
  };
}

export const M = {
  space: 'dtmi:example:Space;1',
  building: 'dtmi:example:Building;1',
  floor: 'dtmi:example:Floor;1',
  room: 'dtmi:example:Room;1',
  room2: 'dtmi:example:Room;2',
  meetingRoom: 'dtmi:example:MeetingRoom;1',
  sensor: 'dtmi:example:Sensor;1',
  tempSensor: 'dtmi:example:TempSensor;1',
} as const;

export const TEST_MODELS: TestModel[] = [
  { id: M.space },
  { id: M.building, extends: [M.space] },
  { id: M.floor, extends: [M.space] },
  { id: M.room, extends: [M.space] },
  { id: M.room2, extends: [M.space] },
  { id: M.meetingRoom, extends: [M.room] },
  { id: M.sensor },
  { id: M.tempSensor, extends: [M.sensor] },
];

export function twin(id: string, model: string, props: Record<string, unknown> = {}): DigitalTwin {
  return { $dtId: id, $etag: `W/"etag-${id}"`, ...props, $metadata: { $model: model, $lastUpdateTime: '2024-01-01T00:00:00.0000000Z' } };
}

export function rel(source: string, name: string, target: string, props: Record<string, unknown> = {}, id = `${source}-${name}-${target}`): Relationship {
  return { $relationshipId: id, $etag: `W/"etag-${id}"`, $sourceId: source, $relationshipName: name, $targetId: target, ...props };
}

/**
 * A small building: bldg1 contains floor1/floor2; rooms on the floors; sensors in two rooms; floors adjacent to each
 * other both ways (a cycle); property values chosen to exercise types, missing values and escapes.
 */
export function buildingGraph(): MemorySource {
  return createMemorySource({
    models: TEST_MODELS,
    twins: [
      twin('bldg1', M.building, { name: 'HQ', address: { city: 'Paris', zip: '75001' }, tags: ['main', 'office'], floorsCount: 2 }),
      twin('floor1', M.floor, { name: 'Floor 1', level: 1 }),
      twin('floor2', M.floor, { name: 'Floor 2', level: 2 }),
      twin('room101', M.room, { name: 'Room 101', temperature: 21.5, occupied: true, area: 20 }),
      twin('room102', M.room2, { name: 'Room 102', temperature: 25, occupied: false, area: 35, notes: null }),
      twin('room201', M.meetingRoom, { name: "D'Souza Hall", temperature: 19, capacity: 12, tags: ['video', 'whiteboard'] }),
      twin('room202', M.room, { name: 'Room 202', temperature: '22' }),
      twin('room203', M.room, { name: 'Room 203' }),
      twin('sensor1', M.tempSensor, { value: 21.5 }),
      twin('sensor2', M.sensor, { value: 'n/a' }),
    ],
    relationships: [
      rel('bldg1', 'contains', 'floor1', { since: 2020 }),
      rel('bldg1', 'contains', 'floor2', { since: 2021 }),
      rel('floor1', 'contains', 'room101'),
      rel('floor1', 'contains', 'room102'),
      rel('floor2', 'contains', 'room201'),
      rel('floor2', 'contains', 'room202'),
      rel('floor2', 'contains', 'room203'),
      rel('room101', 'hasSensor', 'sensor1'),
      rel('room201', 'hasSensor', 'sensor2'),
      rel('floor1', 'adjacentTo', 'floor2'),
      rel('floor2', 'adjacentTo', 'floor1'),
      rel('room101', 'adjacentTo', 'room102', { distance: 5 }),
    ],
  });
}

/**
 * A large building estate for benchmarks: per building 10 floors × 20 rooms × 4 sensors (1,011 twins), as many
 * buildings as needed to reach `totalTwins`. Room temperatures cycle through 18..26.
 */
export function buildLargeGraph(totalTwins: number): MemorySource {
  const twins: DigitalTwin[] = [];
  const relationships: Relationship[] = [];
  const buildings = Math.max(1, Math.ceil(totalTwins / 1011));
  let roomNo = 0;
  for (let b = 0; b < buildings; b++) {
    const bId = `b${b}`;
    twins.push(twin(bId, M.building, { name: `Building ${b}` }));
    for (let f = 0; f < 10; f++) {
      const fId = `${bId}-f${f}`;
      twins.push(twin(fId, M.floor, { name: `Floor ${f}`, level: f }));
      relationships.push(rel(bId, 'contains', fId));
      for (let r = 0; r < 20; r++) {
        const rId = `${fId}-r${r}`;
        roomNo++;
        twins.push(twin(rId, roomNo % 7 === 0 ? M.meetingRoom : M.room, { name: `Room ${b}-${f}-${r}`, temperature: 18 + (roomNo % 9), area: 10 + (roomNo % 40) }));
        relationships.push(rel(fId, 'contains', rId));
        for (let s = 0; s < 4; s++) {
          const sId = `${rId}-s${s}`;
          twins.push(twin(sId, M.tempSensor, { value: (roomNo + s) % 30 }));
          relationships.push(rel(rId, 'hasSensor', sId));
        }
      }
    }
  }
  return createMemorySource({ models: TEST_MODELS, twins, relationships });
}
