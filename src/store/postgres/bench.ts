/** @module Measures the PostgreSQL store: group commit by batch size, what the shared chain head costs, the 400,934-row import. */
// Usage: node --import tsx src/store/postgres/bench.ts [postgres://...]   (default: GUICHET_TEST_DATABASE_URL)
// Every database it makes is a guichet_test_* database, dropped at the end.
import type { StoredSubscriber } from '../../domain/subscriber.js';
import type pg from 'pg';
import type { Subscriber } from '../../domain/subscriber.js';
import { generateDemoRegistry } from '../../registry/demo-data.js';
import { subscriber } from '../../test-support/fixtures.js';
import { collect, newCredit, verifyStore } from '../test-support/helpers.js';
import { createTestDatabase, type TestDatabase } from '../test-support/pg.js';
import { PgClaimRepo } from './claims.js';
import { PgStore } from './store.js';

const base = process.argv[2] ?? process.env.GUICHET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbs: TestDatabase[] = [];

async function freshStore(): Promise<PgStore> {
  const db = await createTestDatabase(base);
  dbs.push(db);
  return PgStore.open(db.url, { migrate: false });
}

/** Unsafe on purpose, for measurement only: reads the head without locking it (two of these would fork the chain). */
class UnlockedClaimRepo extends PgClaimRepo {
  protected override async lockHead(c: pg.PoolClient) {
    return (await c.query<{ seq: number; hash: string }>('SELECT seq, hash FROM journal_head WHERE id = 1')).rows[0];
  }
}

async function seed(store: PgStore, n: number): Promise<StoredSubscriber[]> {
  for (let i = 0; i < n; i += 20_000) {
    await store.subscribers.upsertBatch(Array.from({ length: Math.min(20_000, n - i) }, (_, k) => subscriber(i + k + 1)));
  }
  return collect(store.subscribers.iterateAll());
}

/** Commits `subs` in batches of `size`, `writers` at a time (each its own repo and pool); credits per second. */
async function commitRate(repos: PgClaimRepo[], subs: StoredSubscriber[], size: number, cycle: string): Promise<number> {
  const t0 = performance.now();
  await Promise.all(repos.map(async (repo, w) => {
    const mine = subs.filter((_, i) => i % repos.length === w);
    for (let i = 0; i < mine.length; i += size) await repo.commitCredits(mine.slice(i, i + size).map((s) => newCredit(s, { cycle })));
  }));
  return subs.length / ((performance.now() - t0) / 1000);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function groupCommit(): Promise<void> {
  const store = await freshStore();
  const subs = await seed(store, 40_000);
  const other = await PgStore.open(dbs[dbs.length - 1].url, { migrate: false });
  try {
    console.log('\n## commitCredits, one transaction per batch (credits/s)');
    console.log('| batch | 1 writer, head locked | 1 writer, head not locked (unsafe) | 2 writers on one head |');
    console.log('| ---: | ---: | ---: | ---: |');
    const unlocked = new UnlockedClaimRepo(store.pool);
    // Each run its own cycle: the same subscribers get fresh credits (a duplicate is cheaper and would flatter the figure).
    for (const [size, n] of [[1, 1000], [50, 10_000], [500, 20_000]] as const) {
      const locked = await commitRate([store.claims], subs.slice(0, n), size, `b${size}-locked`);
      const free = await commitRate([unlocked], subs.slice(0, n), size, `b${size}-unlocked`);
      store.claims.stats.headWaitMs = other.claims.stats.headWaitMs = 0;
      const t0 = performance.now();
      const two = await commitRate([store.claims, other.claims], subs.slice(0, n), size, `b${size}-two`);
      const wall = performance.now() - t0;
      const waited = store.claims.stats.headWaitMs + other.claims.stats.headWaitMs;
      console.log(`| ${size} | ${fmt(locked)} | ${fmt(free)} | ${fmt(two)} (waiting for the head: ${Math.round((100 * waited) / (2 * wall))}% of writer time) |`);
    }
    const r = await verifyStore(store);
    console.log(`journal after the runs: ${r.ok ? `intact, ${r.entries} entries` : `BROKEN: ${r.problem}`}`);
  } finally {
    await other.close();
    await store.close();
  }
}

/** Two writers on two databases: what the hardware gives when nothing is shared, the ceiling the head lock gives up. */
async function unshared(): Promise<void> {
  const [a, b] = [await freshStore(), await freshStore()];
  try {
    const [sa, sb] = [await seed(a, 10_000), await seed(b, 10_000)];
    for (const size of [1, 50]) {
      const n = size === 1 ? 1000 : 10_000;
      const t0 = performance.now();
      await Promise.all([commitRate([a.claims], sa.slice(0, n), size, `u${size}`),
        commitRate([b.claims], sb.slice(0, n), size, `u${size}`)]);
      console.log(`2 writers, 2 databases (no shared head), batch ${size}: ${fmt((2 * n) / ((performance.now() - t0) / 1000))} credits/s`);
    }
  } finally {
    await a.close();
    await b.close();
  }
}

async function bulkImport(): Promise<void> {
  const store = await freshStore();
  try {
    const rows: Subscriber[] = [];
    for (const s of generateDemoRegistry({ electricity: 248_200, water: 152_734 })) rows.push(s);
    const first = rows.slice(0, 400_934);
    console.log(`\n## bulk upsert (batches of 20,000, the importer's default; rows generated beforehand)`);
    for (const [label, set] of [['400,934 rows into an empty store', first], ['the same again (all unchanged)', first],
      [`the whole demo registry (${fmt(rows.length)} rows; 64,150 new)`, rows]] as const) {
      const t0 = performance.now();
      const tot = { added: 0, updated: 0, unchanged: 0, rejected: 0 };
      for (let i = 0; i < set.length; i += 20_000) {
        const r = await store.subscribers.upsertBatch(set.slice(i, i + 20_000));
        tot.added += r.added;
        tot.updated += r.updated;
        tot.unchanged += r.unchanged;
        tot.rejected += r.rejected.length;
      }
      const s = (performance.now() - t0) / 1000;
      console.log(`${label}: ${s.toFixed(1)} s (${fmt(set.length / s)} rows/s) ${JSON.stringify(tot)}`);
    }
    const t0 = performance.now();
    const n = (await collect(store.subscribers.iterateAll())).length;
    console.log(`full scan for the in-memory index: ${n} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await store.close();
  }
}

try {
  const only = process.argv[3];
  if (!only || only === 'commit') await groupCommit();
  if (!only || only === 'unshared') await unshared();
  if (!only || only === 'import') await bulkImport();
} finally {
  for (const db of dbs) await db.drop();
}
