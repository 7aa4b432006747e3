/** @module What the claim path asks of a waiting room, in memory (one node) or shared through the store (several). */
import type { AdmissionStats } from './options.js';
import type { PassReason } from './pass.js';

export type Admission =
  | { kind: 'admit'; ticket: number | null; pass_rejected?: PassReason }
  | { kind: 'queued'; position: number; eta_s: number; retry_after_s: number; pass: string; prequeue: boolean; pass_rejected?: PassReason }
  | { kind: 'closed'; pass_rejected?: PassReason };

export interface Room {
  /**
   * One arrival of a claim for `key` with the pass it carries. The in-memory room always answers at once; the
   * shared room answers at once too, except for an arrival that has to look up or join the line (one round trip),
   * and it rejects (store fault, answered 503) while it cannot reach the store. An admission that came back through
   * a promise may be stale by then (the caller looks at its credits again): asking again admits at once.
   */
  arrive(key: string, pass: string | null): Admission | Promise<Admission>;
  started(): void;
  finished(): void;
  stats(): AdmissionStats;
  /** The operator's ceiling changed while running (the console): claims per second, or null for none. Both rooms have it. */
  setAdmitRate?(rate: number | null): void;
}
