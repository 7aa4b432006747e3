/**
 * @module The port a queued USSD claim is handed to. A session cannot wait in line (the gateway gives up after about
 * 10 s, the handset after a few minutes), so the claim keeps its place server-side and its answer follows. The lead
 * implements it with the SMS outbox; until then `unwiredFollowUp` only logs, and the screen asks to dial again.
 */
import type { Logger } from 'pino';
import type { ClaimOutcome } from '../../claims/outcome.js';
import type { ClaimRequest } from '../../claims/request.js';

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

/**
 * NOT the SMS follow-up: nothing is sent. Logs that the follow-up SMS is not wired yet, and says `smsFollows: false`
 * so no screen promises an SMS. Neither the phone nor the pass is logged.
 */
export function unwiredFollowUp(log: Logger): UssdFollowUp {
  let count = 0;
  return {
    smsFollows: false,
    queued(_req, q) {
      if (count++ % WARN_EVERY === 0) {
        log.warn({ queued_ussd_claims: count, position: q.position }, 'USSD follow-up SMS not wired yet: a queued USSD claim keeps its place in line and the caller was asked to dial again; no SMS is sent');
      }
    },
  };
}
