/** @module What the claim service needs from the programme and from a prepaid issuer (interfaces only). */
import type { CommitOutcome, CreditRecord, NewCredit } from '../domain/credit.js';
import type { Credit } from '../domain/programme.js';
import type { StoredSubscriber } from '../domain/subscriber.js';
import type { GrievanceException } from '../domain/grievance.js';
import type { RefusalReason } from './outcome.js';

export type { ProgrammeView } from './programme-view.js';

export type IssueResult =
  | { ok: true; token: string; tid: number | null; code_id: number | null; units_tenths: number }
  | { ok: false; reason: Extract<RefusalReason, 'no_code_left' | 'issuance_unavailable' | 'meter_needs_key_change'>; message: { fr: string; en: string } };

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

/** Where the claim service finds the exceptions accepted grievances granted (the store's grievances). */
export interface ExceptionSource {
  exceptions(): Promise<GrievanceException[]>;
  exception(subscriberId: number, programmeId: string, cycle: string): Promise<GrievanceException | null>;
}
