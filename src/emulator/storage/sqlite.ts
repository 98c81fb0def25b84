import Database from 'better-sqlite3';
import type { SqlBinding, SqlRow, SqlStatement, SqlValue } from './sql-binding';
import { SqlStore } from './sql-store';

export interface SqliteStoreOptions {
  /** File path, or ':memory:' for a throwaway store. */
  path: string;
  /** Called with the ids of stored models the current validator refuses (they stay stored, but unindexed). */
  onModelsRejected?: (ids: string[]) => void;
}

/** better-sqlite3 as a SqlBinding. Its transactions nest as savepoints by themselves. */
export class BetterSqliteBinding implements SqlBinding {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  prepare(sql: string): SqlStatement {
    const statement = this.db.prepare(sql);
    return { run: (...params: SqlValue[]) => void statement.run(...params) };
  }

  all(sql: string): SqlRow[] {
    return this.db.prepare(sql).all() as SqlRow[];
  }

  userVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  setUserVersion(version: number): void {
    this.db.pragma(`user_version = ${version}`);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  get open(): boolean {
    return this.db.open;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The Node store: SQLite through better-sqlite3, in WAL mode with synchronous=NORMAL, so a committed transaction
 * survives the process being killed (not a power cut).
 */
export class SqliteStore extends SqlStore {
  constructor(options: SqliteStoreOptions) {
    super(new BetterSqliteBinding(options.path), options.onModelsRejected ? { onModelsRejected: options.onModelsRejected } : {});
  }
}
