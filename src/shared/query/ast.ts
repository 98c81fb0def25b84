/**
 * AST of the ADT query language. Plain data only (JSON-serialisable) so it can cross a Web Worker boundary
 * and be snapshotted in tests. Every node carries its source span.
 */

/** Offsets are 0-based UTF-16 indexes into the query text (end exclusive); lines and columns are 1-based. */
export interface Span {
  start: number;
  end: number;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Identifier {
  kind: 'Identifier';
  name: string;
  /** Written as `[[name]]`: never a keyword, may hold any character. */
  escaped: boolean;
  span: Span;
}

/** `a.b.c` — the first segment may be a collection alias; the analyzer decides (see analyze.ts). */
export interface PathExpr {
  kind: 'Path';
  segments: Identifier[];
  span: Span;
}

export interface Literal {
  kind: 'Literal';
  value: string | number | boolean | null;
  span: Span;
}

export type Operand = PathExpr | Literal;

export interface Projection {
  kind: 'Projection';
  path: PathExpr;
  alias: Identifier | null;
  span: Span;
}

export interface SelectClause {
  kind: 'Select';
  /** 'all': `SELECT *` or `SELECT TOP(n)` without projections (whole documents). */
  mode: 'all' | 'count' | 'projections';
  top: { count: number; span: Span } | null;
  projections: Projection[];
  span: Span;
}

export interface JoinClause {
  kind: 'Join';
  target: Identifier;
  source: Identifier;
  relationship: Identifier;
  relationshipAlias: Identifier | null;
  span: Span;
}

export interface MatchNode {
  kind: 'MatchNode';
  alias: Identifier | null;
  span: Span;
}

/**
 * Hop count as written: `*3` → {lower: 3, upper: 3, range: false}; `*1..3` → {1, 3, true}; `*..2` → {null, 2, true}.
 * How a range maps to hop counts depends on an engine option (see `hopBounds`).
 */
export interface Hops {
  lower: number | null;
  upper: number;
  range: boolean;
  span: Span;
}

export interface MatchEdge {
  kind: 'MatchEdge';
  /** 'out': `-[..]->` (left node is the source), 'in': `<-[..]-`, 'any': `-[..]-`. */
  direction: 'out' | 'in' | 'any';
  variable: Identifier | null;
  /** Empty = any relationship name. */
  names: Identifier[];
  hops: Hops | null;
  span: Span;
}

export interface MatchClause {
  kind: 'Match';
  nodes: MatchNode[];
  /** edges[i] connects nodes[i] and nodes[i + 1]. */
  edges: MatchEdge[];
  span: Span;
}

export interface FromClause {
  kind: 'From';
  collection: 'DIGITALTWINS' | 'RELATIONSHIPS';
  alias: Identifier | null;
  joins: JoinClause[];
  match: MatchClause | null;
  span: Span;
}

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type UnaryFunctionName = 'IS_DEFINED' | 'IS_NULL' | 'IS_BOOL' | 'IS_NUMBER' | 'IS_STRING' | 'IS_PRIMITIVE' | 'IS_OBJECT';
export type BinaryFunctionName = 'STARTSWITH' | 'ENDSWITH' | 'CONTAINS' | 'ARRAY_CONTAINS';
export type FunctionName = UnaryFunctionName | BinaryFunctionName | 'IS_OF_MODEL';

export interface BinaryExpr { kind: 'Binary'; op: 'AND' | 'OR'; left: Expr; right: Expr; span: Span }
export interface NotExpr { kind: 'Not'; operand: Expr; span: Span }
export interface CompareExpr { kind: 'Compare'; op: CompareOp; left: Operand; right: Operand; span: Span }
export interface InExpr { kind: 'In'; negated: boolean; operand: Operand; list: Literal[]; span: Span }
export interface CallExpr {
  kind: 'Call';
  fn: UnaryFunctionName | BinaryFunctionName;
  /** As written (e.g. `starts_with`), for messages. */
  name: Identifier;
  args: Operand[];
  span: Span;
}
export interface IsOfModelExpr {
  kind: 'IsOfModel';
  alias: Identifier | null;
  model: Literal;
  exact: boolean;
  span: Span;
}
/** Placeholder where a condition could not be parsed; the parser reported why. */
export interface ErrorExpr { kind: 'Error'; span: Span }

export type Expr = BinaryExpr | NotExpr | CompareExpr | InExpr | CallExpr | IsOfModelExpr | ErrorExpr;

export interface Query {
  kind: 'Query';
  select: SelectClause;
  /** null when the FROM clause is missing or unreadable (a parse error was reported). */
  from: FromClause | null;
  where: Expr | null;
  /** Length of the query text, for the 8,000-character limit. */
  textLength: number;
  span: Span;
}
