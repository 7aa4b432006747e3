/** @module The Node load generator (when wrk is absent or cannot do it): raw keep-alive sockets, one request in flight each, like wrk. */
import { connect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { sourceAddress, type LoadSpec } from './load.js';

// Raw sockets, not node:http's client: at 16,000 connections its per-request objects made the generator, not
// the server, the bottleneck. The servers answer with Content-Length, so framing is a header scan and a count.
const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const meters = readFileSync(spec.metersFile, 'utf8').split('\n').filter((l) => l.length > 0);
const url = new URL(spec.url);
const port = Number(url.port);
const head = `POST /api/v1/claims HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: `;
const sources = Math.max(1, spec.sourceAddresses ?? 1);

const latencies: number[] = [];
const errors = { connect: 0, read: 0, write: 0, status: 0, timeout: 0 };
let next = 0;
let stopped = false;
let answeredSockets = 0;
/** Socket errors by system code (ECONNRESET, ...; "closed" when the server closed with a request in flight). */
const codes: Record<string, number> = {};
const count = (code: string) => (codes[code] = (codes[code] ?? 0) + 1);
const t0 = performance.now();
const CRLF2 = Buffer.from('\r\n\r\n');

/** Same meter order as the wrk script with one thread: once per pass, or once in all (`once`). */
function take(): string | null {
  if (next >= meters.length) {
    if (spec.mode === 'once' || meters.length === 0) return null;
    next = 0;
  }
  return claim(meters[next++], null);
}

function claim(meter: string, pass: string | null): string {
  const body = pass === null ? `{"meter_no":"${meter}"}` : `{"meter_no":"${meter}","pass":"${pass}"}`;
  return `${head}${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** A 202's place in line: the claim comes back after Retry-After with its pass, as people and the page do. */
function queuedTurn(headers: string, body: string): { waitMs: number; meter: string; pass: string } | null {
  const retry = headers.match(/\r\nretry-after:\s*(\d+)/i);
  const pass = body.match(/"pass":"([^"]+)"/);
  return retry && pass ? { waitMs: Number(retry[1]) * 1000, meter: '', pass: pass[1] } : null;
}

class Conn {
  private sock: Socket | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private sentAt = 0;
  private meter = '';
  private inFlight = false;
  private connected = false;
  private answered = false;
  done = false;

  constructor(private readonly source: number) {}

  open(): void {
    if (stopped || this.done) return;
    this.connected = false;
    this.buf = Buffer.alloc(0);
    const s = connect({ host: url.hostname, port, ...(sources > 1 ? { localAddress: sourceAddress(this.source) } : {}) });
    this.sock = s;
    s.setNoDelay(true);
    s.on('connect', () => { this.connected = true; this.send(); });
    s.on('data', (d: Buffer) => this.onData(d));
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (stopped) return;
      count(e.code ?? 'error');
      if (!this.connected) errors.connect++;
      else if (e.code === 'EPIPE') errors.write++;
      else errors.read++;
      this.inFlight = false;
    });
    // A closed connection (by error, timeout or the server) is reopened, as wrk does; a refused one after a pause.
    s.on('close', () => {
      if (stopped || this.done || this.sock !== s) return;
      if (this.inFlight) {
        errors.read++;
        count('closed');
      }
      this.inFlight = false;
      setTimeout(() => this.open(), this.connected ? 0 : 10);
    });
  }

  private send(): void {
    const req = stopped ? null : take();
    if (req === null) {
      this.done = true;
      this.sock?.end();
      return;
    }
    this.write(req);
  }

  private write(req: string): void {
    this.inFlight = true;
    this.sentAt = performance.now();
    this.meter = req.slice(req.indexOf('"meter_no":"') + 12, req.indexOf('"', req.indexOf('"meter_no":"') + 12));
    this.sock!.write(req);
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    const end = this.buf.indexOf(CRLF2);
    if (end < 0) return;
    const headers = this.buf.subarray(0, end).toString('latin1');
    const m = headers.match(/\r\ncontent-length:\s*(\d+)/i);
    const total = end + 4 + (m ? Number(m[1]) : 0);
    if (this.buf.length < total) return;
    const body = spec.honourRetryAfter ? this.buf.subarray(end + 4, total).toString('latin1') : '';
    this.buf = this.buf.subarray(total);
    this.inFlight = false;
    if (stopped) return;
    latencies.push(performance.now() - this.sentAt);
    if (Number(headers.slice(9, 12)) >= 400) errors.status++;
    if (!this.answered) { this.answered = true; answeredSockets++; }
    if (/\r\nconnection:\s*close/i.test(headers)) {
      this.sock!.destroy();
      return;
    }
    const turn = spec.honourRetryAfter && headers.startsWith('202', 9) ? queuedTurn(headers, body) : null;
    if (turn === null) this.send();
    else {
      // The connection stays open and idle meanwhile: that is what a waiting crowd holds.
      const s = this.sock;
      const meter = this.meter;
      setTimeout(() => { if (!stopped && this.sock === s && !s!.destroyed) this.write(claim(meter, turn.pass)); }, turn.waitMs);
    }
  }

  /** Called by the sweep: a request older than --timeout counts as a timeout and its connection is replaced. */
  checkTimeout(now: number): void {
    if (this.inFlight && now - this.sentAt > spec.timeoutS * 1000) {
      errors.timeout++;
      this.inFlight = false;
      this.sock?.destroy();
    }
  }

  close(): void {
    this.sock?.destroy();
  }
}

const conns = Array.from({ length: spec.connections }, (_, w) => new Conn(w % sources));
// Connections open over the first quarter of the run (2 s at most), not in one tick: a crowd arrives over seconds,
// and 16,000 connects at once would measure the client's own set-up.
const rampMs = spec.connections > 1000 ? Math.min(2000, (spec.durationS * 1000) / 4) : 0;
conns.forEach((c, w) => (rampMs ? setTimeout(() => c.open(), (w / conns.length) * rampMs) : c.open()));
const sweep = setInterval(() => {
  const now = performance.now();
  for (const c of conns) c.checkTimeout(now);
  if (spec.mode === 'once' && conns.every((c) => c.done)) finish();
}, 50);

function finish(): void {
  if (stopped) return;
  const elapsed = performance.now() - t0;
  stopped = true;
  clearInterval(sweep);
  for (const c of conns) c.close();
  const sorted = Float64Array.from(latencies).sort();
  const q = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);
  const mean = sorted.length ? latencies.reduce((a, b) => a + b, 0) / sorted.length : 0;
  const us = (ms: number) => Math.round(ms * 1000);
  const summary = {
    duration_us: us(elapsed), requests: latencies.length, ...errors, sockets: answeredSockets, codes,
    p50_us: us(q(50)), p90_us: us(q(90)), p99_us: us(q(99)), max_us: us(sorted.length ? sorted[sorted.length - 1] : 0), mean_us: us(mean),
  };
  process.stdout.write(`LOADJSON ${JSON.stringify(summary)}\n`, () => process.exit(0));
}

setTimeout(finish, spec.durationS * 1000);
process.once('SIGINT', finish);
