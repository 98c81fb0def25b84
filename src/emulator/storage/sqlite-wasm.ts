/**
 * The store on SQLite compiled to WebAssembly (the SQLite project's own build, @sqlite.org/sqlite-wasm), for the
 * emulator running in a Web Worker of the static site. Same schema, statements and in-memory index as the Node
 * store (sql-store.ts); only the binding differs. Persistence comes from the "opfs-sahpool" VFS, which keeps the
 * database in the origin private file system and, unlike the "opfs" VFS, needs no cross-origin isolation headers
 * (a storage account cannot send them): https://sqlite.org/wasm/doc/trunk/persistence.md#vfs-opfs-sahpool
 */
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { SqlBinding, SqlRow, SqlStatement, SqlValue } from './sql-binding';
import { SqlStore } from './sql-store';
import type { SqlStoreOptions } from './sql-store';

/** The OO1 API (https://sqlite.org/wasm/doc/trunk/api-oo1.md) as a SqlBinding; nested transactions are savepoints. */
export class WasmSqliteBinding implements SqlBinding {
  private depth = 0;
  private closed = false;

  constructor(private readonly db: Database) {
    db.exec('PRAGMA foreign_keys = ON');
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  prepare(sql: string): SqlStatement {
    const statement = this.db.prepare(sql);
    return {
      run: (...params: SqlValue[]) => {
        try {
          if (params.length > 0) statement.bind(params);
          statement.step();
        } finally {
          statement.reset(true);
        }
      },
    };
  }

  all(sql: string): SqlRow[] {
    return this.db.selectObjects(sql) as SqlRow[];
  }

  userVersion(): number {
    return Number(this.db.selectValue('PRAGMA user_version') ?? 0);
  }

  setUserVersion(version: number): void {
    this.db.exec(`PRAGMA user_version = ${Math.trunc(version)}`);
  }

  transaction<T>(fn: () => T): T {
    const savepoint = `sp${this.depth}`;
    this.db.exec(this.depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
    this.depth++;
    try {
      const result = fn();
      this.depth--;
      this.db.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (err) {
      this.depth--;
      this.db.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw err;
    }
  }

  get open(): boolean {
    return !this.closed;
  }

  close(): void {
    this.closed = true;
    this.db.close();
  }
}

export type WasmPersistence =
  | { kind: 'opfs'; detail: string }
  | { kind: 'memory'; reason: string };

export interface OpenWasmStoreOptions extends SqlStoreOptions {
  /** 'memory' forces a throwaway database (tests, and the fallback where OPFS is missing). */
  persistence?: 'opfs' | 'memory';
  /** Database file name inside the VFS. */
  filename?: string;
  /** OPFS directory of the pool, one per app on the origin. */
  directory?: string;
}

/** A store and where its data lives. */
export interface OpenedWasmStore {
  store: SqlStore;
  /** The database underneath, for the host's own bookkeeping tables. */
  binding: WasmSqliteBinding;
  persistence: WasmPersistence;
  /** Deletes the persisted database (and closes the store): the next open starts empty. */
  wipe(): Promise<void>;
}

/**
 * Opens the store: in OPFS through the SAH pool when the browser has it, otherwise in memory, and says which.
 * Only a dedicated worker may use OPFS synchronous access handles.
 */
export async function openWasmStore(sqlite3: Sqlite3Static, options: OpenWasmStoreOptions = {}): Promise<OpenedWasmStore> {
  const filename = options.filename ?? '/twinscope.sqlite3';
  const storeOptions: SqlStoreOptions = options.onModelsRejected ? { onModelsRejected: options.onModelsRejected } : {};
  if (options.persistence !== 'memory') {
    let reason: string;
    try {
      const pool = await sqlite3.installOpfsSAHPoolVfs({ directory: options.directory ?? '.twinscope', name: 'twinscope-sahpool' });
      const db = new pool.OpfsSAHPoolDb(filename);
      const binding = new WasmSqliteBinding(db);
      binding.exec('PRAGMA journal_mode = WAL');
      return {
        store: new SqlStore(binding, storeOptions),
        binding,
        persistence: { kind: 'opfs', detail: `OPFS (opfs-sahpool VFS), ${filename}` },
        wipe: async () => {
          if (binding.open) binding.close();
          pool.unlink(filename);
        },
      };
    } catch (err) {
      reason = `this browser gives the worker no origin private file system (OPFS): ${err instanceof Error ? err.message : String(err)}`;
    }
    return openInMemory(sqlite3, storeOptions, reason);
  }
  return openInMemory(sqlite3, storeOptions, 'a throwaway database was asked for');
}

function openInMemory(sqlite3: Sqlite3Static, storeOptions: SqlStoreOptions, reason: string): OpenedWasmStore {
  const binding = new WasmSqliteBinding(new sqlite3.oo1.DB(':memory:', 'c'));
  const store = new SqlStore(binding, storeOptions);
  return {
    store,
    binding,
    persistence: { kind: 'memory', reason },
    wipe: async () => {
      if (binding.open) binding.close();
    },
  };
}
