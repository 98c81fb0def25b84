import type { BinaryFunctionName, UnaryFunctionName } from './ast';

/** Reserved words of the ADT query language (https://learn.microsoft.com/azure/digital-twins/reference-query-reserved): usable as names only when written `[[escaped]]`. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'ALL', 'AND', 'AS', 'ASC', 'AVG', 'BY', 'COUNT', 'DESC', 'DEVICES_JOBS', 'DEVICES_MODULES', 'DEVICES', 'ENDS_WITH',
  'FALSE', 'FROM', 'GROUP', 'IN', 'IS_BOOL', 'IS_DEFINED', 'IS_NULL', 'IS_NUMBER', 'IS_OBJECT', 'IS_PRIMITIVE',
  'IS_STRING', 'MAX', 'MIN', 'NOT', 'NOT_IN', 'NULL', 'OR', 'ORDER', 'SELECT', 'STARTS_WITH', 'SUM', 'TOP', 'TRUE',
  'WHERE', 'IS_OF_MODEL',
]);

/**
 * Words that structure a query; not on ADT's reserved list, but an unescaped one cannot be an alias
 * (`FROM DIGITALTWINS MATCH ...` must not read MATCH as an alias).
 */
export const CLAUSE_WORDS: ReadonlySet<string> = new Set(['JOIN', 'RELATED', 'MATCH', 'NIN', 'DIGITALTWINS', 'RELATIONSHIPS', 'WHERE', 'FROM', 'AS']);

export interface FunctionSignature {
  name: string;
  signature: string;
  doc: string;
}

export const UNARY_FUNCTIONS: Record<UnaryFunctionName, FunctionSignature> = {
  IS_DEFINED: { name: 'IS_DEFINED', signature: 'IS_DEFINED(property)', doc: 'True if the property has any value (including null or an object).' },
  IS_NULL: { name: 'IS_NULL', signature: 'IS_NULL(property)', doc: 'True if the property value is null.' },
  IS_BOOL: { name: 'IS_BOOL', signature: 'IS_BOOL(property)', doc: 'True if the property value is a boolean.' },
  IS_NUMBER: { name: 'IS_NUMBER', signature: 'IS_NUMBER(property)', doc: 'True if the property value is a number.' },
  IS_STRING: { name: 'IS_STRING', signature: 'IS_STRING(property)', doc: 'True if the property value is a string.' },
  IS_PRIMITIVE: { name: 'IS_PRIMITIVE', signature: 'IS_PRIMITIVE(property)', doc: 'True if the value is a string, number, boolean or null.' },
  IS_OBJECT: { name: 'IS_OBJECT', signature: 'IS_OBJECT(property)', doc: 'True if the property value is a JSON object.' },
};

export const BINARY_FUNCTIONS: Record<BinaryFunctionName, FunctionSignature> = {
  STARTSWITH: { name: 'STARTSWITH', signature: "STARTSWITH(property, 'prefix')", doc: 'True if the string starts with the prefix (case-sensitive).' },
  ENDSWITH: { name: 'ENDSWITH', signature: "ENDSWITH(property, 'suffix')", doc: 'True if the string ends with the suffix (case-sensitive).' },
  CONTAINS: { name: 'CONTAINS', signature: "CONTAINS(property, 'text')", doc: 'True if the string contains the text (case-sensitive).' },
  ARRAY_CONTAINS: { name: 'ARRAY_CONTAINS', signature: 'ARRAY_CONTAINS(arrayProperty, value)', doc: 'True if the array property contains the primitive value.' },
};

export const IS_OF_MODEL_SIGNATURE: FunctionSignature = {
  name: 'IS_OF_MODEL',
  signature: "IS_OF_MODEL([alias,] 'dtmi:...;1' [, exact])",
  doc: 'True if the twin is of the model, a later version of it, or a model extending it; `exact` disables inheritance.',
};

/** Microsoft's query pages spell these both ways (https://learn.microsoft.com/azure/digital-twins/reference-query-functions); both map to one function. */
export function canonicalFunctionName(upper: string): UnaryFunctionName | BinaryFunctionName | 'IS_OF_MODEL' | undefined {
  if (upper === 'STARTS_WITH') return 'STARTSWITH';
  if (upper === 'ENDS_WITH') return 'ENDSWITH';
  if (upper === 'IS_OF_MODEL') return 'IS_OF_MODEL';
  if (upper in UNARY_FUNCTIONS) return upper as UnaryFunctionName;
  if (upper in BINARY_FUNCTIONS) return upper as BinaryFunctionName;
  return undefined;
}

export function isUnaryFunction(fn: string): fn is UnaryFunctionName {
  return fn in UNARY_FUNCTIONS;
}

/** System properties, for completions and for "not declared" checks. */
export const TWIN_SYSTEM_PROPERTIES = ['$dtId', '$etag', '$metadata'] as const;
export const RELATIONSHIP_SYSTEM_PROPERTIES = ['$relationshipId', '$sourceId', '$targetId', '$relationshipName', '$etag'] as const;
