/** @module What the claim service needs from the programme and from a prepaid issuer (interfaces only). */
import type { StoredSubscriber as StoredSubscriber } from '../domain/subscriber.js';
import type { Credit, Cycle } from '../domain/programme.js';

import type { Decision } from '../programmes/index.js';
import type { CommitOutcome, CreditRecord, NewCredit } from '../domain/credit.js';
export type { Decision };

/** The active programme, compiled for the hot path. */
export interface ProgrammeView {
  readonly id: string;
  readonly cycles: readonly Cycle[];
  /** The open cycle, which a claim without `cycle` is for; null when none is open. */
  defaultCycle(): Cycle | null;
  /** cycleId null: the default cycle, or when none is open the refusal that says when one opens. */
  decide(cycleId: string | null, s: StoredSubscriber): Decision;
}

export type IssueResult =
  | { ok: true; token: string; tid: number | null; code_id: number | null; units_tenths: number }
  | { ok: false; reason: 'no_code_left' | 'issuance_unavailable' | 'meter_needs_key_change'; message: { fr: string; en: string } };

/** Mints (STS engine) or hands out (code pool) the token of a prepaid credit. */
export interface PrepaidIssuer {
  readonly name: string;
  issue(s: StoredSubscriber, cycle: string, credit: Credit, now: Date): IssueResult;
  /** The credit was not committed after all: give back what `issue` took (a pool code). */
  release(s: StoredSubscriber, cycle: string, result: IssueResult & { ok: true }): void;
  /** Another node gave this meter `tid` meanwhile (the store said so at commit): the next token must be above it. */
  learnTid?(s: StoredSubscriber, tid: number): void;
}

/** What the claim service asks of a store: the replay and the spend once at start, then only the commit, the one thing the claim path awaits. */
export interface ClaimServiceStore {
  commitCredits(batch: NewCredit[]): Promise<CommitOutcome[]>;
  creditsForReplay(): AsyncIterable<CreditRecord>;
  spendByCycle(): Promise<Map<string, number>>;
}
