/**
 * @module The port a queued USSD claim is handed to. A session cannot wait in line (the gateway gives up after about
 * 10 s, the handset after a few minutes), so the claim keeps its place server-side and its answer follows by SMS
 * (channels/sms/follow-up.ts). A node without an SMSC cannot send it: `noSmsFollowUp` says so, and the screen asks
 * the caller to dial again.
 */
import type { Logger } from 'pino';
import type { ClaimOutcome } from '../../claims/outcome.js';
import type { ClaimRequest } from '../../claims/request.js';
import type { FollowUps } from '../sms/follow-up.js';

export type QueuedOutcome = Extract<ClaimOutcome, { kind: 'queued' }>;

export interface UssdFollowUp {
  /**
   * True when the answer really follows by SMS to `req.phone`: the screen then says so. False: the screen asks the
   * caller to dial again after the wait, which the waiting room honours (it finds the same place by the subscriber).
   */
  readonly smsFollows: boolean;
  /** The claim the session could not wait for, with its place in line (`q.pass` keeps it). Must not throw or block. */
  queued(req: ClaimRequest, q: QueuedOutcome): void;
}

/** One warning, then one per this many: a crowd must not flood the log. */
const WARN_EVERY = 100;

/** The claim is sent again with its pass when its turn comes; its notice (or its refusal) goes by SMS to the caller. */
export function smsFollowUp(followUps: Pick<FollowUps, 'add'>): UssdFollowUp {
  return { smsFollows: true, queued: (req, q) => followUps.add(req, q) };
}

/**
 * Without an SMSC (GUICHET_SMPP_URL unset, not in demo mode) nothing can follow: `smsFollows: false`, so no screen
 * promises an SMS; logged once, then once per hundred. Neither the phone nor the pass is logged.
 */
export function noSmsFollowUp(log: Logger): UssdFollowUp {
  let count = 0;
  return {
    smsFollows: false,
    queued(_req, q) {
      if (count++ % WARN_EVERY === 0) {
        log.warn({ queued_ussd_claims: count, position: q.position }, 'no SMSC: a queued USSD claim keeps its place in line and the caller was asked to dial again; no SMS is sent');
      }
    },
  };
}
