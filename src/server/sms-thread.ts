/**
 * @module The SMS sender on a thread of its own (SQLite): the SMPP link, the dispatcher and their outbox writes,
 * with a line straight to the writer thread (store/sqlite/sms-port.ts).
 *
 * On the HTTP thread, each of the window's submits held its slot from the submit until its outcome was written:
 * a turn of the HTTP thread to read the answer, the writer's, and another turn to read the writer's reply. Under a
 * claim load those turns take milliseconds each, and the outbox drained at 58-85% of its rate. Here the SMS thread
 * is idle but for the SMS, its answers come at once, and none of its work (the wire, the timers, the writes'
 * messages) is on the thread that parses HTTP. What stays there: inbound messages, which are claims (handed over
 * and answered before the SMSC is), and the metrics, which this thread sends a few times a second.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { InboundSms, SenderStats, SmppSenderOptions } from '../sms/index.js';
import { emptyStats } from '../sms/smpp/outcome.js';
import { workerEntry } from '../store/sqlite/worker-entry.js';

export interface SmsThreadData {
  opts: SmppSenderOptions;
  /** This node's name on its leases. */
  node: string;
  /** The line to the store's writer thread (SqliteSmsOutbox.openPort). */
  writer: MessagePort;
}

export type ToSmsThread = { kind: 'wake' } | { kind: 'answered'; id: number; error?: string } | { kind: 'stop' };

export type FromSmsThread =
  | { kind: 'ready' }
  | { kind: 'state'; up: boolean; why: string }
  | { kind: 'stats'; stats: SenderStats; latencies: number[] }
  | { kind: 'error'; message: string; sms: number | null }
  | { kind: 'inbound'; id: number; m: InboundSms }
  | { kind: 'stopped' };

export interface SmsThreadHooks {
  log: Logger;
  onLatency(seconds: number): void;
  onStateChange(up: boolean, why: string): void;
}

export class SmsThread {
  /** As of the thread's last report (a quarter of a second at most). */
  stats: SenderStats = emptyStats();
  isUp = false;
  private inbound: ((m: InboundSms) => Promise<void>) | null = null;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  private constructor(data: SmsThreadData, private readonly hooks: SmsThreadHooks, ready: (e?: Error) => void) {
    this.worker = new Worker(workerEntry(new URL(import.meta.url), 'sms-worker'), { workerData: data, transferList: [data.writer] });
    this.exited = new Promise((r) => this.worker.once('exit', () => r()));
    this.worker.on('message', (m: FromSmsThread) => {
      switch (m.kind) {
        case 'ready':
          return ready();
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
          return;
      }
    });
    this.worker.on('error', (e) => {
      this.isUp = false;
      hooks.log.error({ err: e.message }, 'the SMS thread stopped on an error: no SMS is sent until the node restarts');
      ready(e);
    });
  }

  /** The thread, once it has released the leases a previous process left and started binding. */
  static start(data: SmsThreadData, hooks: SmsThreadHooks): Promise<SmsThread> {
    return new Promise((resolve, reject) => {
      const t: SmsThread = new SmsThread(data, hooks, (e) => (e ? reject(e) : resolve(t)));
    });
  }

  /** Inbound messages go to `h` from now on (before: refused, so the SMSC sends them again later). */
  onInbound(h: (m: InboundSms) => Promise<void>): void {
    this.inbound = h;
  }

  /** Messages were queued that the writer does not know of as due (it wakes the thread itself after commits). */
  wake(): void {
    this.post({ kind: 'wake' });
  }

  async stop(): Promise<void> {
    this.post({ kind: 'stop' });
    await this.exited;
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

  private post(m: ToSmsThread): void {
    this.worker.postMessage(m);
  }
}
