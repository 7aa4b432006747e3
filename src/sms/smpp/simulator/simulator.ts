/** @module An SMSC simulator on the `smpp` package: binds transceivers, takes submits, sends receipts and MO messages, fails on request. */
import { decodeShortMessage } from '../coding.js';
import { TokenBucket } from '../token-bucket.js';
import { STATUS, int, messageBytes, sendInTurn, smpp, text, type Pdu, type SmppSession } from '../wire.js';
import { formatId, moPdu, receiptPdu, type AcceptedSubmit, type MobileOriginated } from './deliveries.js';
import { Inbox } from './inbox.js';
import { SIMULATOR_DEFAULTS, ruleFor, type SimulatorOptions } from './options.js';

export interface SimulatorStats {
  binds: number;
  bindFailures: number;
  submits: number;
  accepted: number;
  throttled: number;
  queueFull: number;
  rejected: number;
  /** Submits never answered (a `no_answer` rule). */
  unanswered: number;
  /** Submits received and not yet answered, now and at most since the start: what a client's window allows. */
  outstanding: number;
  maxOutstanding: number;
  receiptsSent: number;
  receiptsAcked: number;
  moSent: number;
  enquireLinks: number;
  /** Sessions bound right now. */
  bound: number;
}

export interface BindAttempt {
  /** performance.now() when the bind arrived. */
  at: number;
  systemId: string;
  ok: boolean;
}

export interface Simulator {
  port: number;
  inbox: Inbox;
  stats: SimulatorStats;
  /** Every bind_transceiver received, in order (the last 1,000). */
  binds: BindAttempt[];
  /** Sends a mobile-originated deliver_sm to a bound client; resolves to its deliver_sm_resp status. */
  injectMo(m: MobileOriginated): Promise<number>;
  /** Changes behaviour while running (failures, rate, enquire_link answers...). */
  update(patch: Partial<SimulatorOptions>): void;
  /** Sends the SMSC's own enquire_link or unbind to the bound client; resolves to the status of its answer. */
  request(command: 'enquire_link' | 'unbind'): Promise<number>;
  /** Drops every connection at once, as a crashed SMSC or a cut line would. */
  dropConnections(): void;
  close(): Promise<void>;
}

interface Client {
  session: SmppSession;
  bound: boolean;
  outstanding: number;
}

function emptyStats(): SimulatorStats {
  return {
    binds: 0, bindFailures: 0, submits: 0, accepted: 0, throttled: 0, queueFull: 0, rejected: 0, unanswered: 0,
    outstanding: 0, maxOutstanding: 0, receiptsSent: 0, receiptsAcked: 0, moSent: 0, enquireLinks: 0, bound: 0,
  };
}

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const given = (patch: Partial<SimulatorOptions>) => Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  let o: SimulatorOptions = { ...SIMULATOR_DEFAULTS, port: 0, ...given(options) };
  const stats = emptyStats();
  const inbox = new Inbox();
  const binds: BindAttempt[] = [];
  const clients = new Set<Client>();
  const timers = new Set<NodeJS.Timeout>();
  /** Receipts waiting for a bound client (an SMSC keeps them across reconnections). */
  const pendingReceipts: Pdu[] = [];
  let bucket = o.rate ? new TokenBucket({ ratePerSecond: o.rate, burstSeconds: 0.1 }) : null;
  let nextId = o.firstId;
  let seq = 0;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  /**
   * Receipts in order of the time they fall due, on one timer: those due together go out in one turn, so in one write
   * (a timer each wrote each receipt on its own, a system call per receipt on both sides of the link).
   */
  const receipts: { due: number; send: () => void }[] = [];
  let receiptTimer: NodeJS.Timeout | null = null;
  const sendDueReceipts = () => {
    receiptTimer = null;
    const now = performance.now();
    let n = 0;
    while (n < receipts.length && receipts[n].due <= now) n++;
    for (const r of receipts.splice(0, n)) r.send();
    if (receipts.length > 0) receiptTimer = setTimeout(sendDueReceipts, Math.max(0, receipts[0].due - performance.now()));
  };
  const receiptLater = (ms: number, send: () => void) => {
    const due = performance.now() + ms;
    let i = receipts.length;
    while (i > 0 && receipts[i - 1].due > due) i--; // a delay shortened by update() while others wait
    receipts.splice(i, 0, { due, send });
    if (i === 0) {
      if (receiptTimer) clearTimeout(receiptTimer);
      receiptTimer = setTimeout(sendDueReceipts, ms);
    }
  };
  const boundClient = (preferred?: Client) =>
    preferred?.bound && !preferred.session.socket.destroyed ? preferred : [...clients].find((c) => c.bound && !c.session.socket.destroyed);

  function deliver(pdu: Pdu, to: Client | undefined, onResp: (status: number) => void): boolean {
    const c = boundClient(to);
    if (!c) return false;
    return sendInTurn(c.session, pdu, (resp) => onResp(resp.command_status));
  }

  function sendReceipt(pdu: Pdu, to?: Client): void {
    const sent = deliver(pdu, to, (status) => {
      if (status === STATUS.OK) stats.receiptsAcked++;
    });
    if (sent) stats.receiptsSent++;
    else pendingReceipts.push(pdu);
  }

  /** `then` runs once the answer is written: a receipt never overtakes the submit_sm_resp it follows. */
  function answer(c: Client, pdu: Pdu, status: number, messageId?: string, then?: () => void): void {
    const reply = () => {
      if (!clients.has(c)) return; // gone: its outstanding submits were written off when it closed
      c.outstanding--;
      stats.outstanding--;
      sendInTurn(c.session, pdu.response(status === STATUS.OK ? { message_id: messageId } : { command_status: status }));
      then?.();
    };
    if (o.respDelayMs > 0) later(o.respDelayMs, reply);
    else reply();
  }

  function onSubmit(c: Client, pdu: Pdu): void {
    if (!c.bound) return void sendInTurn(c.session, pdu.response({ command_status: STATUS.INVBNDSTS }));
    stats.submits++;
    c.outstanding++;
    stats.outstanding++;
    stats.maxOutstanding = Math.max(stats.maxOutstanding, stats.outstanding);
    const destination = text(pdu, 'destination_addr');
    const rule = ruleFor(o.failures, destination);
    if (rule?.kind === 'no_answer') return void stats.unanswered++;
    if ((o.throttleEvery && stats.submits % o.throttleEvery === 0) || rule?.kind === 'throttle' || (bucket && !bucket.take())) {
      stats.throttled++;
      return answer(c, pdu, STATUS.THROTTLED);
    }
    if (rule?.kind === 'queue_full') {
      stats.queueFull++;
      return answer(c, pdu, STATUS.MSGQFUL);
    }
    if (rule?.kind === 'reject') {
      stats.rejected++;
      return answer(c, pdu, rule.status ?? STATUS.INVDSTADR);
    }
    stats.accepted++;
    const id = nextId++;
    const s: AcceptedSubmit = {
      id, messageId: formatId(id, o.idStyle), destination, submitted: new Date(),
      source: { addr: text(pdu, 'source_addr'), ton: int(pdu, 'source_addr_ton'), npi: int(pdu, 'source_addr_npi') },
      text: decodeShortMessage(int(pdu, 'data_coding'), messageBytes(pdu)),
    };
    const failed = rule?.kind === 'undeliverable' || rule?.kind === 'expired';
    if (!failed) inbox.add({ seq: ++seq, messageId: s.messageId, from: s.source.addr, to: destination, text: s.text, dataCoding: int(pdu, 'data_coding'), at: Date.now() });
    // registered_delivery bits 0-1: 1 = a receipt whatever the outcome, 2 = on failure only.
    const wanted = int(pdu, 'registered_delivery') & 0x03;
    const [stat, err] = rule?.kind === 'undeliverable' ? ['UNDELIV', '001'] : rule?.kind === 'expired' ? ['EXPIRED', '027'] : ['DELIVRD', '000'];
    const send = () => sendReceipt(receiptPdu(s, stat, err, o, new Date()), c);
    // Without a delay the receipt follows its answer in the same write, as an SMSC's do under load.
    const receipt = wanted === 1 || (wanted === 2 && failed) ? () => (o.dlrDelayMs > 0 ? receiptLater(o.dlrDelayMs, send) : send()) : undefined;
    answer(c, pdu, STATUS.OK, s.messageId, receipt);
  }

  function onBind(c: Client, pdu: Pdu): void {
    const systemId = text(pdu, 'system_id');
    const ok = !c.bound && systemId === o.systemId && text(pdu, 'password') === o.password;
    binds.push({ at: performance.now(), systemId, ok });
    if (binds.length > 1000) binds.shift();
    if (!ok) {
      stats.bindFailures++;
      return void sendInTurn(c.session, pdu.response({ command_status: c.bound ? 0x05 /* ESME_RALYBND */ : STATUS.BINDFAIL }));
    }
    c.bound = true;
    stats.binds++;
    stats.bound++;
    sendInTurn(c.session, pdu.response({ system_id: 'guichet-smsc-sim' }));
    for (const r of pendingReceipts.splice(0)) sendReceipt(r, c);
  }

  function onPdu(c: Client, pdu: Pdu): void {
    switch (pdu.command) {
      case 'bind_transceiver':
        return onBind(c, pdu);
      case 'bind_transmitter':
      case 'bind_receiver': // Guichet binds as a transceiver; the simulator speaks to nothing else.
        stats.bindFailures++;
        return void sendInTurn(c.session, pdu.response({ command_status: STATUS.BINDFAIL }));
      case 'submit_sm':
        return onSubmit(c, pdu);
      case 'enquire_link':
        stats.enquireLinks++;
        if (o.answerEnquireLink) sendInTurn(c.session, pdu.response());
        return;
      case 'unbind':
        return void sendInTurn(c.session, pdu.response(), undefined, () => c.session.close());
      default:
        if (!pdu.isResponse()) sendInTurn(c.session, pdu.response({ command_status: 0x03 /* ESME_RINVCMDID */ }));
    }
  }

  const server = smpp.createServer({}, (session) => {
    // Without it, Nagle's algorithm and delayed ACKs hold the second of two quick answers some 40 ms.
    session.socket.setNoDelay(true);
    const c: Client = { session, bound: false, outstanding: 0 };
    clients.add(c);
    session.on('pdu', (pdu) => onPdu(c, pdu));
    session.on('error', () => session.destroy());
    session.on('close', () => {
      clients.delete(c);
      stats.outstanding -= c.outstanding;
      if (c.bound) stats.bound--;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;

  return {
    port, inbox, stats, binds,
    injectMo(m) {
      return new Promise((resolve, reject) => {
        if (!deliver(moPdu(m), undefined, resolve)) return reject(new Error('no bound client to deliver the message to'));
        stats.moSent++;
      });
    },
    request(command) {
      return new Promise((resolve, reject) => {
        if (!deliver(new smpp.PDU(command), undefined, resolve)) reject(new Error(`no bound client to send ${command} to`));
      });
    },
    update(patch) {
      o = { ...o, ...given(patch) };
      if ('rate' in patch) bucket = o.rate ? new TokenBucket({ ratePerSecond: o.rate, burstSeconds: 0.1 }) : null;
    },
    dropConnections() {
      for (const c of clients) c.session.destroy();
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      if (receiptTimer) clearTimeout(receiptTimer);
      receipts.length = 0;
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const c of clients) c.session.destroy();
      await closed;
    },
  };
}
