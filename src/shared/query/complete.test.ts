import { describe, expect, it } from 'vitest';
import { completeQuery } from './complete';
import { BUILDING_INDEX } from './test-model-index';

/** Completes at the `‸` marker. */
function at(textWithCursor: string, withIndex = true) {
  const offset = textWithCursor.indexOf('‸');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  return completeQuery(text, offset, withIndex ? BUILDING_INDEX : undefined);
}
const labels = (t: string, withIndex = true) => at(t, withIndex).map((i) => i.label);

describe('completeQuery', () => {
  it('offers SELECT at the start and filters by the typed word (case-insensitive)', () => {
    expect(labels('‸')).toEqual(['SELECT']);
    const items = at('sel‸');
    expect(items.map((i) => i.label)).toEqual(['SELECT']);
    expect(items[0]?.range).toEqual({ start: 0, end: 3 });
  });

  it('offers *, COUNT(), TOP and aliases after SELECT', () => {
    const l = labels('SELECT ‸ FROM DIGITALTWINS T');
    expect(l).toEqual(expect.arrayContaining(['*', 'COUNT()', 'TOP', 'T']));
  });

  it('offers collections after FROM and clause keywords after them', () => {
    expect(labels('SELECT * FROM ‸')).toEqual(['DIGITALTWINS', 'RELATIONSHIPS']);
    expect(labels('SELECT * FROM DIGITALTWINS ‸')).toEqual(['JOIN', 'MATCH', 'WHERE']);
    expect(labels('SELECT * FROM DIGITALTWINS T ‸')).toEqual(['JOIN', 'WHERE']);
    expect(labels('SELECT * FROM RELATIONSHIPS ‸')).toEqual(['WHERE']);
    expect(labels('SELECT T FROM DIGITALTWINS T JOIN C ‸')).toEqual(['RELATED']);
  });

  it('offers functions with signatures, NOT and aliases at the start of a condition', () => {
    const items = at('SELECT T FROM DIGITALTWINS T WHERE ‸');
    const fn = items.find((i) => i.label === 'STARTSWITH');
    expect(fn).toMatchObject({ kind: 'function', detail: "STARTSWITH(property, 'prefix')", snippet: true });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['NOT', 'IS_OF_MODEL', 'IS_DEFINED', 'ARRAY_CONTAINS', 'T']));
    expect(labels('SELECT T FROM DIGITALTWINS T WHERE IS_‸')).toEqual(
      ['IS_OF_MODEL', 'IS_DEFINED', 'IS_NULL', 'IS_BOOL', 'IS_NUMBER', 'IS_STRING', 'IS_PRIMITIVE', 'IS_OBJECT']);
  });

  it('offers operators after a property and AND/OR after a condition', () => {
    expect(labels('SELECT T FROM DIGITALTWINS T WHERE T.name ‸')).toEqual(['=', '!=', '<', '>', '<=', '>=', 'IN', 'NIN']);
    expect(labels("SELECT T FROM DIGITALTWINS T WHERE T.name = 'x' ‸")).toEqual(['AND', 'OR']);
  });

  it('offers model ids inside an IS_OF_MODEL string, replacing the string content', () => {
    const items = at("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:ex:R‸')");
    expect(items.map((i) => [i.label, i.detail, i.range])).toEqual([['dtmi:ex:Room;1', 'Room', { start: 46, end: 55 }]]);
    expect(labels("SELECT T FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, '‸")).toHaveLength(5);
    expect(labels("SELECT * FROM DIGITALTWINS WHERE name = 'dt‸'")).toEqual([]);
  });

  it('finds model ids from part of the id or display name, without the dtmi: prefix', () => {
    expect(labels("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('room‸')")).toEqual(['dtmi:ex:Room;1']);
    expect(labels("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('ex:R‸')")).toEqual(['dtmi:ex:Room;1']);
    // Ids that start with the text come before ids that only contain it.
    const l = labels("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:ex:‸')");
    expect(l.length).toBeGreaterThan(1);
    expect(labels("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('nothing-like-it‸')")).toEqual([]);
  });

  it('offers property names, narrowed by IS_OF_MODEL', () => {
    const all = labels('SELECT * FROM DIGITALTWINS T WHERE T.‸');
    expect(all).toEqual(expect.arrayContaining(['$dtId', 'name', 'temperature', 'value', 'address', 'thermostat']));
    const rooms = labels("SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL('dtmi:ex:Room;1') AND T.‸");
    expect(rooms).toEqual(expect.arrayContaining(['name', 'temperature', 'occupied', 'thermostat']));
    expect(rooms).not.toContain('value');
    expect(rooms).not.toContain('address');
    expect(labels("SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL('dtmi:ex:Room;1') AND T.thermostat.‸")).toEqual(['setPoint']);
    const detail = at('SELECT * FROM DIGITALTWINS T WHERE T.temp‸').find((i) => i.label === 'temperature')?.detail;
    expect(detail).toBe('double · dtmi:ex:Room;1');
  });

  it('offers system properties without an index, and unqualified properties for an unnamed collection', () => {
    expect(labels('SELECT * FROM DIGITALTWINS T WHERE T.‸', false)).toEqual(['$dtId', '$etag', '$metadata']);
    expect(labels('SELECT * FROM DIGITALTWINS WHERE temp‸')).toEqual(['temperature']);
    expect(labels('SELECT * FROM RELATIONSHIPS R WHERE R.$s‸')).toEqual(['$sourceId']);
  });

  it('offers relationship names after RELATED x. and inside a MATCH edge', () => {
    expect(labels('SELECT T FROM DIGITALTWINS T JOIN C RELATED T.‸')).toEqual(['contains', 'hasSensor']);
    expect(labels("SELECT T FROM DIGITALTWINS T JOIN C RELATED T.‸ WHERE IS_OF_MODEL(T, 'dtmi:ex:Building;1')")).toEqual(['contains']);
    expect(labels('SELECT a FROM DIGITALTWINS MATCH (a)-[:‸]->(b)')).toEqual(['contains', 'hasSensor']);
    expect(labels('SELECT a FROM DIGITALTWINS MATCH (a)-[:contains|h‸]->(b)')).toEqual(['hasSensor']);
  });

  it('offers edge patterns and WHERE after a MATCH node', () => {
    expect(labels('SELECT a FROM DIGITALTWINS MATCH (a)‸')).toEqual(['WHERE', '-[]->', '<-[]-', '-[]-']);
  });
});

describe('completeQuery robustness', () => {
  it('answers at every offset of valid and broken queries without throwing', () => {
    const texts = [
      "SELECT T.name AS n, C FROM DIGITALTWINS T JOIN C RELATED T.contains R WHERE T.$dtId = 'x' AND IS_OF_MODEL(C, 'dtmi:ex:Room;1', exact)",
      "SELECT a FROM DIGITALTWINS MATCH (a)-[r:contains|hasSensor]->(b)<-[*1..3]-() WHERE a.$dtId IN ['a'] AND NOT STARTSWITH(b.name, 'x",
      'SELECT , FROM WHERE ( AND [[x',
    ];
    let calls = 0;
    for (const text of texts) {
      for (let offset = 0; offset <= text.length; offset++) {
        const items = completeQuery(text, offset, BUILDING_INDEX);
        for (const i of items) expect(i.range.start).toBeLessThanOrEqual(i.range.end);
        calls++;
      }
    }
    expect(calls).toBeGreaterThan(200);
  });
});
