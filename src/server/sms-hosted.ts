/**
 * @module The SMS sender hosted on the SQLite writer thread: the SMPP link, the dispatcher and their outbox writes
 * (sms-host.ts runs there; store/sqlite/sms-hosted.ts gives it the outbox), seen from the HTTP thread.
 *
 * On the HTTP thread, each of the window's submits held its slot from the submit until its outcome was written:
 * a turn of the HTTP thread to read the answer, the writer's, and another turn to read the writer's reply. Under a
 * claim load those turns take milliseconds each, and the outbox drained at 88-94% of its rate (58-85% on a slower
 * machine). On a thread of its own, with a line to the writer, it drained at 99-100%, but each crossing between
 * threads (a postMessage, and the wake-up of the thread it goes to) cost about 120 us on this machine's cores,
 * twice for every few messages. On the writer thread, the outcomes are written with no crossing at all, in the
 * next commit's transaction or right after; the writer thread waits on its fsyncs, which leaves room for the SMS.
 * What stays on the HTTP thread: inbound messages, which are claims (handed over and answered before the SMSC is),
 * and the metrics, which the writer thread sends a few times a second.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { InboundSms, SenderStats, SmppSenderOptions } from '../sms/index.js';
import { emptyStats } from '../sms/smpp/outcome.js';

export interface HostedSmsData {
  opts: SmppSenderOptions;
  /** This node's name on its leases. */
  node: string;
}

export type ToHostedSms = { kind: 'answered'; id: number; error?: string } | { kind: 'stop' };

export type FromHostedSms =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'state'; up: boolean; why: string }
  | { kind: 'stats'; stats: SenderStats; latencies: number[] }
  | { kind: 'error'; message: string; sms: number | null }
  | { kind: 'inbound'; id: number; m: InboundSms }
  | { kind: 'stopped' };

export interface HostedSmsHooks {
  log: Logger;
  onLatency(seconds: number): void;
  onStateChange(up: boolean, why: string): void;
}

/** The sender as the HTTP thread sees it: its state and counters, inbound messages to answer, and stop. */
export class HostedSms {
  /** As of the host's last report (a quarter of a second at most). */
  stats: SenderStats = emptyStats();
  isUp = false;
  private inbound: ((m: InboundSms) => Promise<void>) | null = null;
  private stopped: (() => void) | null = null;
  /** The line is closed: the writer thread is gone, or the host stopped. */
  private closed = false;

  private constructor(private readonly port: MessagePort, hooks: HostedSmsHooks, ready: (e?: Error) => void) {
    let started = false;
    port.on('message', (m: FromHostedSms) => {
      switch (m.kind) {
        case 'ready':
          started = true;
          return ready();
        case 'failed':
          return ready(new Error(`the SMS sender did not start on the writer thread: ${m.message}`));
        case 'state':
          this.isUp = m.up;
          return hooks.onStateChange(m.up, m.why);
        case 'stats':
          this.stats = m.stats;
          for (const s of m.latencies) hooks.onLatency(s);
          return;
        case 'error':
          return hooks.log.error({ err: m.message, sms: m.sms }, 'SMS outbox write failed; the message is taken again when its lease runs out');
        case 'inbound':
          return void this.answer(m.id, m.m);
        case 'stopped':
          return this.stopped?.();
      }
    });
    // The writer thread gone (the store closed, or its thread died): nothing is sent any more.
    port.on('close', () => {
      this.closed = true;
      this.isUp = false;
      if (!started) ready(new Error('the store writer closed before the SMS sender started'));
      this.stopped?.();
    });
  }

  /** Once the host has released the leases a previous process left and started binding. */
  static start(port: MessagePort, hooks: HostedSmsHooks): Promise<HostedSms> {
    return new Promise((resolve, reject) => {
      const h: HostedSms = new HostedSms(port, hooks, (e) => (e ? reject(e) : resolve(h)));
    });
  }

  /** Inbound messages go to `h` from now on (before: refused, so the SMSC sends them again later). */
  onInbound(h: (m: InboundSms) => Promise<void>): void {
    this.inbound = h;
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    const done = new Promise<void>((r) => (this.stopped = r));
    this.post({ kind: 'stop' });
    await done;
    this.isUp = false;
  }

  private async answer(id: number, m: InboundSms): Promise<void> {
    try {
      if (!this.inbound) throw new Error('the node is still starting');
      await this.inbound(m);
      this.post({ kind: 'answered', id });
    } catch (e) {
      this.post({ kind: 'answered', id, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private post(m: ToHostedSms): void {
    this.port.postMessage(m);
  }
}
