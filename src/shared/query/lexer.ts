import type { Span } from './ast';
import { diagnostic, type QueryDiagnostic } from './diagnostics';
import { LineMap as BaseLineMap } from '../text/line-map';

export type TokenType = 'ident' | 'string' | 'number' | 'punct' | 'invalid' | 'eof';

export interface Token {
  type: TokenType;
  /** The raw source text of the token. */
  text: string;
  /** ident: the name (without `[[ ]]`); string: the unescaped value; punct: the symbol. */
  value: string;
  /** Upper-cased value of an unescaped identifier, for case-insensitive keyword checks. */
  upper: string;
  escaped: boolean;
  /** For strings and `[[...]]`: the closing delimiter is missing. */
  unterminated: boolean;
  span: Span;
}

/** Offsets to the line/column spans of the query AST, on the shared line map. */
export class LineMap extends BaseLineMap {
  span(start: number, end: number): Span {
    const s = this.position(start);
    const e = this.position(end);
    return { start, end, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }
}

const PUNCT2 = ['..', '!=', '<=', '>='];
const PUNCT1 = '()[],.*=<>-:|';

function isIdentStart(ch: string): boolean {
  return /[\p{L}_$]/u.test(ch);
}
function isIdentPart(ch: string): boolean {
  return /[\p{L}\p{N}_$]/u.test(ch);
}
function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/**
 * Tokenizes the whole text; never throws. Problems become diagnostics and 'invalid' or unterminated tokens,
 * so the parser can still build a tree. The last token is always 'eof'.
 */
export function tokenize(text: string, lines: LineMap = new LineMap(text)): { tokens: Token[]; diagnostics: QueryDiagnostic[] } {
  const tokens: Token[] = [];
  const diagnostics: QueryDiagnostic[] = [];
  let i = 0;
  const push = (type: TokenType, start: number, end: number, value: string, extra?: Partial<Token>): Token => {
    const t: Token = {
      type, text: text.slice(start, end), value, upper: type === 'ident' && !extra?.escaped ? value.toUpperCase() : '',
      escaped: false, unterminated: false, span: lines.span(start, end), ...extra,
    };
    tokens.push(t);
    return t;
  };

  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) { i++; continue; }
    const start = i;

    if (ch === '[' && text[i + 1] === '[') {
      const close = text.indexOf(']]', i + 2);
      const end = close < 0 ? text.length : close + 2;
      const name = text.slice(i + 2, close < 0 ? text.length : close);
      const t = push('ident', start, end, name, { escaped: true, unterminated: close < 0 });
      if (close < 0) {
        diagnostics.push(diagnostic('error', 'syntax', 'Escaped identifier is missing its closing ]]', t.span,
          `token recognition error at: '${t.text}'`));
      }
      i = end;
      continue;
    }

    if (ch === '\'' || ch === '"') {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const c = text[j] as string;
        if (c === '\\' && j + 1 < text.length) { value += text[j + 1]; j += 2; continue; }
        if (c === ch) { closed = true; j++; break; }
        value += c;
        j++;
      }
      const t = push('string', start, j, value, { unterminated: !closed });
      if (!closed) {
        diagnostics.push(diagnostic('error', 'syntax', `String is missing its closing quote (${ch})`, t.span,
          `token recognition error at: '${t.text}'`));
      }
      i = j;
      continue;
    }

    if (isDigit(ch)) {
      let j = i;
      while (isDigit(text[j])) j++;
      // `1..3` is a hop range: a dot only belongs to the number when a digit follows it.
      if (text[j] === '.' && isDigit(text[j + 1])) {
        j++;
        while (isDigit(text[j])) j++;
      }
      if ((text[j] === 'e' || text[j] === 'E') && (isDigit(text[j + 1]) || ((text[j + 1] === '+' || text[j + 1] === '-') && isDigit(text[j + 2])))) {
        j += 2;
        while (isDigit(text[j])) j++;
      }
      push('number', start, j, text.slice(start, j));
      i = j;
      continue;
    }

    if (isIdentStart(ch)) {
      let j = i + 1;
      while (j < text.length && isIdentPart(text[j] as string)) j++;
      push('ident', start, j, text.slice(start, j));
      i = j;
      continue;
    }

    const two = text.slice(i, i + 2);
    if (PUNCT2.includes(two)) { push('punct', start, i + 2, two); i += 2; continue; }
    if (PUNCT1.includes(ch)) { push('punct', start, i + 1, ch); i += 1; continue; }

    const t = push('invalid', start, i + 1, ch);
    diagnostics.push(diagnostic('error', 'syntax', `Unexpected character '${ch}'`, t.span, `token recognition error at: '${ch}'`));
    i++;
  }
  push('eof', text.length, text.length, '');
  return { tokens, diagnostics };
}
