/** @module The SQLite writer thread: runs each group commit (and its fsync) off the thread that parses HTTP. */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './open.js';
import { SqliteClaimRepo } from './claims.js';
import { decodeBatch, type WireBatch } from './writer-wire.js';

const db = openSqlite((workerData as { path: string }).path);
const repo = new SqliteClaimRepo(db);

parentPort!.on('message', (m: { id: number; batch: WireBatch } | { close: true }) => {
  if ('close' in m) {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    const outcomes = repo.commitCompact(decodeBatch(m.batch));
    parentPort!.postMessage({ id: m.id, outcomes }, [outcomes.codes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
