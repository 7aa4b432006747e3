/** @module The checkpoint thread: copies the WAL back into the database file on a connection of its own, never on a commit's way. */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SqliteSmsRepo } from './sms.js';

const { path, highBytes, everyMs, idleMs } = workerData as { path: string; highBytes: number; everyMs: number; idleMs: number };
const db = new Database(path);
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -4096');
db.pragma('wal_autocheckpoint = 0');

const walSize = (): number => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};

let last = walSize();
let quietSince = Date.now();
const timer = setInterval(() => {
  const size = walSize();
  const t = Date.now();
  if (size !== last) quietSince = t;
  last = size;
  try {
    // A quiet store: the whole WAL in, and the file emptied (nobody is writing to be held up).
    if (size > 0 && t - quietSince >= idleMs) db.pragma('wal_checkpoint(TRUNCATE)');
    // A busy one: as much as readers allow, without waiting for the writer; the WAL is then reused from its start.
    else if (size >= highBytes) db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
}, everyMs);

// The outbox's counts by state for the metrics: a scan of every message (36-58 ms at 400,000, measured), here
// rather than on the HTTP thread, where it stalled every answer for that long every 2 s.
let sms: SqliteSmsRepo | null = null;

parentPort!.on('message', (m: { close: true } | { id: number; counts: true }) => {
  if ('counts' in m) {
    try {
      sms ??= new SqliteSmsRepo(db);
      parentPort!.postMessage({ id: m.id, counts: sms.counts() });
    } catch (e) {
      parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
    return;
  }
  if (!m.close) return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
