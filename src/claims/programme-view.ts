/** @module The programme as the claim path reads it: compiled once per change, decided from memory, never from the store. */
import type { Cycle, Programme } from '../domain/programme.js';
import type { StoredSubscriber } from '../domain/subscriber.js';
import { compileProgramme, type Decision } from '../programmes/index.js';
import type { NextCycle } from './outcome.js';

export interface ProgrammeView {
  readonly id: string;
  readonly programme: Programme;
  readonly cycles: readonly Cycle[];
  /** The open cycle, which a claim without `cycle` is for; null when none is open. */
  defaultCycle(): Cycle | null;
  /** cycleId null: the default cycle, or when none is open the refusal that says when one opens. */
  decide(cycleId: string | null, s: StoredSubscriber): Decision;
  /** This cycle if not open yet, else the next one not yet open, and whether its rules would retain this subscriber. */
  nextFor(cycleId: string | null, s: StoredSubscriber): NextCycle | null;
  /** The open cycle's credit with its rule set aside (an accepted grievance's exception), or null (closed, not covered). */
  granted(cycleId: string, s: StoredSubscriber): Decision | null;
}

export function programmeView(p: Programme): ProgrammeView {
  const c = compileProgramme(p);
  const cycles = c.programme.cycles;
  return {
    id: p.id,
    programme: c.programme,
    cycles,
    defaultCycle: () => c.openCycle,
    decide: (cycleId, s) => c.decide(cycleId, s),
    granted: (cycleId, s) => c.granted(cycleId, s),
    nextFor(cycleId, s) {
      const from = cycles.findIndex((cy) => cy.id === (cycleId ?? c.openCycle?.id));
      // A cycle not open yet is its own next one ("come back when it opens", if its rules retain you).
      const next = cycles[from]?.state === 'scheduled' ? cycles[from] : cycles.find((cy, i) => i > from && cy.state === 'scheduled');
      return next ? { cycle: next, eligible: c.eligible(next.id, s) } : null;
    },
  };
}
