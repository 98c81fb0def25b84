/**
 * A string as an ADT query literal: single-quoted, with backslashes and quotes escaped (`O'Brien` → `'O\'Brien'`).
 * Every query the app composes from ids or values goes through this, so an id can never end the string early.
 */
export function queryStringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
