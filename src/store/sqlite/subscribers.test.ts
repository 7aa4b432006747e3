/** @module Tests: the SQLite subscriber repository on a real database file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subscriber } from '../../domain/subscriber.js';
import { openSqlite, type SqliteDb } from './open.js';
import { SqliteSubscriberRepo } from './subscribers.js';

const BASE: Subscriber = {
  contract_no: 'LBV-00000001', meter_no: '43135625622', service: 'electricity', metering: 'prepaid', tariff: 'social',
  power_kw: 2, avg_monthly_use: 140, category: 'particulier', holder_name: 'NGUEMA Jean', agency: 'Libreville Centre',
  district: 'Akébé', phone: '+24177123456', sts_iin: '600727', sts_sgc: '123456', sts_ti: '01', sts_krn: 1, sts_kt: '02',
  sts_base_date: '1993-01-01',
};
const postpaid = (n: number, over: Partial<Subscriber> = {}): Subscriber => ({
  ...BASE, contract_no: `POG-${String(n).padStart(8, '0')}`, meter_no: String(20000000 + n), metering: 'postpaid',
  sts_iin: null, sts_sgc: null, sts_ti: null, sts_krn: null, sts_kt: null, sts_base_date: null, phone: null, ...over,
});

function withDb(fn: (db: SqliteDb, repo: SqliteSubscriberRepo, path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-subscribers-'));
  const path = join(dir, 'guichet.db');
  const db = openSqlite(path);
  let t = Date.parse('2020-04-01T08:00:00Z');
  try {
    fn(db, new SqliteSubscriberRepo(db, () => new Date((t += 60_000))), path);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('upsertBatch adds new contracts, then updates them by contract_no', () => {
  withDb((_db, repo) => {
    assert.deepEqual(repo.upsertBatch([BASE, postpaid(1), postpaid(2)]), { added: 3, updated: 0, unchanged: 0, rejected: [] });
    assert.equal(repo.count(), 3);
    const r = repo.upsertBatch([{ ...BASE, holder_name: 'NGUEMA Jean-Pierre', power_kw: 3 }, postpaid(3)]);
    assert.deepEqual(r, { added: 1, updated: 1, unchanged: 0, rejected: [] });
    assert.equal(repo.count(), 4);
    const s = repo.findByContract('LBV-00000001');
    assert.ok(s);
    assert.equal(s.holder_name, 'NGUEMA Jean-Pierre');
    assert.equal(s.power_kw, 3);
  });
});

test('a row identical to the stored one is counted unchanged and not rewritten', () => {
  withDb((db, repo) => {
    repo.upsertBatch([BASE, postpaid(1)]);
    const stamp = () => db.prepare('SELECT updated_at FROM subscribers ORDER BY id').pluck().all();
    const before = stamp();
    assert.deepEqual(repo.upsertBatch([BASE, postpaid(1, { phone: '+24166000000' })]), { added: 0, updated: 1, unchanged: 1, rejected: [] });
    const after = stamp();
    assert.equal(after[0], before[0]);
    assert.notEqual(after[1], before[1]);
    assert.deepEqual(repo.changedSince(after[1] as string).map((s) => s.contract_no), ['POG-00000001']);
  });
});

test('stored rows read back exactly, by meter, by contract (any case) and in a full scan', () => {
  withDb((_db, repo) => {
    const water = postpaid(7, { service: 'water', power_kw: null, avg_monthly_use: 12.5 });
    repo.upsertBatch([BASE, water]);
    const { id, ...rest } = repo.findByMeter('43135625622')!;
    assert.equal(typeof id, 'number');
    assert.deepEqual(rest, BASE);
    assert.deepEqual(repo.findByContract('pog-00000007'), { ...water, id: id + 1 });
    assert.equal(repo.findByMeter('99999999'), undefined);
    assert.equal(repo.findByContract('NOPE'), undefined);
    const all = [...repo.iterateAll()];
    assert.deepEqual(all.map((s) => s.contract_no), ['LBV-00000001', 'POG-00000007']);
    assert.deepEqual(all[1], { ...water, id: id + 1 });
  });
});

test('a meter number that belongs to another contract is refused, not a crash, and the rest of the batch lands', () => {
  withDb((_db, repo) => {
    repo.upsertBatch([postpaid(1)]);
    const r = repo.upsertBatch([postpaid(2), postpaid(3, { meter_no: '20000001' }), postpaid(4)]);
    assert.equal(r.added, 2);
    assert.equal(r.updated, 0);
    assert.deepEqual(r.rejected, [{ index: 1, reason: 'meter_conflict: meter_no 20000001 already belongs to contract POG-00000001' }]);
    // Inside one batch too: the second claimant of a meter is refused.
    const s = repo.upsertBatch([postpaid(5, { meter_no: '777777' }), postpaid(6, { meter_no: '777777' })]);
    assert.deepEqual(s.rejected.map((x) => x.index), [1]);
    // A contract may change its own meter.
    assert.deepEqual(repo.upsertBatch([postpaid(1, { meter_no: '888888' })]), { added: 0, updated: 1, unchanged: 0, rejected: [] });
    assert.equal(repo.findByMeter('888888')?.contract_no, 'POG-00000001');
    assert.equal(repo.count(), 4);
  });
});

test('a row the store refuses for another reason is reported and does not undo the batch', () => {
  withDb((_db, repo) => {
    const broken = { ...postpaid(2), service: 'gas' } as unknown as Subscriber;
    const r = repo.upsertBatch([postpaid(1), broken, postpaid(3)]);
    assert.equal(r.added, 2);
    assert.equal(r.rejected.length, 1);
    assert.match(r.rejected[0].reason, /^store_error: /);
    assert.equal(repo.count(), 2);
  });
});

test('an update keeps last_tid and sets updated_at', () => {
  withDb((db, repo, path) => {
    repo.upsertBatch([BASE]);
    db.prepare('UPDATE subscribers SET last_tid = 1234567 WHERE contract_no = ?').run(BASE.contract_no);
    const before = db.prepare('SELECT updated_at FROM subscribers').pluck().get() as string;
    repo.upsertBatch([{ ...BASE, phone: null }]);
    const row = db.prepare('SELECT last_tid, updated_at, phone FROM subscribers').get() as Record<string, unknown>;
    assert.equal(row.last_tid, 1234567);
    assert.equal(row.phone, null);
    assert.ok((row.updated_at as string) > before);
    // Durable on disk: another connection to the file sees it.
    const other = openSqlite(path);
    try {
      assert.equal(new SqliteSubscriberRepo(other).count(), 1);
    } finally {
      other.close();
    }
  });
});
