/** @module The SMS sender over SMPP 3.4: one transceiver link kept bound, submits within a window and under a rate ceiling. */
import type { RestartPolicy } from '../../lib/backoff.js';
import { SINGLE_SMS_SEPTETS, describe, encodeGsm7, nonGsm7, septets } from '../gsm7.js';
import { SmppLink, type Answer, type LinkOptions } from './link.js';
import { emptyStats, type SubmitOutcome } from './outcome.js';
import { canonicalId, IDS_AS_WRITTEN, type DeliveryReceipt, type MessageIdStyle } from './receipt.js';
import { SMPP_RECONNECT, reconnectDelay } from './reconnect.js';
import { TokenBucket } from './token-bucket.js';
import { readDeliver, type InboundSms } from './deliver.js';
import { STATUS, sourceBytes, statusName, submitSm, text } from './wire.js';

export type LinkState = 'up' | 'down';

export interface SenderHandlers {
  /** Awaited before the deliver_sm_resp goes: a throw answers "temporary error" and the SMSC sends the receipt again later. */
  onReceipt?(r: DeliveryReceipt): void | Promise<void>;
  /** A mobile-originated message; awaited like onReceipt. */
  onInbound?(m: InboundSms): void | Promise<void>;
  onStateChange?(state: LinkState, detail: string): void;
  /** Seconds from submit_sm written to its answer, for every answered submit. */
  onSubmitLatency?(seconds: number): void;
}

export interface SmppSenderOptions extends SenderHandlers {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType?: string;
  /** source_addr: an alphanumeric name (`SEEG`, at most 11 characters) or a number. */
  source: string;
  /** Submits awaiting their submit_sm_resp at most. */
  window?: number;
  ratePerSecond?: number;
  responseTimeoutMs?: number;
  enquireLinkMs?: number;
  enquireLinkTimeoutMs?: number;
  connectTimeoutMs?: number;
  reconnect?: RestartPolicy;
  /** Pause after ESME_RTHROTTLED; doubles while the SMSC keeps saying it, up to pauseMaxMs. */
  throttlePauseMs?: number;
  /** Pause after ESME_RMSGQFUL: the SMSC's own queue is full, which takes longer to drain than a rate to recover. */
  queueFullPauseMs?: number;
  pauseMaxMs?: number;
  messageIds?: MessageIdStyle;
  /** For the reconnection jitter. */
  random?: () => number;
}

export const SENDER_DEFAULTS = {
  window: 10, ratePerSecond: 100, responseTimeoutMs: 10_000, enquireLinkMs: 30_000, enquireLinkTimeoutMs: 10_000,
  connectTimeoutMs: 10_000, throttlePauseMs: 1000, queueFullPauseMs: 5000, pauseMaxMs: 30_000,
};

/** A backlog goes out this many seconds of the rate at a time (5 submits at 500/s): at most 10 ms later each. */
const BATCH_SECONDS = 0.01;

interface Waiting {
  to: string;
  body: Buffer;
  resolve(o: SubmitOutcome): void;
}

export class SmppSender {
  readonly stats = emptyStats();
  /** Why the link is down (or last went down), for health checks; null while bound. */
  lastError: string | null = null;
  private readonly o: typeof SENDER_DEFAULTS & SmppSenderOptions;
  private readonly handlers: SenderHandlers;
  private readonly bucket: TokenBucket;
  private readonly waiting: Waiting[] = [];
  private link: SmppLink | null = null;
  private inflight = 0;
  private pumpTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private attempt = 0;
  private sleepTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private upWaiters: ((up: boolean) => void)[] = [];
  private streak = 0;
  private pausedAt = -Infinity;
  /** Submits that go together when a backlog waits (BATCH_SECONDS of the rate, within the bucket). */
  private readonly batch: number;
  /** source_addr and its TON/NPI as every submit writes them. */
  private readonly source: Buffer;

  constructor(opts: SmppSenderOptions) {
    // An option given as undefined takes its default: `{ responseTimeoutMs: undefined }` must not mean a 1 ms deadline.
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as SmppSenderOptions;
    this.o = { ...SENDER_DEFAULTS, ...given };
    if (!/^[0-9]{1,15}$|^[ -~]{1,11}$/.test(opts.source)) throw new RangeError('source must be a number or at most 11 printable ASCII characters');
    if (!(this.o.window >= 1)) throw new RangeError('window must be at least 1');
    this.handlers = { onReceipt: opts.onReceipt, onInbound: opts.onInbound, onStateChange: opts.onStateChange, onSubmitLatency: opts.onSubmitLatency };
    this.bucket = new TokenBucket({ ratePerSecond: this.o.ratePerSecond });
    this.source = sourceBytes(opts.source);
    this.batch = Math.max(1, Math.min(Math.floor(this.bucket.capacity), Math.round(this.o.ratePerSecond * BATCH_SECONDS)));
  }

  /** Connects and binds, and keeps doing so (with backoff) until close(). */
  start(): this {
    this.loop ??= this.run();
    return this;
  }

  setHandlers(h: SenderHandlers): void {
    Object.assign(this.handlers, h);
  }

  get isUp(): boolean {
    return this.link !== null && this.link.isOpen;
  }

  /** Submits written and not yet answered. */
  get inFlight(): number {
    return this.inflight;
  }

  get window(): number {
    return this.o.window;
  }

  /** Resolves true once bound, false if the sender is closed first. */
  whenUp(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (this.isUp) return Promise.resolve(true);
    return new Promise((r) => this.upWaiters.push(r));
  }

  /**
   * One single-part GSM-7 SMS to `to` (international form, `241...` or `+241...`). Waits for a window slot and for
   * the rate; answers `disconnected` at once while the link is down, so the caller keeps the job rather than a promise.
   */
  submit(to: string, message: string): Promise<SubmitOutcome> {
    this.stats.submitted++;
    const invalid = checkMessage(to, message);
    if (invalid) return Promise.resolve(this.count({ kind: 'invalid', reason: invalid }));
    if (!this.isUp || this.stopped) return Promise.resolve(this.count({ kind: 'disconnected', written: false }));
    return new Promise((resolve) => {
      this.waiting.push({ to: to.replace(/^\+/, ''), body: encodeGsm7(message), resolve: (o) => resolve(this.count(o)) });
      this.pump();
    });
  }

  /** Stops reconnecting, answers waiting submits `disconnected`, unbinds (submits in flight get their answer if it comes first). */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    this.failWaiting();
    await this.link?.close();
    await this.loop;
    for (const w of this.upWaiters.splice(0)) w(false);
  }

  private count(o: SubmitOutcome): SubmitOutcome {
    this.stats.outcomes[o.kind]++;
    return o;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const link = await this.open();
      let upMs: number | null = null;
      if (link) {
        const upAt = performance.now();
        this.link = link;
        this.lastError = null;
        this.handlers.onStateChange?.('up', 'bound');
        for (const w of this.upWaiters.splice(0)) w(true);
        this.pump();
        const reason = await link.closed;
        upMs = performance.now() - upAt;
        this.link = null;
        this.lastError = reason;
        this.failWaiting();
        this.handlers.onStateChange?.('down', reason);
      }
      if (this.stopped) break;
      const next = reconnectDelay(this.attempt, upMs, this.o.random ?? Math.random, this.o.reconnect ?? SMPP_RECONNECT);
      this.attempt = next.attempt;
      this.stats.reconnects++;
      await new Promise<void>((r) => {
        this.wake = r;
        this.sleepTimer = setTimeout(r, next.delayMs);
      });
    }
  }

  private async open(): Promise<SmppLink | null> {
    const lo: LinkOptions = {
      host: this.o.host, port: this.o.port, systemId: this.o.systemId, password: this.o.password,
      systemType: this.o.systemType ?? '', connectTimeoutMs: this.o.connectTimeoutMs,
      enquireLinkMs: this.o.enquireLinkMs, enquireLinkTimeoutMs: this.o.enquireLinkTimeoutMs,
    };
    try {
      const link = await SmppLink.open(lo, {
        deliver: (pdu) => readDeliver(pdu, this.o.messageIds ?? IDS_AS_WRITTEN, this.stats, this.handlers),
        enquireTimedOut: () => this.stats.enquireLinkTimeouts++,
      });
      if (!this.stopped) return link;
      await link.close();
    } catch (e) {
      this.stats.bindFailures++;
      this.lastError = (e as Error).message;
    }
    return null;
  }

  private failWaiting(): void {
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.pumpTimer = null;
    for (const w of this.waiting.splice(0)) w.resolve({ kind: 'disconnected', written: false });
  }

  /**
   * Sends what the window and the rate allow, a few together when a backlog waits, and sets a timer for when the
   * rate allows the next ones. One at a time, paced 2 ms apart at 500/s, each submit, its answer and its receipt
   * were a write and a read of their own on both sides of the link; five together are one each. A lone message
   * (no backlog) still goes at once.
   */
  private pump(): void {
    if (this.pumpTimer) return;
    const link = this.link;
    while (link && link.isOpen && this.waiting.length > 0 && this.inflight < this.o.window) {
      const together = Math.min(this.waiting.length, this.o.window - this.inflight, this.batch);
      const wait = this.bucket.waitMs(together);
      if (wait > 0) {
        this.pumpTimer = setTimeout(() => {
          this.pumpTimer = null;
          this.pump();
        }, Math.ceil(wait));
        return;
      }
      for (let i = 0; i < together; i++) {
        this.bucket.take();
        this.send(link, this.waiting.shift()!);
      }
    }
  }

  private send(link: SmppLink, w: Waiting): void {
    this.inflight++;
    const pdu = submitSm(this.source, w.to, w.body);
    const sentAt = performance.now();
    void link.request(pdu, this.o.responseTimeoutMs).then((a) => {
      this.inflight--;
      w.resolve(this.outcome(a, link, sentAt));
      this.pump();
    });
  }

  private outcome(a: Answer, link: SmppLink, sentAt: number): SubmitOutcome {
    if (a.kind === 'closed') return { kind: 'disconnected', written: true };
    if (a.kind === 'timeout') {
      // The package has no deadline of its own; a lost answer means a link we can no longer trust.
      link.destroy(`no submit_sm_resp within ${this.o.responseTimeoutMs} ms`);
      return { kind: 'timeout' };
    }
    this.handlers.onSubmitLatency?.((performance.now() - sentAt) / 1000);
    const status = a.pdu.command_status;
    if (status === STATUS.OK) {
      this.streak = 0;
      const raw = text(a.pdu, 'message_id');
      return { kind: 'sent', messageId: canonicalId(raw, (this.o.messageIds ?? IDS_AS_WRITTEN).resp), smscMessageId: raw };
    }
    if (status === STATUS.THROTTLED) return this.slowDown(sentAt, this.o.throttlePauseMs, { kind: 'throttled' });
    if (status === STATUS.MSGQFUL) return this.slowDown(sentAt, this.o.queueFullPauseMs, { kind: 'queue_full' });
    return { kind: 'rejected', status, name: statusName(status) };
  }

  /** Submits that left before the current pause began are the same burst: they share its pause and do not lengthen it. */
  private slowDown(sentAt: number, baseMs: number, o: SubmitOutcome): SubmitOutcome {
    if (sentAt < this.pausedAt) return o;
    this.streak++;
    this.pausedAt = performance.now();
    this.bucket.pause(Math.min(this.o.pauseMaxMs, baseMs * 2 ** Math.min(this.streak - 1, 20)));
    return o;
  }
}

/** Why a message cannot go as one GSM-7 SMS, or null. */
export function checkMessage(to: string, message: string): string | null {
  if (!/^\+?[1-9][0-9]{7,14}$/.test(to)) return `destination "${to}" is not an international number (241...)`;
  const bad = nonGsm7(message);
  if (bad.length) return `not GSM-7: ${bad.map(describe).join(', ')}`;
  const n = septets(message);
  return n > SINGLE_SMS_SEPTETS ? `${n} septets, more than one SMS (${SINGLE_SMS_SEPTETS})` : null;
}
