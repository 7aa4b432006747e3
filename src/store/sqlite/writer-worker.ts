/** @module The SQLite writer thread: runs each group commit (and its fsync) off the thread that parses HTTP. */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './open.js';
import { SqliteClaimRepo } from './claims.js';
import { decodeBatch, type WireBatch } from './writer-wire.js';
import { SqliteSmsRepo, type SmsOp } from './sms.js';

const db = openSqlite((workerData as { path: string }).path);
const repo = new SqliteClaimRepo(db);
const sms = new SqliteSmsRepo(db);
// Outbox operations of one tick, one transaction: one fsync for a burst of sends and receipts, off the HTTP thread.
const smsTx = db.transaction((ops: SmsOp[]) => ops.map((o) => sms.run(o)));

parentPort!.on('message', (m: { id: number; batch: WireBatch } | { id: number; sms: SmsOp[] } | { close: true }) => {
  if ('close' in m) {
    db.close();
    parentPort!.close();
    return;
  }
  if ('sms' in m) {
    try {
      parentPort!.postMessage({ id: m.id, results: smsTx.immediate(m.sms) });
    } catch (e) {
      parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
    return;
  }
  try {
    const outcomes = repo.commitCompact(decodeBatch(m.batch));
    parentPort!.postMessage({ id: m.id, outcomes }, [outcomes.codes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
