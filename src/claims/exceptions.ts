/**
 * @module Exceptions granted by accepted grievances (CONTRACT §10), kept in memory like credits: loaded at start,
 * learnt at once when this node grants one, and looked up in the store when a refusal the rules made might have one
 * granted on another node since (several nodes on PostgreSQL). The claim then goes ahead with the cycle's credit.
 */
import type { GrievanceException } from '../domain/grievance.js';
import type { Ineligible, Invalid } from './outcome.js';
import type { ExceptionSource, ProgrammeView } from './ports.js';
// Keyed as the credits are: one subscriber, programme and cycle.
import { creditKey as keyOf } from './prepare.js';

/**
 * A subscriber refused again within this time is not looked up again: someone retrying a refusal in a loop costs the
 * store one query every two seconds, not one a try; an exception granted on another node is seen that much later.
 */
export const MISS_TTL_MS = 2000;
/** Misses remembered at most (then forgotten all at once): bounded memory under a crowd of refusals. */
const MISS_MAX = 50_000;

export class Exceptions {
  private readonly map = new Map<string, GrievanceException>();
  private readonly missed = new Map<string, number>();

  constructor(private readonly source: ExceptionSource | null, private readonly now: () => number = Date.now) {}

  static async load(source: ExceptionSource | null, now?: () => number): Promise<Exceptions> {
    const x = new Exceptions(source, now);
    if (source) for (const e of await source.exceptions()) x.learn(e);
    return x;
  }

  learn(e: GrievanceException): void {
    this.map.set(keyOf(e.subscriber_id, e.programme_id, e.cycle), e);
  }

  get(subscriberId: number, programmeId: string, cycle: string): GrievanceException | undefined {
    return this.map.get(keyOf(subscriberId, programmeId, cycle));
  }

  get size(): number {
    return this.map.size;
  }

  /** Whether `foundFor` could say true: a store to ask, and a refusal by the rules of a known subscriber (the others are answered at once). */
  mayHaveFor(done: Ineligible | Invalid): boolean {
    return this.source !== null && done.kind === 'ineligible' && done.reason === 'not_retained' && done.subscriber !== null;
  }

  /**
   * A refusal by the rules (`not_retained`) of a subscriber this node knows no exception for: asks the store once
   * whether another node granted one; true when it did (learnt: the claim is prepared again). A store that does not
   * answer leaves the refusal as it was: the rules' answer, as before grievances.
   */
  async foundFor(done: Ineligible | Invalid, prog: ProgrammeView, cycle: string | null): Promise<boolean> {
    if (!this.source || done.kind !== 'ineligible' || done.reason !== 'not_retained' || done.subscriber === null) return false;
    const cycleId = cycle ?? prog.defaultCycle()?.id;
    if (cycleId === undefined || this.get(done.subscriber.id, prog.id, cycleId)) return false;
    const key = keyOf(done.subscriber.id, prog.id, cycleId);
    const t = this.now();
    if (t - (this.missed.get(key) ?? -Infinity) < MISS_TTL_MS) return false;
    const e = await this.source.exception(done.subscriber.id, prog.id, cycleId).catch(() => null);
    if (!e) {
      if (this.missed.size >= MISS_MAX) this.missed.clear();
      this.missed.set(key, t);
      return false;
    }
    this.learn(e);
    return true;
  }
}
