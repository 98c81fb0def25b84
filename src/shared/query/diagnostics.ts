import type { Span } from './ast';

export interface QueryDiagnostic {
  severity: 'error' | 'warning';
  /** Stable machine code, e.g. 'syntax', 'unknown-alias', 'limit-joins', 'unknown-model'. */
  code: string;
  /** Editor text: says what is wrong and, where useful, what to write instead. */
  message: string;
  /** ANTLR-flavoured text as ADT's parser words it (parse errors only), used for SqlQueryError messages. */
  adtMessage?: string;
  span: Span;
}

export function diagnostic(severity: QueryDiagnostic['severity'], code: string, message: string, span: Span,
  adtMessage?: string): QueryDiagnostic {
  const d: QueryDiagnostic = { severity, code, message, span };
  if (adtMessage !== undefined) d.adtMessage = adtMessage;
  return d;
}

/** Monaco-style range (1-based lines and columns, end exclusive) of a diagnostic. */
export function toMonacoRange(span: Span): { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number } {
  return { startLineNumber: span.startLine, startColumn: span.startColumn, endLineNumber: span.endLine, endColumn: span.endColumn };
}

const ADT_SAMPLES = 'See samples in https://aka.ms/adtv2query for the correct syntax.';

/**
 * ADT's SqlQueryError text for a parse error, e.g.
 * `SQL query parse failed: SQL Parser Error, Line=1, Position=0, Message=missing SELECT at 'foo' See samples in ...`.
 * Position is the 0-based column, as ANTLR reports it.
 */
export function adtParseErrorMessage(d: QueryDiagnostic): string {
  return `SQL query parse failed: SQL Parser Error, Line=${d.span.startLine}, Position=${d.span.startColumn - 1}, ` +
    `Message=${d.adtMessage ?? d.message} ${ADT_SAMPLES}`;
}
