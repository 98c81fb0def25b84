import { sql as initial } from './001-initial';

export interface Migration { version: number; name: string; sql: string }

/**
 * Schema migrations in order. The database's `user_version` records the last one applied; a new migration is a
 * new file here with the next version number, never an edit of an applied one.
 */
export const migrations: Migration[] = [
  { version: 1, name: 'initial', sql: initial },
];
