/** @module Types of the programmes capability: decisions, reason codes and the optional wording a cycle may carry. */
import type { Benefit, Credit, Cycle } from '../domain/programme.js';

/** A sentence for the subscriber, in both languages the page speaks. */
export interface Message {
  fr: string;
  en: string;
}

/** Every reason a claim can be refused for; stable codes that integrators match on (docs/api.md). */
export type ReasonCode =
  | 'not_retained'
  | 'cycle_closed'
  | 'cycle_not_open'
  | 'unknown_cycle'
  | 'service_not_covered'
  | 'budget_exhausted'
  | 'unknown_meter'
  | 'no_code_left';

/** The reasons `decide` itself can give; the others are decided by the claim path and the issuers. */
export type DecideReason = 'not_retained' | 'cycle_closed' | 'cycle_not_open' | 'unknown_cycle' | 'service_not_covered';

export type Decision =
  | { retained: true; cycle: Cycle; benefit: Benefit; credit: Credit }
  | { retained: false; reason: DecideReason; message: Message };

/**
 * How a cycle is named inside a sentence ("pour la phase 2", "for phase 2"). Optional in a programme file:
 * French needs the article, which cannot be guessed from a label. Extends the domain `Cycle` without changing it.
 */
export type CycleWording = Message;
export type WordedCycle = Cycle & { wording?: CycleWording };

/** A programme file may also carry a free-text description (e.g. where its prices come from). */
export interface ProgrammeExtras {
  description?: string;
}
