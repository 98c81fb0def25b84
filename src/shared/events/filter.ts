/**
 * The ADT event-route filter language (https://learn.microsoft.com/azure/digital-twins/how-to-create-routes#filter-events): parser to a plain-data AST, and an evaluator over CloudEvents.
 *
 * Decisions where the documentation is silent:
 * - `NOT` is REJECTED with a parse error. It is not in the documented grammar, and an emulator that accepted it would
 *   let a route work locally that the real service may refuse at PUT time. `!=` covers the common need.
 * - Keywords (`AND`, `OR`, `true`, `false`, `null`) and function names are case-insensitive (SDK tests use `or`);
 *   attribute names and every comparison of values are case-sensitive, as the docs require.
 * - A field that is absent makes every comparison and function on it false, `!=` included, so
 *   `$body.prop != null` means "present and not null".
 * - No coercion: `'5' = 5` is false, `'5' != 5` is true (both present, different values). Ordering operators apply only
 *   when both sides are numbers or both are strings (code-unit order); otherwise they are false.
 * - Objects and arrays are "structured" values: they can only be tested against `null` (`!= null` is true). A `$body`
 *   path that steps into an array never resolves, because filtering inside arrays is unsupported by ADT.
 * - Strings are single-quoted; a backslash escapes the next character (`'it\'s'`).
 */
import type { CloudEvent } from '../adt';
import { EVENT_TYPES } from '../adt';
import { isRecord } from '../json/record';

/** CloudEvents attributes a filter may name (case-sensitive, as on the wire). */
export const FILTER_ATTRIBUTES = [
  'type', 'source', 'subject', 'id', 'dataschema', 'datacontenttype', 'specversion', 'time', 'traceparent',
] as const;
export type FilterAttribute = (typeof FILTER_ATTRIBUTES)[number];

export const FILTER_FUNCTIONS = ['STARTS_WITH', 'ENDS_WITH', 'CONTAINS'] as const;
export type FilterFunction = (typeof FILTER_FUNCTIONS)[number];

export const COMPARISON_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** The legacy `$eventType` names, still used by SDK tests, and the event types each one stands for. */
export const LEGACY_EVENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  DigitalTwinTelemetryMessages: [EVENT_TYPES.telemetry],
  DigitalTwinLifecycleNotification: [EVENT_TYPES.twinCreate, EVENT_TYPES.twinDelete],
  DigitalTwinRelationshipChangeNotification: [
    EVENT_TYPES.relationshipCreate, EVENT_TYPES.relationshipUpdate, EVENT_TYPES.relationshipDelete,
  ],
  DigitalTwinChangeNotification: [EVENT_TYPES.twinUpdate],
};

export type FilterLiteral = string | number | boolean | null;

/** Offsets are 0-based UTF-16 indexes into the filter text, `end` exclusive (for editor markers). */
export interface Span { start: number; end: number }

export type FilterOperand =
  | ({ kind: 'literal'; value: FilterLiteral } & Span)
  | ({ kind: 'attribute'; name: FilterAttribute } & Span)
  | ({ kind: 'body'; path: string[] } & Span);

export type RouteFilter =
  | ({ kind: 'constant'; value: boolean } & Span)
  | ({ kind: 'and' | 'or'; left: RouteFilter; right: RouteFilter } & Span)
  | ({ kind: 'compare'; op: ComparisonOperator; left: FilterOperand; right: FilterOperand } & Span)
  | ({ kind: 'function'; name: FilterFunction; args: [FilterOperand, FilterOperand] } & Span)
  | ({ kind: 'eventType'; op: '=' | '!='; family: string; types: readonly string[] } & Span);

export type ParseRouteFilterResult =
  | { ok: true; filter: RouteFilter }
  | { ok: false; message: string; offset: number; length: number };

// ---------------------------------------------------------------------------------------------------------------
// Lexer

export type FilterTokenKind = 'lparen' | 'rparen' | 'comma' | 'op' | 'string' | 'number' | 'word' | 'body' | 'eof';

export interface FilterToken extends Span {
  kind: FilterTokenKind;
  /** Source text of the token. */
  text: string;
  /** Decoded value for strings and numbers; path segments for `$body`. */
  value?: string | number | string[];
}

class FilterSyntaxError extends Error {
  constructor(message: string, readonly offset: number, readonly length: number) {
    super(message);
  }
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWordStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_$]/.test(c);
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$]/.test(c);

/** Pushes into `tokens` as it goes, so a caller that catches the error still has the tokens before it. */
function lex(text: string, tokens: FilterToken[] = []): FilterToken[] {
  let i = 0;
  const push = (kind: FilterTokenKind, start: number, end: number, value?: FilterToken['value']): void => {
    tokens.push(value === undefined
      ? { kind, start, end, text: text.slice(start, end) }
      : { kind, start, end, text: text.slice(start, end), value });
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    const start = i;
    if (c === '(') { push('lparen', i, ++i); continue; }
    if (c === ')') { push('rparen', i, ++i); continue; }
    if (c === ',') { push('comma', i, ++i); continue; }
    if (c === '=') {
      if (next === '=') throw new FilterSyntaxError(`'==' is not an operator; use '='`, i, 2);
      push('op', i, ++i);
      continue;
    }
    if (c === '!') {
      if (next !== '=') throw new FilterSyntaxError(`'!' is not an operator; use '!='`, i, 1);
      i += 2;
      push('op', start, i);
      continue;
    }
    if (c === '<' || c === '>') {
      if (c === '<' && next === '>') throw new FilterSyntaxError(`'<>' is not an operator; use '!='`, i, 2);
      i += next === '=' ? 2 : 1;
      push('op', start, i);
      continue;
    }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        const ch = text[i];
        if (ch === undefined) throw new FilterSyntaxError('Unterminated string literal', start, text.length - start);
        if (ch === '\\') {
          const escaped = text[i + 1];
          if (escaped === undefined) throw new FilterSyntaxError('Unterminated string literal', start, text.length - start);
          value += escaped;
          i += 2;
          continue;
        }
        i++;
        if (ch === "'") break;
        value += ch;
      }
      push('string', start, i, value);
      continue;
    }
    if (c === '"') throw new FilterSyntaxError('Strings use single quotes in route filters', i, 1);
    if (isDigit(c) || (c === '-' && isDigit(next)) || (c === '.' && isDigit(next))) {
      // Always matches at least one character: the first one or two were checked above.
      const numText = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i))?.[0] ?? text.slice(i, i + 1);
      i += numText.length;
      if (isWordChar(text[i])) throw new FilterSyntaxError(`Invalid number '${text.slice(start, i + 1)}'`, start, i + 1 - start);
      push('number', start, i, Number(numText));
      continue;
    }
    if (isWordStart(c)) {
      while (isWordChar(text[i])) i++;
      const word = text.slice(start, i);
      if (word.toLowerCase() === '$body') {
        const path: string[] = [];
        while (text[i] === '.') {
          const segStart = ++i;
          while (isWordChar(text[i])) i++;
          if (i === segStart) throw new FilterSyntaxError(`Expected a property name after '.'`, i, text[i] === undefined ? 0 : 1);
          path.push(text.slice(segStart, i));
        }
        if (path.length === 0) {
          throw new FilterSyntaxError(`Expected '.' and a property path after '$body' (e.g. $body.temperature)`, start, i - start);
        }
        push('body', start, i, path);
        continue;
      }
      if (text[i] === '.') {
        throw new FilterSyntaxError(`'${word}' has no properties; use $body.<path> to filter on the event data`, start, i + 1 - start);
      }
      push('word', start, i);
      continue;
    }
    throw new FilterSyntaxError(`Unexpected character '${c}'`, i, 1);
  }
  push('eof', text.length, text.length);
  return tokens;
}

/** Tokens of a filter for editor use (highlighting, completions); `error` is set when lexing stopped early. */
export function tokenizeRouteFilter(text: string): { tokens: FilterToken[]; error?: { message: string; offset: number; length: number } } {
  const tokens: FilterToken[] = [];
  try {
    return { tokens: lex(text, tokens) };
  } catch (e) {
    if (!(e instanceof FilterSyntaxError)) throw e;
    return { tokens, error: { message: e.message, offset: e.offset, length: e.length } };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Parser

/** Deep nesting would overflow the stack of this recursive-descent parser; real filters are shallow. */
const MAX_DEPTH = 64;

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: FilterToken[]) {}

  parse(): RouteFilter {
    if (this.peek().kind === 'eof') {
      throw new FilterSyntaxError(`Empty filter; use 'true' to route every event or 'false' to disable the route`, 0, 0);
    }
    const expr = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'eof') {
      const hint = t.kind === 'rparen' ? `Unmatched ')'` : `Expected AND, OR or the end of the filter, found '${t.text}'`;
      throw this.error(hint, t);
    }
    return expr;
  }

  private peek(): FilterToken {
    // The token list always ends with 'eof' and the parser never advances past it.
    return this.tokens[this.pos] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): FilterToken {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private error(message: string, t: FilterToken): FilterSyntaxError {
    return new FilterSyntaxError(message, t.start, t.end - t.start);
  }

  private isKeyword(t: FilterToken, keyword: string): boolean {
    return t.kind === 'word' && t.text.toUpperCase() === keyword;
  }

  private parseOr(): RouteFilter {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'OR')) {
      this.next();
      const right = this.parseAnd();
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): RouteFilter {
    let left = this.parsePrimary();
    while (this.isKeyword(this.peek(), 'AND')) {
      this.next();
      const right = this.parsePrimary();
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parsePrimary(): RouteFilter {
    const t = this.peek();
    if (t.kind === 'eof') throw this.error('Unexpected end of filter: expected a condition', t);
    if (this.isKeyword(t, 'NOT')) {
      throw this.error(`NOT is not supported in ADT route filters; use '!=' or rewrite the condition`, t);
    }
    if (t.kind === 'lparen') {
      if (++this.depth > MAX_DEPTH) throw this.error(`Parentheses nested deeper than ${MAX_DEPTH} levels`, t);
      this.next();
      const inner = this.parseOr();
      const close = this.peek();
      if (close.kind !== 'rparen') {
        throw this.error(close.kind === 'eof' ? `Missing ')' to close '(' at ${t.start}` : `Expected ')', found '${close.text}'`, close);
      }
      this.next();
      this.depth--;
      // Widen the span to the parentheses so editor markers cover what the user wrote.
      return { ...inner, start: t.start, end: close.end };
    }
    if (t.kind === 'word') {
      const upper = t.text.toUpperCase();
      if ((FILTER_FUNCTIONS as readonly string[]).includes(upper)) return this.parseFunction(upper as FilterFunction);
      if (upper === 'STARTSWITH' || upper === 'ENDSWITH') {
        throw this.error(`Unknown function '${t.text}'; route filters spell it ${upper === 'STARTSWITH' ? 'STARTS_WITH' : 'ENDS_WITH'}`, t);
      }
      if (t.text.toLowerCase() === '$eventtype') return this.parseLegacyEventType();
    }
    const left = this.parseOperand();
    const opToken = this.peek();
    if (opToken.kind !== 'op') {
      if (left.kind === 'literal' && typeof left.value === 'boolean') {
        return { kind: 'constant', value: left.value, start: left.start, end: left.end };
      }
      const found = opToken.kind === 'eof' ? 'the end of the filter' : `'${opToken.text}'`;
      throw this.error(`Expected a comparison operator (=, !=, <, <=, >, >=) after '${t.text}', found ${found}`, opToken);
    }
    this.next();
    const right = this.parseOperand();
    return { kind: 'compare', op: opToken.text as ComparisonOperator, left, right, start: left.start, end: right.end };
  }

  private parseFunction(name: FilterFunction): RouteFilter {
    const fn = this.next();
    const open = this.next();
    if (open.kind !== 'lparen') throw this.error(`Expected '(' after ${name}`, open);
    const first = this.parseOperand();
    const comma = this.next();
    if (comma.kind !== 'comma') throw this.error(`Expected ',' between the arguments of ${name}`, comma);
    const second = this.parseOperand();
    const close = this.next();
    if (close.kind !== 'rparen') {
      throw this.error(close.kind === 'comma' ? `${name} takes exactly two arguments` : `Expected ')' to close ${name}(`, close);
    }
    return { kind: 'function', name, args: [first, second], start: fn.start, end: close.end };
  }

  private parseLegacyEventType(): RouteFilter {
    const head = this.next();
    const op = this.next();
    if (op.kind !== 'op' || (op.text !== '=' && op.text !== '!=')) {
      throw this.error(`Expected '=' or '!=' after $eventType`, op);
    }
    const value = this.next();
    const families = Object.keys(LEGACY_EVENT_TYPES);
    if (value.kind !== 'string') throw this.error(`Expected a quoted event type name after $eventType ${op.text}`, value);
    const family = value.value as string;
    const types = LEGACY_EVENT_TYPES[family];
    if (!types) throw this.error(`Unknown $eventType '${family}'; expected one of ${families.join(', ')}`, value);
    return { kind: 'eventType', op: op.text, family, types, start: head.start, end: value.end };
  }

  private parseOperand(): FilterOperand {
    const t = this.next();
    const span = { start: t.start, end: t.end };
    switch (t.kind) {
      case 'string':
        return { kind: 'literal', value: t.value as string, ...span };
      case 'number':
        return { kind: 'literal', value: t.value as number, ...span };
      case 'body':
        return { kind: 'body', path: t.value as string[], ...span };
      case 'word': {
        const lower = t.text.toLowerCase();
        if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true', ...span };
        if (lower === 'null') return { kind: 'literal', value: null, ...span };
        if ((FILTER_ATTRIBUTES as readonly string[]).includes(t.text)) {
          return { kind: 'attribute', name: t.text as FilterAttribute, ...span };
        }
        if ((FILTER_ATTRIBUTES as readonly string[]).includes(lower)) {
          throw this.error(`Unknown attribute '${t.text}'; attribute names are case-sensitive: use '${lower}'`, t);
        }
        if (lower === 'and' || lower === 'or' || lower === 'not') throw this.error(`Expected a value before ${t.text.toUpperCase()}`, t);
        if (lower === '$eventtype') throw this.error(`$eventType can only be compared with '=' or '!=' to an event type name`, t);
        if ((FILTER_FUNCTIONS as readonly string[]).includes(t.text.toUpperCase())) {
          throw this.error(`${t.text.toUpperCase()} returns a condition and cannot be used as a value`, t);
        }
        throw this.error(`Unknown attribute '${t.text}'; filterable attributes are ${FILTER_ATTRIBUTES.join(', ')} and $body.<path>`, t);
      }
      case 'eof':
        throw this.error('Unexpected end of filter: expected a value', t);
      default:
        throw this.error(`Expected a value, found '${t.text}'`, t);
    }
  }
}

export function parseRouteFilter(text: string): ParseRouteFilterResult {
  try {
    return { ok: true, filter: new Parser(lex(text)).parse() };
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { ok: false, message: e.message, offset: e.offset, length: e.length };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluator

type Resolved = { present: false } | { present: true; value: unknown };
const MISSING: Resolved = { present: false };


function resolve(operand: FilterOperand, event: CloudEvent): Resolved {
  switch (operand.kind) {
    case 'literal':
      return { present: true, value: operand.value };
    case 'attribute': {
      const value = (event as unknown as Record<string, unknown>)[operand.name];
      return value === undefined || value === null ? MISSING : { present: true, value };
    }
    case 'body': {
      let cur: unknown = event.data;
      for (const segment of operand.path) {
        // Arrays are deliberately not indexable: ADT does not filter inside arrays.
        if (!isRecord(cur) || !Object.prototype.hasOwnProperty.call(cur, segment)) return MISSING;
        cur = cur[segment];
      }
      return cur === undefined ? MISSING : { present: true, value: cur };
    }
  }
}

const isStructured = (v: unknown): boolean => typeof v === 'object' && v !== null;

function compare(op: ComparisonOperator, a: unknown, b: unknown): boolean {
  if (op === '=' || op === '!=') {
    let equal: boolean;
    if (isStructured(a) || isStructured(b)) {
      // A structured value is only comparable with null, where it is simply "not null".
      if (a !== null && b !== null) return false;
      equal = false;
    } else {
      equal = a === b;
    }
    return op === '=' ? equal : !equal;
  }
  const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    case '>=': return x >= y;
  }
}

export function evaluateRouteFilter(filter: RouteFilter, event: CloudEvent): boolean {
  switch (filter.kind) {
    case 'constant':
      return filter.value;
    case 'and':
      return evaluateRouteFilter(filter.left, event) && evaluateRouteFilter(filter.right, event);
    case 'or':
      return evaluateRouteFilter(filter.left, event) || evaluateRouteFilter(filter.right, event);
    case 'eventType':
      return filter.types.includes(event.type) === (filter.op === '=');
    case 'compare': {
      const left = resolve(filter.left, event);
      const right = resolve(filter.right, event);
      if (!left.present || !right.present) return false;
      return compare(filter.op, left.value, right.value);
    }
    case 'function': {
      const target = resolve(filter.args[0], event);
      const arg = resolve(filter.args[1], event);
      if (!target.present || !arg.present || typeof target.value !== 'string' || typeof arg.value !== 'string') return false;
      switch (filter.name) {
        case 'STARTS_WITH': return target.value.startsWith(arg.value);
        case 'ENDS_WITH': return target.value.endsWith(arg.value);
        case 'CONTAINS': return target.value.includes(arg.value);
      }
    }
  }
}

/** Parse and evaluate in one go; an invalid filter matches nothing. */
export function routeFilterMatches(text: string, event: CloudEvent): boolean {
  const parsed = parseRouteFilter(text);
  return parsed.ok && evaluateRouteFilter(parsed.filter, event);
}
