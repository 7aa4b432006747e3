/** @module What the claim path asks of a store, whatever the engine behind it (SQLite now, PostgreSQL later). */
import type { JournalEntry } from '../journal/entry.js';
import type { StoredCredit } from '../journal/verify.js';

/** A credit decided and minted, waiting for its durable commit. */
export interface NewCredit {
  subscriber_id: number;
  contract_no: string;
  meter_no: string;
  programme_id: string;
  cycle: string;
  service: string;
  metering: string;
  fcfa: number;
  units_tenths: number;
  unit: string;
  token: string | null;
  issuer: string;
  channel: string;
  phone: string | null;
  issued_at: string;
  /** STS token id used, recorded as the meter's last TID. */
  tid: number | null;
  /** Code-pool row consumed, if the token came from the pool. */
  code_id: number | null;
  /** The cycle's ceiling, checked again inside the transaction. */
  budget_fcfa: number | null;
}

/** A committed credit, as the claim path replays it: what was asked, plus its place in the journal. */
export type CreditRecord = Pick<NewCredit, 'subscriber_id' | 'programme_id' | 'cycle' | 'service' | 'metering' | 'fcfa'
  | 'units_tenths' | 'unit' | 'token' | 'issued_at'> & { claim_id: string; journal_seq: number };

export type CommitOutcome =
  | { kind: 'issued'; credit: CreditRecord }
  /** Someone else (another process) committed this subscriber and cycle first. */
  | { kind: 'duplicate'; credit: CreditRecord }
  | { kind: 'budget_exhausted' }
  | { kind: 'code_taken' }
  /** Another node committed a token for this meter with this STS token id or a later one (a shared store only). */
  | { kind: 'tid_taken'; last_tid: number };

export interface ClaimStore {
  /** Commits every credit of the batch in one durable transaction, journal entries included. */
  commitCredits(batch: NewCredit[]): CommitOutcome[] | Promise<CommitOutcome[]>;
  creditsForReplay(): Iterable<CreditRecord>;
  spendByCycle(): Map<string, number>;
  journalEntries(): Iterable<JournalEntry>;
  /** Credits in journal order, with the fields the journal vouches for. */
  storedCredits(): Iterable<StoredCredit>;
  ping(): boolean;
  close(): void;
}

export const spendKey = (programmeId: string, cycle: string): string => `${programmeId}\u0000${cycle}`;
