/** @module An SmsQueue in memory: for tests and the demo, where nothing needs to survive a restart. */
import type { DeliveryReceipt } from './smpp/receipt.js';
import type { RetryAt, SmsJob, SmsQueue } from './queue.js';

export type JobState = 'queued' | 'leased' | 'sent' | 'delivered' | 'failed';

export interface JobRecord {
  job: SmsJob;
  state: JobState;
  dueAt: number;
  messageId: string | null;
  /** Why it failed, or the last receipt's stat. */
  reason: string | null;
  /** Every step, for tests and the demo page: `sent 1a2b`, `retry front ESME_RTHROTTLED`, `receipt UNDELIV`... */
  history: string[];
}

export class MemorySmsQueue implements SmsQueue {
  private readonly records = new Map<number, JobRecord>();
  /** Job ids waiting, in the order take() offers them. */
  private order: number[] = [];
  private readonly byMessageId = new Map<string, number>();
  private nextId = 1;
  private readonly now: () => number;
  /** Each call is done before it returns. */
  readonly writesInOrder: boolean = true;
  /** Called when a job is added (the demo wakes its dispatcher with it). */
  onAdd: (() => void) | null = null;

  constructor(opts: { now?: () => number } = {}) {
    this.now = opts.now ?? Date.now;
  }

  add(to: string, text: string): SmsJob {
    const job: SmsJob = { id: this.nextId++, to, text, attempts: 0, unanswered: 0 };
    this.records.set(job.id, { job, state: 'queued', dueAt: this.now(), messageId: null, reason: null, history: [] });
    this.order.push(job.id);
    this.onAdd?.();
    return { ...job };
  }

  get(id: number): JobRecord | undefined {
    return this.records.get(id);
  }

  counts(): Record<JobState, number> {
    const c: Record<JobState, number> = { queued: 0, leased: 0, sent: 0, delivered: 0, failed: 0 };
    for (const r of this.records.values()) c[r.state]++;
    return c;
  }

  async take(n: number): Promise<SmsJob[]> {
    const t = this.now();
    const out: SmsJob[] = [];
    for (const id of this.order) {
      if (out.length >= n) break;
      const r = this.records.get(id)!;
      if (r.dueAt > t) continue;
      r.state = 'leased';
      out.push({ ...r.job });
    }
    if (out.length) this.order = this.order.filter((id) => this.records.get(id)!.state === 'queued');
    return out;
  }

  async sent(job: SmsJob, messageId: string): Promise<void> {
    const r = this.leased(job, 'sent');
    r.state = 'sent';
    r.messageId = messageId;
    r.history.push(`sent ${messageId}`);
    this.byMessageId.set(messageId, job.id);
  }

  async retry(job: SmsJob, at: RetryAt): Promise<void> {
    const r = this.records.get(job.id);
    if (!r || (r.state !== 'leased' && r.state !== 'sent')) throw new Error(`job ${job.id} is not leased or sent`);
    if (r.messageId) this.byMessageId.delete(r.messageId);
    Object.assign(r, { job: { ...job }, state: 'queued', dueAt: this.now() + at.delayMs, messageId: null });
    r.history.push(`retry ${at.front ? 'front' : 'back'} ${at.reason}`);
    if (at.front) this.order.unshift(job.id);
    else this.order.push(job.id);
  }

  async failed(job: SmsJob, reason: string): Promise<void> {
    const r = this.records.get(job.id);
    if (!r || (r.state !== 'leased' && r.state !== 'sent')) throw new Error(`job ${job.id} is not leased or sent`);
    if (r.messageId) this.byMessageId.delete(r.messageId);
    Object.assign(r, { job: { ...job }, state: 'failed', reason });
    r.history.push(`failed ${reason}`);
  }

  async receipt(rc: DeliveryReceipt): Promise<SmsJob | null> {
    const id = this.byMessageId.get(rc.messageId);
    const r = id === undefined ? undefined : this.records.get(id);
    if (!r || r.state !== 'sent') return null;
    r.history.push(`receipt ${rc.stat}`);
    r.reason = rc.stat;
    // Only `delivered` settles the job here: for the others the dispatcher's retry() or failed() does (and drops the id),
    // so a receipt whose decision could not be written finds its job again when the SMSC sends it once more.
    if (rc.state === 'delivered') {
      this.byMessageId.delete(rc.messageId);
      r.state = 'delivered';
    }
    return { ...r.job };
  }

  private leased(job: SmsJob, what: string): JobRecord {
    const r = this.records.get(job.id);
    if (!r || r.state !== 'leased') throw new Error(`${what}: job ${job.id} is not leased`);
    r.job = { ...job };
    return r;
  }
}
