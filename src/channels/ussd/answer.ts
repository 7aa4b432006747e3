/**
 * @module One step of a USSD session, answered: walk the inputs (issuing nothing), then, at the last one, show a
 * screen or act (claim, look up, check). The claim goes to the same core as every other channel.
 */
import type { Logger } from 'pino';
import type { ClaimService } from '../../claims/claim-service.js';
import type { ClaimRequest } from '../../claims/request.js';
import type { Programme } from '../../domain/programme.js';
import type { GrievanceService } from '../../grievances/port.js';
import { normalisePhone } from '../../registry/phone.js';
import { claimScreen } from './claim-screen.js';
import { contestAnswer } from './contest-answer.js';
import type { UssdFollowUp } from './follow-up.js';
import type { UssdFields } from './form.js';
import { checkScreen, retrieveScreen } from './lookup-screens.js';
import { menuScreen, overScreen, promptScreen } from './menu-screens.js';
import { inputsOf, sessionOf, type Session } from './session.js';
import { dialOf } from './words.js';

/** What the channel asks of the claim core (a strict fake in tests). */
export type UssdClaims = Pick<ClaimService, 'claim' | 'locate' | 'issuedTo' | 'check'>;

export interface UssdDeps {
  claims: UssdClaims;
  /** The active programme (cycle labels in "retrouver mon code"). */
  programme: () => Programme;
  followUp: UssdFollowUp;
  logger: Logger;
  /** Option 4 (raise or follow a grievance); absent or null: those steps answer that the service is unavailable. */
  grievances?: GrievanceService | null;
}

/** What a step did, for the caller's metrics and logs: the screen, and whether the core was asked to claim. */
export interface UssdStep {
  answer: string;
  /** The claim outcome's kind when this step claimed (`unavailable` is logged by the route). */
  claimed: string | null;
  cause?: unknown;
}

export async function answerStep(deps: UssdDeps, f: UssdFields): Promise<UssdStep> {
  const s = sessionOf(inputsOf(f.text), (who) => deps.claims.locate(who));
  const dial = dialOf(f.serviceCode, s.lang);
  switch (s.at) {
    case 'menu': return { answer: menuScreen(s.lang, s.wrong), claimed: null };
    case 'prompt': return { answer: promptScreen(s.lang, s.action, s.error), claimed: null };
    case 'over': return { answer: overScreen(s, dial), claimed: null };
    case 'act': return act(deps, s, f.phoneNumber, dial);
    default: {
      const a = await contestAnswer(deps.grievances, s, f.phoneNumber);
      // `unavailable` like a claim that could not commit: the route logs its cause.
      return { answer: a.answer, claimed: a.cause === undefined ? null : 'unavailable', cause: a.cause };
    }
  }
}

async function act(deps: UssdDeps, s: Extract<Session, { at: 'act' }>, phoneNumber: string, dial: string): Promise<UssdStep> {
  const who = { number: s.number };
  if (s.action === 'retrieve') {
    const l = deps.claims.locate(who);
    return { answer: retrieveScreen(l, 'found' in l ? deps.claims.issuedTo(l.found) : [], deps.programme(), s.lang), claimed: null };
  }
  if (s.action === 'check') return { answer: checkScreen(deps.claims.check(who), deps.programme(), s.lang), claimed: null };

  // A gateway number that is not a Gabonese mobile (a test handset, a foreign SIM) must not cost the claim: no phone then.
  const phone = normalisePhone(phoneNumber);
  const req: ClaimRequest = { who, cycle: null, phone, pass: null, channel: 'ussd' };
  const o = await deps.claims.claim(req);
  let prepaid = true;
  if (o.kind === 'queued') {
    try {
      deps.followUp.queued(req, o);
    } catch (e) {
      // The claim keeps its place whatever the follow-up does; the caller still gets the screen.
      deps.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'USSD follow-up failed to take a queued claim');
    }
    const l = deps.claims.locate(who);
    prepaid = !('found' in l) || l.found.metering === 'prepaid';
  }
  const answer = claimScreen(o, { lang: s.lang, phone, dial, smsFollows: deps.followUp.smsFollows, prepaid });
  return { answer, claimed: o.kind, cause: o.kind === 'unavailable' ? o.cause : undefined };
}
