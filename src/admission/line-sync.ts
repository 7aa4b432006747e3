/**
 * @module Keeps a node's view of the shared line in step with the store: one statement every syncMs that carries what
 * the node did since (tickets served, Retry-Afters given, its own measured rate) and brings back the deployment's line
 * (head, frontier, the deployment's rate). During a surge the joins that come in while one statement runs share the
 * next (store/postgres/room.ts).
 */
import type { LineJoin, LineStore, LineView } from './shared-line.js';

export interface LineSyncOptions {
  store: LineStore;
  node: string;
  epoch: number;
  now: () => number;
  /** Default 100 ms. */
  syncMs?: number;
  /** The view is stale past this (default 2 s). */
  staleMs?: number;
  graceMs: number;
  /** The opening instant whose pre-queue must be drawn (-Infinity: none). */
  opensAt: number;
  /** What this node reports at each sync (its pace and rate); called with the sync's instant. */
  report: (t: number) => { pace: number; rate: number };
  /** Told when syncs start failing (the error) and when they succeed again (null): once each, for the log. */
  onSyncFault?: (e: unknown) => void;
  /** After each good sync; `redrawn` when the draw moved the registrations (places learned before are elsewhere). */
  onSynced: (redrawn: boolean) => void;
}

export class LineSync {
  view: LineView;
  syncedAt = -Infinity;
  lastError: unknown = null;
  /** Counted in syncs: lapsed places this node's served tickets had (honoured late). */
  late = 0;
  syncs = 0;
  syncErrors = 0;
  private served: number[] = [];
  private dues = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | null = null;
  private drawing: Promise<void> | null = null;

  constructor(private readonly o: LineSyncOptions) {
    this.view = { epoch: o.epoch, head: 0, frontier: 0, pace: 0, rate: 0, recycleRate: 0, pending: 0, expired: 0, nodes: 0, late: 0, drawnFor: null };
  }

  /** First sync (the view must be real before the first claim), then one every syncMs until stop(). */
  async start(): Promise<void> {
    await this.sync();
    if (this.lastError !== null) throw this.lastError;
    // Started after the opening, before any node drew the pre-queue (the first node of a deployment started late, or
    // every node restarted): the draw is done before the first claim. Otherwise the node would answer its first
    // arrivals, long after the opening, with a place in a pre-queue (found by CI: a claim on a node just started
    // answered 202 position 1 on an empty line).
    const opensAt = this.o.opensAt;
    if (this.o.now() >= opensAt && Number.isFinite(opensAt) && this.view.drawnFor !== opensAt) {
      await (this.drawing ?? this.o.store.draw(opensAt));
      await this.sync();
      if (this.lastError !== null) throw this.lastError;
    }
    this.timer = setInterval(() => void this.sync(), this.o.syncMs ?? 100);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.syncing;
    await this.drawing;
    await this.sync(); // what this node served since the last sync
    if (this.lastError === null) await this.o.store.leave(this.o.node).catch(() => {});
  }

  /** True while the view is recent enough to answer from. */
  fresh(t: number): boolean {
    return t - this.syncedAt <= (this.o.staleMs ?? 2000);
  }

  /** A called ticket this node serves, reported at the next sync. */
  served1(ticket: number): void {
    this.served.push(ticket);
  }

  /** A Retry-After given: the place is held until then (this node's clock). */
  due(ticket: number, at: number): void {
    this.dues.set(ticket, at);
  }

  /** What a join said is at least as new as the cached view (which a sync may have replaced meanwhile). */
  learn(j: LineJoin): void {
    if (j.head > this.view.head) this.view.head = j.head;
    if (j.frontier > this.view.frontier) this.view.frontier = j.frontier;
  }

  /** One sync now (tests, and the timer): never throws; a failure leaves the view to go stale. */
  sync(): Promise<void> {
    if (this.syncing !== null) return this.syncing;
    const t = this.o.now();
    const served = this.served;
    const dues = this.dues;
    this.served = [];
    this.dues = new Map();
    const { pace, rate } = this.o.report(t);
    this.syncing = this.o.store
      .sync({ node: this.o.node, pace, rate, served, dues, now: t, graceMs: this.o.graceMs })
      .then(
        (v) => {
          if (v.epoch !== this.o.epoch) throw new Error(`waiting room: the store's epoch changed (${v.epoch}, this node has ${this.o.epoch}): restart the node`);
          const redrawn = v.drawnFor !== this.view.drawnFor;
          this.late += v.late;
          // Head and frontier only move forward: a join answered while this sync was on its way may be newer.
          v.head = Math.max(v.head, this.view.head);
          v.frontier = Math.max(v.frontier, this.view.frontier);
          this.view = v;
          this.syncedAt = t;
          if (this.lastError !== null) this.o.onSyncFault?.(null);
          this.lastError = null;
          this.syncs++;
          this.o.onSynced(redrawn);
          // Opening time and no draw yet: ask for it (in the background; one node draws, the others' calls return).
          const opensAt = this.o.opensAt;
          if (Number.isFinite(opensAt) && t >= opensAt && v.drawnFor !== opensAt && this.drawing === null) {
            this.drawing = this.o.store.draw(opensAt).catch(() => {}).finally(() => (this.drawing = null));
          }
        },
        (e: unknown) => {
          // Sent again with the next sync: what was served and told is not lost with one failed statement.
          this.served = served.concat(this.served);
          for (const [k, d] of dues) if (!this.dues.has(k)) this.dues.set(k, d);
          if (this.lastError === null) this.o.onSyncFault?.(e);
          this.lastError = e;
          this.syncErrors++;
        },
      )
      .catch((e: unknown) => {
        this.lastError = e;
      })
      .finally(() => {
        this.syncing = null;
      });
    return this.syncing;
  }
}
