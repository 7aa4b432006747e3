/** @module Waiting-room settings (checked at construction, every problem listed) and the stats snapshot's shape. */
import type { PassReason } from './pass.js';
import type { LineStore } from './shared-line.js';

export interface Opening {
  /** Unix ms. Before it, arrivals join the pre-queue, drawn into random order at this instant. */
  opensAt?: number;
  /** Unix ms. From it, newcomers are told "closed"; people already in line keep their place and are served. */
  closesAt?: number;
}

export interface WaitingRoomOptions {
  /** Server secret for the passes (at least 16 bytes); the same across restarts is fine, the room epoch differs. */
  secret: Buffer;
  /** Clock in ms (fractional is welcome: it measures busy time); injected so tests run on a fake clock. */
  now: () => number;
  /** Uniform in [0, 1): jitter, the pre-queue draw, the room epoch. Seeded in tests. */
  random: () => number;
  /** Operator ceiling, claims admitted per second (`guichet serve --admit-rate N`); null: no ceiling. */
  admitRate: number | null;
  /** Pass lifetime beyond the announced ETA. Default 15 min. */
  passTtlMs?: number;
  opening?: Opening;
  /** Token-bucket depth in seconds of admitRate (default 1: 2,000 at once at 200/s queues about 1,800). */
  burstSeconds?: number;
  /** Direct service while the expected wait stays under this (default 1 s). */
  maxWaitSeconds?: number;
  /**
   * How long past their due time (the Retry-After they were given) a called place holds capacity before it is
   * recycled. Default 10 s: a lapsed place costs its holder nothing (still served on return while the pass is
   * valid, paid from the next token), so the grace only decides how long capacity idles on someone who is not there.
   */
  graceMs?: number;
  /** Service rate assumed until the first measurement, claims/s (default 1,000; replaced within ~250 ms of load). */
  initialRate?: number;
}

export interface AdmissionStats {
  phase: 'prequeue' | 'open' | 'closed';
  /** Tickets not yet called (before opening: people registered in the pre-queue). */
  waiting: number;
  /** Called, not yet back, place still held. */
  calling: number;
  inflight: number;
  tickets_issued: number;
  served_direct: number;
  served_from_queue: number;
  /** Called places honoured after they had lapsed and been recycled. */
  served_late: number;
  /** Used passes presented again (the claim path replays the same credit). */
  replays: number;
  /** Called places that lapsed unused and whose capacity went to the next tickets. */
  expired: number;
  /** Claims per busy second, smoothed; doubled while a line starved the claim path (service-rate.ts). */
  rate_measured: number | null;
  /** How fast the line moves (admitted + recycled), the rate ETAs are computed with. */
  rate_admitted: number;
  /** Places recycled per second lately (they speed the line up). */
  rate_recycled: number;
  admit_rate: number | null;
  passes_ok: number;
  /** Forged or malformed passes. */
  forged_passes: number;
  pass_rejected: Record<PassReason, number>;
  /** Bytes held by the line's typed arrays. */
  memory_bytes: number;
}

export function checkOptions(o: WaitingRoomOptions): void {
  const problems: string[] = [];
  const positive = (name: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) problems.push(`${name} must be a positive number (got ${v})`);
  };
  if (!Buffer.isBuffer(o.secret) || o.secret.length < 16) problems.push('secret must be a Buffer of at least 16 bytes');
  if (typeof o.now !== 'function') problems.push('now must be a function returning ms');
  if (typeof o.random !== 'function') problems.push('random must be a function returning [0, 1)');
  if (o.admitRate !== null) positive('admitRate', o.admitRate);
  positive('passTtlMs', o.passTtlMs);
  positive('burstSeconds', o.burstSeconds);
  positive('maxWaitSeconds', o.maxWaitSeconds);
  positive('graceMs', o.graceMs);
  positive('initialRate', o.initialRate);
  const { opensAt, closesAt } = o.opening ?? {};
  if (opensAt !== undefined && !Number.isFinite(opensAt)) problems.push('opening.opensAt must be a time in ms');
  if (closesAt !== undefined && !Number.isFinite(closesAt)) problems.push('opening.closesAt must be a time in ms');
  if (opensAt !== undefined && closesAt !== undefined && closesAt <= opensAt) problems.push('opening.closesAt must be after opensAt');
  if (problems.length > 0) throw new Error(`waiting room: ${problems.join('; ')}`);
}

export interface SharedRoomOptions extends WaitingRoomOptions {
  store: LineStore;
  /** This node's name in the store's reports (random per process). */
  node: string;
  /** The numbering the store keeps (room_state.epoch): in every pass, checked on return. */
  epoch: number;
  /** Default 100 ms. */
  syncMs?: number;
  /** The view is stale past this (default 2 s): arrivals are refused as a store fault until a sync succeeds. */
  staleMs?: number;
  /** Told when syncs start failing (the error) and when they succeed again (null): once each, for the log. */
  onSyncFault?: (e: unknown) => void;
  /** Default 60 s: how often this node prunes the line's old places (one node at a time across the deployment). */
  pruneMs?: number;
}

export function checkSharedOptions(o: SharedRoomOptions): void {
  checkOptions(o);
  for (const [name, v] of [['syncMs', o.syncMs], ['staleMs', o.staleMs], ['pruneMs', o.pruneMs]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new Error(`waiting room: ${name} must be a positive number (got ${v})`);
  }
  if (!Number.isInteger(o.epoch) || o.epoch < 0 || o.epoch > 0xffffffff) throw new Error(`waiting room: epoch must be a 32-bit unsigned integer (got ${o.epoch})`);
}

/** A ceiling given while running (the console's admit rate): a positive number of claims per second, or null for none. */
export function checkAdmitRate(rate: number | null): number | null {
  if (rate !== null && !(Number.isFinite(rate) && rate > 0)) throw new Error(`waiting room: admitRate must be a positive number (got ${rate})`);
  return rate;
}
