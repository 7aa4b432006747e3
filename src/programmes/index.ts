/** @module Programmes as data: the built-in demo programme, parsing, compiled eligibility decisions, credits and refusal messages. */
import type { Programme } from '../domain/programme.js';
import builtin from './gratuite-2020.json' with { type: 'json' };
import { parseProgramme } from './schema.js';

export type { AgencyWindow, Benefit, Credit, Cycle, CycleState, Programme, Rule } from '../domain/programme.js';
export type { CycleWording, DecideReason, Decision, Message, ReasonCode, WordedCycle } from './types.js';
export type { CompiledProgramme } from './decide.js';
export type { ParseResult } from './schema.js';
export type { ReasonContext } from './messages.js';
export type { CompiledRule, FailedCondition, Predicate } from './rules.js';
export { parseProgramme } from './schema.js';
export { compileProgramme, decide, openCycle } from './decide.js';
export { creditFor, scalePrice, unitsTenths, PRICE_SCALE } from './credit.js';
export { reasonMessage } from './messages.js';
export { conditionMessage } from './conditions.js';
export { compileRule, evaluateRule } from './rules.js';
export { describeRule } from './describe.js';
export { agencyWindow, instantOf, windowOf, type WindowState } from './windows.js';

let parsed: Programme | undefined;

/**
 * The built-in `gratuite-2020` programme (the 2020 relief, README), checked by the same parser as an operator's file.
 * Each call returns a fresh copy, so no caller can change what the next one gets.
 */
export function builtinProgramme(): Programme {
  if (!parsed) {
    const r = parseProgramme(builtin);
    if (!r.ok) throw new Error(`the built-in programme gratuite-2020 is invalid:\n  ${r.problems.join('\n  ')}`);
    parsed = r.programme;
  }
  return structuredClone(parsed);
}
