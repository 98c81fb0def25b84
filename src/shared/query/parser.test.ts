import { describe, expect, it } from 'vitest';
import type { CompareExpr, Expr, InExpr, IsOfModelExpr, MatchEdge, Query } from './ast';
import { adtParseErrorMessage } from './diagnostics';
import { tokenize } from './lexer';
import { firstTooDeepParenthesis, parseQuery } from './parser';
import { MAX_QUERY_NESTING } from './limits';

function ok(text: string): Query {
  const r = parseQuery(text);
  expect(r.diagnostics, JSON.stringify(r.diagnostics.map((d) => d.message))).toEqual([]);
  return r.ast;
}
function errors(text: string) {
  return parseQuery(text).diagnostics;
}
function where(text: string): Expr {
  const w = ok(text).where;
  if (!w) throw new Error('no WHERE');
  return w;
}
function edges(text: string): MatchEdge[] {
  return ok(text).from?.match?.edges ?? [];
}

describe('lexer', () => {
  it('reads escaped identifiers, strings with \\\' escapes, numbers and punctuation with positions', () => {
    const { tokens, diagnostics } = tokenize("[[Group]] = 'D\\'Souza'\n AND x >= -1.5e2 *1..3");
    expect(diagnostics).toEqual([]);
    expect(tokens.map((t) => [t.type, t.value])).toEqual([
      ['ident', 'Group'], ['punct', '='], ['string', "D'Souza"], ['ident', 'AND'], ['ident', 'x'], ['punct', '>='],
      ['punct', '-'], ['number', '1.5e2'], ['punct', '*'], ['number', '1'], ['punct', '..'], ['number', '3'], ['eof', ''],
    ]);
    expect(tokens[0]?.escaped).toBe(true);
    const and = tokens[3];
    expect(and?.span).toMatchObject({ start: 24, startLine: 2, startColumn: 2, endLine: 2, endColumn: 5 });
  });

  it('reports an unterminated string and still produces a token', () => {
    const { tokens, diagnostics } = tokenize("x = 'abc");
    expect(tokens[2]).toMatchObject({ type: 'string', value: 'abc', unterminated: true });
    expect(diagnostics[0]?.message).toMatch(/closing quote/);
  });
});

describe('SELECT', () => {
  it('parses SELECT * with the collection keyword in any case', () => {
    const q = ok('select * from digitaltwins');
    expect(q.select.mode).toBe('all');
    expect(q.from?.collection).toBe('DIGITALTWINS');
    expect(q.from?.alias).toBeNull();
  });

  it('parses projections with and without AS', () => {
    const q = ok('SELECT T.name AS n, T.$dtId, CT FROM DIGITALTWINS T JOIN CT RELATED T.contains');
    expect(q.select.projections.map((p) => [p.path.segments.map((s) => s.name).join('.'), p.alias?.name ?? null])).toEqual([
      ['T.name', 'n'], ['T.$dtId', null], ['CT', null],
    ]);
  });

  it('parses COUNT()', () => {
    expect(ok('SELECT COUNT() FROM RELATIONSHIPS').select.mode).toBe('count');
  });

  it('parses TOP(n) with and without projections, with a space before the parenthesis', () => {
    const a = ok('SELECT TOP (5) FROM DIGITALTWINS');
    expect(a.select).toMatchObject({ mode: 'all', top: { count: 5 } });
    const b = ok('SELECT TOP(3) T.name FROM DIGITALTWINS T');
    expect(b.select.mode).toBe('projections');
    expect(b.select.top?.count).toBe(3);
  });

  it('rejects TOP(0), COUNT(*) and COUNT with TOP', () => {
    expect(errors('SELECT TOP(0) FROM DIGITALTWINS')[0]?.message).toMatch(/positive whole number/);
    expect(errors('SELECT COUNT(*) FROM DIGITALTWINS')[0]?.message).toMatch(/COUNT takes no arguments/);
    expect(errors('SELECT TOP(2) COUNT() FROM DIGITALTWINS')[0]?.message).toMatch(/TOP cannot be combined with COUNT/);
  });

  it('requires reserved words used as names to be escaped', () => {
    const d = errors("SELECT * FROM DIGITALTWINS WHERE group = 'x'");
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'reserved-word', span: { start: 33, end: 38 } });
    expect(errors("SELECT * FROM DIGITALTWINS WHERE [[group]] = 'x'")).toEqual([]);
  });
});

describe('FROM, JOIN and MATCH', () => {
  it('parses FROM RELATIONSHIPS with an alias', () => {
    const q = ok("SELECT R FROM RELATIONSHIPS R WHERE R.$sourceId = 'a'");
    expect(q.from).toMatchObject({ collection: 'RELATIONSHIPS', alias: { name: 'R' } });
  });

  it('parses chained JOINs with relationship aliases', () => {
    const q = ok("SELECT T, F, R FROM DIGITALTWINS T JOIN F RELATED T.contains JOIN R RELATED F.contains Rel WHERE T.$dtId = 'b'");
    expect(q.from?.joins.map((j) => [j.target.name, j.source.name, j.relationship.name, j.relationshipAlias?.name ?? null])).toEqual([
      ['F', 'T', 'contains', null], ['R', 'F', 'contains', 'Rel'],
    ]);
  });

  it('rejects JOIN on RELATIONSHIPS and a second MATCH', () => {
    expect(errors('SELECT R FROM RELATIONSHIPS R JOIN X RELATED R.x')[0]?.message).toMatch(/JOIN cannot be used with FROM RELATIONSHIPS/);
    expect(errors('SELECT a FROM DIGITALTWINS MATCH (a)-[]->(b) MATCH (c)')[0]?.message).toMatch(/Only one MATCH/);
  });

  it('parses the three edge directions', () => {
    const e = edges('SELECT a FROM DIGITALTWINS MATCH (a)-[]->(b)<-[]-(c)-[]-(d)');
    expect(e.map((x) => x.direction)).toEqual(['out', 'in', 'any']);
  });

  it('parses variables, alternative names and every hop form', () => {
    const e = edges('SELECT a FROM DIGITALTWINS MATCH (a)-[r:contains|has]->(b)-[:x*3]->(c)-[*1..3]->(d)-[:y*..2]-()');
    expect(e.map((x) => [x.variable?.name ?? null, x.names.map((n) => n.name), x.hops && [x.hops.lower, x.hops.upper, x.hops.range]])).toEqual([
      ['r', ['contains', 'has'], null],
      [null, ['x'], [3, 3, false]],
      [null, [], [1, 3, true]],
      [null, ['y'], [null, 2, true]],
    ]);
    expect(ok('SELECT a FROM DIGITALTWINS MATCH (a)-[]->()').from?.match?.nodes[1]?.alias).toBeNull();
  });

  it('rejects an arrow pointing both ways', () => {
    expect(errors('SELECT a FROM DIGITALTWINS MATCH (a)<-[]->(b)')[0]?.message).toMatch(/points one way/);
  });
});

describe('WHERE', () => {
  it('gives AND precedence over OR and keeps NOT and parentheses', () => {
    const w = where('SELECT * FROM DIGITALTWINS WHERE a = 1 OR b = 2 AND NOT (c = 3 OR d = 4)');
    expect(w).toMatchObject({ kind: 'Binary', op: 'OR', right: { kind: 'Binary', op: 'AND', right: { kind: 'Not', operand: { kind: 'Binary', op: 'OR' } } } });
  });

  it('parses every comparison operator and literal type', () => {
    for (const op of ['=', '!=', '<', '>', '<=', '>=']) {
      expect((where(`SELECT * FROM DIGITALTWINS WHERE x ${op} 1`) as CompareExpr).op).toBe(op);
    }
    const lits = ['-2.5', "'s'", 'true', 'FALSE', 'null'].map((l) => ((where(`SELECT * FROM DIGITALTWINS WHERE x = ${l}`) as CompareExpr).right as { value: unknown }).value);
    expect(lits).toEqual([-2.5, 's', true, false, null]);
  });

  it('parses IN and NIN lists', () => {
    const w = where("SELECT * FROM DIGITALTWINS WHERE $dtId IN ['a', 'b'] AND x NIN [1, 2, 3]");
    expect(w.kind === 'Binary' && [(w.left as InExpr).list.length, (w.right as InExpr).negated]).toEqual([2, true]);
    expect(errors('SELECT * FROM DIGITALTWINS WHERE x IN []')[0]?.message).toMatch(/empty/);
  });

  it('parses IS_OF_MODEL with optional alias and exact', () => {
    const a = where("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:a:b;1')") as IsOfModelExpr;
    expect([a.alias, a.model.value, a.exact]).toEqual([null, 'dtmi:a:b;1', false]);
    const b = where("SELECT T FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:a:b;1', exact)") as IsOfModelExpr;
    expect([b.alias?.name, b.exact]).toEqual(['T', true]);
    expect(errors("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('x', fuzzy)")[0]?.message).toMatch(/exact/);
    expect(errors('SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL(42)')[0]?.message).toMatch(/model id in quotes/);
  });

  it('parses every other function and both STARTSWITH spellings', () => {
    const fns = ['IS_DEFINED(x)', 'IS_NULL(x)', 'IS_BOOL(x)', 'IS_NUMBER(x)', 'IS_STRING(x)', 'IS_PRIMITIVE(x)', 'IS_OBJECT(x)',
      "STARTSWITH(x, 'a')", "starts_with(x, 'a')", "ENDSWITH(x, 'a')", "ENDS_WITH(x, 'a')", "CONTAINS(x, 'a')", "ARRAY_CONTAINS(x, 'a')"];
    const parsed = fns.map((f) => where(`SELECT * FROM DIGITALTWINS WHERE ${f}`)).map((e) => e.kind === 'Call' ? e.fn : e.kind);
    expect(parsed).toEqual(['IS_DEFINED', 'IS_NULL', 'IS_BOOL', 'IS_NUMBER', 'IS_STRING', 'IS_PRIMITIVE', 'IS_OBJECT',
      'STARTSWITH', 'STARTSWITH', 'ENDSWITH', 'ENDSWITH', 'CONTAINS', 'ARRAY_CONTAINS']);
  });

  it('checks function arity and argument kinds', () => {
    expect(errors('SELECT * FROM DIGITALTWINS WHERE IS_DEFINED(x, y)')[0]?.message).toMatch(/one argument/);
    expect(errors("SELECT * FROM DIGITALTWINS WHERE STARTSWITH(x)")[0]?.message).toMatch(/Expected ','/);
    expect(errors("SELECT * FROM DIGITALTWINS WHERE STARTSWITH('a', 'b')")[0]?.message).toMatch(/expects a property/);
    expect(errors('SELECT * FROM DIGITALTWINS WHERE FOO(x)')[0]).toMatchObject({ code: 'unknown-function' });
  });

  it('parses map keys and nested paths with escapes', () => {
    const w = where("SELECT * FROM DIGITALTWINS T WHERE T.settings.[[1st]] = 'x'") as CompareExpr;
    expect(w.left.kind === 'Path' && w.left.segments.map((s) => s.name)).toEqual(['T', 'settings', '1st']);
  });
});

describe('error recovery and positions', () => {
  it('reports ADT\'s text for a missing SELECT', () => {
    const d = errors('foo');
    expect(d[0]?.adtMessage).toBe("missing SELECT at 'foo'");
    expect(adtParseErrorMessage(d[0] as NonNullable<typeof d[0]>)).toBe(
      "SQL query parse failed: SQL Parser Error, Line=1, Position=0, Message=missing SELECT at 'foo' See samples in https://aka.ms/adtv2query for the correct syntax.");
  });

  it('one bad condition yields one diagnostic and keeps the rest of the tree', () => {
    const r = parseQuery("SELECT * FROM DIGITALTWINS T\nWHERE T.a = AND T.b = 'x'");
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.span).toMatchObject({ startLine: 2, startColumn: 13 });
    expect(r.ast.where).toMatchObject({ kind: 'Binary', op: 'AND', left: { kind: 'Error' }, right: { kind: 'Compare' } });
    expect(adtParseErrorMessage(r.diagnostics[0] as NonNullable<typeof r.diagnostics[0]>)).toMatch(/Line=2, Position=12/);
  });

  it('recovers from a broken SELECT list and still reads FROM and WHERE', () => {
    const r = parseQuery("SELECT , FROM DIGITALTWINS WHERE x = 1");
    expect(r.diagnostics).toHaveLength(1);
    expect(r.ast.from?.collection).toBe('DIGITALTWINS');
    expect(r.ast.where?.kind).toBe('Compare');
  });

  it('reports a missing FROM and a missing closing parenthesis precisely', () => {
    expect(errors('SELECT *')[0]).toMatchObject({ message: 'Expected FROM, found the end of the query', span: { start: 8 } });
    const d = errors('SELECT * FROM DIGITALTWINS WHERE (x = 1');
    expect(d).toHaveLength(1);
    expect(d[0]?.message).toMatch(/Expected '\)'/);
  });

  it('reports trailing text once', () => {
    const d = errors('SELECT * FROM DIGITALTWINS WHERE x = 1 y = 2 z');
    expect(d).toHaveLength(1);
    expect(d[0]?.adtMessage).toBe("extraneous input 'y' expecting <EOF>");
  });

  it('reports an unknown character once and ignores it', () => {
    const r = parseQuery('SELECT * FROM DIGITALTWINS WHERE x = 1 # ');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.message).toBe("Unexpected character '#'");
  });

  it('the AST is plain JSON', () => {
    const q = ok("SELECT T FROM DIGITALTWINS T WHERE IS_OF_MODEL('dtmi:a;1') AND T.x IN [1, 'a', null]");
    expect(JSON.parse(JSON.stringify(q))).toEqual(q);
  });
});

describe('nesting limit', () => {
  const nested = (levels: number) => `SELECT * FROM DIGITALTWINS T WHERE ${'('.repeat(levels)}T.x = 1${')'.repeat(levels)}`;

  it('parses nesting up to the limit and refuses deeper nesting with a diagnostic, without running out of stack', () => {
    expect(parseQuery(nested(MAX_QUERY_NESTING)).diagnostics).toEqual([]);
    const deep = parseQuery(nested(MAX_QUERY_NESTING + 1));
    expect(deep.diagnostics.map((d) => d.code)).toEqual(['limit-nesting']);
    expect(deep.diagnostics[0]?.span.start).toBe(nested(0).length - 'T.x = 1'.length + MAX_QUERY_NESTING);
    // Far beyond what recursion could take; within ADT's 8,000 characters.
    expect(parseQuery(nested(3900)).diagnostics.map((d) => d.code)).toEqual(['limit-nesting']);
  });

  it('does not count parentheses inside strings', () => {
    expect(parseQuery(`SELECT * FROM DIGITALTWINS T WHERE T.x = '${'('.repeat(500)}'`).diagnostics).toEqual([]);
  });

  it('gives the offset of the first parenthesis too deep, the same one the parser reports (the emulator refuses on it)', () => {
    expect(firstTooDeepParenthesis(nested(MAX_QUERY_NESTING))).toBeUndefined();
    const deep = nested(MAX_QUERY_NESTING + 1);
    expect(firstTooDeepParenthesis(deep)).toBe(parseQuery(deep).diagnostics[0]?.span.start);
    expect(firstTooDeepParenthesis(`SELECT * FROM DIGITALTWINS T WHERE T.x = "${'('.repeat(500)}"`)).toBeUndefined();
  });
});
