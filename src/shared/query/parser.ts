import type {
  CompareOp, Expr, FromClause, Hops, Identifier, JoinClause, Literal, MatchClause, MatchEdge, MatchNode, Operand,
  PathExpr, Projection, Query, SelectClause, Span,
} from './ast';
import { diagnostic, type QueryDiagnostic } from './diagnostics';
import { CLAUSE_WORDS, RESERVED_WORDS, canonicalFunctionName, isUnaryFunction } from './keywords';
import { LineMap, tokenize, type Token } from './lexer';
import { MAX_QUERY_NESTING } from './limits';

export interface ParseResult {
  ast: Query;
  /** Lexical and syntax errors, in source order. Semantic checks are in `analyzeQuery`. */
  diagnostics: QueryDiagnostic[];
  /** All tokens (including 'invalid' ones) ending with 'eof'; used by completions and highlighting. */
  tokens: Token[];
}

const COMPARE_OPS: ReadonlySet<string> = new Set(['=', '!=', '<', '>', '<=', '>=']);

/** Words that end or continue a clause; seeing one where a name is expected means the name is missing. */
const STOP_WORDS: ReadonlySet<string> = new Set([
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'NIN', 'AS', 'TOP', 'COUNT', 'TRUE', 'FALSE', 'NULL',
  'JOIN', 'RELATED', 'MATCH', 'DIGITALTWINS', 'RELATIONSHIPS',
]);

export function mergeSpans(a: Span, b: Span): Span {
  return { start: a.start, startLine: a.startLine, startColumn: a.startColumn, end: b.end, endLine: b.endLine, endColumn: b.endColumn };
}

function emptySpanAt(s: Span): Span {
  return { start: s.start, startLine: s.startLine, startColumn: s.startColumn, end: s.start, endLine: s.startLine, endColumn: s.startColumn };
}

function describe(t: Token): string {
  return t.type === 'eof' ? 'the end of the query' : `'${t.text}'`;
}
function adtText(t: Token): string {
  return t.type === 'eof' ? '<EOF>' : t.text;
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  private lastConsumed: Token;
  private lastErrorStart = -1;

  constructor(allTokens: Token[], private readonly diagnostics: QueryDiagnostic[]) {
    // Invalid characters were already reported by the lexer; skipping them keeps one mistake = one diagnostic.
    this.tokens = allTokens.filter((t) => t.type !== 'invalid');
    this.lastConsumed = this.tokens[0] as Token;
  }

  // ---- token helpers ----

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.pos++;
    this.lastConsumed = t;
    return t;
  }
  private atEof(): boolean {
    return this.peek().type === 'eof';
  }
  private isKw(t: Token, word: string): boolean {
    return t.type === 'ident' && !t.escaped && t.upper === word;
  }
  private atKw(word: string): boolean {
    return this.isKw(this.peek(), word);
  }
  private isPunct(t: Token, p: string): boolean {
    return t.type === 'punct' && t.value === p;
  }
  private atPunct(p: string): boolean {
    return this.isPunct(this.peek(), p);
  }
  /** A token that can start a name: an identifier that is not a keyword with a role at this point. */
  private isName(t: Token): boolean {
    return t.type === 'ident' && (t.escaped || (!STOP_WORDS.has(t.upper) && !CLAUSE_WORDS.has(t.upper)));
  }
  private spanFrom(start: Span): Span {
    const last = this.lastConsumed.span;
    return last.end >= start.end && last.start >= start.start ? mergeSpans(start, last) : emptySpanAt(start);
  }

  private error(span: Span, message: string, adtMessage: string, code = 'syntax'): void {
    if (span.start === this.lastErrorStart) return;
    this.lastErrorStart = span.start;
    this.diagnostics.push(diagnostic('error', code, message, span, adtMessage));
  }

  private expectPunct(p: string, context: string): boolean {
    if (this.atPunct(p)) { this.next(); return true; }
    const t = this.peek();
    this.error(t.span, `Expected '${p}' ${context}, found ${describe(t)}`, `missing '${p}' at '${adtText(t)}'`);
    return false;
  }

  private identifier(t: Token): Identifier {
    if (!t.escaped && RESERVED_WORDS.has(t.upper)) {
      this.error(t.span, `'${t.value}' is a reserved word; write [[${t.value}]] to use it as a name`,
        `mismatched input '${t.text}' expecting IDENTIFIER`, 'reserved-word');
    }
    return { kind: 'Identifier', name: t.value, escaped: t.escaped, span: t.span };
  }

  private placeholder(): Identifier {
    return { kind: 'Identifier', name: '', escaped: false, span: emptySpanAt(this.peek().span) };
  }

  /** A name where the grammar requires one; reports and returns an empty placeholder when missing. */
  private expectName(what: string): Identifier {
    const t = this.peek();
    if (this.isName(t) || (t.type === 'ident' && !t.escaped && RESERVED_WORDS.has(t.upper) && !STOP_WORDS.has(t.upper))) {
      return this.identifier(this.next());
    }
    this.error(t.span, `Expected ${what}, found ${describe(t)}`, `mismatched input '${adtText(t)}' expecting IDENTIFIER`);
    return this.placeholder();
  }

  /** Skips tokens until a keyword of `words` (or the end); reports the first skipped token. */
  private syncTo(words: string[], context: string): void {
    const first = this.peek();
    let skipped = false;
    while (!this.atEof() && !words.some((w) => this.atKw(w))) {
      this.next();
      skipped = true;
    }
    if (skipped) {
      this.error(first.span, `Unexpected ${describe(first)} ${context}`, `extraneous input '${adtText(first)}'`);
    }
  }

  // ---- query ----

  parseQuery(textLength: number): Query {
    const first = this.peek();
    const select = this.parseSelect();
    let from: FromClause | null = null;
    if (this.atKw('FROM')) {
      from = this.parseFrom();
    } else {
      const t = this.peek();
      this.error(t.span, `Expected FROM, found ${describe(t)}`, `missing FROM at '${adtText(t)}'`);
      this.syncTo(['FROM', 'WHERE'], 'before FROM');
      if (this.atKw('FROM')) from = this.parseFrom();
    }
    let where: Expr | null = null;
    if (!this.atEof() && !this.atKw('WHERE')) this.syncTo(['WHERE'], 'after the FROM clause: expected WHERE or the end of the query');
    if (this.atKw('WHERE')) {
      this.next();
      where = this.parseOr();
    }
    if (!this.atEof()) {
      const t = this.peek();
      this.error(t.span, `Unexpected ${describe(t)}: expected AND, OR or the end of the query`, `extraneous input '${adtText(t)}' expecting <EOF>`);
      while (!this.atEof()) this.next();
    }
    return { kind: 'Query', select, from, where, textLength, span: this.spanFrom(first.span) };
  }

  private parseSelect(): SelectClause {
    const first = this.peek();
    if (this.atKw('SELECT')) {
      this.next();
    } else {
      this.error(first.span, `A query starts with SELECT; found ${describe(first)}`, `missing SELECT at '${adtText(first)}'`);
      const selectAt = this.tokens.findIndex((t, i) => i >= this.pos && this.isKw(t, 'SELECT'));
      if (selectAt >= 0) { this.pos = selectAt; this.next(); }
    }
    let top: SelectClause['top'] = null;
    if (this.atKw('TOP')) {
      const topTok = this.next();
      this.expectPunct('(', 'after TOP');
      const n = this.peek();
      let count = 0;
      if (n.type === 'number' && /^\d+$/.test(n.value) && Number(n.value) > 0) {
        count = Number(this.next().value);
      } else {
        this.error(n.span, `TOP needs a positive whole number, e.g. TOP(10); found ${describe(n)}`, `mismatched input '${adtText(n)}' expecting NUMBER`);
        if (n.type === 'number') this.next();
      }
      this.expectPunct(')', 'to close TOP(');
      top = { count, span: this.spanFrom(topTok.span) };
    }
    if (this.atPunct('*')) {
      this.next();
      return { kind: 'Select', mode: 'all', top, projections: [], span: this.spanFrom(first.span) };
    }
    if (this.atKw('COUNT') && this.isPunct(this.peek(1), '(')) {
      this.next();
      this.next();
      if (!this.atPunct(')')) {
        const t = this.peek();
        this.error(t.span, 'COUNT takes no arguments: write COUNT()', `mismatched input '${adtText(t)}' expecting ')'`);
        while (!this.atEof() && !this.atPunct(')') && !this.atKw('FROM')) this.next();
      }
      this.expectPunct(')', 'to close COUNT(');
      if (top) this.error(top.span, 'TOP cannot be combined with COUNT()', "mismatched input 'COUNT' expecting FROM");
      return { kind: 'Select', mode: 'count', top, projections: [], span: this.spanFrom(first.span) };
    }
    if (top && this.atKw('FROM')) {
      return { kind: 'Select', mode: 'all', top, projections: [], span: this.spanFrom(first.span) };
    }
    const projections: Projection[] = [];
    for (;;) {
      const t = this.peek();
      if (!this.isName(t) && !(t.type === 'ident' && !t.escaped && RESERVED_WORDS.has(t.upper) && !STOP_WORDS.has(t.upper))) {
        this.error(t.span, `Expected *, COUNT(), TOP(n) or a projection after SELECT, found ${describe(t)}`,
          `mismatched input '${adtText(t)}' expecting {'*', COUNT, TOP, IDENTIFIER}`);
        this.syncTo(['FROM', 'WHERE'], 'in the SELECT clause');
        break;
      }
      const path = this.parsePath();
      let alias: Identifier | null = null;
      if (this.atKw('AS')) {
        this.next();
        alias = this.expectName('an output name after AS');
      }
      projections.push({ kind: 'Projection', path, alias, span: this.spanFrom(path.span) });
      if (!this.atPunct(',')) break;
      this.next();
    }
    return { kind: 'Select', mode: 'projections', top, projections, span: this.spanFrom(first.span) };
  }

  private parsePath(): PathExpr {
    const first = this.identifier(this.next());
    const segments = [first];
    while (this.atPunct('.')) {
      this.next();
      const t = this.peek();
      if (t.type === 'ident') {
        segments.push(this.identifier(this.next()));
      } else {
        this.error(t.span, `Expected a property name after '.', found ${describe(t)}`, `mismatched input '${adtText(t)}' expecting IDENTIFIER`);
        break;
      }
    }
    return { kind: 'Path', segments, span: this.spanFrom(first.span) };
  }

  // ---- FROM ----

  private parseFrom(): FromClause {
    const fromTok = this.next();
    let collection: FromClause['collection'] = 'DIGITALTWINS';
    const c = this.peek();
    if (this.atKw('DIGITALTWINS') || this.atKw('RELATIONSHIPS')) {
      collection = this.next().upper as FromClause['collection'];
    } else {
      this.error(c.span, `Expected DIGITALTWINS or RELATIONSHIPS after FROM, found ${describe(c)}`,
        `mismatched input '${adtText(c)}' expecting {DIGITALTWINS, RELATIONSHIPS}`);
      if (c.type === 'ident' && this.isName(c)) this.next();
    }
    let alias: Identifier | null = null;
    if (this.isName(this.peek())) alias = this.identifier(this.next());
    const joins: JoinClause[] = [];
    let match: MatchClause | null = null;
    for (;;) {
      if (this.atKw('JOIN')) {
        const t = this.peek();
        if (collection === 'RELATIONSHIPS') {
          this.error(t.span, 'JOIN cannot be used with FROM RELATIONSHIPS', "extraneous input 'JOIN' expecting {WHERE, <EOF>}");
        } else if (match) {
          this.error(t.span, 'JOIN cannot be combined with MATCH; express the join as a MATCH pattern', "extraneous input 'JOIN' expecting {WHERE, <EOF>}");
        }
        joins.push(this.parseJoin());
      } else if (this.atKw('MATCH')) {
        const t = this.peek();
        if (match) {
          this.error(t.span, 'Only one MATCH clause is allowed per query', "extraneous input 'MATCH' expecting {WHERE, <EOF>}");
        } else if (collection === 'RELATIONSHIPS') {
          this.error(t.span, 'MATCH is only allowed after FROM DIGITALTWINS', "extraneous input 'MATCH' expecting {WHERE, <EOF>}");
        } else if (joins.length > 0) {
          this.error(t.span, 'MATCH cannot be combined with JOIN; express the join as a MATCH pattern', "extraneous input 'MATCH' expecting {WHERE, <EOF>}");
        } else if (alias) {
          this.error(alias.span, 'FROM DIGITALTWINS takes no alias before MATCH; name the twins inside the pattern, e.g. MATCH (t)-[]->(u)',
            `extraneous input '${alias.name}' expecting MATCH`);
        }
        const m = this.parseMatch();
        match ??= m;
      } else {
        break;
      }
    }
    return { kind: 'From', collection, alias, joins, match, span: this.spanFrom(fromTok.span) };
  }

  private parseJoin(): JoinClause {
    const joinTok = this.next();
    const target = this.expectName('the alias of the joined twins after JOIN');
    let source = this.placeholder();
    let relationship = this.placeholder();
    let relationshipAlias: Identifier | null = null;
    if (this.atKw('RELATED')) {
      this.next();
      source = this.expectName('the alias of the source twins after RELATED');
      if (this.expectPunct('.', "between the source alias and the relationship name (RELATED T.relName)")) {
        relationship = this.expectName('a relationship name');
      }
      if (this.isName(this.peek())) relationshipAlias = this.identifier(this.next());
    } else {
      const t = this.peek();
      this.error(t.span, `Expected RELATED after the JOIN alias, found ${describe(t)} (JOIN CT RELATED T.relName)`,
        `missing RELATED at '${adtText(t)}'`);
    }
    if (!this.atEof() && !this.atKw('JOIN') && !this.atKw('WHERE') && !this.atKw('MATCH')) {
      this.syncTo(['JOIN', 'MATCH', 'WHERE'], 'in the JOIN clause');
    }
    return { kind: 'Join', target, source, relationship, relationshipAlias, span: this.spanFrom(joinTok.span) };
  }

  // ---- MATCH ----

  private parseMatch(): MatchClause {
    const matchTok = this.next();
    const nodes: MatchNode[] = [this.parseNode()];
    const edges: MatchEdge[] = [];
    while (this.atPunct('-') || this.atPunct('<')) {
      edges.push(this.parseEdge());
      nodes.push(this.parseNode());
    }
    if (!this.atEof() && !this.atKw('WHERE') && !this.atKw('JOIN') && !this.atKw('MATCH')) {
      this.syncTo(['WHERE'], 'in the MATCH pattern');
    }
    return { kind: 'Match', nodes, edges, span: this.spanFrom(matchTok.span) };
  }

  private parseNode(): MatchNode {
    const start = this.peek();
    if (!this.expectPunct('(', 'to start a MATCH node, e.g. (t)')) {
      return { kind: 'MatchNode', alias: null, span: emptySpanAt(start.span) };
    }
    const alias = this.isName(this.peek()) ? this.identifier(this.next()) : null;
    this.expectPunct(')', 'to close the MATCH node');
    return { kind: 'MatchNode', alias, span: this.spanFrom(start.span) };
  }

  private parseEdge(): MatchEdge {
    const start = this.peek();
    let incoming = false;
    if (this.atPunct('<')) {
      this.next();
      incoming = true;
    }
    this.expectPunct('-', 'in the MATCH edge (-[...]->, <-[...]- or -[...]-)');
    let variable: Identifier | null = null;
    const names: Identifier[] = [];
    let hops: Hops | null = null;
    if (this.expectPunct('[', 'to open the MATCH edge')) {
      if (this.isName(this.peek())) variable = this.identifier(this.next());
      if (this.atPunct(':')) {
        this.next();
        names.push(this.expectName('a relationship name after ":"'));
        while (this.atPunct('|')) {
          this.next();
          names.push(this.expectName('a relationship name after "|"'));
        }
      }
      if (this.atPunct('*')) hops = this.parseHops();
      if (!this.atPunct(']')) {
        const t = this.peek();
        this.error(t.span, `Expected ']' to close the MATCH edge, found ${describe(t)}`, `missing ']' at '${adtText(t)}'`);
        while (!this.atEof() && !this.atPunct(']') && !this.atPunct('(') && !this.atKw('WHERE')) this.next();
      }
      if (this.atPunct(']')) this.next();
    }
    this.expectPunct('-', 'after the MATCH edge');
    let direction: MatchEdge['direction'] = incoming ? 'in' : 'any';
    if (this.atPunct('>')) {
      const arrow = this.next();
      if (incoming) {
        this.error(arrow.span, 'An edge points one way: use <-[...]- or -[...]->, or chain two edges for both directions',
          "extraneous input '>' expecting '('");
      } else {
        direction = 'out';
      }
    }
    return { kind: 'MatchEdge', direction, variable, names, hops, span: this.spanFrom(start.span) };
  }

  private parseHops(): Hops {
    const star = this.next();
    const count = (): number | null => {
      const t = this.peek();
      if (t.type === 'number' && /^\d+$/.test(t.value)) return Number(this.next().value);
      this.error(t.span, `Expected a hop count (a whole number), found ${describe(t)}; e.g. *2, *1..3 or *..3`,
        `mismatched input '${adtText(t)}' expecting NUMBER`);
      return null;
    };
    let lower: number | null = null;
    let upper: number | null;
    let range = false;
    if (this.atPunct('..')) {
      this.next();
      range = true;
      upper = count();
    } else {
      lower = count();
      upper = lower;
      if (this.atPunct('..')) {
        this.next();
        range = true;
        upper = count();
      }
    }
    return { lower, upper: upper ?? 1, range, span: this.spanFrom(star.span) };
  }

  // ---- WHERE ----

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.atKw('OR')) {
      this.next();
      const right = this.parseAnd();
      left = { kind: 'Binary', op: 'OR', left, right, span: mergeSpans(left.span, right.span) };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.atKw('AND')) {
      this.next();
      const right = this.parseNot();
      left = { kind: 'Binary', op: 'AND', left, right, span: mergeSpans(left.span, right.span) };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.atKw('NOT')) {
      const notTok = this.next();
      const operand = this.parseNot();
      return { kind: 'Not', operand, span: mergeSpans(notTok.span, operand.span) };
    }
    return this.parsePrimary();
  }

  /** Skips a malformed condition up to the next AND/OR/closing parenthesis at the same depth. */
  private recoverCondition(start: Token): Expr {
    let depth = 0;
    while (!this.atEof()) {
      if (depth === 0 && (this.atKw('AND') || this.atKw('OR') || this.atPunct(')'))) break;
      if (this.atPunct('(')) depth++;
      if (this.atPunct(')')) depth--;
      this.next();
    }
    return { kind: 'Error', span: this.spanFrom(start.span) };
  }

  /** Skips to just after the parenthesis that closes the current one (`depth` = parentheses already open). */
  private skipBalancedParens(depth = 1): void {
    while (!this.atEof()) {
      const t = this.next();
      if (this.isPunct(t, '(')) depth++;
      if (this.isPunct(t, ')') && --depth === 0) return;
    }
  }

  private parsePrimary(): Expr {
    const start = this.peek();
    if (this.atPunct('(')) {
      this.next();
      const inner = this.parseOr();
      this.expectPunct(')', 'to close the parenthesis');
      return { ...inner, span: this.spanFrom(start.span) };
    }
    if (start.type === 'ident' && !start.escaped && this.isPunct(this.peek(1), '(')) {
      const fn = canonicalFunctionName(start.upper);
      if (fn === 'IS_OF_MODEL') return this.parseIsOfModel();
      if (fn) return this.parseCall(fn);
      this.error(start.span, `Unknown function '${start.text}'`, `no viable alternative at input '${start.text}('`, 'unknown-function');
      this.next();
      this.skipBalancedParens(0);
      return { kind: 'Error', span: this.spanFrom(start.span) };
    }
    const left = this.parseOperand('a condition');
    if (!left) return this.recoverCondition(start);
    const opTok = this.peek();
    if (opTok.type === 'punct' && COMPARE_OPS.has(opTok.value)) {
      this.next();
      const right = this.parseOperand(`a value after '${opTok.value}'`);
      if (!right) return this.recoverCondition(start);
      return { kind: 'Compare', op: opTok.value as CompareOp, left, right, span: mergeSpans(left.span, right.span) };
    }
    if (this.atKw('IN') || this.atKw('NIN')) {
      const negated = this.next().upper === 'NIN';
      const list = this.parseList(negated ? 'NIN' : 'IN');
      if (!list) return this.recoverCondition(start);
      return { kind: 'In', negated, operand: left, list, span: this.spanFrom(start.span) };
    }
    this.error(opTok.span, `Expected a comparison (=, !=, <, >, <=, >=), IN or NIN after ${left.kind === 'Path' ? 'the property' : 'the value'}, found ${describe(opTok)}`,
      `no viable alternative at input '${adtText(opTok)}'`);
    return this.recoverCondition(start);
  }

  private parseLiteral(): Literal | null {
    const t = this.peek();
    if (t.type === 'string') return { kind: 'Literal', value: this.next().value, span: t.span };
    if (t.type === 'number') return { kind: 'Literal', value: Number(this.next().value), span: t.span };
    if (this.isPunct(t, '-') && this.peek(1).type === 'number' && this.peek(1).span.start === t.span.end) {
      this.next();
      const n = this.next();
      return { kind: 'Literal', value: -Number(n.value), span: mergeSpans(t.span, n.span) };
    }
    if (t.type === 'ident' && !t.escaped && (t.upper === 'TRUE' || t.upper === 'FALSE' || t.upper === 'NULL')) {
      this.next();
      return { kind: 'Literal', value: t.upper === 'NULL' ? null : t.upper === 'TRUE', span: t.span };
    }
    return null;
  }

  private parseOperand(what: string): Operand | null {
    const lit = this.parseLiteral();
    if (lit) return lit;
    const t = this.peek();
    if (this.isName(t) || (t.type === 'ident' && !t.escaped && RESERVED_WORDS.has(t.upper) && !STOP_WORDS.has(t.upper)
      && canonicalFunctionName(t.upper) === undefined)) {
      return this.parsePath();
    }
    this.error(t.span, `Expected ${what} (a property or a value), found ${describe(t)}`, `no viable alternative at input '${adtText(t)}'`);
    return null;
  }

  private parseList(op: string): Literal[] | null {
    if (!this.expectPunct('[', `after ${op}: the list is written ['a', 'b']`)) return null;
    const list: Literal[] = [];
    if (this.atPunct(']')) {
      const t = this.next();
      this.error(t.span, `The ${op} list is empty`, "mismatched input ']' expecting {STRING, NUMBER, TRUE, FALSE, NULL}");
      return list;
    }
    for (;;) {
      const lit = this.parseLiteral();
      if (!lit) {
        const t = this.peek();
        this.error(t.span, `${op} lists hold literal values (strings, numbers, true, false, null); found ${describe(t)}`,
          `mismatched input '${adtText(t)}' expecting {STRING, NUMBER, TRUE, FALSE, NULL}`);
        while (!this.atEof() && !this.atPunct(']') && !this.atKw('AND') && !this.atKw('OR')) this.next();
        if (this.atPunct(']')) this.next();
        return list;
      }
      list.push(lit);
      if (!this.atPunct(',')) break;
      this.next();
    }
    this.expectPunct(']', `to close the ${op} list`);
    return list;
  }

  private parseIsOfModel(): Expr {
    const nameTok = this.next();
    this.next(); // '('
    let alias: Identifier | null = null;
    if (this.isName(this.peek()) && this.isPunct(this.peek(1), ',')) {
      alias = this.identifier(this.next());
      this.next();
    }
    const m = this.peek();
    if (m.type !== 'string') {
      this.error(m.span, `IS_OF_MODEL expects a model id in quotes, e.g. IS_OF_MODEL('dtmi:example:Room;1'); found ${describe(m)}`,
        `mismatched input '${adtText(m)}' expecting STRING`);
      this.skipBalancedParens();
      return { kind: 'Error', span: this.spanFrom(nameTok.span) };
    }
    this.next();
    const model: Literal = { kind: 'Literal', value: m.value, span: m.span };
    let exact = false;
    if (this.atPunct(',')) {
      this.next();
      const e = this.peek();
      if (e.type === 'ident' && !e.escaped && e.upper === 'EXACT') {
        this.next();
        exact = true;
      } else {
        this.error(e.span, `Expected 'exact' as the last argument of IS_OF_MODEL, found ${describe(e)}`, `mismatched input '${adtText(e)}' expecting 'exact'`);
        this.skipBalancedParens();
        return { kind: 'IsOfModel', alias, model, exact, span: this.spanFrom(nameTok.span) };
      }
    }
    this.expectPunct(')', 'to close IS_OF_MODEL(');
    return { kind: 'IsOfModel', alias, model, exact, span: this.spanFrom(nameTok.span) };
  }

  private parseCall(fn: Exclude<ReturnType<typeof canonicalFunctionName>, 'IS_OF_MODEL' | undefined>): Expr {
    const nameTok = this.next();
    this.next(); // '('
    const name: Identifier = { kind: 'Identifier', name: nameTok.value, escaped: false, span: nameTok.span };
    const arity = isUnaryFunction(fn) ? 1 : 2;
    const args: Operand[] = [];
    const fail = (): Expr => {
      this.skipBalancedParens();
      return { kind: 'Error', span: this.spanFrom(nameTok.span) };
    };
    const first = this.peek();
    const path = this.parseOperand(`a property as the first argument of ${fn}`);
    if (!path) return fail();
    if (path.kind !== 'Path') {
      this.error(path.span, `${fn} expects a property as its first argument`, `mismatched input '${first.text}' expecting IDENTIFIER`);
    }
    args.push(path);
    if (arity === 2) {
      if (!this.expectPunct(',', `after the first argument of ${fn}`)) return fail();
      const v = this.peek();
      const lit = this.parseLiteral();
      if (!lit) {
        this.error(v.span, `${fn} expects a literal value as its second argument, found ${describe(v)}`,
          `mismatched input '${adtText(v)}' expecting {STRING, NUMBER, TRUE, FALSE, NULL}`);
        return fail();
      }
      args.push(lit);
    }
    if (this.atPunct(',')) {
      const t = this.peek();
      this.error(t.span, `${fn} takes ${arity === 1 ? 'one argument' : 'two arguments'}`, `extraneous input ',' expecting ')'`);
      return fail();
    }
    this.expectPunct(')', `to close ${fn}(`);
    return { kind: 'Call', fn, name, args, span: this.spanFrom(nameTok.span) };
  }
}

/** Parses a query; never throws. One mistake gives a tree plus a precise diagnostic. */
export function parseQuery(text: string): ParseResult {
  const lines = new LineMap(text);
  const { tokens, diagnostics } = tokenize(text, lines);
  const tooDeep = tooDeeplyNested(tokens);
  if (tooDeep) {
    // The recursive descent would run out of stack; the tree of an empty query keeps the callers' shapes.
    const ast = new Parser(tokens.slice(-1), []).parseQuery(text.length);
    const message = `Parentheses are nested deeper than ${MAX_QUERY_NESTING} levels.`;
    return { ast, diagnostics: [...diagnostics, diagnostic('error', 'limit-nesting', message, tooDeep.span, message)], tokens };
  }
  const parseDiagnostics: QueryDiagnostic[] = [];
  const ast = new Parser(tokens, parseDiagnostics).parseQuery(text.length);
  const all = [...diagnostics, ...parseDiagnostics].sort((a, b) => a.span.start - b.span.start);
  return { ast, diagnostics: all, tokens };
}

/**
 * Where the first '(' past MAX_QUERY_NESTING sits (a character offset), if any: the one nesting rule, for the parser
 * and for the emulator, which refuses such a query before running it.
 */
export function firstTooDeepParenthesis(text: string): number | undefined {
  return tooDeeplyNested(tokenize(text).tokens)?.span.start;
}

/** The first '(' past the nesting limit, if any. */
function tooDeeplyNested(tokens: readonly Token[]): Token | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.type !== 'punct') continue;
    if (t.value === '(' && ++depth > MAX_QUERY_NESTING) return t;
    if (t.value === ')') depth = Math.max(0, depth - 1);
  }
  return undefined;
}
