/** @module Client side of the writer thread: a commit is a message there and a promise here. */
import type { CommitOutcome, NewCredit } from '../../domain/credit.js';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { outcomesOf, type CompactOutcomes } from './claims.js';
import { encodeBatch, transferOf } from './writer-wire.js';
import { settleSms, type SmsCall, type SmsOp } from './sms.js';
import { workerEntry } from './worker-entry.js';

/**
 * How long outbox operations gather before they cross to the writer. Each submit's `sent` and each receipt come in
 * a turn of their own, and one message and one transaction each cost the HTTP thread about 300 µs a message sent
 * with SMS at 440/s (profiled under a claim load): claims/s fell by a quarter. Gathered, they are one message and one
 * transaction per flush. Each message wakes the writer thread, which costs the HTTP thread itself (postMessage was
 * a quarter of its time a message sent at 5 ms, profiled while draining): 10 ms halves that, and a receipt still
 * has its deliver_sm_resp within about 10 ms of arriving (it no longer waits for its `sent` to be written first: the
 * writer keeps the order), well inside an SMSC's window for receipts.
 */
const SMS_FLUSH_MS = 10;
/** When the SMS dispatcher's window waits on those writes (hurrySms). */
const SMS_HURRY_MS = 2;

export class SqliteWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { batch: NewCredit[] | null; sms: SmsCall[] | null; resolve: (o: never) => void; reject: (e: Error) => void }>();
  /**
   * Outbox operations of the last few milliseconds, sent together: with the next group commit if one comes first (in
   * its transaction), else on their own after SMS_FLUSH_MS (one message to the writer, one transaction there).
   */
  private smsOps: SmsCall[] = [];
  private smsTimer: NodeJS.Timeout | null = null;
  private hurried = false;
  /** Groups of outbox operations sent to the writer: in a transaction of their own, or with a group commit's. */
  readonly smsGroups = { alone: 0, withCommit: 0 };
  private next = 1;
  private dead: Error | null = null;

  constructor(path: string) {
    this.worker = new Worker(workerEntry(new URL(import.meta.url), 'writer-worker'), { workerData: { path } });
    this.worker.on('message', (m: { id: number; outcomes?: CompactOutcomes; error?: string; sms?: { results?: unknown[]; error?: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (p.sms) settleSms(p.sms, m.sms);
      if (!p.batch) return; // outbox operations alone: settled above
      if (m.outcomes) p.resolve(outcomesOf(p.batch, m.outcomes) as never);
      else p.reject(new Error(m.error ?? 'commit failed'));
    });
    const fail = (e: Error) => {
      this.dead = e;
      for (const p of this.pending.values()) {
        p.reject(e);
        for (const o of p.sms ?? []) o.reject(e);
      }
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`store writer stopped (exit ${code})`)));
    // Kept referenced: close() waits for the thread's exit, which an unreferenced worker would never see.
  }

  /** Whether the writer thread still runs (it stops on an error, with every commit failing after). */
  get alive(): boolean {
    return this.dead === null;
  }

  commit(batch: NewCredit[]): Promise<CommitOutcome[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    return new Promise<CommitOutcome[]>((resolve, reject) => {
      const sms = this.takeSmsOps();
      if (sms) this.smsGroups.withCommit++;
      this.pending.set(id, { batch, sms, resolve: resolve as (o: never) => void, reject });
      const wire = encodeBatch(batch);
      this.worker.postMessage(sms ? { id, batch: wire, sms: sms.map((o) => o.op) } : { id, batch: wire }, transferOf(wire));
    });
  }

  /** One outbox operation, run in the writer with the others of this tick. */
  sms(op: SmsOp): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.smsTimer ??= setTimeout(() => this.flushSms(), SMS_FLUSH_MS);
      this.smsOps.push({ op, resolve, reject });
    });
  }

  /** The operations waiting, handed to whoever sends them now (null: none). */
  private takeSmsOps(): SmsCall[] | null {
    if (this.smsOps.length === 0) return null;
    const ops = this.smsOps;
    this.smsOps = [];
    if (this.smsTimer) clearTimeout(this.smsTimer);
    this.smsTimer = null;
    this.hurried = false;
    return ops;
  }

  /**
   * The outbox operations waiting go within SMS_HURRY_MS rather than SMS_FLUSH_MS: someone waits on them. Under a
   * claim load a group commit usually comes first and takes them along.
   */
  hurrySms(): void {
    if (this.smsOps.length === 0 || this.hurried) return;
    this.hurried = true;
    if (this.smsTimer) clearTimeout(this.smsTimer);
    this.smsTimer = setTimeout(() => this.flushSms(), SMS_HURRY_MS);
  }

  private flushSms(): void {
    const ops = this.takeSmsOps();
    if (!ops) return;
    if (this.dead) return ops.forEach((o) => o.reject(this.dead!));
    this.smsGroups.alone++;
    const id = this.next++;
    this.pending.set(id, { batch: null, sms: ops, resolve: () => {}, reject: () => {} });
    this.worker.postMessage({ id, sms: ops.map((o) => o.op) });
  }

  /**
   * Starts `module` (an SmsHostModule, sms-hosted.ts) on the writer thread with `data`; returns the line to it. The
   * writer closes its end with itself.
   */
  hostSms(module: URL, data: unknown): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.worker.postMessage({ smsHost: { module: module.href, data, port: port1 } }, [port1]);
    return port2;
  }

  async close(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise((r) => this.worker.once('exit', r));
    this.worker.postMessage({ close: true });
    await exited;
  }
}
