/** @module The SQLite writer thread: runs each group commit (and its fsync) off the thread that parses HTTP. */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openSqlite } from './open.js';
import { SqliteClaimRepo } from './claims.js';
import { decodeBatch, type WireBatch } from './writer-wire.js';
import { SqliteSmsRepo, type SmsOp, type SmsResult } from './sms.js';
import { HostedSmsWrites, type SmsHostModule } from './sms-hosted.js';

/** The writer connection's page cache, in KiB. */
const WRITER_CACHE_KIB = 16_384;

const db = openSqlite((workerData as { path: string }).path);
// Checkpoints are the checkpoint thread's (checkpointer.ts): never inside a commit here.
db.pragma('wal_autocheckpoint = 0');
// A smaller page cache than the other connections' (64 MiB). When a B-tree split reorders its new sibling pages
// (balance_nonroot, which a crowd's random index inserts cause in nearly every commit), SQLite parks a page under a
// temporary number past the pending-byte page (1,048,577 with 1 KiB pages); at the end of the transaction that number
// is beyond the file, and pcache1TruncateUnsafe scans the whole hash table of the page cache. The scan grows with the
// pages cached: with 64 MiB it was a quarter of this thread's time under the throughput bench (perf). 16 MiB still
// holds the indexes' upper levels; the leaves come from the OS's cache.
db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
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

const failure = (e: unknown): SmsResult => ({ error: e instanceof Error ? e.message : String(e) });

/** Outbox operations in a transaction of their own. */
const smsAlone = (ops: SmsOp[]): SmsResult => {
  try {
    return { results: runSms(ops) };
  } catch (e) {
    return failure(e);
  }
};

/** Outbox operations inside another transaction (a savepoint): one that throws undoes only its own writes. */
const smsWithin = (ops: SmsOp[]): SmsResult => {
  try {
    return { results: smsTx(ops) };
  } catch (e) {
    return failure(e);
  }
};

/** The outbox of the node's sender, when it is hosted here (src/server/sms-hosted.ts). */
let hosted: HostedSmsWrites | null = null;

type Message =
  | { id: number; batch: WireBatch; sms?: SmsOp[] }
  | { id: number; sms: SmsOp[] }
  | { smsHost: { module: string; data: unknown; port: MessagePort } }
  | { close: true };

function host(h: { module: string; data: unknown; port: MessagePort }): void {
  hosted?.close();
  const outbox = (hosted = new HostedSmsWrites(smsAlone));
  import(h.module)
    .then((m: SmsHostModule) => m.start({ outbox, port: h.port, data: h.data }))
    .catch((e: unknown) => h.port.postMessage({ kind: 'failed', message: failure(e).error }));
}

parentPort!.on('message', (m: Message) => {
  if ('close' in m) {
    db.close();
    parentPort!.close();
    // A sender still hosted here (its node did not stop it) would keep the thread alive with its link and timers.
    if (hosted) {
      hosted.close();
      process.exit(0);
    }
    return;
  }
  if ('smsHost' in m) return host(m.smsHost);
  if (!('batch' in m)) {
    parentPort!.postMessage({ id: m.id, sms: smsAlone(m.sms) });
    if (m.sms.some((o) => o.op === 'enqueue')) hosted?.changed();
    return;
  }
  const ops = m.sms;
  const hostedOps = hosted?.gathered() ?? null;
  try {
    // Outbox operations that were waiting when the commit came ride in its transaction: no transaction (nor wake-up
    // of this thread) of their own while claims flow. The HTTP thread's and the hosted sender's in a savepoint each.
    const { outcomes, also } = ops || hostedOps
      ? repo.commitCompactWith(decodeBatch(m.batch), () => ({ main: ops && smsWithin(ops), hosted: hostedOps && smsWithin(hostedOps) }))
      : { outcomes: repo.commitCompact(decodeBatch(m.batch)), also: null };
    parentPort!.postMessage({ id: m.id, outcomes, sms: also?.main ?? undefined }, [outcomes.codes.buffer as ArrayBuffer]);
    if (also?.hosted) hosted!.settle(also.hosted);
    hosted?.changed();
  } catch (e) {
    // The credits failed and took the operations with them: those go again on their own.
    parentPort!.postMessage({ id: m.id, error: failure(e).error, sms: ops ? smsAlone(ops) : undefined });
    if (hostedOps) hosted!.settle(smsAlone(hostedOps));
  }
});
