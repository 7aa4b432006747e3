/**
 * @module Abuse limits per client address: a flood or a pile of idle sockets from one address cannot starve the
 * others. Only abuse gets 429: the limits sit far above what one person (or one carrier NAT address) sends.
 */
import type { Server, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { errorAnswer, type HttpAnswer } from './errors.js';

export interface GuardOptions {
  /** Claims per second one address may send, sustained. */
  ratePerSecond: number;
  /** Claims one address may send at once before the rate applies. */
  burst: number;
  /** Open connections one address may hold; beyond, its requests are answered 429 and the connection closed. */
  maxConnectionsPerAddress: number;
  /**
   * Addresses never limited: the load balancer in front, the loopback of a load test. A request that reaches us
   * through one of them is counted against the client it names in X-Forwarded-For (see clientAddress).
   */
  trusted: ReadonlySet<string>;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const OVER = Symbol('guichet.overLimit');

export class AddressGuard {
  private readonly buckets = new Map<string, Bucket>();
  private readonly conns = new Map<string, number>();
  private readonly now: () => number;
  limited = 0;

  constructor(private readonly opts: GuardOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** Counts each address's open sockets; marks the ones over the limit (they get a 429, not a reset). */
  attach(server: Server): void {
    this.countConnections(server);
    // Forget buckets of addresses that went quiet, so the map stays the size of the active clients.
    const sweep = setInterval(() => this.sweep(), 60_000);
    sweep.unref();
    server.once('close', () => clearInterval(sweep));
  }

  /** The connection count alone, for a further server on the same socket (see accept.ts): one count for all. */
  countConnections(server: Server): void {
    server.on('connection', (socket: Socket) => {
      const a = socket.remoteAddress ?? '';
      if (this.opts.trusted.has(a)) return;
      const n = (this.conns.get(a) ?? 0) + 1;
      this.conns.set(a, n);
      if (n > this.opts.maxConnectionsPerAddress) (socket as Socket & { [OVER]?: boolean })[OVER] = true;
      socket.once('close', () => {
        const m = (this.conns.get(a) ?? 1) - 1;
        if (m <= 0) this.conns.delete(a);
        else this.conns.set(a, m);
      });
    });
  }

  /**
   * The address a request is counted against. Directly connected: the socket's. Through a trusted proxy: the
   * right-most X-Forwarded-For entry that is not itself trusted, the one the last trusted hop saw connect (entries
   * further left were written by the client and prove nothing). Every entry trusted: the proxy's own request
   * (a health check, a load test), exempt like the proxy. An untrusted peer's X-Forwarded-For is ignored, so a
   * client cannot choose its own bucket.
   */
  clientAddress(req: IncomingMessage): string {
    const peer = req.socket.remoteAddress ?? '';
    const xff = req.headers['x-forwarded-for'];
    if (xff === undefined || !this.opts.trusted.has(peer)) return peer;
    // Node joins repeated X-Forwarded-For headers with ", ": one list either way.
    const hops = (Array.isArray(xff) ? xff.join(',') : xff).split(',');
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i].trim();
      if (hop === '') continue;
      client = hop;
      if (!this.opts.trusted.has(hop)) break;
    }
    return client;
  }

  /**
   * The answer for a request over a limit, or null when it may go on. Over the connection limit, the answer closes
   * its connection: a pile of idle sockets from one address must shrink, not stay open behind 429s.
   */
  limit(req: IncomingMessage): HttpAnswer | null {
    const wait = this.check(req);
    if (wait === 0) return null;
    if ((req.socket as Socket & { [OVER]?: boolean })[OVER]) {
      const a = errorAnswer('too_many_connections');
      return { ...a, headers: { ...a.headers, connection: 'close' } };
    }
    const a = errorAnswer('rate_limited');
    return { ...a, headers: { 'retry-after': String(wait) } };
  }

  /** Seconds to wait before trying again, or 0 when the request may go on. */
  check(req: IncomingMessage): number {
    const socket = req.socket as Socket & { [OVER]?: boolean };
    const a = this.clientAddress(req);
    if (this.opts.trusted.has(a)) return 0;
    // Only a directly connected client can be over the connection limit: a proxy's sockets are trusted, not counted.
    if (socket[OVER]) {
      this.limited++;
      return 10;
    }
    const t = this.now();
    let b = this.buckets.get(a);
    if (!b) {
      b = { tokens: this.opts.burst, at: t };
      this.buckets.set(a, b);
    }
    b.tokens = Math.min(this.opts.burst, b.tokens + ((t - b.at) / 1000) * this.opts.ratePerSecond);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    this.limited++;
    return Math.max(1, Math.ceil((1 - b.tokens) / this.opts.ratePerSecond));
  }

  private sweep(): void {
    const t = this.now();
    for (const [a, b] of this.buckets) if (t - b.at > 60_000) this.buckets.delete(a);
  }
}
