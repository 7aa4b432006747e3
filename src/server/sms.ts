/**
 * @module The node's SMS channel: the SMPP sender (a real SMSC, or in demo mode the built-in simulator), the dispatcher
 * draining the store's outbox, inbound messages answered, queued USSD and SMS claims followed up, and their metrics.
 */
import { randomBytes } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { ClaimService } from '../claims/claim-service.js';
import type { ClaimOutcome } from '../claims/outcome.js';
import type { ClaimRequest } from '../claims/request.js';
import { smsAnswer } from '../channels/sms/answers.js';
import { FollowUps } from '../channels/sms/follow-up.js';
import { InboundSms } from '../channels/sms/inbound.js';
import type { GrievanceService } from '../grievances/port.js';
import { creditNotices } from '../channels/sms/notices.js';
import { PhoneProof } from '../channels/sms/otp.js';
import { ConfigError } from '../config/config.js';
import type { Programme } from '../domain/programme.js';
import { SMS_STATES, type SmsState } from '../domain/sms.js';
import type { Metrics } from '../http/metrics.js';
import { smsConfig, SmppSender, SmsDispatcher, startSimulator, type InboundSms as InboundSmsMessage, type SenderStats, type Simulator, type SmppSenderOptions } from '../sms/index.js';
import { OutboxQueue } from '../sms/outbox-queue.js';
import type { Store } from '../store/contract.js';
import { siblingModule } from '../store/sqlite/worker-entry.js';
import { HostedSms, type HostedSmsData, type HostedSmsHooks } from './sms-hosted.js';

export type SmsHealth = 'off' | 'up' | 'down';

export interface NodeSms {
  /** The notices a credit queues with it, or undefined when no SMS is sent (no SMSC configured). */
  notices: ReturnType<typeof creditNotices> | undefined;
  /** USSD and SMS claims answered `queued`: followed up server-side, the code by SMS when their turn comes. */
  followUps: FollowUps | null;
  /** The demo's SMSC simulator (its phones' inboxes feed the demo page), or null. */
  simulator: Simulator | null;
  /** The sender's name at the head of each message, or null. */
  signature: string | null;
  /** One-time codes for phones not on file (programmes with verify_new_phones), or null without SMS. */
  proof: PhoneProof | null;
  health(): SmsHealth;
  /** New messages are due (a batch of credits just committed). */
  wake(): void;
  /** Called once the claim and grievance services exist (they answer inbound claims, RECLAMATION and SUIVI). */
  attach(claims: ClaimService, grievances?: GrievanceService | null): void;
  stop(): Promise<void>;
}

export interface SmsSettings {
  /** GUICHET_SMPP_URL and the others (CONTRACT §7), as given. */
  env: Record<string, string | undefined>;
  demo: boolean;
  programme: () => Programme;
  store: Store;
  log: Logger;
  metrics: Metrics;
}

/** The sender's options: from the environment, or the demo's simulator when none is given. Null: no SMS at all. */
async function senderOptions(s: SmsSettings): Promise<{ opts: SmppSenderOptions; simulator: Simulator | null } | null> {
  const problems: string[] = [];
  const opts = smsConfig(s.env, problems);
  if (problems.length) throw new ConfigError(problems);
  if (opts) return { opts, simulator: null };
  if (!s.demo) return null;
  const password = randomBytes(4).toString('hex');
  const simulator = await startSimulator({ port: 0, host: '127.0.0.1', systemId: 'guichet', password, dlrDelayMs: 800 });
  const demo = smsConfig({ GUICHET_SMPP_URL: `smpp://127.0.0.1:${simulator.port}`, GUICHET_SMPP_SYSTEM_ID: 'guichet', GUICHET_SMPP_PASSWORD: password, GUICHET_SMS_SENDER: 'SEEG' }, problems)!;
  return { opts: demo, simulator };
}

export async function startSms(s: SmsSettings): Promise<NodeSms> {
  const chosen = await senderOptions(s);
  if (chosen === null) {
    s.log.warn('no SMS: GUICHET_SMPP_URL is not set, so no credit notice is sent and inbound SMS are not read (/healthz says sms: off)');
    return { notices: undefined, signature: null, followUps: null, simulator: null, proof: null, health: () => 'off', wake: () => {}, attach: () => {}, stop: async () => {} };
  }
  const { opts, simulator } = chosen;
  const node = randomBytes(6).toString('hex');
  const signature = /^[A-Za-z]/.test(opts.source) ? opts.source : null;
  const latency = s.metrics.histogram('guichet_sms_submit_seconds', 'Time from submit_sm written to its answer.', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]);
  const onStateChange = (up: boolean, why: string) => (up ? s.log.info({ smsc: `${opts.host}:${opts.port}` }, 'SMSC bound') : s.log.warn({ why }, 'SMSC link down; reconnecting'));
  const data: HostedSmsData = { opts, node };
  const port = s.store.sms.hostSender?.(siblingModule(new URL(import.meta.url), 'sms-host'), data) ?? null;
  const drain = port
    ? await hostedDrain(port, { log: s.log, onLatency: (sec) => latency.observe(sec), onStateChange })
    : await localDrain(s, opts, node, (sec) => latency.observe(sec), onStateChange);
  let followUps: FollowUps | null = null;
  let inbound: InboundSms | null = null;
  let counts: Record<SmsState, number> = Object.fromEntries(SMS_STATES.map((st) => [st, 0])) as Record<SmsState, number>;
  const refresh = setInterval(() => void s.store.sms.counts().then((c) => (counts = c), () => {}), 2000);
  refresh.unref();
  registerMetrics(s.metrics, () => drain.stats(), () => counts, () => inbound);
  s.log.info({ smsc: `${opts.host}:${opts.port}`, simulator: simulator !== null, rate: opts.ratePerSecond, window: opts.window, on_writer_thread: port !== null }, simulator ? 'DÉMO: SMS go to the built-in SMSC simulator' : 'SMS to the SMSC');
  return {
    notices: creditNotices({ programme: s.programme, signature }),
    signature,
    proof: new PhoneProof({ codes: s.store.phoneCodes, outbox: s.store.sms, secret: await PhoneProof.secret(s.store), programme: s.programme, signature }),
    get followUps() {
      return followUps;
    },
    simulator,
    health: () => (drain.isUp() ? 'up' : 'down'),
    wake: () => drain.wake(),
    attach(claims, grievances) {
      const settled = async (req: ClaimRequest, o: ClaimOutcome) => {
        const text = req.phone ? smsAnswer(o, s.programme(), signature) : null;
        if (text !== null && req.phone) await s.store.sms.enqueue([{ to: req.phone, text, kind: 'reply' }]);
      };
      followUps = new FollowUps(claims, { onSettled: settled });
      inbound = new InboundSms({ claims, outbox: s.store.sms, programme: s.programme, signature, followUps, grievances });
      drain.onInbound((m) => inbound!.handle(m));
    },
    async stop() {
      clearInterval(refresh);
      await followUps?.stop();
      await drain.stop();
      await simulator?.close();
    },
  };
}

/** The sender and its dispatcher draining the outbox: on the store's writer thread (SQLite), or on this one. */
interface Drain {
  isUp(): boolean;
  stats(): SenderStats;
  /** Messages were queued from this thread and may be due. */
  wake(): void;
  /** Inbound messages go to `h` (which has answered them when it resolves); the dispatcher is woken after. */
  onInbound(h: (m: InboundSmsMessage) => Promise<void>): void;
  stop(): Promise<void>;
}

/**
 * SQLite: on the writer thread (sms-hosted.ts), which also wakes the dispatcher when messages become due: nothing
 * to do here for a batch of credits committed or a message queued.
 */
async function hostedDrain(port: MessagePort, hooks: HostedSmsHooks): Promise<Drain> {
  const h = await HostedSms.start(port, hooks);
  return { isUp: () => h.isUp, stats: () => h.stats, wake: () => {}, onInbound: (f) => h.onInbound(f), stop: () => h.stop() };
}

/** PostgreSQL (a pool of connections on this thread anyway), or a store without a writer thread: the sender here. */
async function localDrain(s: SmsSettings, opts: SmppSenderOptions, node: string, onLatency: (sec: number) => void, onStateChange: (up: boolean, why: string) => void): Promise<Drain> {
  const sender = new SmppSender(opts);
  const queue = new OutboxQueue(s.store.sms, { node });
  // One node per SQLite file: whatever a previous process had taken and not settled is due again now, not in a minute.
  if (s.store.engine === 'sqlite') await queue.release(true);
  const dispatcher = new SmsDispatcher(sender, queue, {
    onError: (e, job) => s.log.error({ err: e instanceof Error ? e.message : String(e), sms: job?.id }, 'SMS outbox write failed; the message is taken again when its lease runs out'),
  });
  sender.setHandlers({ onSubmitLatency: onLatency, onStateChange: (state, why) => onStateChange(state === 'up', why) });
  sender.start();
  dispatcher.start();
  return {
    isUp: () => sender.isUp,
    stats: () => sender.stats,
    wake: () => dispatcher.wake(),
    onInbound: (h) => sender.setHandlers({ onInbound: (m) => h(m).then(() => dispatcher.wake()) }),
    async stop() {
      await dispatcher.stop();
      await queue.close();
      await sender.close();
    },
  };
}

function registerMetrics(m: Metrics, stats: () => SenderStats, counts: () => Record<SmsState, number>, inbound: () => InboundSms | null): void {
  m.gauge('guichet_sms_messages', 'Messages in the outbox by state (queued, sending, sent, delivered, failed), as of the last 2 s.',
    () => new Map(Object.entries(counts()).map(([k, v]) => [`state="${k}"`, v])));
  m.counter('guichet_sms_submits_total', 'submit_sm answered by the SMSC, by outcome (sent, throttled, queue_full, timeout, rejected...).',
    () => new Map(Object.entries(stats().outcomes).map(([k, v]) => [`outcome="${k}"`, v])));
  m.counter('guichet_sms_reconnects_total', 'SMPP links lost or failed to bind, then tried again.', () => stats().reconnects);
  m.counter('guichet_sms_receipts_total', 'Delivery receipts, by state.', () => new Map(Object.entries(stats().receipts).map(([k, v]) => [`state="${k}"`, v])));
  m.counter('guichet_sms_inbound_total', 'Messages received from phones (claims, code requests, help), answered or limited.', () => stats().inbound);
  m.counter('guichet_sms_inbound_limited_total', 'Inbound messages not answered: their phone was over its limit.', () => inbound()?.stats.limited ?? 0);
}
