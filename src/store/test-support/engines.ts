/** @module The engines the store contract suite runs on: SQLite in a temp file, PostgreSQL in a database of its own. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../contract.js';
import { PgStore } from '../postgres/store.js';
import { SqliteAsyncStore } from '../sqlite/async.js';
import { GENESIS_HASH } from '../../journal/entry.js';
import { createTestDatabase, pgAvailability } from './pg.js';

export interface StoreHarness {
  /** The store of the case, empty at its start. */
  store: Store;
  /** Another handle on the same data, as a second node (or a CLI next to the server) would hold; its own clock if given. */
  peer(now?: () => Date): Promise<Store>;
  /** Empties the data and closes the peers: every case starts from an empty store. */
  reset(): Promise<void>;
  teardown(): Promise<void>;
}

export interface EngineUnderTest {
  name: string;
  /** Set when the engine is unavailable here: the reason to print (skip) or to fail with (CI). */
  skip?: string;
  fail?: string;
  setup(): Promise<StoreHarness>;
}

/** Stamps one second apart, shared by a store and its peers, so "changed since" never depends on the wall clock. */
function tickingClock(): () => Date {
  let t = Date.parse('2020-04-01T08:00:00Z');
  return () => new Date((t += 1000));
}

export function sqliteEngine(): EngineUnderTest {
  return {
    name: 'sqlite',
    async setup() {
      let dir = '';
      let now = tickingClock();
      const peers: Store[] = [];
      const open = (clock = now) => SqliteAsyncStore.open(join(dir, 'guichet.db'), { now: clock });
      const fresh = () => {
        dir = mkdtempSync(join(tmpdir(), 'guichet-contract-'));
        now = tickingClock();
        return open();
      };
      const closeAll = async () => {
        for (const p of peers.splice(0)) await p.close();
        await h.store.close();
        rmSync(dir, { recursive: true, force: true });
      };
      const h: StoreHarness = {
        store: fresh(),
        async peer(clock) {
          const p = open(clock);
          peers.push(p);
          return p;
        },
        async reset() {
          await closeAll();
          h.store = fresh();
        },
        teardown: closeAll,
      };
      return h;
    },
  };
}

/** `copyMin: 1` sends every subscriber write through COPY, as the large batches of a real import go. */
export function postgresEngine(o: { copyMin?: number } = {}): EngineUnderTest {
  const a = pgAvailability('PostgreSQL contract suite');
  return {
    name: o.copyMin === undefined ? 'postgres' : `postgres, subscriber writes of ${o.copyMin}+ rows through COPY`,
    skip: a.skip,
    fail: a.fail,
    async setup() {
      const db = await createTestDatabase(a.url!);
      let now = tickingClock();
      const peers: Store[] = [];
      // Already migrated (a template clone): open without migrating, as a node would after the first one did.
      const open = (clock = now) => PgStore.open(db.url, { max: 4, now: clock, migrate: false, copyMin: o.copyMin });
      const h: StoreHarness = {
        store: await open(),
        async peer(clock) {
          const p = await open(clock);
          peers.push(p);
          return p;
        },
        async reset() {
          for (const p of peers.splice(0)) await p.close();
          await h.store.close();
          now = tickingClock();
          h.store = await open();
          // DELETE, not TRUNCATE: on a few rows it is ten times quicker (TRUNCATE makes and syncs new files per table).
          await (h.store as PgStore).pool.query(`DELETE FROM grievance_notes; DELETE FROM grievances; DELETE FROM grievance_exceptions;
            DELETE FROM credit_replacements; DELETE FROM console_notes; DELETE FROM code_pool; DELETE FROM sms_outbox; DELETE FROM phone_codes; DELETE FROM credits; DELETE FROM journal; DELETE FROM cycle_spend;
            DELETE FROM subscribers; DELETE FROM programmes; DELETE FROM settings; UPDATE journal_head SET seq = 0, hash = '${GENESIS_HASH}'`);
        },
        async teardown() {
          for (const p of peers.splice(0)) await p.close();
          await h.store.close();
          await db.drop();
        },
      };
      return h;
    },
  };
}
