import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { executeQuery } from './index';
import { createMemorySource, rel, twin, type TestModel } from './test-source';

/**
 * The worked examples of the ADT query reference pages (reference-query-clause-{select,from,join,match,where},
 * reference-query-functions, -operators, -reserved) and of how-to-query-graph, verbatim from their snippet files
 * (Azure-Samples/digital-twins-docs-code queries/reference.sql and queries/examples.sql; the tag of each snippet is
 * in the test name), run over one fixture graph built so that each example has something to find and something
 * to leave out. Where the docs state the result (the SELECT page's FactoryA/Contoso payloads, the MATCH page's
 * hop counts), the test checks exactly that. A few snippets do not parse as printed (typos in the docs); those
 * are checked to fail with SqlQueryError at the position of the typo.
 */

const MODEL = {
  factory: 'dtmi:contosocom:DigitalTwins:Factory;1',
  consumer: 'dtmi:com:contoso:Consumer;1',
  space: 'dtmi:example:Space;1',
  building: 'dtmi:example:Building;1',
  floor: 'dtmi:example:Floor;1',
  room: 'dtmi:sample:Room;1',
  exampleRoom: 'dtmi:example:room;1',
  sensor: 'dtmi:example:Sensor;1',
  lightPanel: 'dtmi:contoso:com:lightpanel;1',
  lightBulb: 'dtmi:contoso:com:lightbulb;1',
  thing: 'dtmi:example:thing;1',
  thing2: 'dtmi:example:thing;2',
  specialThing: 'dtmi:example:specialThing;1',
  person: 'dtmi:example:Person;1',
  contosoRoom: 'dtmi:contoso:com:DigitalTwins:Room;1',
} as const;

const MODELS: TestModel[] = [
  { id: MODEL.factory }, { id: MODEL.consumer }, { id: MODEL.space },
  { id: MODEL.building, extends: [MODEL.space] }, { id: MODEL.floor, extends: [MODEL.space] },
  { id: MODEL.room }, { id: MODEL.exampleRoom }, { id: MODEL.sensor }, { id: MODEL.lightPanel }, { id: MODEL.lightBulb },
  { id: MODEL.thing }, { id: MODEL.thing2 }, { id: MODEL.specialThing, extends: [MODEL.thing] }, { id: MODEL.person },
  { id: MODEL.contosoRoom },
];

function fixture() {
  return createMemorySource({
    models: MODELS,
    twins: [
      // SELECT page: "A Factory twin called FactoryA ... A Consumer twin called Contoso".
      twin('FactoryA', MODEL.factory, { name: 'FactoryA' }),
      twin('Contoso', MODEL.consumer, { name: 'Contoso' }),
      // "a set of twins that represent people. Some of the twins have ages".
      twin('john', MODEL.person, { name: 'John', age: 27 }),
      twin('keanu', MODEL.person, { name: 'Keanu' }),
      // ABC: the factory of the JOIN, MATCH-direction, projection and IS_PRIMITIVE examples.
      twin('ABC', MODEL.factory, { area: 120 }),
      twin('abc-hot-room', MODEL.room, { temperature: 60, humidity: 75 }),
      twin('abc-cool-room', MODEL.room, { temperature: 20, humidity: 40 }),
      twin('abc-feeder-room', MODEL.room, { temperature: 70 }),
      twin('abc-cold-feeder', MODEL.room, { temperature: 10 }),
      twin('svc-clean', MODEL.sensor, {}),
      twin('svc-dirty', MODEL.sensor, {}),
      twin('abc-customer', MODEL.consumer, { name: 'Fabrikam' }),
      // MATCH: Building21 with sensors, Seattle21, a thermostat-15 chain, building-3.
      twin('Building21', MODEL.building, {}),
      twin('sensor-hot', MODEL.sensor, { temperature: 55 }),
      twin('sensor-cold', MODEL.sensor, { temperature: 40 }),
      twin('Seattle21', MODEL.building, {}),
      twin('seattle-sensor', MODEL.sensor, {}),
      twin('seattle-assoc', MODEL.sensor, {}),
      twin('thermostat-15', MODEL.floor, {}),
      twin('hop1', MODEL.room, {}), twin('hop2', MODEL.room, {}), twin('hop3', MODEL.room, {}),
      twin('hop4', MODEL.room, {}), twin('hop5', MODEL.room, {}),
      twin('building-3', MODEL.building, {}),
      twin('floor-3', MODEL.floor, {}),
      twin('warm-room-3', MODEL.room, { temperature: 51 }),
      twin('cool-room-3', MODEL.room, { temperature: 50 }),
      // JOIN: rooms with light panels and bulbs, Building1 five levels deep, Building2 without floors.
      twin('room1', MODEL.room, { Capacity: 30 }),
      twin('room2', MODEL.room, { Capacity: 10 }),
      twin('room3', MODEL.room, { Capacity: 0 }),
      twin('panel1', MODEL.lightPanel, {}), twin('panel2', MODEL.lightPanel, {}), twin('panel3', MODEL.lightPanel, {}),
      twin('bulb1a', MODEL.lightBulb, {}), twin('bulb1b', MODEL.lightBulb, {}), twin('bulb2a', MODEL.lightBulb, {}),
      twin('bulb3a', MODEL.lightBulb, {}), twin('not-a-bulb', MODEL.sensor, {}),
      twin('Building1', MODEL.building, {}), twin('b1-floor', MODEL.floor, {}), twin('b1-room', MODEL.exampleRoom, {}),
      twin('b1-panel', MODEL.lightPanel, {}), twin('b1-row', MODEL.lightPanel, {}), twin('b1-bulb', MODEL.lightBulb, {}),
      twin('Building2', MODEL.building, {}),
      twin('source-twin', MODEL.thing, {}), twin('target-twin', MODEL.thing2, {}), twin('special', MODEL.specialThing, {}),
      twin('Room1', MODEL.exampleRoom, {}),
      twin('floor11', MODEL.floor, {}), twin('id1', MODEL.sensor, {}),
      twin('floor11-room', MODEL.contosoRoom, {}), twin('floor11-closet', MODEL.room, {}),
      // WHERE and functions.
      twin('tower', MODEL.building, { floor_number: [1, 2, 3] }),
      twin('annex', MODEL.building, { floor_number: [1] }),
      twin('east-route', MODEL.sensor, {}), twin('west-small', MODEL.sensor, {}),
      twin('located', MODEL.sensor, { Location: { lat: 1, lon: 2 } }),
      twin('flagged', MODEL.sensor, { HasTemperature: true }), twin('unflagged', MODEL.sensor, { HasTemperature: false }),
      twin('text-flag', MODEL.sensor, { HasTemperature: 'yes' }),
      twin('job-running', MODEL.sensor, { Status: 'Running' }), twin('job-done', MODEL.sensor, { Status: 'Completed' }),
      twin('job-coded', MODEL.sensor, { Status: 3 }),
      twin('map-with', MODEL.sensor, { MapObject: { TemperatureReading: 20 } }), twin('map-without', MODEL.sensor, { MapObject: { Pressure: 1 } }),
      twin('map-scalar', MODEL.sensor, { MapObject: 5 }),
      twin('area1-a', MODEL.sensor, {}), twin('area10-b', MODEL.sensor, {}),
      twin('t70', MODEL.sensor, { Temperature: 70, Humidity: 40, owner: 'Anil', firmwareVersion: '1.1' }),
      twin('t80', MODEL.sensor, { Temperature: 80, Humidity: 60, owner: 'Zoe' }),
      twin('t90', MODEL.sensor, { Temperature: 90, Humidity: 30, owner: 'Alex' }),
      twin('t-null', MODEL.sensor, { Temperature: null }),
      twin('123', MODEL.sensor, { Temperature: 70, firmwareVersion: '1.1' }),
      twin('456', MODEL.sensor, { Temperature: 70, firmwareVersion: '1.0' }),
      twin('bravo', MODEL.person, { Group: 'BravoTeam' }), twin('alpha', MODEL.person, { Group: 'AlphaTeam' }),
      twin('dsouza', MODEL.person, { Name: "D'Souza" }),
      twin('tag-red-round', MODEL.sensor, { tags: { red: true, round: true, size: 'small' } }),
      twin('tag-round', MODEL.sensor, { tags: { round: true, size: 'small' } }),
      twin('tag-large', MODEL.sensor, { tags: { size: 'large' } }),
    ],
    relationships: [
      rel('FactoryA', 'consumerRelationship', 'Contoso', { managedBy: 'Jeff' }, 'FactoryA-consumerRelationship-Contoso'),
      rel('ABC', 'contains', 'abc-hot-room'),
      rel('ABC', 'contains', 'abc-cool-room'),
      rel('abc-feeder-room', 'feeds', 'ABC'),
      rel('abc-cold-feeder', 'feeds', 'ABC'),
      rel('ABC', 'servicedBy', 'svc-clean', { reportedCondition: 'clean' }),
      rel('ABC', 'servicedBy', 'svc-dirty', { reportedCondition: 'dirty' }),
      rel('ABC', 'customer', 'abc-customer', { prop1: 'weekly', prop2: 3 }),
      rel('Building21', 'contains', 'sensor-hot'),
      rel('Building21', 'contains', 'sensor-cold'),
      rel('Seattle21', 'contains', 'seattle-sensor'),
      rel('seattle-assoc', 'isAssociatedWith', 'Seattle21'),
      rel('thermostat-15', 'contains', 'hop1', { length: 10 }),
      rel('hop1', 'contains', 'hop2'),
      rel('hop2', 'isAssociatedWith', 'hop3'),
      rel('hop3', 'contains', 'hop4'),
      rel('hop4', 'contains', 'hop5'),
      rel('building-3', 'isAssociatedWith', 'floor-3'),
      rel('warm-room-3', 'isAssociatedWith', 'floor-3'),
      rel('cool-room-3', 'isAssociatedWith', 'floor-3'),
      rel('room1', 'contains', 'panel1'), rel('room2', 'contains', 'panel2'), rel('room3', 'contains', 'panel3'),
      rel('panel1', 'contains', 'bulb1a'), rel('panel1', 'contains', 'bulb1b'), rel('panel1', 'contains', 'not-a-bulb'),
      rel('panel2', 'contains', 'bulb2a'), rel('panel3', 'contains', 'bulb3a'),
      rel('Building1', 'contains', 'b1-floor'), rel('b1-floor', 'contains', 'b1-room'), rel('b1-room', 'contains', 'b1-panel'),
      rel('b1-panel', 'contains', 'b1-row'), rel('b1-row', 'contains', 'b1-bulb'),
      rel('source-twin', 'feeds', 'target-twin'),
      rel('special', 'feeds', 'target-twin'),
      rel('floor11', 'Contains', 'floor11-room'), rel('floor11', 'Contains', 'floor11-closet'),
      rel('floor11-room', 'Contains', 'id1'),
    ],
  });
}

const source = fixture();
const run = (query: string) => executeQuery({ query }, source, { pageSize: 1000 }).value;
const ids = (query: string) => (run(query) as { $dtId: string }[]).map((t) => t.$dtId).sort();
/** Each row's projected collections reduced to their ids. */
const idRows = (query: string) => (run(query) as Record<string, { $dtId?: string; $relationshipId?: string }>[])
  .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.$dtId ?? v.$relationshipId])));

function sqlError(query: string): ApiError {
  try {
    run(query);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`expected ${query} to fail`);
}

describe('reference-query-clause-select', () => {
  it('SelectExample: SELECT * returns every twin document', () => {
    const all = run('SELECT *\nFROM DIGITALTWINS') as { $dtId: string; $metadata: object }[];
    expect(all).toHaveLength(source.twinCount());
    expect(all.every((t) => typeof t.$dtId === 'string' && typeof t.$metadata === 'object')).toBe(true);
  });

  it('SelectProjectCollectionExample: SELECT T returns {"T": twin} rows', () => {
    const rows = run('SELECT T\nFROM DIGITALTWINS T') as { T: { $dtId: string } }[];
    expect(rows).toHaveLength(source.twinCount());
    expect(rows.find((r) => r.T.$dtId === 'FactoryA')).toEqual({ T: expect.objectContaining({ $dtId: 'FactoryA', name: 'FactoryA' }) });
  });

  it('SelectProjectJoinExample: Consumer, Factory and Relationship, as in the documented payload', () => {
    const rows = run("SELECT Consumer, Factory, Relationship\nFROM DIGITALTWINS Factory\nJOIN Consumer RELATED Factory.consumerRelationship Relationship\nWHERE Factory.$dtId = 'FactoryA'");
    expect(rows).toEqual([{
      Consumer: expect.objectContaining({ $dtId: 'Contoso', name: 'Contoso', $metadata: expect.objectContaining({ $model: MODEL.consumer }) }),
      Factory: expect.objectContaining({ $dtId: 'FactoryA', name: 'FactoryA' }),
      Relationship: expect.objectContaining({
        $relationshipId: 'FactoryA-consumerRelationship-Contoso', $relationshipName: 'consumerRelationship',
        $sourceId: 'FactoryA', $targetId: 'Contoso', managedBy: 'Jeff', $etag: expect.any(String),
      }),
    }]);
  });

  it('SelectProjectPropertyExample: {"managedBy": "Jeff", "name": "Contoso"}', () => {
    expect(run("SELECT Consumer.name, Relationship.managedBy\nFROM DIGITALTWINS Factory\nJOIN Consumer RELATED Factory.consumerRelationship Relationship\nWHERE Factory.$dtId = 'FactoryA'"))
      .toEqual([{ name: 'Contoso', managedBy: 'Jeff' }]);
  });

  it('SelectProjectPropertyNotPresentExample: a missing property is left out of the row', () => {
    const rows = run('SELECT name, age \nFROM DIGITALTWINS') as Record<string, unknown>[];
    expect(rows).toContainEqual({ name: 'John', age: 27 });
    expect(rows).toContainEqual({ name: 'Keanu' });
    expect(rows.filter((r) => 'age' in r)).toEqual([{ name: 'John', age: 27 }]);
    expect(rows).toContainEqual({});
  });

  it('SelectCountExample, SelectCountRelationshipsExample', () => {
    expect(run('SELECT COUNT()\nFROM DIGITALTWINS')).toEqual([{ COUNT: source.twinCount() }]);
    expect(run('SELECT COUNT()\nFROM RELATIONSHIPS')).toEqual([{ COUNT: [...source.relationshipsInOrder()].length }]);
  });

  it('SelectTopExample: only the first five twins', () => {
    expect(run('SELECT TOP(5)\nFROM DIGITALTWINS')).toHaveLength(5);
  });
});

describe('reference-query-clause-from', () => {
  it('FromDigitalTwinsExample, FromDigitalTwinsNamedExample, FromRelationshipsExample', () => {
    expect(run('SELECT *\nFROM DIGITALTWINS')).toHaveLength(source.twinCount());
    expect(run('SELECT *\nFROM DIGITALTWINS T')).toHaveLength(source.twinCount());
    expect(run('SELECT *\nFROM RELATIONSHIPS')).toHaveLength([...source.relationshipsInOrder()].length);
  });

  it('FromRelationshipsFilteredExample: relationships whose source is one of A..D', () => {
    const many = (run("SELECT *\nFROM RELATIONSHIPS\nWHERE $sourceId IN  ['ABC', 'Building21', 'C', 'D']") as { $sourceId: string }[]);
    expect(many.map((r) => r.$sourceId).sort()).toEqual(['ABC', 'ABC', 'ABC', 'ABC', 'ABC', 'Building21', 'Building21']);
    expect(run("SELECT *\nFROM RELATIONSHIPS\nWHERE $sourceId IN  ['A', 'B', 'C', 'D']")).toEqual([]);
  });

  it('FromNegativeExample: no subqueries', () => {
    const e = sqlError('SELECT * \nFROM (SELECT * FROM DIGITALTWINS T WHERE ...)');
    expect([e.status, e.code]).toEqual([400, 'SqlQueryError']);
    expect(e.message).toContain('Line=2, Position=5');
  });
});

describe('reference-query-clause-join', () => {
  it('JoinExample (= QueryByRelationship1): twins contained by ABC', () => {
    expect(idRows("SELECT T, CT\nFROM DIGITALTWINS T\nJOIN CT RELATED T.contains\nWHERE T.$dtId = 'ABC'")).toEqual([
      { T: 'ABC', CT: 'abc-cool-room' }, { T: 'ABC', CT: 'abc-hot-room' }]);
  });

  it('MultiJoinExample: the LightBulbs in the LightPanels of room1 and room2', () => {
    expect(idRows("SELECT LightBulb\nFROM DIGITALTWINS Room\nJOIN LightPanel RELATED Room.contains\nJOIN LightBulb RELATED LightPanel.contains\nWHERE Room.$dtId IN ['room1', 'room2']"))
      .toEqual([{ LightBulb: 'bulb1a' }, { LightBulb: 'bulb1b' }, { LightBulb: 'not-a-bulb' }, { LightBulb: 'bulb2a' }]);
  });

  it('MaxJoinExample: five JOINs down to the LightBulbs of Building1', () => {
    expect(idRows("SELECT LightBulb\nFROM DIGITALTWINS Building\nJOIN Floor RELATED Building.contains\nJOIN Room RELATED Floor.contains\nJOIN LightPanel RELATED Room.contains\nJOIN LightBulbRow RELATED LightPanel.contains\nJOIN LightBulb RELATED LightBulbRow.contains\nWHERE Building.$dtId = 'Building1'"))
      .toEqual([{ LightBulb: 'b1-bulb' }]);
  });

  it('NoOuterJoinExample: a building without floors gives no row at all', () => {
    const q = (b: string) => `SELECT Building, Floor\nFROM DIGITALTWINS Building\nJOIN Floor RELATED Building.contains\nWHERE Building.$dtId = '${b}'`;
    expect(idRows(q('Building1'))).toEqual([{ Building: 'Building1', Floor: 'b1-floor' }]);
    expect(run(q('Building2'))).toEqual([]);
  });
});

describe('reference-query-clause-match', () => {
  it('MatchExample: sensors targeted by Building21 with a temperature above 50', () => {
    expect(idRows("SELECT Building, Sensor FROM DIGITALTWINS \nMATCH (Building)-[]->(Sensor) \nWHERE Building.$dtId = 'Building21' AND Sensor.temperature > 50   "))
      .toEqual([{ Building: 'Building21', Sensor: 'sensor-hot' }]);
  });

  it('MatchDirectionLRExample, MatchDirectionRLExample, MatchDirectionNDExample', () => {
    expect(idRows("SELECT Room, Factory FROM DIGITALTWINS MATCH (Room)-[]->(Factory) \nWHERE Room.temperature > 50 AND Factory.$dtId = 'ABC'  "))
      .toEqual([{ Room: 'abc-feeder-room', Factory: 'ABC' }]);
    expect(idRows("SELECT Room, Factory FROM DIGITALTWINS MATCH (Room)<-[]-(Factory) \nWHERE Factory.$dtId = 'ABC' AND Room.temperature > 50 "))
      .toEqual([{ Room: 'abc-hot-room', Factory: 'ABC' }]);
    // Either direction: abc-hot-room (ABC contains it) has humidity 75; the feeders have none.
    expect(idRows("SELECT Factory, Room FROM DIGITALTWINS MATCH (Factory)-[]-(Room) \nWHERE Factory.$dtId ='ABC'  AND Room.humidity > 70 "))
      .toEqual([{ Factory: 'ABC', Room: 'abc-hot-room' }]);
  });

  it('MatchNameSingleExample: contains, in either direction', () => {
    expect(idRows("SELECT Building, Sensor FROM DIGITALTWINS   \nMATCH (Building)-[:contains]-(Sensor)  \nWHERE Building.$dtId = 'Seattle21'"))
      .toEqual([{ Building: 'Seattle21', Sensor: 'seattle-sensor' }]);
  });

  it('MatchNameMultiExample as printed names `building` for `Building`: aliases are case-sensitive; corrected, both names match', () => {
    const e = sqlError("SELECT Building, Sensor FROM DIGITALTWINS   \nMATCH (Building)-[:contains|isAssociatedWith]-(Sensor)  \nWHERE building.$dtId = 'Seattle21'");
    expect(e.message).toContain("Unknown alias 'building'");
    expect(idRows("SELECT Building, Sensor FROM DIGITALTWINS   \nMATCH (Building)-[:contains|isAssociatedWith]-(Sensor)  \nWHERE Building.$dtId = 'Seattle21'"))
      .toEqual([{ Building: 'Seattle21', Sensor: 'seattle-assoc' }, { Building: 'Seattle21', Sensor: 'seattle-sensor' }]);
  });

  it('MatchNameAllExample as printed lacks a `)`; corrected, any relationship name matches', () => {
    const e = sqlError("SELECT Building, Sensor FROM DIGITALTWINS   \nMATCH (Building-[]-(Sensor)  \nWHERE Building.$dtId = 'Seattle21'");
    expect([e.code, e.message]).toEqual(['SqlQueryError', expect.stringContaining('Line=2, Position=15')]);
    expect(idRows("SELECT Building, Sensor FROM DIGITALTWINS MATCH (Building)-[]-(Sensor) WHERE Building.$dtId = 'Seattle21'")).toHaveLength(2);
  });

  it('MatchHops*Example: *3 is exactly 3 hops, *1..3 is 2 or 3, *..2 is 1 or 2, [] is 1 (SELECT * returns every named collection)', () => {
    const rooms = (hops: string) => (run(`SELECT * FROM DIGITALTWINS \nMATCH (Floor)-[${hops}]-(Room)\nWHERE Floor.$dtId = 'thermostat-15'`) as { Floor: { $dtId: string }; Room: { $dtId: string } }[])
      .map((r) => `${r.Floor.$dtId}>${r.Room.$dtId}`);
    expect(rooms('*3')).toEqual(['thermostat-15>hop3']);
    expect(rooms('*1..3')).toEqual(['thermostat-15>hop2', 'thermostat-15>hop3']);
    expect(rooms('*..2')).toEqual(['thermostat-15>hop1', 'thermostat-15>hop2']);
    expect(rooms('')).toEqual(['thermostat-15>hop1']);
  });

  it('MatchVariableExample as printed lacks FROM', () => {
    const e = sqlError("SELECT Floor,Cafe, Rel DIGITALTWINS   \nMATCH (Floor)-[Rel]-(Cafe)  \nWHERE Floor.$dtId = 'thermostat-15' AND Rel.name = 'child'");
    expect(e.message).toContain("Line=1, Position=23, Message=missing FROM at 'DIGITALTWINS'");
  });

  it('MatchCombinedHopsExample: contains|isAssociatedWith, left to right, 4 or 5 hops', () => {
    expect(idRows("SELECT Floor, Room FROM DIGITALTWINS    \nMATCH (Floor)-[:contains|isAssociatedWith*3..5]->(Room) \nWHERE Floor.$dtId = 'thermostat-15'"))
      .toEqual([{ Floor: 'thermostat-15', Room: 'hop4' }, { Floor: 'thermostat-15', Room: 'hop5' }]);
  });

  it('MatchCombinedVariableExample: a relationship variable filtered on its length', () => {
    expect(idRows("SELECT Floor, Room FROM DIGITALTWINS    \nMATCH (Floor)-[r:contains|isAssociatedWith]->(Room) \nWHERE Floor.$dtId = 'thermostat-15' AND r.length = 10"))
      .toEqual([{ Floor: 'thermostat-15', Room: 'hop1' }]);
  });

  it('MatchCombinedChainExample as printed writes [has|includes*..3] without the colon', () => {
    const e = sqlError("SELECT Floor,Room, Cafe FROM DIGITALTWINS    \nMATCH (Floor)-[r:contains|isAssociatedWith]->(Cafe)<-[has|includes*..3]-(Room)  \nWHERE Floor.$dtId = 'thermostat-15'  AND r.length = 10 AND Cafe.temperature = 55 ");
    expect(e.message).toContain('Line=2, Position=57');
  });

  it('MatchCombinedChainBDExample: Building → Floor ← Room, both isAssociatedWith, Room warmer than 50', () => {
    expect(idRows("SELECT Floor, Room, Building FROM DIGITALTWINS    \nMATCH (Building)-[r1:isAssociatedWith]->(Floor)<-[r2:isAssociatedWith]-(Room)\nWHERE Building.$dtId = 'building-3'  AND Room.temperature > 50"))
      .toEqual([{ Floor: 'floor-3', Room: 'warm-room-3', Building: 'building-3' }]);
  });
});

describe('reference-query-clause-where', () => {
  it('WhereExample, WhereFunctionExample', () => {
    expect(ids("SELECT *\nFROM DIGITALTWINS T\nWHERE T.$dtId = 'Room1'")).toEqual(['Room1']);
    expect(ids("SELECT *\nFROM DIGITALTWINS\nWHERE IS_OF_MODEL('dtmi:sample:Room;1')")).toEqual([
      'abc-cold-feeder', 'abc-cool-room', 'abc-feeder-room', 'abc-hot-room', 'cool-room-3', 'floor11-closet', 'hop1', 'hop2', 'hop3', 'hop4', 'hop5', 'room1', 'room2', 'room3', 'warm-room-3']);
  });
});

describe('reference-query-functions', () => {
  it('Array_ContainsExample', () => {
    expect(run('SELECT T.name \nFROM DIGITALTWINS T \nWHERE ARRAY_CONTAINS (T.floor_number, 2) ')).toEqual([{}]);
    expect(ids('SELECT * FROM DIGITALTWINS T WHERE ARRAY_CONTAINS (T.floor_number, 2)')).toEqual(['tower']);
  });

  it('ContainsExample, EndsWithExample, StartsWithExample', () => {
    expect(ids("SELECT *\nFROM DIGITALTWINS T\nWHERE CONTAINS(T.$dtId, '-route')")).toEqual(['east-route']);
    expect(ids("SELECT *\nFROM DIGITALTWINS T\nWHERE ENDSWITH(T.$dtId, '-small')")).toEqual(['west-small']);
    expect(ids("SELECT *\nFROM DIGITALTWINS T\nWHERE STARTSWITH(T.$dtId, 'area1-')")).toEqual(['area1-a']);
  });

  it('IsDefinedExample (= QueryByProperty2)', () => {
    expect(ids('SELECT *\nFROM DIGITALTWINS\nWHERE IS_DEFINED(Location)')).toEqual(['located']);
  });

  it('IsOfModelExample as printed projects ROOM, which is not an alias; with DT it keeps only the exact model', () => {
    expect(sqlError("SELECT ROOM FROM DIGITALTWINS DT WHERE IS_OF_MODEL(DT, 'dtmi:example:room;1', exact)").message).toContain("'ROOM' is not an alias");
    expect(idRows("SELECT DT FROM DIGITALTWINS DT WHERE IS_OF_MODEL(DT, 'dtmi:example:room;1', exact)")).toEqual([{ DT: 'Room1' }, { DT: 'b1-room' }]);
  });

  it('IsBoolExample, IsBoolNotFalseExample: unqualified properties after an aliased FROM are refused (our documented choice); qualified, they work', () => {
    expect(sqlError('SELECT *\nFROM DIGITALTWINS T\nWHERE IS_BOOL( HasTemperature )').message).toContain("'HasTemperature' is not an alias");
    expect(ids('SELECT *\nFROM DIGITALTWINS T\nWHERE IS_BOOL( T.HasTemperature )')).toEqual(['flagged', 'unflagged']);
    expect(ids('SELECT *\nFROM DIGITALTWINS T\nWHERE IS_BOOL( T.HasTemperature ) AND T.HasTemperature != false')).toEqual(['flagged']);
  });

  it('IsNumberExample', () => {
    expect(ids('SELECT * \nFROM DIGITALTWINS \nWHERE IS_NUMBER( Capacity ) AND Capacity != 0')).toEqual(['room1', 'room2']);
  });

  it('IsStringExample as printed misspells DIGITALTWINS; corrected, it keeps strings other than Completed', () => {
    expect(sqlError("SELECT * \nFROM DIGITIALTWINS \nWHERE IS_STRING( Status ) AND Status != 'Completed'").message).toContain('Line=2, Position=5');
    expect(ids("SELECT * \nFROM DIGITALTWINS \nWHERE IS_STRING( Status ) AND Status != 'Completed'")).toEqual(['job-running']);
  });

  it('IsNullExample: NOT IS_NULL is true for defined non-null values and for missing ones', () => {
    const notNull = ids('SELECT *\nFROM DIGITALTWINS T\nWHERE NOT IS_NULL(T.Temperature)');
    expect(notNull).not.toContain('t-null');
    expect(notNull).toEqual(expect.arrayContaining(['t70', 't80', 't90', '123', '456']));
    expect(notNull).toHaveLength(source.twinCount() - 1);
  });

  it('IsPrimitiveExample', () => {
    expect(run("SELECT Factory.area\nFROM DIGITALTWINS Factory\nWHERE Factory.$dtId = 'ABC'\nAND IS_PRIMITIVE(Factory.area)")).toEqual([{ area: 120 }]);
  });

  it('IsObjectExample', () => {
    expect(ids('SELECT * \nFROM DIGITALTWINS \nWHERE IS_OBJECT( MapObject ) AND NOT IS_DEFINED ( MapObject.TemperatureReading )')).toEqual(['map-without']);
  });
});

describe('reference-query-operators and -reserved', () => {
  it('EqualityExample, ComparisonExample, OrderedComparisonExample, NotExample', () => {
    expect(ids('SELECT * \nFROM DIGITALTWINS DT\nWHERE DT.Temperature = 80')).toEqual(['t80']);
    expect(ids('SELECT * \nFROM DIGITALTWINS DT\nWHERE DT.Temperature < 80')).toEqual(['123', '456', 't70']);
    expect(ids('SELECT * \nFROM DIGITALTWINS DT\nWHERE NOT DT.Temperature <= 80')).toEqual(['t90']);
    expect(ids('SELECT * \nFROM DIGITALTWINS DT\nWHERE NOT DT.Temperature < 80')).toEqual(['t80', 't90']);
  });

  it('InExample', () => {
    expect(ids("SELECT * \nFROM DIGITALTWINS DT\nWHERE DT.owner IN ['John', 'Anil', 'Bailey', 'Alex']")).toEqual(['t70', 't90']);
  });

  it('AndExample, OrExample', () => {
    expect(ids('SELECT * \nFROM DIGITALTWINS DT\nWHERE DT.Temperature < 80 AND DT.Humidity < 50')).toEqual(['t70']);
    expect(ids('SELECT * \nFROM DIGITALTWINS DT\nWHERE DT.Temperature < 80 OR DT.Humidity < 50')).toEqual(['123', '456', 't70', 't90']);
  });

  it('ReservedKeywordExample', () => {
    expect(ids("SELECT * FROM DIGITALTWINS WHERE [[Group]] = 'BravoTeam'")).toEqual(['bravo']);
    expect(sqlError("SELECT * FROM DIGITALTWINS WHERE Group = 'BravoTeam'").code).toBe('SqlQueryError');
  });
});

describe('how-to-query-graph (queries/examples.sql)', () => {
  it('EscapedSingleQuote', () => {
    expect(ids("SELECT * FROM DIGITALTWINS WHERE Name = 'D\\'Souza'")).toEqual(['dsouza']);
  });

  it('QueryByProperty1, QueryByProperty3, TemperatureQuery', () => {
    expect(ids("SELECT  *\nFROM DIGITALTWINS T  \nWHERE T.firmwareVersion = '1.1'\nAND T.$dtId in ['123', '456']\nAND T.Temperature = 70")).toEqual(['123']);
    expect(ids('SELECT * FROM DIGITALTWINS T WHERE IS_NUMBER(T.Temperature)')).toEqual(['123', '456', 't70', 't80', 't90']);
    expect(ids('SELECT * FROM DIGITALTWINS T WHERE T.Temperature > 75')).toEqual(['t80', 't90']);
  });

  it('QueryMarkerTags1, QueryMarkerTags2, QueryMarkerValueTags', () => {
    expect(ids('SELECT * FROM DIGITALTWINS WHERE IS_DEFINED(tags.red)')).toEqual(['tag-red-round']);
    expect(ids('SELECT * FROM DIGITALTWINS WHERE NOT IS_DEFINED(tags.red) AND IS_DEFINED(tags.round)')).toEqual(['tag-round']);
    expect(ids("SELECT * FROM DIGITALTWINS WHERE NOT IS_DEFINED(tags.red) AND tags.size = 'small'")).toEqual(['tag-round']);
  });

  it('QueryByModel1..4: inheritance and later versions unless exact', () => {
    expect(ids("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:example:thing;1')")).toEqual(['source-twin', 'special', 'target-twin']);
    expect(ids("SELECT * FROM DIGITALTWINS DT WHERE IS_OF_MODEL(DT, 'dtmi:example:thing;1')")).toEqual(['source-twin', 'special', 'target-twin']);
    expect(ids("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:example:thing;1', exact)")).toEqual(['source-twin']);
    expect(ids("SELECT * FROM DIGITALTWINS DT WHERE IS_OF_MODEL(DT, 'dtmi:example:thing;1', exact)")).toEqual(['source-twin']);
  });

  it('QueryByRelationshipSource, QueryByRelationshipTarget', () => {
    expect(idRows("SELECT target \nFROM DIGITALTWINS source \nJOIN target RELATED source.feeds \nWHERE source.$dtId = 'source-twin'")).toEqual([{ target: 'target-twin' }]);
    expect(idRows("SELECT source \nFROM DIGITALTWINS source \nJOIN target RELATED source.feeds \nWHERE target.$dtId = 'target-twin'")).toEqual([{ source: 'source-twin' }, { source: 'special' }]);
  });

  it('QueryByRelationship2: filtered on a relationship property', () => {
    expect(idRows("SELECT T, SBT, R\nFROM DIGITALTWINS T\nJOIN SBT RELATED T.servicedBy R\nWHERE T.$dtId = 'ABC'\nAND R.reportedCondition = 'clean'"))
      .toEqual([{ T: 'ABC', SBT: 'svc-clean', R: 'ABC-servicedBy-svc-clean' }]);
  });

  it('QueryByRelationship3 as printed has a space in the bulb model id, so it finds nothing; SelectCount3 spells it right', () => {
    expect(run("SELECT LightBulb\nFROM DIGITALTWINS Room\nJOIN LightPanel RELATED Room.contains\nJOIN LightBulb RELATED LightPanel.contains\nWHERE IS_OF_MODEL(LightPanel, 'dtmi:contoso:com:lightpanel;1')\nAND IS_OF_MODEL(LightBulb, 'dtmi:contoso:com:lightbulb ;1')\nAND Room.$dtId IN ['room1', 'room2']")).toEqual([]);
    expect(run("SELECT COUNT()  \nFROM DIGITALTWINS Room  \nJOIN LightPanel RELATED Room.contains  \nJOIN LightBulb RELATED LightPanel.contains  \nWHERE IS_OF_MODEL(LightPanel, 'dtmi:contoso:com:lightpanel;1')  \nAND IS_OF_MODEL(LightBulb, 'dtmi:contoso:com:lightbulb;1')  \nAND Room.$dtId IN ['room1', 'room2']"))
      .toEqual([{ COUNT: 3 }]);
  });

  it('SelectCount1, SelectCount2', () => {
    expect(run('SELECT COUNT()\nFROM DIGITALTWINS')).toEqual([{ COUNT: source.twinCount() }]);
    expect(run("SELECT COUNT()\nFROM DIGITALTWINS\nWHERE IS_OF_MODEL('dtmi:sample:Room;1')")).toEqual([{ COUNT: 15 }]);
    expect(run("SELECT COUNT()\nFROM DIGITALTWINS c\nWHERE IS_OF_MODEL('dtmi:sample:Room;1') AND c.Capacity > 20")).toEqual([{ COUNT: 1 }]);
  });

  it('Projections1..5', () => {
    const from = "\nFROM DIGITALTWINS Factory\nJOIN Consumer RELATED Factory.customer Edge\nWHERE Factory.$dtId = 'ABC'";
    expect(idRows(`SELECT Consumer, Factory, Edge${from}`)).toEqual([{ Consumer: 'abc-customer', Factory: 'ABC', Edge: 'ABC-customer-abc-customer' }]);
    expect(run(`SELECT Consumer.name${from}`)).toEqual([{ name: 'Fabrikam' }]);
    expect(run(`SELECT Consumer.name, Edge.prop1, Edge.prop2, Factory.area${from}`)).toEqual([{ name: 'Fabrikam', prop1: 'weekly', prop2: 3, area: 120 }]);
    expect(run(`SELECT Consumer.name AS consumerName, Edge.prop1 AS first, Edge.prop2 AS second, Factory.area AS factoryArea${from}`))
      .toEqual([{ consumerName: 'Fabrikam', first: 'weekly', second: 3, factoryArea: 120 }]);
    const [row] = run(`SELECT Consumer.name AS consumerName, Factory${from}`) as { consumerName: string; Factory: { $dtId: string } }[];
    expect([row?.consumerName, row?.Factory.$dtId]).toEqual(['Fabrikam', 'ABC']);
  });

  it('OtherExamples2: a JOIN pinned on its target (relationship names are case-sensitive: Contains)', () => {
    expect(idRows("SELECT Room\nFROM DIGITALTWINS Room\nJOIN Thermostat RELATED Room.Contains\nWHERE Thermostat.$dtId = 'id1'")).toEqual([{ Room: 'floor11-room' }]);
    expect(run("SELECT Room\nFROM DIGITALTWINS Room\nJOIN Thermostat RELATED Room.contains\nWHERE Thermostat.$dtId = 'id1'")).toEqual([]);
  });

  it('OtherExamples3: JOIN plus IS_OF_MODEL on the joined collection', () => {
    expect(idRows("SELECT Room\nFROM DIGITALTWINS Floor\nJOIN Room RELATED Floor.Contains\nWHERE Floor.$dtId = 'floor11'\nAND IS_OF_MODEL(Room, 'dtmi:contoso:com:DigitalTwins:Room;1')"))
      .toEqual([{ Room: 'floor11-room' }]);
  });

  it('OtherExamples1 as printed filters on `has`, which is a relationship name, not an alias', () => {
    const e = sqlError("SELECT device\nFROM DIGITALTWINS space\nJOIN device RELATED space.has\nWHERE space.$dtid = 'Room 123'\nAND device.$metadata.model = 'dtmi:contoso:com:DigitalTwins:MxChip:3'\nAND has.role = 'Operator'");
    expect(e.code).toBe('SqlQueryError');
  });
});
