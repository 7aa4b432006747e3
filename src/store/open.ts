/** @module The one store factory: every command, `serve`, `cluster` and `bench` open their store here, SQLite or PostgreSQL. */
import { existsSync } from 'node:fs';
import { sqlitePath, type StoreConfig } from '../config/config.js';
import type { Store } from './contract.js';
import { SqliteAsyncStore } from './sqlite/async.js';
import { SqliteStore } from './sqlite/store.js';
import { SqliteWriter } from './sqlite/writer.js';
import { Checkpointer } from './sqlite/checkpointer.js';

/**
 * `node`: a serving node (SQLite commits in a writer thread; a PostgreSQL pool sized for the claim path).
 * `command`: one statement at a time; with `mustExist`, a store that is not there is an error, not a new empty one
 * (an auditor who mistypes --data-dir must not be told an empty journal is intact).
 */
export interface OpenStoreOptions {
  purpose: 'node' | 'command';
  mustExist?: boolean;
}

/** The store named by the flags is not there: said in one line by the command. */
export class StoreMissing extends Error {}

/** Connections per node on PostgreSQL: commits serialize on the chain head, so a few carry the claim path and the rest serve reads. */
const NODE_POOL = 8;
const COMMAND_POOL = 2;

/** Where the chosen store lives, for messages (the password never shows). */
export async function storeLocation(c: StoreConfig): Promise<string> {
  if (c.databaseUrl === null) return sqlitePath(c);
  return (await import('./postgres/pool.js')).redactUrl(c.databaseUrl);
}

/** False only for an SQLite file not there yet. */
export function storeExists(c: StoreConfig): boolean {
  return c.databaseUrl !== null || existsSync(sqlitePath(c));
}

export async function openStore(c: StoreConfig, o: OpenStoreOptions): Promise<Store> {
  if (c.databaseUrl === null) {
    const path = sqlitePath(c);
    if (o.mustExist && !existsSync(path)) {
      throw new StoreMissing(`no store at ${path}: check --data-dir (or GUICHET_DATA_DIR), or import a registry first`);
    }
    if (o.purpose === 'command') return SqliteAsyncStore.open(path);
    // Opened (and migrated) on this thread first; then the writer thread, whose commits keep the fsync off the HTTP thread.
    const sqlite = SqliteStore.open(path);
    try {
      // This connection never checkpoints either (a commit of the console would stall the HTTP thread): the
      // checkpoint thread does, once the WAL passes its high mark, and when the store is quiet.
      sqlite.db.pragma('wal_autocheckpoint = 0');
      return new SqliteAsyncStore(sqlite, { writer: new SqliteWriter(path), checkpointer: new Checkpointer(path) });
    } catch (e) {
      sqlite.close();
      throw e;
    }
  }
  // Loaded only here: the embedded store's users never load the PostgreSQL driver.
  const { PgStore } = await import('./postgres/store.js');
  // PostgreSQL unreachable, wrong password, missing database: a PgConnectError, told in one line by the command.
  return PgStore.open(c.databaseUrl, { max: o.purpose === 'node' ? NODE_POOL : COMMAND_POOL });
}
