/**
 * The little a store needs of a SQLite binding: better-sqlite3 in Node (sqlite.ts), the SQLite project's WebAssembly
 * build in a Web Worker (sqlite-wasm.ts). Statements are synchronous in both, so the store stays synchronous.
 */
export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

export interface SqlStatement {
  run(...params: SqlValue[]): void;
}

export interface SqlBinding {
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  all(sql: string): SqlRow[];
  userVersion(): number;
  setUserVersion(version: number): void;
  /** Runs `fn` in a transaction (a savepoint when nested); a throw rolls it back and propagates. */
  transaction<T>(fn: () => T): T;
  readonly open: boolean;
  close(): void;
}
