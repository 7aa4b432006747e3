/** @module Claims: every answer a claim can get from memory (locate, decide, agency window, budget), before admission and issuance. */
import { spendKey, type CreditRecord } from '../domain/credit.js';
import type { StoredSubscriber } from '../domain/subscriber.js';
import type { GrievanceException } from '../domain/grievance.js';
import { agencyWindow, reasonMessage, type Decision, type ReasonContext } from '../programmes/index.js';
import { locate } from './locate.js';
import { invalid, type ClaimOutcome, type Ineligible, type Invalid, type RefusalReason } from './outcome.js';
import type { ProgrammeView } from './ports.js';
import type { RegistryIndex } from './registry-index.js';
import type { CreditBook } from './credit-book.js';
import type { Who } from './request.js';

export type Retained = Decision & { retained: true };

/** Where `prepare` leaves a claim: answered from memory, already credited (or committing), or ready for admission. */
export type Prepared =
  | { done: Ineligible | Invalid }
  | { known: CreditRecord | Promise<ClaimOutcome>; sub: StoredSubscriber; cycleId: string }
  | { sub: StoredSubscriber; prog: string; cycleId: string; d: Retained; sk: string; spent: number; budget: number | null;
      /** The accepted grievance that set the rule aside for this subscriber and cycle, named in the credit's journal entry. */
      exception: GrievanceException | null };

export { creditKey } from './credit-book.js';

/** What `prepare` reads: the registry, the programme in force, the committed credits and the spend, the time. */
export interface PrepareContext {
  index: RegistryIndex;
  programme: () => ProgrammeView;
  credits: Pick<CreditBook<Promise<ClaimOutcome>>, 'get'>;
  spent: ReadonlyMap<string, number>;
  clock: () => Date;
  /** Exceptions granted by accepted grievances, by subscriber, programme and cycle. */
  exception: (subscriberId: number, programmeId: string, cycle: string) => GrievanceException | undefined;
}

/** How refusals are worded, the same for every channel. */
export class Refusals {
  constructor(private readonly programme: () => ProgrammeView) {}

  /** The refusal a decision carries (a retained decision is a programming error here). */
  of(sub: StoredSubscriber, cycleId: string | null, d: Decision): Ineligible {
    if (d.retained) throw new Error('a retained decision is not a refusal');
    return this.ineligible(sub, cycleId, d.reason, d.message);
  }

  /** A refusal the rules do not make (budget, pool, unknown number, closed line), worded from its context. */
  refused(sub: StoredSubscriber | null, cycleId: string | null, reason: 'budget_exhausted' | 'no_code_left' | 'unknown_meter' | 'cycle_closed', ctx: ReasonContext): Ineligible {
    return this.ineligible(sub, cycleId, reason, reasonMessage(reason, ctx));
  }

  /** A refusal names the next cycle only with whether its rules would retain this subscriber: no false hope. */
  ineligible(sub: StoredSubscriber | null, cycleId: string | null, reason: RefusalReason, message: { fr: string; en: string }): Ineligible {
    const next = sub === null ? null : this.programme().nextFor(cycleId, sub);
    return { kind: 'ineligible', reason, message, subscriber: sub, next };
  }
}

/**
 * `spendKey`, the same string again while the programme and cycle are (nearly every claim): not one string made,
 * then hashed twice, a claim.
 */
const lastSpend = { programme: '', cycle: '', key: spendKey('', '') };
function spendKeyOf(programme: string, cycle: string): string {
  if (programme !== lastSpend.programme || cycle !== lastSpend.cycle) {
    lastSpend.programme = programme;
    lastSpend.cycle = cycle;
    lastSpend.key = spendKey(programme, cycle);
  }
  return lastSpend.key;
}

/** Locate, decide, check the agency window and the budget; `cycle` null: the programme's default cycle. */
export function prepare(ctx: PrepareContext, refusals: Refusals, who: Who, cycle: string | null): Prepared {
  const l = locate(ctx.index, who);
  if ('errors' in l) return { done: invalid(l.errors) };
  if ('unknown' in l) return { done: l.typo ? invalid([l.typo]) : refusals.refused(null, null, 'unknown_meter', { number: l.unknown }) };
  const sub = l.found;
  const prog = ctx.programme();
  const cycleId = cycle ?? prog.defaultCycle()?.id ?? null;
  if (cycleId === null) return { done: refusals.of(sub, null, prog.decide(null, sub)) };
  const known = ctx.credits.get(sub.id, prog.id, cycleId);
  if (known !== undefined) return { known, sub, cycleId };

  // An open cycle may open agency by agency (CONTRACT §9): before its own date an agency hears when, as for a
  // cycle not open yet, whatever the rules would say.
  const cyc = prog.cycles.find((c) => c.id === cycleId);
  const w = cyc && cyc.state === 'open' && cyc.agency_windows ? agencyWindow(cyc, sub.agency, ctx.clock().getTime()) : null;
  if (w && cyc) {
    const dated = w.kind === 'not_open' ? { ...cyc, opens_at: w.opens_at } : { ...cyc, closes_at: w.closes_at };
    const reason = w.kind === 'not_open' ? 'cycle_not_open' : 'cycle_closed';
    return { done: refusals.ineligible(sub, cycleId, reason, reasonMessage(reason, { cycle: dated, agency: sub.agency })) };
  }

  let d = prog.decide(cycleId, sub);
  // An accepted grievance sets the rule aside (never a closed cycle nor an uncovered service): the cycle's own credit.
  const exception = d.retained || d.reason !== 'not_retained' ? null : ctx.exception(sub.id, prog.id, cycleId) ?? null;
  if (exception) d = prog.granted(cycleId, sub) ?? d;
  if (!d.retained) return { done: refusals.of(sub, cycleId, d) };

  const sk = spendKeyOf(prog.id, cycleId);
  const spent = ctx.spent.get(sk) ?? 0;
  const budget = d.cycle.budget_fcfa;
  if (budget !== null && spent + d.credit.fcfa > budget) return { done: refusals.refused(sub, cycleId, 'budget_exhausted', { cycle: d.cycle }) };
  return { sub, prog: prog.id, cycleId, d, sk, spent, budget, exception };
}
