/** @module Credits, declared once: what a claim issues, from its decision to its journal entry and its export. */
import type { OutboxMessage } from './sms.js';

/** Where a claim came from; recorded on every credit and in its journal entry. */
export type Channel = 'api' | 'web' | 'ussd' | 'sms' | 'agent';
export const CHANNELS: readonly Channel[] = ['api', 'web', 'ussd', 'sms', 'agent'];

/** What every credit says of itself, at every stage. */
interface CreditFacts {
  programme_id: string;
  cycle: string;
  service: string;
  metering: string;
  fcfa: number;
  /** An integer: 0.7 kWh is 7, never 6.999. */
  units_tenths: number;
  unit: string;
  /** ISO 8601, hashed into the journal: it comes back byte for byte. */
  issued_at: string;
}

/** A credit decided and minted, waiting for its durable commit. */
export interface NewCredit extends CreditFacts {
  subscriber_id: number;
  /** Who it was issued to at the time (a later import may change the subscriber's meter). */
  contract_no: string;
  meter_no: string;
  token: string | null;
  issuer: string;
  channel: Channel;
  phone: string | null;
  /** STS token id used, recorded as the meter's last TID. */
  tid: number | null;
  /** Code-pool row consumed, if the token came from the pool. */
  code_id: number | null;
  /** The cycle's ceiling, checked again inside the transaction. */
  budget_fcfa: number | null;
  /** Messages queued with the credit, in its transaction: a crash between the commit and the send loses none. */
  sms: readonly OutboxMessage[];
  /** Claimed under an accepted grievance's exception: its ticket and approver, named in the journal entry. */
  grievance_ticket?: string | null;
  grievance_approver?: string | null;
}

/** A committed credit as the claim path replays it from memory: what was issued, and its place in the journal. */
export interface CreditRecord extends CreditFacts {
  subscriber_id: number;
  token: string | null;
  claim_id: string;
  journal_seq: number;
}

/** What the journal records of one credit: the token itself is not in it, only its SHA-256. */
export type JournalFacts = Pick<NewCredit, keyof CreditFacts | 'contract_no' | 'meter_no' | 'issuer' | 'channel'> & {
  claim_id: string;
  token_sha256: string | null;
  /** Only in the entries of credits claimed under an exception (entries written before grievances have neither). */
  grievance_ticket?: string | null;
  grievance_approver?: string | null;
};

/** A credit as stored: the facts its journal entry vouches for, the token itself where the entry has its hash. */
export type StoredCredit = Omit<JournalFacts, 'token_sha256'> & { journal_seq: number; token: string | null };

/** A credit in a subscriber's history (the console desk): the stored facts, the row's id and the phone it was asked from. */
export type HistoryCredit = StoredCredit & { id: number; phone: string | null };

/** A credit as the billing export writes it: no token, ever. */
export type ExportedCredit = Omit<StoredCredit, 'token' | 'issuer'> & {
  /** The ticket of an accepted grievance saying this credit is missing from the bill: for the billing team to check. */
  billing_grievance?: string | null;
};

/** What the store says of one credit of a group commit. */
export type CommitOutcome =
  | { kind: 'issued'; credit: CreditRecord }
  /** Someone else (another process or node) committed this subscriber and cycle first. */
  | { kind: 'duplicate'; credit: CreditRecord }
  | { kind: 'budget_exhausted' }
  | { kind: 'code_taken' }
  /** The meter already took this STS token id or a later one (another node minted for it meanwhile). */
  | { kind: 'tid_taken'; last_tid: number };

/** The key of a cycle's spend, in memory and in both stores. */
export const spendKey = (programmeId: string, cycle: string): string => `${programmeId}\u0000${cycle}`;

/** The claim reference a subscriber sees, derived from the credit's place in the journal. */
export function claimId(seq: number): string {
  return `G-${String(seq).padStart(8, '0')}`;
}
