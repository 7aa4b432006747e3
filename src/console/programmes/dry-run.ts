/**
 * @module A programme tried over the whole registry before it is saved: who a cycle's rules retain, who would lose
 * (or gain) eligibility against a cycle of the programme in force, and the budget that takes against the envelope.
 * The registry is the node's own, in memory; the scan yields to the event loop every few thousand subscribers, so
 * claims keep being answered while a supervisor simulates.
 */
import type { Programme } from '../../domain/programme.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import { compileProgramme } from '../../programmes/index.js';

export interface DryRunResult {
  cycle: { id: string; label: string };
  reference: { programme_id: string; cycle: string } | null;
  subscribers: number;
  retained: number;
  by_service: Record<string, number>;
  /** Retained by the reference cycle, not by this one. */
  lost: number;
  /** Retained by this one, not by the reference. */
  gained: number;
  budget_needed_fcfa: number;
  envelope_fcfa: number | null;
  ms: number;
}

/** Subscribers decided between two yields: a few milliseconds of work, so a claim never waits long behind a scan. */
const SLICE = 5000;
const yieldNow = () => new Promise<void>((r) => setImmediate(r));

export async function dryRun(o: {
  candidate: Programme;
  cycle: string;
  reference: { programme: Programme; cycle: string } | null;
  subscribers: () => Iterable<StoredSubscriber>;
}): Promise<DryRunResult> {
  const t0 = performance.now();
  const cand = compileProgramme(o.candidate);
  const cycle = cand.programme.cycles.find((c) => c.id === o.cycle);
  if (!cycle) throw new RangeError(`no cycle ${o.cycle} in programme ${o.candidate.id}`);
  const ref = o.reference ? compileProgramme(o.reference.programme) : null;
  const refCycle = o.reference && ref?.programme.cycles.some((c) => c.id === o.reference!.cycle) ? o.reference.cycle : null;
  const amount = new Map(cycle.benefits.map((b) => [b.service, b.amount_fcfa]));
  const out: DryRunResult = {
    cycle: { id: cycle.id, label: cycle.label }, reference: refCycle && o.reference ? { programme_id: o.reference.programme.id, cycle: refCycle } : null,
    subscribers: 0, retained: 0, by_service: {}, lost: 0, gained: 0, budget_needed_fcfa: 0, envelope_fcfa: cycle.budget_fcfa, ms: 0,
  };
  let n = 0;
  for (const s of o.subscribers()) {
    out.subscribers++;
    const yes = cand.eligible(cycle.id, s);
    if (yes) {
      out.retained++;
      out.by_service[s.service] = (out.by_service[s.service] ?? 0) + 1;
      out.budget_needed_fcfa += amount.get(s.service) ?? 0;
    }
    if (ref && refCycle) {
      const before = ref.eligible(refCycle, s);
      if (before && !yes) out.lost++;
      else if (!before && yes) out.gained++;
    }
    if (++n === SLICE) {
      n = 0;
      await yieldNow();
    }
  }
  out.ms = Math.round(performance.now() - t0);
  return out;
}
