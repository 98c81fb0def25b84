/** ADT query limits (https://learn.microsoft.com/azure/digital-twins/reference-query-limitations, https://learn.microsoft.com/azure/digital-twins/reference-service-limits). Named so the emulator and the editor enforce the same numbers. */
export const MAX_QUERY_LENGTH = 8000;
export const MAX_AND_OR_EXPRESSIONS = 50;
/** The limits page says 50, the operators page says 100; we follow the limits page. */
export const MAX_IN_LIST_ITEMS = 50;
export const MAX_JOINS = 5;
export const MAX_MATCH_HOPS = 10;
/** Parentheses nested deeper than this are refused before parsing: the parser recurses once per level. */
export const MAX_QUERY_NESTING = 128;
