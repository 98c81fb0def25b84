import { describe, expect, it } from 'vitest';
import { hopBounds } from './analyze';
import { checkQuery } from './check';
import { MAX_IN_LIST_ITEMS } from './limits';
import type { QueryModelIndex } from './model-index';
import { BUILDING_INDEX } from './test-model-index';

function codes(text: string, index?: QueryModelIndex): string[] {
  return checkQuery(text, index).diagnostics.map((d) => `${d.severity}:${d.code}`);
}

describe('analyzeQuery errors', () => {
  it('accepts valid queries of every shape', () => {
    for (const q of [
      "SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:ex:Room;1') AND temperature > 20",
      "SELECT T.name AS n FROM DIGITALTWINS T WHERE T.$dtId = 'x'",
      "SELECT COUNT() FROM RELATIONSHIPS R WHERE R.$sourceId IN ['a', 'b']",
      "SELECT T, CT, R FROM DIGITALTWINS T JOIN CT RELATED T.contains R WHERE T.$dtId = 'b'",
      "SELECT a, r, b FROM DIGITALTWINS MATCH (a)-[r:contains]->(b)-[:contains*2..4]-(c) WHERE a.$dtId = 'b'",
    ]) {
      expect(codes(q), q).toEqual([]);
    }
  });

  it('reports unknown aliases with the aliases in scope', () => {
    const d = checkQuery("SELECT X.name FROM DIGITALTWINS T WHERE T.$dtId = 'a'").diagnostics;
    expect(d.map((x) => x.code)).toEqual(['unknown-alias']);
    expect(d[0]?.message).toBe("Unknown alias 'X'. Aliases in scope: T");
    expect(d[0]?.span).toMatchObject({ start: 7, end: 8 });
    expect(codes("SELECT T FROM DIGITALTWINS T JOIN C RELATED Q.contains WHERE T.$dtId = 'a'")).toEqual(['error:unknown-alias']);
    expect(codes("SELECT T FROM DIGITALTWINS T WHERE IS_OF_MODEL(Z, 'dtmi:a;1')")).toEqual(['error:unknown-alias']);
    expect(checkQuery("SELECT * FROM DIGITALTWINS T WHERE name = 'x'").diagnostics[0]?.message).toBe(
      "'name' is not an alias; qualify properties with one, e.g. T.name. Aliases in scope: T");
  });

  it('reports duplicate aliases', () => {
    expect(codes("SELECT T FROM DIGITALTWINS T JOIN T RELATED T.contains WHERE T.$dtId = 'a'")).toContain('error:duplicate-alias');
  });

  it('requires a $dtId filter with JOIN and MATCH', () => {
    expect(codes("SELECT T, C FROM DIGITALTWINS T JOIN C RELATED T.contains WHERE T.name = 'a'")).toEqual(['error:missing-dtid-filter']);
    expect(codes('SELECT a FROM DIGITALTWINS MATCH (a)-[]->(b)')).toEqual(['error:missing-dtid-filter']);
    expect(codes("SELECT a FROM DIGITALTWINS MATCH (a)-[]->(b) WHERE b.$dtId IN ['x']")).toEqual([]);
  });

  it('rejects SELECT * and bare TOP with JOIN or MATCH', () => {
    expect(codes("SELECT * FROM DIGITALTWINS T JOIN C RELATED T.contains WHERE T.$dtId = 'a'")).toEqual(['error:select-star-join']);
    expect(codes("SELECT TOP(2) FROM DIGITALTWINS T JOIN C RELATED T.contains WHERE T.$dtId = 'a'")).toEqual(['error:select-star-join']);
    // The MATCH reference's own examples use SELECT * (reference-query-clause-match, MatchHopsExactExample).
    expect(codes("SELECT * FROM DIGITALTWINS MATCH (Floor)-[*3]-(Room) WHERE Floor.$dtId = 'thermostat-15'")).toEqual([]);
  });

  it('enforces the query length limit', () => {
    const q = `SELECT * FROM DIGITALTWINS WHERE name = '${'x'.repeat(8000)}'`;
    expect(codes(q)).toEqual(['error:limit-length']);
  });

  it('enforces 50 AND/OR expressions', () => {
    const conds = (n: number) => Array.from({ length: n }, (_, i) => `x = ${i}`).join(' OR ');
    expect(codes(`SELECT * FROM DIGITALTWINS WHERE ${conds(51)}`)).toEqual([]);
    expect(codes(`SELECT * FROM DIGITALTWINS WHERE ${conds(52)}`)).toEqual(['error:limit-and-or']);
  });

  it(`enforces ${MAX_IN_LIST_ITEMS} IN list items`, () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `'${i}'`).join(',');
    expect(codes(`SELECT * FROM DIGITALTWINS WHERE $dtId IN [${list(MAX_IN_LIST_ITEMS)}]`)).toEqual([]);
    expect(codes(`SELECT * FROM DIGITALTWINS WHERE $dtId NIN [${list(MAX_IN_LIST_ITEMS + 1)}]`)).toEqual(['error:limit-in-list']);
  });

  it('enforces 5 JOINs', () => {
    const joins = (n: number) => Array.from({ length: n }, (_, i) => `JOIN J${i} RELATED ${i === 0 ? 'T' : `J${i - 1}`}.contains`).join(' ');
    expect(codes(`SELECT T FROM DIGITALTWINS T ${joins(5)} WHERE T.$dtId = 'a'`)).toEqual([]);
    expect(codes(`SELECT T FROM DIGITALTWINS T ${joins(6)} WHERE T.$dtId = 'a'`)).toEqual(['error:limit-joins']);
  });

  it('enforces 10 hops in total and single-hop relationship variables', () => {
    expect(codes("SELECT a FROM DIGITALTWINS MATCH (a)-[*..5]->(b)-[*5]->(c) WHERE a.$dtId = 'x'")).toEqual([]);
    expect(codes("SELECT a FROM DIGITALTWINS MATCH (a)-[*..6]->(b)-[*5]->(c) WHERE a.$dtId = 'x'")).toEqual(['error:limit-hops']);
    expect(codes("SELECT a FROM DIGITALTWINS MATCH (a)-[r:contains*1..3]->(b) WHERE a.$dtId = 'x'")).toEqual(['error:match-variable-hops']);
    expect(codes("SELECT a FROM DIGITALTWINS MATCH (a)-[*3..2]->(b) WHERE a.$dtId = 'x'")).toEqual(['error:invalid-hops']);
  });

  it('requires an alias in IS_OF_MODEL when several twin collections are in scope', () => {
    expect(codes("SELECT T FROM DIGITALTWINS T JOIN C RELATED T.contains WHERE T.$dtId = 'a' AND IS_OF_MODEL('dtmi:a;1')")).toEqual(['error:is-of-model-target']);
    expect(codes("SELECT R FROM RELATIONSHIPS R WHERE IS_OF_MODEL('dtmi:a;1')")).toEqual(['error:is-of-model-target']);
  });
});

describe('analyzeQuery warnings with a model index', () => {
  it('gives no model warnings without an index', () => {
    expect(codes("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:nope;1') AND nope = 1")).toEqual([]);
  });

  it('warns about unknown model ids', () => {
    const d = checkQuery("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:ex:Nope;1')", BUILDING_INDEX).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['unknown-model']);
    expect(d[0]?.span.start).toBe(45);
  });

  it('warns about properties not declared on the models in scope, narrowed by IS_OF_MODEL', () => {
    expect(codes("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:ex:Room;1') AND temperature > 1 AND name = 'x'", BUILDING_INDEX)).toEqual([]);
    const d = checkQuery("SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL('dtmi:ex:Sensor;1') AND T.temperature > 1", BUILDING_INDEX).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['unknown-property']);
    expect(d[0]?.message).toContain('dtmi:ex:Sensor;1');
    // Subtypes count: Space itself declares no temperature, but Room (extends Space) does.
    expect(codes("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:ex:Space;1') AND temperature > 1", BUILDING_INDEX)).toEqual([]);
    expect(codes('SELECT * FROM DIGITALTWINS WHERE Temperature > 1 AND thermostat.setPoint > 1 AND $metadata.$model = 1', BUILDING_INDEX)).toEqual(['warning:unknown-property']);
  });

  it('warns about relationship properties and relationship names no model declares', () => {
    expect(codes("SELECT T, R FROM DIGITALTWINS T JOIN C RELATED T.contains R WHERE T.$dtId = 'a' AND R.since > 1", BUILDING_INDEX)).toEqual([]);
    expect(codes("SELECT T, R FROM DIGITALTWINS T JOIN C RELATED T.contains R WHERE T.$dtId = 'a' AND R.until > 1", BUILDING_INDEX)).toEqual(['warning:unknown-property']);
    expect(codes("SELECT a FROM DIGITALTWINS MATCH (a)-[:contains|feeds]->(b) WHERE a.$dtId = 'x'", BUILDING_INDEX)).toEqual(['warning:unknown-relationship']);
  });
});

describe('hopBounds', () => {
  const hops = (lower: number | null, upper: number, range: boolean) => ({ lower, upper, range, span: { start: 0, end: 0, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } });
  it('applies the documented lower-bound-exclusive rule by default flag', () => {
    expect(hopBounds(hops(1, 3, true), true)).toEqual({ min: 2, max: 3 });
    expect(hopBounds(hops(null, 2, true), true)).toEqual({ min: 1, max: 2 });
    expect(hopBounds(hops(3, 3, false), true)).toEqual({ min: 3, max: 3 });
    expect(hopBounds(null, true)).toEqual({ min: 1, max: 1 });
  });
  it('gives the inclusive reading when the flag is off', () => {
    expect(hopBounds(hops(1, 3, true), false)).toEqual({ min: 1, max: 3 });
    expect(hopBounds(hops(null, 2, true), false)).toEqual({ min: 1, max: 2 });
  });
});
