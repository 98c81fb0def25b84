import { describe, expect, it } from 'vitest';
import { AdtClient } from '../adt-client';
import { fakeFetch, json } from '../adt-client/test-helpers';
import { collectGraphItems, countQueryFor, IN_LIST_LIMIT, loadQuery, relationshipQueries } from './graph-loader';

const twin = (id: string) => ({ $dtId: id, $etag: 'W/"x"', $metadata: { $model: 'dtmi:t:T;1' } });
const rel = (s: string, t: string) => ({ $relationshipId: `${s}-${t}`, $sourceId: s, $targetId: t, $relationshipName: 'has' });

describe('collectGraphItems', () => {
  it('finds twins and relationships in bare and projected rows, and keeps the rest for the table', () => {
    const out = collectGraphItems([twin('a'), { T: twin('b'), R: rel('b', 'a') }, { COUNT: 3 }, { name: 'x' }]);
    expect(out.twins.map((t) => t.$dtId)).toEqual(['a', 'b']);
    expect(out.relationships).toHaveLength(1);
    expect(out.other).toEqual([{ COUNT: 3 }, { name: 'x' }]);
  });
});

describe('relationshipQueries', () => {
  it('chunks source ids by the IN-list limit and escapes quotes', () => {
    const ids = Array.from({ length: IN_LIST_LIMIT * 2 + 1 }, (_, i) => `t${i}`);
    const qs = relationshipQueries(ids);
    expect(qs).toHaveLength(3);
    expect(relationshipQueries(["O'Brien"])[0]).toBe("SELECT * FROM RELATIONSHIPS R WHERE R.$sourceId IN ['O\\'Brien']");
  });
});

describe('loadQuery', () => {
  function server(twinCount: number, pageSize: number) {
    const twins = Array.from({ length: twinCount }, (_, i) => twin(`t${i}`));
    const rels = twins.slice(1).map((t, i) => rel(`t${i}`, t.$dtId));
    return fakeFetch((call) => {
      const body = JSON.parse(call.body ?? '{}') as { query: string; continuationToken?: string };
      const offset = Number(body.continuationToken ?? 0);
      let rows: unknown[];
      if (body.query === 'SELECT COUNT() FROM RELATIONSHIPS') rows = [{ COUNT: rels.length }];
      else if (body.query.startsWith('SELECT * FROM RELATIONSHIPS R WHERE')) {
        const ids = new Set([...body.query.matchAll(/'([^']+)'/g)].map((m) => m[1]));
        rows = rels.filter((r) => ids.has(r.$sourceId));
      } else if (body.query === 'SELECT * FROM RELATIONSHIPS') rows = rels;
      else rows = twins;
      const page = rows.slice(offset, offset + pageSize);
      const next = offset + pageSize < rows.length ? String(offset + pageSize) : null;
      return json({ value: page, continuationToken: next }, { headers: { 'query-charge': '1.5' } });
    });
  }

  it('loads every page and the relationships among the twins with O(N / page size) requests', async () => {
    const { fetch, calls } = server(1000, 100);
    const client = new AdtClient({ baseUrl: 'http://emu', fetch });
    const pages: number[] = [];
    const result = await loadQuery(client, 'SELECT * FROM DIGITALTWINS', { pageSize: 100, onPage: (p) => pages.push(p.twins.length) });
    expect(result).toMatchObject({ twins: 1000, relationships: 999, truncated: false });
    // 10 twin pages + 1 COUNT + 10 relationship pages; never one per twin, and fewer than the 20 IN-list chunks.
    expect(calls.length).toBe(21);
    expect(result.queryCharge).toBeCloseTo(31.5);
  });

  it('uses IN-list chunks for few twins', async () => {
    const { fetch, calls } = server(60, 1000);
    const client = new AdtClient({ baseUrl: 'http://emu', fetch });
    const result = await loadQuery(client, 'SELECT * FROM DIGITALTWINS');
    expect(result).toMatchObject({ twins: 60, relationships: 59 });
    expect(calls.map((c) => JSON.parse(c.body ?? '{}').query as string).filter((q) => q.includes('IN ['))).toHaveLength(2);
  });

  it('stops at the node budget and says the result was cut', async () => {
    const { fetch } = server(500, 100);
    const client = new AdtClient({ baseUrl: 'http://emu', fetch });
    const result = await loadQuery(client, 'SELECT * FROM DIGITALTWINS', { pageSize: 100, budget: 250 });
    expect(result.twins).toBe(250);
    expect(result.truncated).toBe(true);
  });
});

describe('load more', () => {
  it('resumes where the budget cut, and links the new twins to those already loaded', async () => {
    const twins = Array.from({ length: 10 }, (_, i) => twin(`t${i}`));
    const rels = twins.slice(1).map((t, i) => rel(`t${i}`, t.$dtId));
    const { fetch } = fakeFetch((call) => {
      const body = JSON.parse(call.body ?? '{}') as { query: string; continuationToken?: string };
      const offset = Number(body.continuationToken ?? 0);
      let rows: unknown[];
      if (body.query.startsWith('SELECT * FROM RELATIONSHIPS R WHERE')) {
        const ids = new Set([...body.query.matchAll(/'([^']+)'/g)].map((m) => m[1]));
        const incoming = body.query.includes('$targetId IN');
        rows = rels.filter((r) => ids.has(r.$sourceId) || (incoming && ids.has(r.$targetId)));
      } else rows = twins;
      const page = rows.slice(offset, offset + 4);
      return json({ value: page, continuationToken: offset + 4 < rows.length ? String(offset + 4) : null });
    });
    const client = new AdtClient({ baseUrl: 'http://emu', fetch });
    const first = await loadQuery(client, 'SELECT * FROM DIGITALTWINS', { pageSize: 4, budget: 5 });
    expect(first).toMatchObject({ twins: 5, relationships: 4, truncated: true });
    expect(first.resume?.pending).toHaveLength(3); // t5..t7 of the second page
    const loaded: string[] = [];
    const second = await loadQuery(client, 'SELECT * FROM DIGITALTWINS', {
      pageSize: 4, budget: 100, resume: first.resume!, known: new Set(['t0', 't1', 't2', 't3', 't4']),
      onPage: (p) => loaded.push(...p.twins.map((t) => t.$dtId)),
    });
    expect(loaded).toEqual(['t5', 't6', 't7', 't8', 't9']);
    // t4 -> t5 joins the old part to the new one; t5..t9 bring four more.
    expect(second).toMatchObject({ twins: 5, relationships: 5, truncated: false, resume: null });
  });
});

describe('countQueryFor', () => {
  it('turns SELECT * into SELECT COUNT() and leaves other shapes alone', () => {
    expect(countQueryFor("SELECT * FROM DIGITALTWINS T WHERE T.x = 'SELECT *'")).toBe("SELECT COUNT() FROM DIGITALTWINS T WHERE T.x = 'SELECT *'");
    expect(countQueryFor('select  *  from digitaltwins')).toBe('SELECT COUNT()  from digitaltwins');
    expect(countQueryFor('SELECT T.name FROM DIGITALTWINS T')).toBeNull();
    expect(countQueryFor('SELECT TOP(5) FROM DIGITALTWINS')).toBeNull();
  });
});
