/** @module The store a node serves from: SQLite with its writer thread, or PostgreSQL shared with other nodes. */
import { randomBytes } from 'node:crypto';
import { sqlitePath, type ServeConfig } from '../config/config.js';
import type { Store } from '../store/contract.js';
import { SqliteAsyncStore } from '../store/sqlite/async.js';
import { SqliteStore } from '../store/sqlite/store.js';
import { SqliteWriter } from '../store/sqlite/writer.js';
import { demoVendingKey } from '../demo/bootstrap.js';

export interface NodeStore {
  store: Store;
  /** The demo mode's random STS key, the same for every node on this store (tokens must decode on one virtual meter). */
  demoKey(): Promise<string>;
  /** Runs `fn` alone among the nodes on this store: two nodes started at once on an empty database fill it once. */
  alone<T>(fn: () => Promise<T>): Promise<T>;
}

/** Connections per node on PostgreSQL: commits serialize on the chain head, so a few carry the claim path and the rest serve reads. */
const PG_POOL = 8;
/** Advisory lock key of the start-up fill (any constant no other part of Guichet uses). */
const START_LOCK = '7437014141535400971';

export async function openNodeStore(cfg: ServeConfig): Promise<NodeStore> {
  if (cfg.databaseUrl === null) {
    const path = sqlitePath(cfg);
    // Opened (and migrated) on this thread first; then the writer thread, whose commits keep the fsync off the HTTP thread.
    const sqlite = SqliteStore.open(path);
    let writer: SqliteWriter;
    try {
      writer = new SqliteWriter(path);
    } catch (e) {
      sqlite.close();
      throw e;
    }
    // One node per file: nobody to wait for.
    return { store: new SqliteAsyncStore(sqlite, { writer }), demoKey: async () => demoVendingKey(cfg.dataDir), alone: (fn) => fn() };
  }
  // Loaded only here: a node on the embedded store never loads the PostgreSQL driver.
  const { PgStore } = await import('../store/postgres/store.js');
  const pg = await PgStore.open(cfg.databaseUrl, { max: PG_POOL });
  return {
    store: pg,
    // No data folder is shared between nodes: the key lives in the store. First writer wins, so two nodes starting
    // at once still agree. Demo only: a real vending key never touches the store.
    demoKey: async () => {
      await pg.pool.query("INSERT INTO settings (key, value) VALUES ('demo_vending_key', $1) ON CONFLICT (key) DO NOTHING",
        [randomBytes(8).toString('hex')]);
      return (await pg.setting('demo_vending_key'))!;
    },
    // A session lock on a connection of its own, released on the way out (or by the server if this node dies).
    alone: async (fn) => {
      const c = await pg.pool.connect();
      try {
        await c.query('SELECT pg_advisory_lock($1)', [START_LOCK]);
        try {
          return await fn();
        } finally {
          await c.query('SELECT pg_advisory_unlock($1)', [START_LOCK]);
        }
      } finally {
        c.release();
      }
    },
  };
}
