/**
 * @module The dashboard's one stream: every second the node computes one snapshot and writes the same bytes to every
 * viewer (server-sent events). Twenty viewers cost twenty socket writes a second, not twenty computations; with no
 * viewer only the per-second point is kept (a few additions), so a newcomer still sees the last ten minutes.
 */
import type { ServerResponse } from 'node:http';
import type { AdmissionStats } from '../../admission/index.js';
import type { ProgrammeView } from '../../claims/ports.js';
import type { CreditTotal } from '../../store/contract.js';
import { spendKey } from '../../domain/credit.js';
import type { SmsHistory } from '../desk/sms.js';
import type { LiveTally } from './tally.js';

export interface Point {
  /** Unix seconds. */
  t: number;
  claims: number;
  issued: number;
  waiting: number;
}

export interface LiveSources {
  tally: LiveTally;
  programme: () => ProgrammeView;
  room: { stats(): AdmissionStats } | null;
  /** FCFA spent per programme and cycle, as the store holds it (every node's claims). */
  spend: () => Promise<Map<string, number>>;
  sms: SmsHistory;
  now?: () => number;
}

export interface LiveSnapshot {
  at: string;
  point: Point;
  cycle: { id: string; label: string; state: string } | null;
  totals: { credits: number; fcfa: number; rows: CreditTotal[] };
  outcomes: Record<string, number>;
  line: { phase: string; waiting: number; calling: number; rate: number; wait_s: number; admit_rate: number | null } | null;
  budget: { cycle: string; label: string; spent: number; envelope: number | null }[];
  sms: Record<string, number> | null;
}

/** Ten minutes at one point a second. */
export const SERIES_LENGTH = 600;
/** A viewer this far behind (a stalled tablet) is dropped rather than buffered for ever. */
const MAX_BUFFERED = 1 << 20;
/** The outbox's counts are a GROUP BY over every message: asked at most this often. */
const SMS_EVERY_MS = 5000;

interface Viewer {
  res: ServerResponse;
  blocked: boolean;
}

export class LiveFeed {
  private readonly viewers = new Set<Viewer>();
  private readonly series: Point[] = [];
  private last: { claims: number; issued: number; at: number };
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private latest: LiveSnapshot | null = null;
  private sms: { at: number; counts: Record<string, number> | null } = { at: -Infinity, counts: null };
  private readonly now: () => number;
  /** Snapshots computed (one per tick with viewers): the cost does not grow with the viewers. */
  computed = 0;

  constructor(private readonly s: LiveSources) {
    this.now = s.now ?? Date.now;
    this.last = { claims: s.tally.claims, issued: s.tally.issued, at: this.now() };
  }

  start(everyMs = 1000): void {
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const v of this.viewers) v.res.end();
    this.viewers.clear();
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** One tick: the point always; the snapshot, its one serialisation and the writes only when someone watches. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const point = this.point();
      if (this.viewers.size === 0) return;
      const snap = await this.snapshot(point);
      const frame = `data: ${JSON.stringify(snap)}\n\n`;
      for (const v of this.viewers) this.write(v, frame);
    } finally {
      this.running = false;
    }
  }

  /** The latest snapshot (computed now if none is fresh: no viewer was watching) and the series so far. */
  async current(): Promise<{ snapshot: LiveSnapshot; series: Point[] }> {
    const fresh = this.latest && this.now() - Date.parse(this.latest.at) < 2000;
    const snapshot = fresh ? this.latest! : await this.snapshot(this.series.at(-1) ?? this.point());
    return { snapshot, series: this.series };
  }

  /** A new viewer: the series so far and the latest snapshot at once, then every tick's frame. */
  async add(res: ServerResponse, o: { once?: boolean } = {}): Promise<void> {
    const { snapshot: snap } = await this.current();
    res.write(`retry: 3000\nevent: hello\ndata: ${JSON.stringify({ series: this.series, snapshot: snap })}\n\n`);
    if (o.once) {
      res.end();
      return;
    }
    const v: Viewer = { res, blocked: false };
    this.viewers.add(v);
    res.on('drain', () => (v.blocked = false));
    res.on('close', () => this.viewers.delete(v));
  }

  private write(v: Viewer, frame: string): void {
    if (v.res.writableLength > MAX_BUFFERED) {
      this.viewers.delete(v);
      v.res.destroy();
      return;
    }
    // A viewer whose socket is full skips frames until it drains: each frame is the whole state, nothing is lost.
    if (v.blocked) return;
    if (!v.res.write(frame)) v.blocked = true;
  }

  private point(): Point {
    const t = this.now();
    const dt = Math.max(0.001, (t - this.last.at) / 1000);
    const { claims, issued } = this.s.tally;
    const p: Point = {
      t: Math.round(t / 1000), claims: Math.round((claims - this.last.claims) / dt), issued: Math.round((issued - this.last.issued) / dt),
      waiting: this.s.room?.stats().waiting ?? 0,
    };
    this.last = { claims, issued, at: t };
    this.series.push(p);
    if (this.series.length > SERIES_LENGTH) this.series.splice(0, this.series.length - SERIES_LENGTH);
    return p;
  }

  private async snapshot(point: Point): Promise<LiveSnapshot> {
    this.computed++;
    const view = this.s.programme();
    const cycle = view.defaultCycle() ?? view.cycles.at(-1) ?? null;
    const rows = cycle ? this.s.tally.totals(view.id, cycle.id) : [];
    const spend = await this.s.spend();
    const st = this.s.room?.stats() ?? null;
    const t = this.now();
    if (t - this.sms.at >= SMS_EVERY_MS) this.sms = { at: t, counts: await this.s.sms.counts() };
    const snap: LiveSnapshot = {
      at: new Date(t).toISOString(), point,
      cycle: cycle && { id: cycle.id, label: cycle.label, state: cycle.state },
      totals: { credits: rows.reduce((a, r) => a + r.credits, 0), fcfa: rows.reduce((a, r) => a + r.fcfa, 0), rows },
      outcomes: Object.fromEntries(this.s.tally.byOutcome),
      line: st && { phase: st.phase, waiting: st.waiting, calling: st.calling, rate: Math.round(st.rate_admitted), wait_s: st.waiting > 0 ? Math.ceil(st.waiting / Math.max(1, st.rate_admitted)) : 0, admit_rate: st.admit_rate },
      budget: view.cycles.map((c) => ({ cycle: c.id, label: c.label, spent: spend.get(spendKey(view.id, c.id)) ?? 0, envelope: c.budget_fcfa })),
      sms: this.sms.counts,
    };
    this.latest = snap;
    return snap;
  }
}
