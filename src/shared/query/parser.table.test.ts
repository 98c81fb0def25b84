import { describe, expect, it } from 'vitest';
import { parseQuery } from './parser';
import { printDiagnostic, printQuery } from './print';

/**
 * The parser as a table: query text in, a compact printout of the tree out (see print.ts: clauses in query order,
 * conditions as prefix S-expressions, `<error>` where a condition could not be read), and every diagnostic with its
 * 1-based line:column span. The rows with errors show the recovery: one mistake, one diagnostic, the rest of the tree.
 */
const TABLE: [query: string, tree: string, diagnostics: string[]][] = [
  ['select * from digitaltwins',
    'SELECT * FROM DIGITALTWINS',
    []],
  ['SELECT T FROM DIGITALTWINS T',
    'SELECT T FROM DIGITALTWINS T',
    []],
  ['SELECT TOP (5) FROM DIGITALTWINS',
    'SELECT TOP(5) * FROM DIGITALTWINS',
    []],
  ['SELECT TOP(3) T.name AS n FROM DIGITALTWINS T',
    'SELECT TOP(3) T.name AS n FROM DIGITALTWINS T',
    []],
  ['SELECT COUNT() FROM RELATIONSHIPS',
    'SELECT COUNT() FROM RELATIONSHIPS',
    []],
  ["SELECT Consumer.name, Relationship.managedBy FROM DIGITALTWINS Factory JOIN Consumer RELATED Factory.consumerRelationship Relationship WHERE Factory.$dtId = 'FactoryA'",
    "SELECT Consumer.name, Relationship.managedBy FROM DIGITALTWINS Factory JOIN Consumer RELATED Factory.consumerRelationship Relationship WHERE (= Factory.$dtId 'FactoryA')",
    []],
  ["SELECT * FROM RELATIONSHIPS WHERE $sourceId IN ['A', 'B']",
    "SELECT * FROM RELATIONSHIPS WHERE (in $sourceId ['A' 'B'])",
    []],
  ['SELECT * FROM DIGITALTWINS WHERE a = 1 OR b = 2 AND NOT (c = 3 OR d = 4)',
    'SELECT * FROM DIGITALTWINS WHERE (or (= a 1) (and (= b 2) (not (or (= c 3) (= d 4)))))',
    []],
  ["SELECT * FROM DIGITALTWINS WHERE x != -2.5 AND y <= 'D\\'Souza' AND z NIN [true, null]",
    "SELECT * FROM DIGITALTWINS WHERE (and (and (!= x -2.5) (<= y 'D\\'Souza')) (nin z [true null]))",
    []],
  ["SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:a:b;1', exact) AND starts_with(T.name, 'R') AND ARRAY_CONTAINS(T.tags, 2)",
    "SELECT * FROM DIGITALTWINS T WHERE (and (and (IS_OF_MODEL T 'dtmi:a:b;1' exact) (STARTSWITH T.name 'R')) (ARRAY_CONTAINS T.tags 2))",
    []],
  ["SELECT * FROM DIGITALTWINS WHERE [[Group]] = 'BravoTeam' AND T.map.[[1st]] = 'x'",
    "SELECT * FROM DIGITALTWINS WHERE (and (= [[Group]] 'BravoTeam') (= T.map.[[1st]] 'x'))",
    []],
  ["SELECT Floor, Room, Cafe FROM DIGITALTWINS MATCH (Floor)-[r:contains|isAssociatedWith]->(Cafe)<-[:has|includes*..3]-(Room) WHERE Floor.$dtId = 'thermostat-15'",
    "SELECT Floor, Room, Cafe FROM DIGITALTWINS MATCH (Floor)-[r:contains|isAssociatedWith]->(Cafe)<-[:has|includes*..3]-(Room) WHERE (= Floor.$dtId 'thermostat-15')",
    []],
  ['SELECT a FROM DIGITALTWINS MATCH (a)-[*1..3]-()-[:x*3]->(b)',
    'SELECT a FROM DIGITALTWINS MATCH (a)-[*1..3]-()-[:x*3]->(b)',
    []],
  ['foo',
    'SELECT foo FROM <missing>',
    ["error syntax 1:1-1:4 A query starts with SELECT; found 'foo'", 'error syntax 1:4-1:4 Expected FROM, found the end of the query']],
  ['SELECT *',
    'SELECT * FROM <missing>',
    ['error syntax 1:9-1:9 Expected FROM, found the end of the query']],
  ["SELECT * FROM DIGITALTWINS T\nWHERE T.a = AND T.b = 'x'",
    "SELECT * FROM DIGITALTWINS T WHERE (and <error> (= T.b 'x'))",
    ["error syntax 2:13-2:16 Expected a value after '=' (a property or a value), found 'AND'"]],
  ['SELECT , FROM DIGITALTWINS WHERE x = 1',
    'SELECT <missing> FROM DIGITALTWINS WHERE (= x 1)',
    ["error syntax 1:8-1:9 Expected *, COUNT(), TOP(n) or a projection after SELECT, found ','"]],
  ['SELECT * FROM DIGITALTWINS WHERE (x = 1',
    'SELECT * FROM DIGITALTWINS WHERE (= x 1)',
    ["error syntax 1:40-1:40 Expected ')' to close the parenthesis, found the end of the query"]],
  ['SELECT * FROM DIGITALTWINS WHERE x = 1 y = 2 z',
    'SELECT * FROM DIGITALTWINS WHERE (= x 1)',
    ["error syntax 1:40-1:41 Unexpected 'y': expected AND, OR or the end of the query"]],
  ["SELECT * FROM DIGITALTWINS WHERE group = 'x'",
    "SELECT * FROM DIGITALTWINS WHERE (= group 'x')",
    ["error reserved-word 1:34-1:39 'group' is a reserved word; write [[group]] to use it as a name"]],
  ["SELECT * FROM DIGITALTWINS WHERE x = 'abc",
    "SELECT * FROM DIGITALTWINS WHERE (= x 'abc')",
    ["error syntax 1:38-1:42 String is missing its closing quote (')"]],
  ['SELECT a FROM DIGITALTWINS MATCH (a)<-[]->(b)',
    'SELECT a FROM DIGITALTWINS MATCH (a)<-[]-(b)',
    ['error syntax 1:42-1:43 An edge points one way: use <-[...]- or -[...]->, or chain two edges for both directions']],
  ['SELECT R FROM RELATIONSHIPS R JOIN X RELATED R.x',
    'SELECT R FROM RELATIONSHIPS R JOIN X RELATED R.x',
    ['error syntax 1:31-1:35 JOIN cannot be used with FROM RELATIONSHIPS']],
  ['SELECT TOP(0) FROM DIGITALTWINS',
    'SELECT TOP(0) * FROM DIGITALTWINS',
    ["error syntax 1:12-1:13 TOP needs a positive whole number, e.g. TOP(10); found '0'"]],
  ['SELECT * FROM DIGITALTWINS WHERE FOO(x)',
    'SELECT * FROM DIGITALTWINS WHERE <error>',
    ["error unknown-function 1:34-1:37 Unknown function 'FOO'"]],
  ['SELECT * FROM DIGITALTWINS WHERE x IN []',
    'SELECT * FROM DIGITALTWINS WHERE (in x [])',
    ['error syntax 1:40-1:41 The IN list is empty']],
  ['SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL(42)',
    'SELECT * FROM DIGITALTWINS WHERE <error>',
    ["error syntax 1:46-1:48 IS_OF_MODEL expects a model id in quotes, e.g. IS_OF_MODEL('dtmi:example:Room;1'); found '42'"]],
  ['SELECT * FROM DIGITALTWINS WHERE x = 1 # ',
    'SELECT * FROM DIGITALTWINS WHERE (= x 1)',
    ["error syntax 1:40-1:41 Unexpected character '#'"]],
];

describe('parser table', () => {
  it.each(TABLE)('%s', (query, tree, diagnostics) => {
    const r = parseQuery(query);
    expect(printQuery(r.ast)).toBe(tree);
    expect(r.diagnostics.map(printDiagnostic)).toEqual(diagnostics);
  });

  it('prints a tree that parses back to the same tree (for the rows without errors)', () => {
    for (const [query, tree, diagnostics] of TABLE) {
      if (diagnostics.length > 0 || tree.includes('(')) continue;
      expect(printQuery(parseQuery(tree).ast), query).toBe(tree);
    }
  });
});
