/** @module Client side of the writer thread: a commit is a message there and a promise here. */
import type { CommitOutcome, NewCredit } from '../../domain/credit.js';
import { Worker } from 'node:worker_threads';
import { outcomesOf, type CompactOutcomes } from './claims.js';
import { encodeBatch, transferOf } from './writer-wire.js';
import type { SmsOp } from './sms.js';

// Under tsx (tests) this module is .ts and so is its worker; built, both are .js.
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './writer-worker.ts' : './writer-worker.js', import.meta.url);

/**
 * Built, the worker is its .js file. Under tsx (tests), Node 20 does not apply tsx's hooks to a worker's entry
 * module, so a one-line bootstrap registers tsx in the new thread and then imports the .ts worker.
 */
function entry(): URL {
  if (!WORKER.pathname.endsWith('.ts')) return WORKER;
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(WORKER.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export class SqliteWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { batch: NewCredit[] | null; resolve: (o: never) => void; reject: (e: Error) => void }>();
  /** Outbox operations of this tick, sent together (one transaction, one fsync in the writer). */
  private smsOps: { op: SmsOp; resolve: (r: unknown) => void; reject: (e: Error) => void }[] = [];
  private next = 1;
  private dead: Error | null = null;

  constructor(path: string) {
    this.worker = new Worker(entry(), { workerData: { path } });
    this.worker.on('message', (m: { id: number; outcomes?: CompactOutcomes; results?: unknown[]; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.outcomes && p.batch) p.resolve(outcomesOf(p.batch, m.outcomes) as never);
      else if (m.results) p.resolve(m.results as never);
      else p.reject(new Error(m.error ?? 'commit failed'));
    });
    const fail = (e: Error) => {
      this.dead = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`store writer stopped (exit ${code})`)));
    // Kept referenced: close() waits for the thread's exit, which an unreferenced worker would never see.
  }

  commit(batch: NewCredit[]): Promise<CommitOutcome[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    return new Promise<CommitOutcome[]>((resolve, reject) => {
      this.pending.set(id, { batch, resolve: resolve as (o: never) => void, reject });
      const wire = encodeBatch(batch);
      this.worker.postMessage({ id, batch: wire }, transferOf(wire));
    });
  }

  /** One outbox operation, run in the writer with the others of this tick. */
  sms(op: SmsOp): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      if (this.smsOps.length === 0) setImmediate(() => this.flushSms());
      this.smsOps.push({ op, resolve, reject });
    });
  }

  private flushSms(): void {
    const ops = this.smsOps;
    this.smsOps = [];
    if (this.dead) return ops.forEach((o) => o.reject(this.dead!));
    const id = this.next++;
    this.pending.set(id, {
      batch: null,
      resolve: ((results: unknown[]) => ops.forEach((o, i) => o.resolve(results[i]))) as (o: never) => void,
      reject: (e) => ops.forEach((o) => o.reject(e)),
    });
    this.worker.postMessage({ id, sms: ops.map((o) => o.op) });
  }

  async close(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise((r) => this.worker.once('exit', r));
    this.worker.postMessage({ close: true });
    await exited;
  }
}
