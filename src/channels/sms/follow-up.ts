/**
 * @module Claims that came by USSD or SMS and were queued: their place is kept here, server-side, and the claim is
 * sent again with its pass when its turn comes (a USSD session cannot wait, an SMS cannot refresh). The credit's own
 * notice then goes by SMS; a refusal or a replay is answered by SMS too.
 */
import type { ClaimService } from '../../claims/claim-service.js';
import type { ClaimOutcome } from '../../claims/outcome.js';
import type { ClaimRequest } from '../../claims/request.js';

type Queued = Extract<ClaimOutcome, { kind: 'queued' }>;

export interface FollowUpOptions {
  /** An outcome other than queued (issued, refused, unavailable past the last try): the channel answers it by SMS. */
  onSettled: (req: ClaimRequest, o: ClaimOutcome) => Promise<void>;
  /** Tries after which an unavailable store ends the follow-up (told to the person). */
  maxUnavailable?: number;
  /** Seconds to wait after an `unavailable` answer. */
  setTimer?: (fn: () => void, ms: number) => NodeJS.Timeout;
}

export class FollowUps {
  readonly stats = { added: 0, settled: 0, pending: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly claims: ClaimService, private readonly o: FollowUpOptions) {}

  /** A queued claim: sent again with its pass after its Retry-After, until it is served or refused. */
  add(req: ClaimRequest, q: Queued): void {
    this.stats.added++;
    this.stats.pending++;
    this.later({ ...req, pass: q.pass }, q.retry_after_s, 0);
  }

  /** Stops following; claims in flight finish (their places stay in line; a restart forgets them, said in the README). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private later(req: ClaimRequest, seconds: number, unavailable: number): void {
    if (this.stopped) return;
    const t = (this.o.setTimer ?? setTimeout)(() => {
      this.timers.delete(t);
      const p = this.again(req, unavailable).finally(() => this.running.delete(p));
      this.running.add(p);
    }, Math.max(1, seconds) * 1000);
    t.unref?.();
    this.timers.add(t);
  }

  private async again(req: ClaimRequest, unavailable: number): Promise<void> {
    const o = await this.claims.claim(req);
    if (o.kind === 'queued') return this.later({ ...req, pass: o.pass }, o.retry_after_s, unavailable);
    if (o.kind === 'unavailable' && unavailable + 1 < (this.o.maxUnavailable ?? 12)) return this.later(req, o.retry_after_s, unavailable + 1);
    this.stats.pending--;
    this.stats.settled++;
    await this.o.onSettled(req, o).catch(() => {});
  }
}
