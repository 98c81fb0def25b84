import type { Expr, FromClause, Identifier, Literal, MatchEdge, Operand, PathExpr, Query, SelectClause } from './ast';
import type { QueryDiagnostic } from './diagnostics';
import { queryStringLiteral } from './literal';

/**
 * A compact, one-line printout of a query tree: clauses in query order, conditions as prefix S-expressions
 * (`(and (= T.a 1) (IS_DEFINED T.b))`), so a table of tests shows the parse at a glance, precedence included.
 * Escaped identifiers keep their `[[...]]`; a condition that failed to parse prints as `<error>`.
 */
export function printQuery(q: Query): string {
  const parts = [`SELECT ${printSelect(q.select)}`, q.from ? `FROM ${printFrom(q.from)}` : 'FROM <missing>'];
  if (q.where) parts.push(`WHERE ${printExpr(q.where)}`);
  return parts.join(' ');
}

/** `error syntax 1:34-1:37 Expected FROM, ...`: severity, code, 1-based line:column span and message. */
export function printDiagnostic(d: QueryDiagnostic): string {
  const s = d.span;
  return `${d.severity} ${d.code} ${s.startLine}:${s.startColumn}-${s.endLine}:${s.endColumn} ${d.message}`;
}

function id(i: Identifier): string {
  return i.escaped ? `[[${i.name}]]` : i.name;
}

function path(p: PathExpr): string {
  return p.segments.map(id).join('.');
}

function literal(l: Literal): string {
  return typeof l.value === 'string' ? queryStringLiteral(l.value) : String(l.value);
}

function operand(o: Operand): string {
  return o.kind === 'Path' ? path(o) : literal(o);
}

function printSelect(s: SelectClause): string {
  const top = s.top ? `TOP(${s.top.count}) ` : '';
  if (s.mode === 'count') return `${top}COUNT()`;
  if (s.mode === 'all') return `${top}*`;
  if (s.projections.length === 0) return `${top}<missing>`;
  return top + s.projections.map((p) => (p.alias ? `${path(p.path)} AS ${id(p.alias)}` : path(p.path))).join(', ');
}

function edge(e: MatchEdge): string {
  let inner = e.variable ? id(e.variable) : '';
  if (e.names.length > 0) inner += `:${e.names.map(id).join('|')}`;
  if (e.hops) inner += e.hops.range ? `*${e.hops.lower ?? ''}..${e.hops.upper}` : `*${e.hops.upper}`;
  if (e.direction === 'out') return `-[${inner}]->`;
  if (e.direction === 'in') return `<-[${inner}]-`;
  return `-[${inner}]-`;
}

function printFrom(f: FromClause): string {
  let out = f.collection + (f.alias ? ` ${id(f.alias)}` : '');
  for (const j of f.joins) {
    out += ` JOIN ${id(j.target)} RELATED ${id(j.source)}.${id(j.relationship)}${j.relationshipAlias ? ` ${id(j.relationshipAlias)}` : ''}`;
  }
  if (f.match) {
    const m = f.match;
    out += ' MATCH ' + m.nodes.map((n, i) => `(${n.alias ? id(n.alias) : ''})${m.edges[i] ? edge(m.edges[i]) : ''}`).join('');
  }
  return out;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'Binary': return `(${e.op.toLowerCase()} ${printExpr(e.left)} ${printExpr(e.right)})`;
    case 'Not': return `(not ${printExpr(e.operand)})`;
    case 'Compare': return `(${e.op} ${operand(e.left)} ${operand(e.right)})`;
    case 'In': return `(${e.negated ? 'nin' : 'in'} ${operand(e.operand)} [${e.list.map(literal).join(' ')}])`;
    case 'Call': return `(${e.fn} ${e.args.map(operand).join(' ')})`;
    case 'IsOfModel': return `(IS_OF_MODEL${e.alias ? ` ${id(e.alias)}` : ''} ${literal(e.model)}${e.exact ? ' exact' : ''})`;
    case 'Error': return '<error>';
  }
}
