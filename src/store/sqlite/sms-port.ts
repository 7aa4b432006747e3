/**
 * @module The SMS thread's own line to the SQLite writer thread: outbox operations and their answers over a
 * MessagePort, so they never wait on the HTTP thread's turns (src/server/sms-thread.ts says why that matters).
 *
 * The writer takes what came on the port into the next group commit's transaction (a savepoint, as the HTTP
 * thread's own outbox operations), or runs it alone in its next turn when no commit comes first. It tells the SMS
 * thread when messages may be due again after a take found none (a commit, or the HTTP thread queued some): the
 * dispatcher would otherwise look only at its next idle tick.
 */
import type { MessagePort } from 'node:worker_threads';
import { SqliteSmsWrites } from './sms-outbox.js';
import type { SmsOp } from './sms.js';

/** Outbox operations of one turn of the SMS thread. */
interface PortRequest {
  id: number;
  ops: SmsOp[];
}

/** What the writer sends back: a request's results in order (or why they all failed), or a wake-up. */
type PortReply = { id: number; results?: unknown[]; error?: string } | { wake: true };

export type SmsResult = { results?: unknown[]; error?: string };

interface Call {
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

/** The SMS thread's side: the outbox writes the dispatcher makes, one message to the writer a turn. */
export class SmsPortClient extends SqliteSmsWrites {
  private readonly calls = new Map<number, Call[]>();
  private ops: SmsOp[] = [];
  private waiting: Call[] = [];
  private turn: NodeJS.Immediate | null = null;
  private next = 1;
  private closed: Error | null = null;

  constructor(private readonly port: MessagePort, now: () => number, private readonly onWake: () => void) {
    super(now);
    port.on('message', (m: PortReply) => {
      if ('wake' in m) return this.onWake();
      const calls = this.calls.get(m.id);
      if (!calls) return;
      this.calls.delete(m.id);
      if (m.results) calls.forEach((c, i) => c.resolve(m.results![i]));
      else calls.forEach((c) => c.reject(new Error(m.error ?? 'outbox operations failed')));
    });
    port.on('close', () => this.fail(new Error('the store writer closed its SMS port')));
  }

  protected run<T>(o: SmsOp): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise<T>((resolve, reject) => {
      this.ops.push(o);
      this.waiting.push({ resolve: resolve as (r: unknown) => void, reject });
      this.turn ??= setImmediate(() => this.flush());
    });
  }

  /** This turn's operations, in one message (the writer keeps their order: receipts may follow their sent at once). */
  private flush(): void {
    this.turn = null;
    if (this.closed) return this.fail(this.closed);
    const id = this.next++;
    this.calls.set(id, this.waiting);
    this.port.postMessage({ id, ops: this.ops } satisfies PortRequest);
    this.ops = [];
    this.waiting = [];
  }

  close(): void {
    this.port.close();
  }

  private fail(e: Error): void {
    this.closed = e;
    for (const calls of this.calls.values()) for (const c of calls) c.reject(e);
    this.calls.clear();
    for (const c of this.waiting) c.reject(e);
    this.waiting = [];
    this.ops = [];
  }
}

/** The writer thread's side of one SMS port. */
export class SmsPortServer {
  private waiting: PortRequest[] = [];
  /** Taken into a transaction, waiting for settle(). */
  private taken: PortRequest[] = [];
  private turn: NodeJS.Immediate | null = null;
  /** The SMS thread's last take found nothing due: tell it when that may have changed. */
  private idle = false;

  /** `alone`: runs operations in a transaction of their own. */
  constructor(private readonly port: MessagePort, private readonly alone: (ops: SmsOp[]) => SmsResult) {
    port.on('message', (m: PortRequest) => {
      this.waiting.push(m);
      // A group commit already on its way in this turn takes them along; else they go alone right after it.
      this.turn ??= setImmediate(() => this.flush());
    });
  }

  /** The operations waiting, in order (null: none), for a transaction about to begin; hand its result to settle(). */
  take(): SmsOp[] | null {
    if (this.waiting.length === 0) return null;
    if (this.turn) clearImmediate(this.turn);
    this.turn = null;
    this.taken = this.waiting;
    this.waiting = [];
    return this.taken.length === 1 ? this.taken[0].ops : this.taken.flatMap((r) => r.ops);
  }

  /** Answers the requests last taken with what became of their operations (run together, in order). */
  settle(r: SmsResult): void {
    const reqs = this.taken;
    this.taken = [];
    let at = 0;
    for (const req of reqs) {
      const results = r.results?.slice(at, at + req.ops.length);
      for (let i = 0; i < req.ops.length; i++) if (req.ops[i].op === 'take') this.idle = (results?.[i] as unknown[] | undefined)?.length === 0;
      at += req.ops.length;
      this.port.postMessage(results ? { id: req.id, results } : { id: req.id, error: r.error ?? 'outbox operations failed' });
    }
  }

  /** Messages may have become due (credits committed with their notices, messages queued): wakes an idle dispatcher. */
  changed(): void {
    if (!this.idle) return;
    this.idle = false;
    this.port.postMessage({ wake: true } satisfies PortReply);
  }

  close(): void {
    if (this.turn) clearImmediate(this.turn);
    this.port.close();
  }

  private flush(): void {
    this.turn = null;
    const ops = this.take();
    if (ops) this.settle(this.alone(ops));
  }
}
