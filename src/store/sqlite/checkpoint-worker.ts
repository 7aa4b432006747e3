/** @module The checkpoint thread: copies the WAL back into the database file on a connection of its own, never on a commit's way. */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

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

parentPort!.on('message', (m: { close: true }) => {
  if (!m.close) return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
