import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { executeQuery, type ExecuteOptions, type QuerySource } from './index';
import { buildingGraph, buildLargeGraph, M } from './test-source';
import { decodeContinuationToken, encodeContinuationToken } from './token';

const PAGE = { pageSize: 100 };

function run(query: string, source: QuerySource = buildingGraph(), options: ExecuteOptions = PAGE) {
  return executeQuery({ query }, source, options);
}
/** $dtIds of a SELECT * result, sorted. */
function ids(where: string, options?: ExecuteOptions): string[] {
  return (run(`SELECT * FROM DIGITALTWINS T WHERE ${where}`, buildingGraph(), options).value as { $dtId: string }[]).map((t) => t.$dtId).sort();
}
function rows(query: string, options?: ExecuteOptions): unknown[] {
  return run(query, buildingGraph(), options).value;
}
function apiError(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}
const ROOMS = ['room101', 'room102', 'room201', 'room202', 'room203'];

describe('SELECT * and IS_OF_MODEL', () => {
  it('returns whole twin documents including $etag and $metadata', () => {
    const page = run("SELECT * FROM DIGITALTWINS WHERE $dtId = 'bldg1'");
    expect(page.value).toEqual([expect.objectContaining({ $dtId: 'bldg1', $etag: 'W/"etag-bldg1"', $metadata: expect.objectContaining({ $model: M.building }), name: 'HQ' })]);
    expect(page.continuationToken).toBeNull();
    expect(page.charge).toBeGreaterThan(0);
  });

  it('matches inheritance and later versions, and only the exact model with exact', () => {
    expect(ids(`IS_OF_MODEL('${M.room}')`)).toEqual(ROOMS);
    expect(ids(`IS_OF_MODEL('${M.room}', exact)`)).toEqual(['room101', 'room202', 'room203']);
    expect(ids(`IS_OF_MODEL('${M.room2}')`)).toEqual(['room102']);
    expect(ids(`IS_OF_MODEL(T, '${M.sensor}')`)).toEqual(['sensor1', 'sensor2']);
    expect(ids(`IS_OF_MODEL('${M.space}')`)).toHaveLength(8);
  });

  it('pushes IS_OF_MODEL down to twinsOfModels and $dtId down to getTwin', () => {
    const s = buildingGraph();
    run(`SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('${M.room}') AND temperature > 20`, s);
    expect(s.calls).toMatchObject({ allTwins: 0, twinsInOrder: 0, twinsOfModelsInOrder: 1 });
    const s2 = buildingGraph();
    expect(run("SELECT * FROM DIGITALTWINS WHERE $dtId IN ['room101', 'nope'] AND IS_OF_MODEL('dtmi:example:Room;1')", s2).value).toHaveLength(1);
    expect(s2.calls).toMatchObject({ twinsInOrder: 0, twinsOfModelsInOrder: 0, getTwin: 2 });
  });
});

describe('WHERE semantics', () => {
  it('evaluates every function', () => {
    expect(ids('IS_DEFINED(T.notes)')).toEqual(['room102']);
    expect(ids('IS_NULL(T.notes)')).toEqual(['room102']);
    expect(ids('IS_BOOL(T.occupied)')).toEqual(['room101', 'room102']);
    expect(ids('IS_NUMBER(T.temperature)')).toEqual(['room101', 'room102', 'room201']);
    expect(ids('IS_STRING(T.temperature)')).toEqual(['room202']);
    expect(ids('IS_PRIMITIVE(T.notes) OR IS_PRIMITIVE(T.address)')).toEqual(['room102']);
    expect(ids('IS_OBJECT(T.address)')).toEqual(['bldg1']);
    expect(ids("STARTSWITH(T.name, 'Room')")).toEqual(['room101', 'room102', 'room202', 'room203']);
    expect(ids("STARTS_WITH(T.name, 'room')")).toEqual([]);
    expect(ids("ENDSWITH(T.name, '02')")).toEqual(['room102', 'room202']);
    expect(ids("ENDS_WITH(T.name, '03')")).toEqual(['room203']);
    expect(ids("CONTAINS(T.name, 'Souza')")).toEqual(['room201']);
    expect(ids("ARRAY_CONTAINS(T.tags, 'video')")).toEqual(['room201']);
    expect(ids("ARRAY_CONTAINS(T.name, 'video') OR ARRAY_CONTAINS(T.tags, 'vid')")).toEqual([]);
  });

  it('compares nested properties, escaped quotes and map keys', () => {
    expect(ids("T.address.city = 'Paris'")).toEqual(['bldg1']);
    expect(ids("T.name = 'D\\'Souza Hall'")).toEqual(['room201']);
    expect(ids("T.address.[[zip]] = '75001'")).toEqual(['bldg1']);
    expect(ids("T.constructor = 'x' OR IS_DEFINED(T.name.length)")).toEqual([]);
  });

  it('does not match comparisons on a missing property, nor their negation (three-valued logic)', () => {
    expect(ids('T.temperature < 20')).toEqual(['room201']);
    expect(ids('NOT (T.temperature < 20)')).toEqual(['room101', 'room102']);
    expect(ids('T.temperature != 19')).toEqual(['room101', 'room102']);
    expect(ids('NOT IS_DEFINED(T.temperature) AND IS_OF_MODEL(\'dtmi:example:Room;1\')')).toEqual(['room203']);
    expect(ids("T.temperature < 20 OR T.name = 'Room 203'")).toEqual(['room201', 'room203']);
    // Kleene logic: UNKNOWN AND FALSE is FALSE, so its negation matches even where temperature is missing.
    expect(ids("NOT (T.temperature < 20 AND T.name = 'x')")).toEqual(['bldg1', 'floor1', 'floor2', ...ROOMS]);
    expect(ids("NOT (T.temperature < 20 OR T.name = 'x')")).toEqual(['room101', 'room102']);
  });

  it('never coerces between types', () => {
    expect(ids("T.temperature = '22'")).toEqual(['room202']);
    expect(ids('T.temperature = 22')).toEqual([]);
    expect(ids("T.temperature < 'a'")).toEqual(['room202']);
    expect(ids('T.occupied = 1')).toEqual([]);
    expect(ids('T.occupied = true')).toEqual(['room101']);
    expect(ids('T.notes = null')).toEqual(['room102']);
  });

  it('evaluates IN and NIN', () => {
    expect(ids("T.$dtId IN ['room101', 'floor2', 'nope']")).toEqual(['floor2', 'room101']);
    expect(ids('T.level NIN [1]')).toEqual(['floor2']);
    expect(ids("T.temperature IN [19, '22']")).toEqual(['room201', 'room202']);
  });

  it('is case-sensitive for property and relationship names', () => {
    expect(ids("T.Name = 'HQ'")).toEqual([]);
    expect(rows("SELECT b, f FROM DIGITALTWINS MATCH (b)-[:Contains]->(f) WHERE b.$dtId = 'bldg1'")).toEqual([]);
  });
});

describe('projections, COUNT and TOP', () => {
  it('keys projections by alias or bare property name and omits missing properties', () => {
    const r = rows(`SELECT T.$dtId, T.temperature AS t, T.address.city FROM DIGITALTWINS T WHERE IS_OF_MODEL('${M.room}', exact) OR T.$dtId = 'bldg1'`);
    expect(r).toEqual(expect.arrayContaining([{ $dtId: 'room101', t: 21.5 }, { $dtId: 'room202', t: '22' }, { $dtId: 'room203' }, { $dtId: 'bldg1', city: 'Paris' }]));
    expect(r).toHaveLength(4);
  });

  it('projects whole collections under their alias', () => {
    const [row] = rows("SELECT T FROM DIGITALTWINS T WHERE T.$dtId = 'floor1'") as { T: { $dtId: string } }[];
    expect(Object.keys(row ?? {})).toEqual(['T']);
    expect(row?.T.$dtId).toBe('floor1');
  });

  it('counts with COUNT() in one row, whatever the page size', () => {
    const s = buildingGraph();
    expect(executeQuery({ query: 'SELECT COUNT() FROM DIGITALTWINS' }, s, { pageSize: 2 })).toMatchObject({ value: [{ COUNT: 10 }], continuationToken: null });
    expect(rows(`SELECT COUNT() FROM DIGITALTWINS WHERE IS_OF_MODEL('${M.room}')`)).toEqual([{ COUNT: 5 }]);
    expect(rows("SELECT COUNT() FROM RELATIONSHIPS WHERE $relationshipName = 'contains'")).toEqual([{ COUNT: 7 }]);
    expect(rows("SELECT COUNT() FROM DIGITALTWINS F JOIN R RELATED F.contains WHERE F.$dtId = 'floor2'")).toEqual([{ COUNT: 3 }]);
    expect(rows("SELECT COUNT() FROM DIGITALTWINS WHERE nope = 1")).toEqual([{ COUNT: 0 }]);
  });

  it('limits results with TOP, across pages', () => {
    expect(rows('SELECT TOP(3) FROM DIGITALTWINS')).toHaveLength(3);
    expect(rows('SELECT TOP(2) T.$dtId FROM DIGITALTWINS T')).toEqual([{ $dtId: 'bldg1' }, { $dtId: 'floor1' }]);
    const s = buildingGraph();
    const p1 = executeQuery({ query: 'SELECT TOP(3) FROM DIGITALTWINS' }, s, { pageSize: 2 });
    expect(p1.value).toHaveLength(2);
    const p2 = executeQuery({ continuationToken: p1.continuationToken as string }, s, { pageSize: 2 });
    expect(p2).toMatchObject({ continuationToken: null });
    expect(p2.value).toHaveLength(1);
    const exact = executeQuery({ query: 'SELECT TOP(4) FROM DIGITALTWINS' }, s, { pageSize: 2 });
    expect(executeQuery({ continuationToken: exact.continuationToken as string }, s, { pageSize: 2 }).continuationToken).toBeNull();
  });
});

describe('FROM RELATIONSHIPS', () => {
  it('returns relationship documents and pushes $sourceId / $targetId down to adjacency', () => {
    const s = buildingGraph();
    const page = run("SELECT * FROM RELATIONSHIPS WHERE $sourceId = 'floor1'", s);
    expect((page.value as { $relationshipId: string }[]).map((r) => r.$relationshipId).sort()).toEqual([
      'floor1-adjacentTo-floor2', 'floor1-contains-room101', 'floor1-contains-room102']);
    expect(page.value[0]).toMatchObject({ $etag: expect.any(String), $relationshipName: expect.any(String) });
    expect(s.calls).toMatchObject({ relationshipsInOrder: 0, outgoing: 1 });
    const s2 = buildingGraph();
    expect(run("SELECT R.$sourceId FROM RELATIONSHIPS R WHERE R.$targetId IN ['sensor1', 'sensor2']", s2).value).toEqual([{ $sourceId: 'room101' }, { $sourceId: 'room201' }]);
    expect(s2.calls.relationshipsInOrder).toBe(0);
    expect(rows('SELECT R.distance FROM RELATIONSHIPS R WHERE R.distance > 1')).toEqual([{ distance: 5 }]);
  });
});

describe('JOIN', () => {
  it('follows outgoing relationships and binds the relationship alias', () => {
    const r = rows("SELECT B.$dtId AS b, F.$dtId AS f, R.since FROM DIGITALTWINS B JOIN F RELATED B.contains R WHERE B.$dtId = 'bldg1'");
    expect(r).toEqual([{ b: 'bldg1', f: 'floor1', since: 2020 }, { b: 'bldg1', f: 'floor2', since: 2021 }]);
  });

  it('has inner-join semantics: a row without a match on every JOIN is dropped', () => {
    const r = rows("SELECT Room.$dtId AS room, S.$dtId AS s FROM DIGITALTWINS F JOIN Room RELATED F.contains JOIN S RELATED Room.hasSensor WHERE F.$dtId = 'floor1'");
    expect(r).toEqual([{ room: 'room101', s: 'sensor1' }]);
  });

  it('starts from a pinned JOIN target through incoming relationships', () => {
    const s = buildingGraph();
    const r = run("SELECT T.$dtId AS t FROM DIGITALTWINS T JOIN C RELATED T.contains WHERE C.$dtId = 'room201'", s).value;
    expect(r).toEqual([{ t: 'floor2' }]);
    expect(s.calls).toMatchObject({ twinsInOrder: 0, incoming: 1 });
  });

  it('filters on joined twins and relationships', () => {
    const r = rows("SELECT C.$dtId AS c FROM DIGITALTWINS F JOIN C RELATED F.contains WHERE F.$dtId = 'floor2' AND C.temperature < 20");
    expect(r).toEqual([{ c: 'room201' }]);
    expect(rows("SELECT F FROM DIGITALTWINS B JOIN F RELATED B.contains R WHERE B.$dtId = 'bldg1' AND R.since > 2020")).toHaveLength(1);
  });
});

describe('MATCH', () => {
  const q = (pattern: string, where: string, options?: ExecuteOptions) =>
    (rows(`SELECT z.$dtId AS z FROM DIGITALTWINS MATCH ${pattern} WHERE ${where}`, options) as { z: string }[]).map((r) => r.z).sort();

  it('follows each direction', () => {
    expect(q('(a)-[:contains]->(z)', "a.$dtId = 'bldg1'")).toEqual(['floor1', 'floor2']);
    expect(q('(a)<-[:contains]-(z)', "a.$dtId = 'room101'")).toEqual(['floor1']);
    expect(q('(a)-[:contains]-(z)', "a.$dtId = 'floor1'")).toEqual(['bldg1', 'room101', 'room102']);
    expect(q('(a)-[]->(z)', "a.$dtId = 'room101'")).toEqual(['room102', 'sensor1']);
  });

  it('accepts alternative relationship names', () => {
    expect(q('(a)-[:contains|hasSensor*2]->(z)', "a.$dtId = 'floor1'")).toEqual(['sensor1']);
    expect(q('(a)-[:hasSensor|adjacentTo]->(z)', "a.$dtId = 'room101'")).toEqual(['room102', 'sensor1']);
  });

  it('applies the documented hop ranges: *n exact, lower bound exclusive', () => {
    const names = '[:contains|hasSensor';
    expect(q(`(a)-${names}*3]->(z)`, "a.$dtId = 'bldg1'")).toEqual(['sensor1', 'sensor2']);
    expect(q(`(a)-${names}*1..3]->(z)`, "a.$dtId = 'bldg1'")).toEqual([...ROOMS, 'sensor1', 'sensor2'].sort());
    expect(q(`(a)-${names}*..2]->(z)`, "a.$dtId = 'bldg1'")).toEqual(['floor1', 'floor2', ...ROOMS].sort());
  });

  it('reads ranges inclusively when the option is flipped', () => {
    const names = '[:contains|hasSensor';
    const inclusive = { pageSize: 100, matchRangeLowerBoundExclusive: false };
    expect(q(`(a)-${names}*1..2]->(z)`, "a.$dtId = 'bldg1'", inclusive)).toEqual(['floor1', 'floor2', ...ROOMS].sort());
    expect(q(`(a)-${names}*1..2]->(z)`, "a.$dtId = 'bldg1'")).toEqual(ROOMS);
  });

  it('traverses each relationship at most once per path (cycles)', () => {
    expect(q('(a)-[:adjacentTo*2]->(z)', "a.$dtId = 'floor1'")).toEqual(['floor1']);
    expect(q('(a)-[:adjacentTo*3]->(z)', "a.$dtId = 'floor1'")).toEqual([]);
    expect(q('(a)-[:adjacentTo]-(z)', "a.$dtId = 'floor1'")).toEqual(['floor2']);
  });

  it('binds relationship variables and chains several edges', () => {
    expect(rows("SELECT r.distance, b.$dtId FROM DIGITALTWINS MATCH (a)-[r:adjacentTo]->(b) WHERE a.$dtId = 'room101'")).toEqual([{ distance: 5, $dtId: 'room102' }]);
    const chain = rows("SELECT f.$dtId AS f, s.$dtId AS s FROM DIGITALTWINS MATCH (b)-[:contains]->(f)-[:contains]->(r)-[:hasSensor]->(s) WHERE b.$dtId = 'bldg1'");
    expect(chain).toEqual([{ f: 'floor1', s: 'sensor1' }, { f: 'floor2', s: 'sensor2' }]);
  });

  it('starts from a twin pinned anywhere in the pattern and filters other nodes', () => {
    const s = buildingGraph();
    const r = run("SELECT f.$dtId AS f FROM DIGITALTWINS MATCH (f)-[:contains]->(r) WHERE r.$dtId = 'room102'", s).value;
    expect(r).toEqual([{ f: 'floor1' }]);
    expect(s.calls.twinsInOrder).toBe(0);
    expect(q('(a)-[:contains*2]->(z)', "a.$dtId = 'bldg1' AND z.temperature > 20")).toEqual(['room101', 'room102']);
  });
});

describe('paging', () => {
  it('pages through all results with opaque tokens and ends with null', () => {
    const s = buildingGraph();
    const seen: string[] = [];
    let page = executeQuery({ query: 'SELECT * FROM DIGITALTWINS' }, s, { pageSize: 4 });
    const sizes = [page.value.length];
    seen.push(...(page.value as { $dtId: string }[]).map((t) => t.$dtId));
    while (page.continuationToken) {
      expect(page.continuationToken).toMatch(/^[A-Za-z0-9_-]+$/);
      page = executeQuery({ continuationToken: page.continuationToken }, s, { pageSize: 4 });
      sizes.push(page.value.length);
      seen.push(...(page.value as { $dtId: string }[]).map((t) => t.$dtId));
    }
    expect(sizes).toEqual([4, 4, 2]);
    expect(new Set(seen).size).toBe(10);
  });

  it('does not return an empty last page when results end on a page boundary', () => {
    const s = buildingGraph();
    const p1 = executeQuery({ query: 'SELECT * FROM DIGITALTWINS' }, s, { pageSize: 5 });
    const p2 = executeQuery({ continuationToken: p1.continuationToken as string }, s, { pageSize: 5 });
    expect([p1.value.length, p2.value.length, p2.continuationToken]).toEqual([5, 5, null]);
  });

  it('lets the token win when the query is sent as well', () => {
    const s = buildingGraph();
    const p1 = executeQuery({ query: `SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('${M.room}')` }, s, { pageSize: 3 });
    const p2 = executeQuery({ query: 'SELECT COUNT() FROM DIGITALTWINS', continuationToken: p1.continuationToken as string }, s, { pageSize: 3 });
    expect((p2.value as { $dtId: string }[]).map((t) => t.$dtId)).toHaveLength(2);
    expect([...p1.value, ...p2.value].map((t) => (t as { $dtId: string }).$dtId).sort()).toEqual(ROOMS);
  });

  it('pages MATCH results without duplicates', () => {
    const s = buildingGraph();
    const query = "SELECT z FROM DIGITALTWINS MATCH (a)-[*..3]-(z) WHERE a.$dtId = 'floor1'";
    const all = executeQuery({ query }, s, { pageSize: 100 }).value;
    const paged: unknown[] = [];
    let token: string | null = null;
    do {
      const p: ReturnType<typeof executeQuery> = executeQuery(token ? { continuationToken: token } : { query }, s, { pageSize: 2 });
      paged.push(...p.value);
      token = p.continuationToken;
    } while (token);
    expect(paged).toEqual(all);
    expect(new Set(all.map((r) => (r as { z: { $dtId: string } }).z.$dtId)).size).toBe(all.length);
  });

  it('rejects bad and tampered tokens with 400 BadRequest', () => {
    const s = buildingGraph();
    const valid = encodeContinuationToken({ query: 'SELECT * FROM DIGITALTWINS', after: ['floor1'], emitted: 2 });
    expect(executeQuery({ continuationToken: valid }, s, PAGE).value).toHaveLength(8);
    for (const token of ['garbage!', '', 'eyJ2IjoxfQ', valid.slice(0, -3)]) {
      const e = apiError(() => executeQuery({ query: 'SELECT * FROM DIGITALTWINS', continuationToken: token }, s, PAGE));
      expect([e.status, e.code]).toEqual([400, 'BadRequest']);
    }
    const body = JSON.parse(Buffer.from(valid, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = (change: Record<string, unknown>) => Buffer.from(JSON.stringify({ ...body, ...change })).toString('base64url');
    // Each field is covered by the hash: an edited key, count or query is refused, not silently followed.
    for (const change of [{ k: ['room101'] }, { n: 1 }, { q: 'SELECT * FROM RELATIONSHIPS' }, { v: 1 }]) {
      expect(apiError(() => executeQuery({ continuationToken: forged(change) }, s, PAGE)).code).toBe('BadRequest');
    }
    // A key of the wrong shape for the query (a twin key for a relationship scan) is refused too.
    const wrongShape = encodeContinuationToken({ query: 'SELECT * FROM RELATIONSHIPS', after: ['floor1'], emitted: 1 });
    expect(apiError(() => executeQuery({ continuationToken: wrongShape }, s, PAGE)).code).toBe('BadRequest');
    const countToken = encodeContinuationToken({ query: 'SELECT COUNT() FROM DIGITALTWINS', after: ['a'], emitted: 1 });
    expect(apiError(() => executeQuery({ continuationToken: countToken }, s, PAGE)).code).toBe('BadRequest');
  });

  it('encodes and decodes tokens with non-ASCII queries', () => {
    const query = "SELECT * FROM DIGITALTWINS WHERE name = 'Büro ☃'";
    const resume = { query, after: ['Zoë', 'a\u0000b'], emitted: 7 };
    expect(decodeContinuationToken(encodeContinuationToken(resume))).toEqual(resume);
  });
});

describe('errors, timeouts and charge', () => {
  it('reports parse errors with ADT\'s SqlQueryError text', () => {
    const e = apiError(() => run('foo'));
    expect([e.status, e.code, e.message]).toEqual([400, 'SqlQueryError',
      "SQL query parse failed: SQL Parser Error, Line=1, Position=0, Message=missing SELECT at 'foo' See samples in https://aka.ms/adtv2query for the correct syntax."]);
  });

  it('reports semantic errors as SqlQueryError with a useful message', () => {
    const e = apiError(() => run('SELECT T, C FROM DIGITALTWINS T JOIN C RELATED T.contains'));
    expect([e.status, e.code]).toEqual([400, 'SqlQueryError']);
    expect(e.message).toContain("must filter on a twin's $dtId");
    expect(apiError(() => run("SELECT X.a FROM DIGITALTWINS T WHERE T.$dtId = 'x'")).message).toContain("Unknown alias 'X'");
  });

  it('asks for a query when neither query nor token is given', () => {
    const e = apiError(() => executeQuery({}, buildingGraph(), PAGE));
    expect([e.status, e.code]).toEqual([400, 'BadRequest']);
  });

  it('times out with 400 TimeoutError when the deadline passes mid-scan', () => {
    const s = buildLargeGraph(1000);
    let clock = 0;
    const now = () => (clock += 600);
    const e = apiError(() => executeQuery({ query: "SELECT * FROM DIGITALTWINS WHERE name = 'nope'" }, s, { pageSize: 10, timeoutMs: 1000, now }));
    expect([e.status, e.code]).toEqual([400, 'TimeoutError']);
    expect(e.message).toMatch(/timed out after 1 seconds/);
    const ok = executeQuery({ query: "SELECT * FROM DIGITALTWINS WHERE name = 'nope'" }, s, { pageSize: 10, timeoutMs: 60_000, now: () => 0 });
    expect(ok.value).toEqual([]);
  });

  it('charges more for more work', () => {
    const s = buildLargeGraph(1000);
    const small = executeQuery({ query: "SELECT * FROM DIGITALTWINS WHERE $dtId = 'b0'" }, s, PAGE).charge;
    const scan = executeQuery({ query: "SELECT * FROM DIGITALTWINS WHERE name = 'nope'" }, s, PAGE).charge;
    expect(small).toBeGreaterThan(0);
    expect(scan).toBeGreaterThan(small);
  });
});
