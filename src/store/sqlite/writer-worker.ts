/** @module The SQLite writer thread: runs each group commit (and its fsync) off the thread that parses HTTP. */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './open.js';
import { SqliteClaimRepo } from './claims.js';
import { decodeBatch, type WireBatch } from './writer-wire.js';
import { SqliteSmsRepo, type SmsOp } from './sms.js';

const db = openSqlite((workerData as { path: string }).path);
// Checkpoints are the checkpoint thread's (checkpointer.ts): never inside a commit here.
db.pragma('wal_autocheckpoint = 0');
const repo = new SqliteClaimRepo(db);
const sms = new SqliteSmsRepo(db);
// Outbox operations of one tick, one transaction, off the HTTP thread. Without an fsync of their own (NORMAL): in WAL
// mode a committed transaction survives a crash of the process (kill -9), only a power cut may lose the last ones,
// which at worst sends a message twice; the next claim commit (FULL) syncs them anyway. A message's row itself is
// written with its credit, under FULL. Measured: with an fsync each, the outbox's small transactions took the writer
// from the claims (claims/s fell tenfold with SMS on).
const smsTx = db.transaction((ops: SmsOp[]) => ops.map((o) => sms.run(o)));
// Prepared once: db.pragma() compiles its statement on every call.
const normal = db.prepare('PRAGMA synchronous = NORMAL');
const full = db.prepare('PRAGMA synchronous = FULL');
const runSms = (ops: SmsOp[]): unknown[] => {
  normal.run();
  try {
    return smsTx.immediate(ops);
  } finally {
    full.run();
  }
};

parentPort!.on('message', (m: { id: number; batch: WireBatch } | { id: number; sms: SmsOp[] } | { close: true }) => {
  if ('close' in m) {
    db.close();
    parentPort!.close();
    return;
  }
  if ('sms' in m) {
    try {
      parentPort!.postMessage({ id: m.id, results: runSms(m.sms) });
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
