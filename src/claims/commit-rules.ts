/**
 * @module The rules a group commit applies to each credit, under the store's lock, written once for every engine:
 * a credit already there is given back, then the budget ceiling, the pool code and the meter's token id are checked.
 */
import { spendKey, type CommitOutcome, type CreditRecord, type NewCredit } from '../domain/credit.js';

/** What the store knows under its lock, as committed before this transaction (by any node). */
export interface CommittedState {
  /** The credit already committed for this subscriber, programme and cycle, if any. */
  existing(n: NewCredit): CreditRecord | undefined;
  spent(programmeId: string, cycle: string): number;
  codeFree(codeId: number): boolean;
  /** The last STS token id this meter took, if any. */
  lastTid(subscriberId: number): number | undefined;
}

export type Refusal = Exclude<CommitOutcome, { kind: 'issued' }>;

const keyOf = (n: Pick<NewCredit, 'subscriber_id' | 'programme_id' | 'cycle'>) => `${n.subscriber_id}\u0000${n.programme_id}\u0000${n.cycle}`;

/**
 * One transaction's decisions, credit after credit: what this transaction took (spend, codes, token ids, credits)
 * is seen by the credits after it in the same batch. The order matters on a store shared by several nodes, where
 * each knows only its own credits: a subscriber already credited through another node must get that credit back,
 * not a refusal because the budget ran out since, or because their pool code went with that credit.
 */
export class CommitRules {
  private readonly spends = new Map<string, { programme_id: string; cycle: string; fcfa: number }>();
  private readonly credits = new Map<string, CreditRecord>();
  private readonly codes = new Set<number>();
  private readonly tids = new Map<number, number>();

  constructor(private readonly state: CommittedState) {}

  /** Null: issue it (then call `took`); otherwise what the claim is told instead. */
  refusal(n: NewCredit): Refusal | null {
    const existing = this.credits.get(keyOf(n)) ?? this.state.existing(n);
    if (existing !== undefined) return { kind: 'duplicate', credit: existing };
    if (n.budget_fcfa !== null && this.spent(n) + n.fcfa > n.budget_fcfa) return { kind: 'budget_exhausted' };
    if (n.code_id !== null && (this.codes.has(n.code_id) || !this.state.codeFree(n.code_id))) return { kind: 'code_taken' };
    // A meter takes each STS token id once. A node knows the others' TIDs only from its start, so another node may
    // have given this meter this TID (or a later one) since: the claim path mints again above it.
    if (n.tid !== null) {
      const last = this.tids.get(n.subscriber_id) ?? this.state.lastTid(n.subscriber_id);
      if (last !== undefined && n.tid <= last) return { kind: 'tid_taken', last_tid: last };
    }
    return null;
  }

  /** The credit went in: later credits of the batch see it. */
  took(n: NewCredit, record: CreditRecord): void {
    this.credits.set(keyOf(n), record);
    const sk = spendKey(n.programme_id, n.cycle);
    this.spends.set(sk, { programme_id: n.programme_id, cycle: n.cycle, fcfa: this.spent(n) + n.fcfa });
    if (n.code_id !== null) this.codes.add(n.code_id);
    if (n.tid !== null) this.tids.set(n.subscriber_id, Math.max(n.tid, this.tids.get(n.subscriber_id) ?? 0));
  }

  /** The spend of every cycle this transaction issued in, to write back. */
  newSpends(): { programme_id: string; cycle: string; fcfa: number }[] {
    return [...this.spends.values()];
  }

  /** The highest token id given to each meter by this transaction, to write back. */
  newTids(): Map<number, number> {
    return this.tids;
  }

  private spent(n: NewCredit): number {
    return this.spends.get(spendKey(n.programme_id, n.cycle))?.fcfa ?? this.state.spent(n.programme_id, n.cycle);
  }
}
