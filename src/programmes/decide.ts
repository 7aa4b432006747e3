/** @module Eligibility decision for one claim: cycle state, then the service's benefit, then the rule. Pre-compiled per programme for the claim hot path. */
import type { Benefit, Cycle, Programme } from '../domain/programme.js';
import { SERVICES, TARIFFS } from '../domain/subscriber.js';
import type { Service, Subscriber } from '../domain/subscriber.js';
import { conditionMessage } from './conditions.js';
import { creditAt } from './credit.js';
import { reasonMessage } from './messages.js';
import { compileRule } from './rules.js';
import type { CompiledRule } from './rules.js';
import type { DecideReason, Decision, Message } from './types.js';

export interface CompiledProgramme {
  /** A frozen copy of the programme compiled: later changes to the caller's object do not leak in. */
  readonly programme: Programme;
  /** The cycle a claim without a cycle goes to (see `openCycle`). */
  readonly openCycle: Cycle | null;
  /**
   * `cycleId` null means the default cycle: the open one; if none is open, the next scheduled one (so the
   * subscriber hears when it opens), else the last closed one. Returned decisions are shared and frozen.
   */
  decide(cycleId: string | null, s: Subscriber): Decision;
  /** Whether the cycle's rules retain this subscriber, whatever its state: what a refusal may advise about a later cycle. */
  eligible(cycleId: string, s: Subscriber): boolean;
  /**
   * The decision of an open cycle whose rule is set aside (an accepted grievance's exception): the cycle's credit for
   * this subscriber's service and tariff; null when the cycle is not open or does not cover the service.
   */
  granted(cycleId: string, s: Subscriber): Decision | null;
}

interface CompiledBenefit {
  benefit: Benefit;
  rule: CompiledRule;
  /** A credit depends only on the benefit and the tariff, so each "retained" answer is built once. */
  retained: Map<string, Decision>;
}

interface CompiledCycle {
  cycle: Cycle;
  /** The answer for every claim while the cycle is not open; null when open. */
  stateRefusal: Decision | null;
  benefits: Map<string, CompiledBenefit>;
  notCovered: Map<string, Decision>;
}

/** The default cycle for a claim: the open one; if several are open, the latest in the list. */
export function openCycle(programme: Programme): Cycle | null {
  for (let i = programme.cycles.length - 1; i >= 0; i--) if (programme.cycles[i].state === 'open') return programme.cycles[i];
  return null;
}

export function compileProgramme(input: Programme): CompiledProgramme {
  const programme = deepFreeze(structuredClone(input));
  const byId = new Map<string, CompiledCycle>();
  for (const cycle of programme.cycles) if (!byId.has(cycle.id)) byId.set(cycle.id, compileCycle(programme, cycle));
  const open = openCycle(programme);
  const closed = programme.cycles.filter((c) => c.state === 'closed');
  const fallback = open ?? programme.cycles.find((c) => c.state === 'scheduled') ?? closed[closed.length - 1];
  const defaultCycle = fallback ? byId.get(fallback.id)! : undefined;
  const unknownCycle = refusal('unknown_cycle', reasonMessage('unknown_cycle', { programme }));
  return {
    programme,
    openCycle: open,
    decide(cycleId, s) {
      const cc = cycleId === null ? defaultCycle : byId.get(cycleId);
      if (cc === undefined) return unknownCycle;
      if (cc.stateRefusal !== null) return cc.stateRefusal;
      const cb = cc.benefits.get(s.service);
      if (cb === undefined) return cc.notCovered.get(s.service) ?? refusal('service_not_covered', reasonMessage('service_not_covered', { cycle: cc.cycle }));
      if (cb.rule.test(s)) return cb.retained.get(s.tariff) ?? notRetained(cc.cycle, cb, s);
      return notRetained(cc.cycle, cb, s);
    },
    eligible(cycleId, s) {
      return byId.get(cycleId)?.benefits.get(s.service)?.rule.test(s) ?? false;
    },
    granted(cycleId, s) {
      const cc = byId.get(cycleId);
      return cc && cc.stateRefusal === null ? cc.benefits.get(s.service)?.retained.get(s.tariff) ?? null : null;
    },
  };
}

const cache = new WeakMap<Programme, CompiledProgramme>();

/**
 * One-off form of `compileProgramme(p).decide`. Compiles on first use and caches per programme object, so a
 * programme must be treated as a value: load a new object rather than editing one already decided on.
 */
export function decide(programme: Programme, cycleId: string | null, s: Subscriber): Decision {
  let compiled = cache.get(programme);
  if (!compiled) cache.set(programme, (compiled = compileProgramme(programme)));
  return compiled.decide(cycleId, s);
}

function compileCycle(programme: Programme, cycle: Cycle): CompiledCycle {
  const stateRefusal =
    cycle.state === 'scheduled' ? refusal('cycle_not_open', reasonMessage('cycle_not_open', { cycle }))
    : cycle.state === 'closed' ? refusal('cycle_closed', reasonMessage('cycle_closed', { cycle }))
    : null;
  const benefits = new Map<string, CompiledBenefit>();
  for (const benefit of cycle.benefits) {
    if (benefits.has(benefit.service)) continue; // the schema refuses this; the first one wins if it slips through
    const retained = new Map<string, Decision>();
    for (const tariff of TARIFFS) {
      retained.set(tariff, deepFreeze({ retained: true, cycle, benefit, credit: creditAt(programme, benefit, tariff) }));
    }
    benefits.set(benefit.service, { benefit, rule: compileRule(benefit.rule), retained });
  }
  const notCovered = new Map<string, Decision>();
  for (const service of SERVICES as readonly Service[]) {
    notCovered.set(service, refusal('service_not_covered', reasonMessage('service_not_covered', { cycle, service })));
  }
  return { cycle, stateRefusal, benefits, notCovered };
}

/** Refusals name the failed condition, which depends on the subscriber: built per call, only on the refusal path. */
function notRetained(cycle: Cycle, cb: CompiledBenefit, s: Subscriber): Decision {
  const failure = cb.rule.explain(s);
  const detail = failure ? conditionMessage(failure, s, cycle) : undefined;
  return { retained: false, reason: 'not_retained', message: reasonMessage('not_retained', { cycle, detail }) };
}

function refusal(reason: DecideReason, message: Message): Decision {
  return deepFreeze({ retained: false, reason, message });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
