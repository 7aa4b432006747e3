/** @module One bound SMPP transceiver link: connect, bind, requests with a deadline, enquire_link checked, the SMSC's own requests answered. */
import { connect, type Socket } from 'node:net';
import { STATUS, sendInTurn, smpp, statusName, type Pdu, type SmppSession, type SubmitSm } from './wire.js';

export interface LinkOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType: string;
  /** For the TCP connect and for the bind_transceiver_resp each. */
  connectTimeoutMs: number;
  enquireLinkMs: number;
  enquireLinkTimeoutMs: number;
}

export interface LinkHandlers {
  /** A deliver_sm; resolves to the command_status its deliver_sm_resp carries. */
  deliver(pdu: Pdu): Promise<number>;
  /** Just before the link is dropped for an unanswered enquire_link (counted apart from other losses). */
  enquireTimedOut(): void;
}

export type Answer = { kind: 'resp'; pdu: Pdu } | { kind: 'timeout' } | { kind: 'closed' };

/** The SMSC refused the bind (wrong credentials, too many binds...). */
export class BindRefused extends Error {
  constructor(readonly status: number) {
    super(`bind refused: ${statusName(status)}`);
  }
}

function connectSocket(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (e: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new Error(`no TCP connection to ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

interface Pending {
  resolve(a: Answer): void;
  timer: NodeJS.Timeout;
}

export class SmppLink {
  /** Resolves with the reason once the link is gone, whatever broke it. */
  readonly closed: Promise<string>;
  private closeWith!: (reason: string) => void;
  private isClosed = false;
  private readonly pending = new Map<number, Pending>();
  private readonly enquireTimer: NodeJS.Timeout;
  private enquiring = false;

  /** Connects and binds as a transceiver; rejects (BindRefused or a network error) without leaving a socket open. */
  static async open(opts: LinkOptions, handlers: LinkHandlers): Promise<SmppLink> {
    const socket = await connectSocket(opts.host, opts.port, opts.connectTimeoutMs);
    const link = new SmppLink(new smpp.Session({ socket }), opts, handlers);
    // 0x34: SMPP 3.4. The package's default (0x50) announces SMPP 5.0, which we do not speak.
    const bind = new smpp.PDU('bind_transceiver', {
      system_id: opts.systemId, password: opts.password, system_type: opts.systemType, interface_version: 0x34,
    });
    const a = await link.request(bind, opts.connectTimeoutMs);
    if (a.kind === 'resp' && a.pdu.command_status === STATUS.OK) return link;
    link.destroy('bind failed');
    if (a.kind === 'resp') throw new BindRefused(a.pdu.command_status);
    throw new Error(a.kind === 'timeout' ? `no bind_transceiver_resp within ${opts.connectTimeoutMs} ms` : 'connection closed while binding');
  }

  private constructor(private readonly session: SmppSession, private readonly opts: LinkOptions, private readonly handlers: LinkHandlers) {
    this.closed = new Promise((r) => (this.closeWith = r));
    session.on('pdu', (pdu) => this.onPdu(pdu));
    session.on('error', (e) => this.destroy(`socket error: ${e.message}`));
    session.on('close', () => this.destroy('connection closed by the SMSC'));
    this.enquireTimer = setInterval(() => void this.enquire(), opts.enquireLinkMs);
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Sends a request and waits for its response (or generic_nack) at most `timeoutMs`. */
  request(pdu: Pdu | SubmitSm, timeoutMs: number): Promise<Answer> {
    if (this.isClosed) return Promise.resolve({ kind: 'closed' });
    return new Promise((resolve) => {
      if (!this.send(pdu)) return resolve({ kind: 'closed' });
      const seq = pdu.sequence_number;
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.pending.set(seq, { resolve, timer });
    });
  }

  /** Every PDU of one turn in one write (sendInTurn). */
  private send(pdu: Pdu | SubmitSm): boolean {
    return !this.isClosed && sendInTurn(this.session, pdu);
  }

  /** Unbinds politely (waits a little for unbind_resp), then closes. */
  async close(timeoutMs = 2000): Promise<void> {
    if (!this.isClosed) await this.request(new smpp.PDU('unbind'), timeoutMs);
    this.destroy('unbound');
    await this.closed;
  }

  /** Drops the link at once; every request still waiting is answered `closed`. */
  destroy(reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    clearInterval(this.enquireTimer);
    this.session.destroy();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ kind: 'closed' });
    }
    this.pending.clear();
    this.closeWith(reason);
  }

  /** The only proof the SMSC is still there between submits: an enquire_link it answers in time. */
  private async enquire(): Promise<void> {
    if (this.enquiring || this.isClosed) return;
    this.enquiring = true;
    const a = await this.request(new smpp.PDU('enquire_link'), this.opts.enquireLinkTimeoutMs);
    this.enquiring = false;
    if (a.kind !== 'timeout') return;
    this.handlers.enquireTimedOut();
    this.destroy(`no enquire_link_resp within ${this.opts.enquireLinkTimeoutMs} ms`);
  }

  private onPdu(pdu: Pdu): void {
    if (pdu.isResponse()) {
      const p = this.pending.get(pdu.sequence_number);
      if (!p) return; // the answer to a request that already timed out
      this.pending.delete(pdu.sequence_number);
      clearTimeout(p.timer);
      p.resolve({ kind: 'resp', pdu });
      return;
    }
    switch (pdu.command) {
      case 'enquire_link':
        this.send(pdu.response());
        return;
      case 'unbind':
        this.session.send(pdu.response(), undefined, () => this.destroy('unbound by the SMSC'));
        return;
      case 'deliver_sm':
        // A receipt often arrives in the same read as the submit_sm_resp it follows. Resolving that submit takes
        // microtasks; handing the receipt on in the next turn lets whoever awaits the submit record it first.
        setImmediate(() =>
          void this.handlers.deliver(pdu).then(
            (status) => this.send(pdu.response({ command_status: status })),
            () => this.send(pdu.response({ command_status: STATUS.X_T_APPN })),
          ),
        );
        return;
      case 'alert_notification': // the one request without a response
        return;
      default: // data_sm, query_sm...: not for a sender; the package answers unknown ids with generic_nack
        this.send(pdu.response({ command_status: 0x03 }));
    }
  }
}
