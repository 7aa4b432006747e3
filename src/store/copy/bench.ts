/** @module Measures `guichet store copy` and `guichet backup` on a realistic store: a demo registry with every retained subscriber credited. */
// Usage: node --import tsx src/store/copy/bench.ts [electricity water]   (PostgreSQL from GUICHET_TEST_DATABASE_URL)
// The SQLite store lives in a temp folder and the PostgreSQL target is a guichet_test_* database; both are removed at the end.
import { rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subscriber } from '../../domain/subscriber.js';
import { builtinProgramme, compileProgramme } from '../../programmes/index.js';
import { generateDemoRegistry } from '../../registry/demo-data.js';
import { guichet } from '../../test-support/cli.js';
import { SqliteAsyncStore } from '../sqlite/async.js';
import { newCredit } from '../test-support/helpers.js';
import { createTestDatabase } from '../test-support/pg.js';

const base = process.env.GUICHET_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const [electricity, water] = [Number(process.argv[2] ?? 40_000), Number(process.argv[3] ?? 20_000)];
const dir = mkdtempSync(join(tmpdir(), 'guichet-copy-bench-'));
const db = await createTestDatabase(base, { empty: true });
try {
  const t0 = performance.now();
  const store = SqliteAsyncStore.open(join(dir, 'guichet.db'));
  let batch: Subscriber[] = [];
  for (const s of generateDemoRegistry({ electricity, water, seed: 2020 })) {
    batch.push(s);
    if (batch.length === 20_000) {
      await store.subscribers.upsertBatch(batch);
      batch = [];
    }
  }
  await store.subscribers.upsertBatch(batch);
  const programme = builtinProgramme();
  await store.programmes.save(programme);
  await store.setSetting('demo', '1');
  writeFileSync(join(dir, 'demo-vending-key'), '0123456789abcdef\n');
  // Every retained subscriber credited, in group commits of 500 as a busy node would: prepaid ones with a token.
  const c = compileProgramme(programme);
  let pending = [];
  let credits = 0;
  for await (const s of store.subscribers.iterateAll()) {
    const d = c.decide('phase-1', s);
    if (!d.retained) continue;
    pending.push(newCredit(s, { fcfa: d.credit.fcfa, units_tenths: d.credit.units_tenths, unit: d.credit.unit }));
    if (pending.length === 500) {
      credits += (await store.claims.commitCredits(pending)).length;
      pending = [];
    }
  }
  credits += (await store.claims.commitCredits(pending)).length;
  const subscribers = await store.subscribers.count();
  await store.close();
  console.log(`store filled: ${subscribers} subscribers, ${credits} credits, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  for (const [what, args] of [
    ['journal verify (SQLite)', ['journal', 'verify', '--data-dir', dir]],
    ['backup', ['backup', '--data-dir', dir, '--out', join(dir, 'backup.db')]],
    ['store copy to PostgreSQL', ['store', 'copy', '--from-data-dir', dir, '--to-database-url', db.url]],
    ['journal verify (PostgreSQL)', ['journal', 'verify', '--database-url', db.url]],
  ] as const) {
    const t1 = performance.now();
    const r = guichet([...args]);
    console.log(`\n## ${what}: exit ${r.code}, ${((performance.now() - t1) / 1000).toFixed(1)} s wall (process start included)\n${r.stdout.trim()}${r.stderr ? `\n${r.stderr.trim()}` : ''}`);
  }
} finally {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
