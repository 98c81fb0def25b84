import type * as Monaco from 'monaco-editor/editor/editor.api';

export const ADT_QUERY_LANGUAGE_ID = 'adt-query';

const KEYWORDS = [
  'SELECT', 'FROM', 'WHERE', 'AS', 'JOIN', 'RELATED', 'MATCH', 'AND', 'OR', 'NOT', 'IN', 'NIN', 'TOP', 'COUNT',
  'DIGITALTWINS', 'RELATIONSHIPS', 'TRUE', 'FALSE', 'NULL',
];
const FUNCTIONS = [
  'IS_OF_MODEL', 'IS_DEFINED', 'IS_NULL', 'IS_BOOL', 'IS_NUMBER', 'IS_STRING', 'IS_PRIMITIVE', 'IS_OBJECT',
  'STARTSWITH', 'ENDSWITH', 'STARTS_WITH', 'ENDS_WITH', 'CONTAINS', 'ARRAY_CONTAINS',
];

/** Syntax colouring only; diagnostics and completions come from src/shared/query once wired in. */
export function registerAdtQueryLanguage(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((l) => l.id === ADT_QUERY_LANGUAGE_ID)) return;
  monaco.languages.register({ id: ADT_QUERY_LANGUAGE_ID });
  monaco.languages.setMonarchTokensProvider(ADT_QUERY_LANGUAGE_ID, {
    ignoreCase: true,
    keywords: KEYWORDS,
    functions: FUNCTIONS,
    tokenizer: {
      root: [
        [/\[\[[^\]]*\]\]/, 'identifier'],
        [/\$?[a-zA-Z_][\w]*/, { cases: { '@keywords': 'keyword', '@functions': 'predefined', '@default': 'identifier' } }],
        [/'/, { token: 'string.quote', next: '@string' }],
        [/-?\d+(\.\d+)?([eE][-+]?\d+)?/, 'number'],
        [/[=!<>]=?|-\[|\]->|<-\[|\]-/, 'operator'],
        [/[()[\],.*|]/, 'delimiter'],
        [/\s+/, 'white'],
      ],
      string: [
        [/\\'/, 'string.escape'],
        [/[^\\']+/, 'string'],
        [/'/, { token: 'string.quote', next: '@pop' }],
      ],
    },
  });
  monaco.languages.setLanguageConfiguration(ADT_QUERY_LANGUAGE_ID, {
    brackets: [['(', ')'], ['[', ']']],
    autoClosingPairs: [
      { open: '(', close: ')' },
      { open: '[', close: ']' },
      { open: "'", close: "'", notIn: ['string'] },
    ],
  });
}
