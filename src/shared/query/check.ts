import { analyzeQuery, type CollectionInfo } from './analyze';
import type { Query } from './ast';
import type { QueryDiagnostic } from './diagnostics';
import type { Token } from './lexer';
import type { QueryModelIndex } from './model-index';
import { parseQuery } from './parser';

export interface QueryCheck {
  ast: Query;
  tokens: Token[];
  collections: CollectionInfo[];
  /** Syntax diagnostics first, then semantic ones (analysis runs even on a partly broken tree). */
  diagnostics: QueryDiagnostic[];
  /** The first syntax error, if any: the one ADT would report. */
  syntaxError: QueryDiagnostic | undefined;
}

/** Parse + analyze in one call: what the editor shows and what the emulator enforces. */
export function checkQuery(text: string, modelIndex?: QueryModelIndex): QueryCheck {
  const parsed = parseQuery(text);
  const analysis = analyzeQuery(parsed.ast, modelIndex);
  return {
    ast: parsed.ast,
    tokens: parsed.tokens,
    collections: analysis.collections,
    diagnostics: [...parsed.diagnostics, ...analysis.diagnostics],
    syntaxError: parsed.diagnostics.find((d) => d.severity === 'error'),
  };
}
