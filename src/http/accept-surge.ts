/**
 * @module More accept handles while a crowd of new connections waits in the listen queue, back to the steady
 * number once it is in: the node takes a flood of 16,000 connections in seconds without paying, the rest of the
 * day, for handles that find the queue empty.
 */
// Why: each accept handle takes one connection per pass of the event loop over its ready sockets (accept.ts), and
// under 16,000 busy connections a pass takes about a second. With 256 handles a flood came in at about 250-1,000
// connections a second: the 4,096-long queue stayed full for ten seconds, the kernel dropped SYNs, and requests
// written on handshakes it had completed with syncookies waited in TCP retransmission past wrk's 10 s (issue 13).
// 1,024 handles let the same flood in within about 4 s. But every handle is woken by every new connection: with
// 1,024, a connection arriving alone cost about 1.9 ms of CPU in wasted accept() calls (0.7 ms with 256, 0.3 with
// none). So the extra ones accept only while the queue is deep: a loop turn in which most handles each accepted a
// connection (a few arrivals never do that) starts them; ten seconds without such a turn closes them again. They are
// duplicated beforehand, while the node is quiet, and kept in reserve (open descriptors, not polled): under the
// flood itself the IPC round trip that makes them took more than 10 s and failed.
import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';
import { closeHandle, duplicateHandles, serveHandle } from './accept.js';

export interface AcceptSurgeOptions {
  /** The handles always accepting (the listening one and the steady extra ones): the measure of a deep queue. */
  steady: number;
  /** Handles kept in reserve and accepting during a surge. */
  extra: number;
  /** What the caller attaches to every server (the guard's connection count, the open-connections gauge). */
  onServer: (s: Server) => void;
  /** Without a deep turn for this long, the surge handles are closed and the reserve made again (default 10 s). */
  calmMs?: number;
  /** Told when handles start or stop accepting, or when the reserve could not be made. */
  log?: (event: 'grown' | 'shrunk' | 'failed', detail: string) => void;
}

export class AcceptSurge {
  /** Surges so far (each started the reserve once). */
  surges = 0;
  private turn = 0;
  private counting = false;
  private deepAt = 0;
  private reserve: object[] = [];
  private active: Server[] = [];
  private filling: Promise<void> | null = null;
  private closed = false;
  /** Surge servers no longer accepting whose connections are still open. */
  private readonly retired = new Set<Server>();
  private readonly timer: NodeJS.Timeout;
  private readonly calmMs: number;

  constructor(private readonly main: Server, private readonly o: AcceptSurgeOptions) {
    this.calmMs = o.calmMs ?? 10_000;
    this.timer = setInterval(() => this.calm(), Math.min(1000, this.calmMs));
    this.timer.unref();
  }

  /** Makes the reserve (call once the socket listens); resolves when it is ready or could not be made. */
  start(): Promise<void> {
    return this.fill();
  }

  /** Handles in reserve, and accepting now. */
  get reserved(): number {
    return this.reserve.length;
  }

  get accepting(): number {
    return this.active.length;
  }

  /** Call for every connection any handle accepts: counts this loop turn's accepts. */
  accepted(): void {
    this.turn++;
    if (this.counting) return;
    this.counting = true;
    // The accepts of one poll phase all happen before the check phase: setImmediate sees the whole turn.
    setImmediate(() => {
      const n = this.turn;
      this.turn = 0;
      this.counting = false;
      if (n * 4 >= this.o.steady * 3) this.deep();
    });
  }

  /** The node stops: surge servers close as the steady ones do (idle connections closed, the others answered). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.filling;
    for (const h of this.reserve) closeHandle(h);
    this.reserve = [];
    const servers = [...this.active, ...this.retired];
    this.active = [];
    await Promise.all(servers.map((s) => new Promise<void>((r) => {
      if (!s.listening && !this.retired.has(s)) return r();
      s.close(() => r());
      s.closeIdleConnections();
    })));
  }

  private deep(): void {
    this.deepAt = performance.now();
    if (this.active.length > 0 || this.reserve.length === 0 || this.closed) return;
    this.active = this.reserve.map((h) => serveHandle(this.main, h, this.o.onServer));
    this.reserve = [];
    this.surges++;
    this.o.log?.('grown', `${this.active.length} more accept handles accepting while new connections queue`);
  }

  private calm(): void {
    if (this.active.length > 0 && performance.now() - this.deepAt > this.calmMs) this.shrink();
  }

  /**
   * Stops the surge handles accepting. Their connections stay open and served: net.Server's close, not http's,
   * which would also close the idle keep-alive ones (people waiting with their pass). Each server's slow-client
   * check keeps running for its connections and is cleared once the last one has gone. Then a new reserve.
   */
  private shrink(): void {
    for (const s of this.active) {
      const interval = Object.getOwnPropertySymbols(s).find((k) => k.description === 'http.server.connectionsCheckingInterval');
      this.retired.add(s);
      NetServer.prototype.close.call(s, () => {
        this.retired.delete(s);
        if (interval) clearInterval((s as unknown as Record<symbol, NodeJS.Timeout>)[interval]);
      });
    }
    this.o.log?.('shrunk', `${this.active.length} surge accept handles closed`);
    this.active = [];
    void this.fill();
  }

  private fill(): Promise<void> {
    if (this.filling !== null || this.closed || this.o.extra <= 0) return this.filling ?? Promise.resolve();
    this.filling = duplicateHandles(this.main, this.o.extra).then(
      (hs) => {
        if (this.closed) hs.forEach(closeHandle);
        else this.reserve = hs;
      },
      (e: unknown) => this.o.log?.('failed', e instanceof Error ? e.message : String(e)),
    ).finally(() => {
      this.filling = null;
    });
    return this.filling;
  }
}
