/** @module The SMS job: drains an SmsQueue through the sender, its retry policy declared here, beside the code that applies it. */
import type { SmppSender } from './smpp/sender.js';
import type { SubmitOutcome } from './smpp/outcome.js';
import type { DeliveryReceipt } from './smpp/receipt.js';
import type { SmsJob, SmsQueue } from './queue.js';

export interface SmsRetryPolicy {
  /** Submits the SMSC takes (delivery attempts) before an undeliverable or expired message is failed. */
  maxAttempts: number;
  /** Submits without an answer (timeout, link lost after writing) before failing: by then it may be the message. */
  maxUnanswered: number;
  /** Back in line at the front after ESME_RTHROTTLED; the sender pauses every submit meanwhile anyway. */
  throttledDelayMs: number;
  /** After ESME_RMSGQFUL: the SMSC's queue drains slower than a rate recovers. */
  queueFullDelayMs: number;
  /** Before submitting again after an UNDELIV or EXPIRED receipt, given the attempts made so far. */
  redeliveryDelayMs(attempts: number): number;
}

/**
 * A phone switched off for an hour gets three tries over about an hour and a half (now, +5 min, +20 min); the SMSC
 * keeps each try for its own validity period besides. Throttling and full queues are flow control, never failures:
 * they do not count. A lost answer counts apart, since the SMSC may have taken the message after all.
 */
export const SMS_RETRY: SmsRetryPolicy = {
  maxAttempts: 3,
  maxUnanswered: 5,
  throttledDelayMs: 1000,
  queueFullDelayMs: 5000,
  redeliveryDelayMs: (attempts) => 300_000 * 4 ** Math.max(0, attempts - 1),
};

export interface DispatcherStats {
  sent: number;
  retried: number;
  failed: number;
  delivered: number;
  /** Receipts naming no job waiting for one (an id never learned, a receipt sent twice). */
  receiptsUnmatched: number;
  /** Queue calls that threw; the job stays leased until the queue's lease runs out. */
  errors: number;
}

export interface DispatcherOptions {
  policy?: SmsRetryPolicy;
  /** How often an empty queue is looked at again without wake(). */
  idleMs?: number;
  onError?(e: unknown, job: SmsJob | null): void;
}

type Sender = Pick<SmppSender, 'submit' | 'whenUp' | 'isUp' | 'window' | 'setHandlers'>;

export class SmsDispatcher {
  readonly stats: DispatcherStats = { sent: 0, retried: 0, failed: 0, delivered: 0, receiptsUnmatched: 0, errors: 0 };
  private readonly policy: SmsRetryPolicy;
  /** Every job handed to the sender and not yet recorded (its submit, then the write of what became of it). */
  private readonly inflight = new Set<Promise<void>>();
  /** Of those, the ones whose submit is not answered yet (the others wait for their outcome to be written). */
  private submitting = 0;
  /** queue.sent() calls on their way, by message id: a receipt can overtake the write that records its submit (kept only for a queue whose writes may land out of order). */
  private readonly recording = new Map<string, Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  /** Something happened since the loop last looked; and how to tell it while it waits. */
  private woken = false;
  /** One wait for the bind however many idle ticks pass while the link is down. */
  private up: Promise<boolean> | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(private readonly sender: Sender, private readonly queue: SmsQueue, private readonly opts: DispatcherOptions = {}) {
    this.policy = opts.policy ?? SMS_RETRY;
    sender.setHandlers({ onReceipt: (r) => this.onReceipt(r) });
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** New jobs are due: look now rather than at the next idle tick. */
  wake(): void {
    this.nudge();
  }

  /** Takes no more jobs and waits for those in flight to be recorded (each ends within the sender's response timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.nudge();
    await this.loop;
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** Resolves on wake(), stop(), a finished submit, or after `ms`; at once if one of those came since the last pause. */
  private pause(ms: number | null, also?: Promise<boolean>): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = ms === null ? null : setTimeout(() => this.wakeUp?.(), ms);
      this.wakeUp = () => {
        if (timer) clearTimeout(timer);
        this.wakeUp = null;
        this.woken = false;
        resolve();
      };
      void also?.then((up) => up && this.nudge());
    });
  }

  private nudge(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (!this.sender.isUp) {
        // Looked at again every idle tick too: a closed sender's whenUp() says false, and must not spin the loop.
        this.up ??= this.sender.whenUp().finally(() => (this.up = null));
        await this.pause(this.opts.idleMs ?? 250, this.up);
        continue;
      }
      // Keep the window full: as many jobs out as the sender may have unanswered, no more leased than that. A job
      // whose answer came stays in until its outcome is written, so a crash repeats at most the window; when such
      // jobs hold the window, the queue is asked to write soon rather than gather its writes (10 ms on SQLite, which
      // kept half the window waiting at 500/s).
      const room = this.sender.window - this.inflight.size;
      if (room <= 0) {
        if (this.submitting < this.inflight.size) this.queue.hurry?.();
        await this.pause(null);
        continue;
      }
      let jobs: SmsJob[] = [];
      try {
        jobs = await this.queue.take(room);
      } catch (e) {
        this.fault(e, null);
      }
      if (this.stopping) for (const job of jobs) await this.guard(job, () => this.queue.retry(job, { delayMs: 0, front: true, reason: 'dispatcher stopping' }));
      else if (jobs.length === 0) await this.pause(this.opts.idleMs ?? 250);
      else for (const job of jobs) this.dispatch(job);
    }
  }

  private dispatch(job: SmsJob): void {
    this.submitting++;
    const p: Promise<void> = this.sender
      .submit(job.to, job.text)
      .then((o) => {
        this.submitting--;
        this.nudge();
        return this.settle(job, o);
      })
      .finally(() => {
        this.inflight.delete(p);
        this.nudge();
      });
    this.inflight.add(p);
  }

  private settle(job: SmsJob, o: SubmitOutcome): Promise<void> {
    switch (o.kind) {
      case 'sent': {
        const next = { ...job, attempts: job.attempts + 1 };
        this.stats.sent++;
        const write = this.guard(next, () => this.queue.sent(next, o.messageId));
        if (this.queue.writesInOrder) return write;
        const recorded = write.then(() => void this.recording.delete(o.messageId));
        this.recording.set(o.messageId, recorded);
        return recorded;
      }
      case 'throttled':
        return this.retry(job, this.policy.throttledDelayMs, true, 'ESME_RTHROTTLED');
      case 'queue_full':
        return this.retry(job, this.policy.queueFullDelayMs, true, 'ESME_RMSGQFUL');
      case 'timeout':
      case 'disconnected': {
        if (o.kind === 'disconnected' && !o.written) return this.retry(job, 0, true, 'link down before sending');
        const next = { ...job, unanswered: job.unanswered + 1 };
        if (next.unanswered >= this.policy.maxUnanswered) return this.fail(next, `no answer from the SMSC to ${next.unanswered} submits`);
        return this.retry(next, 0, true, o.kind === 'timeout' ? 'no submit_sm_resp' : 'link lost after sending');
      }
      case 'rejected':
        return this.fail(job, `${o.name} (0x${o.status.toString(16).padStart(8, '0')})`);
      case 'invalid':
        return this.fail(job, o.reason);
    }
  }

  private async onReceipt(r: DeliveryReceipt): Promise<void> {
    // A queue that applies writes in order takes the receipt's after the sent's it follows, in the same transaction
    // as likely as not; another must have finished recording the sent first.
    if (!this.queue.writesInOrder) await this.recording.get(r.messageId);
    // A throw here goes back to the SMSC as a temporary error: it sends the receipt again later.
    const job = await this.queue.receipt(r);
    if (!job) {
      this.stats.receiptsUnmatched++;
      return;
    }
    const err = r.errorCode === undefined ? '' : ` (err ${r.errorCode})`;
    // Written before the receipt is answered, and not through guard(): if the write fails the SMSC is told to send
    // the receipt again, and the queue, which changed nothing for a receipt other than `delivered`, finds it again.
    if (r.state === 'delivered') this.stats.delivered++;
    else if (r.state === 'rejected') await this.decide(() => this.queue.failed(job, `${r.stat}${err}`), 'failed');
    else if (r.state === 'undeliverable' || r.state === 'expired') {
      if (job.attempts >= this.policy.maxAttempts) await this.decide(() => this.queue.failed(job, `${r.stat} after ${job.attempts} attempts${err}`), 'failed');
      else await this.decide(() => this.queue.retry(job, { delayMs: this.policy.redeliveryDelayMs(job.attempts), front: false, reason: `${r.stat}${err}` }), 'retried');
    }
  }

  private async decide(write: () => Promise<void>, counted: 'failed' | 'retried'): Promise<void> {
    await write();
    this.stats[counted]++;
  }

  private retry(job: SmsJob, delayMs: number, front: boolean, reason: string): Promise<void> {
    this.stats.retried++;
    return this.guard(job, () => this.queue.retry(job, { delayMs, front, reason }));
  }

  private fail(job: SmsJob, reason: string): Promise<void> {
    this.stats.failed++;
    return this.guard(job, () => this.queue.failed(job, reason));
  }

  private async guard(job: SmsJob, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (e) {
      this.fault(e, job);
    }
  }

  private fault(e: unknown, job: SmsJob | null): void {
    this.stats.errors++;
    this.opts.onError?.(e, job);
  }
}
