/** @module The console's tables of an open store, SQLite or PostgreSQL: `await consoleStoreFor(store)` once at start-up. */
import type { Store } from '../store/contract.js';
import type { ConsoleStore } from '../store/console-contract.js';
import { SqliteAsyncStore } from '../store/sqlite/async.js';
import { SqliteConsoleStore } from '../store/sqlite/console.js';

// Built from the Store rather than added to it: the Store interface stays as it is (and so does every fake of it),
// and the PostgreSQL side is loaded only on PostgreSQL, as `openAnyStore` does. One per store: the same handle
// whether the server, its routes or a test ask.
const made = new WeakMap<Store, ConsoleStore>();

export async function consoleStoreFor(store: Store): Promise<ConsoleStore> {
  const known = made.get(store);
  if (known) return known;
  let c: ConsoleStore;
  if (store instanceof SqliteAsyncStore) {
    c = new SqliteConsoleStore(store.sqlite.db, store.sqlite.path);
  } else {
    const { PgStore } = await import('../store/postgres/store.js');
    if (!(store instanceof PgStore)) throw new Error(`no console tables for a ${store.engine} store of type ${store.constructor.name}`);
    c = new (await import('../store/postgres/console.js')).PgConsoleStore(store.pool);
  }
  made.set(store, c);
  return c;
}
