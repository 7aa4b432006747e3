/**
 * @module A claim issuing a credit, from its minted token to its answer: handed to the group commit, settled by the
 * commit's outcome (a credit, a duplicate, a refusal, a token minted again, a fault), answered once.
 */
// Why an object and not async functions: measured on the claim path (issue 13), each async step (the claim, its
// service, its commit, the group commit's promise, a finally) cost the HTTP thread allocations that the garbage
// collector then had to copy while the claim waited for its commit. An Issuance is the group committer's waiter and
// carries the claim's one promise, which concurrent duplicates wait on too.
import type { Channel, CommitOutcome, NewCredit } from '../domain/credit.js';
import type { StoredSubscriber } from '../domain/subscriber.js';
import type { OutboxMessage } from '../domain/sms.js';
import type { GrievanceException } from '../domain/grievance.js';
import type { Room as WaitingRoom } from '../admission/index.js';
import type { CreditBook } from './credit-book.js';
import { GroupCommitter, type CommitWaiter } from './group-commit.js';
import type { ClaimOutcome } from './outcome.js';
import type { ClaimServiceStore, IssueResult, PrepaidIssuer } from './ports.js';
import type { Refusals, Retained } from './prepare.js';
import { StoreUnavailable } from './replay.js';
import type { ClaimRequest } from './request.js';

export type Minted = IssueResult & { ok: true };

/** Each retry learns the other node's TID from the store: a second one can only follow a third node's commit. */
const MAX_TID_RETRIES = 3;
const NO_SMS: readonly OutboxMessage[] = Object.freeze([]);
/** Seconds an `unavailable` answer asks the client to wait. */
const RETRY_UNAVAILABLE_S = 5;

export const unavailable = (e: StoreUnavailable): ClaimOutcome => ({ kind: 'unavailable', retry_after_s: RETRY_UNAVAILABLE_S, cause: e.cause });

/** One claim issuing a credit: what the commit carries (again if the store asks for a new token), and its promise. */
export class Issuance implements CommitWaiter<CommitOutcome> {
  readonly promise: Promise<ClaimOutcome>;
  settle!: (o: ClaimOutcome) => void;
  fail!: (e: unknown) => void;
  tries = 0;

  constructor(
    private readonly desk: Issuances,
    readonly req: ClaimRequest,
    readonly t0: number,
    readonly sub: StoredSubscriber,
    readonly cycleId: string,
    readonly d: Retained,
    readonly sk: string,
    readonly now: Date,
    readonly issuer: PrepaidIssuer | null,
    readonly phone: string | null,
    readonly prog: string,
    readonly budget: number | null,
    readonly exception: GrievanceException | null,
    readonly room: WaitingRoom | null,
    public issued: Minted | null,
  ) {
    this.promise = new Promise<ClaimOutcome>((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
  }

  resolve(o: CommitOutcome): void {
    this.desk.committed(this, o);
  }

  reject(e: unknown): void {
    this.desk.notCommitted(this, e);
  }
}

export interface IssuancesDeps {
  store: ClaimServiceStore;
  maxBatch: number;
  onBatch?: (size: number, seconds: number) => void;
  /** Committed credits, and the claims in flight (begun by the service, ended here). */
  credits: CreditBook<Promise<ClaimOutcome>>;
  /** FCFA committed or reserved by claims in flight, per programme and cycle (a reservation undone here). */
  spent: Map<string, number>;
  refusals: Refusals;
  /** The node's prepaid issuer: a token minted for a credit that is not committed goes back to it. */
  issuer: PrepaidIssuer | null;
  notices?: (credit: NewCredit, sub: StoredSubscriber, asked: { channel: Channel; phone: string | null }) => readonly OutboxMessage[];
  /** The service's one place where a claim is answered (metrics, observers); returns the outcome. */
  answered: (req: ClaimRequest, o: ClaimOutcome, t0: number) => ClaimOutcome;
}

/** Every claim issuing a credit goes through here, from the group commit to its answer. */
export class Issuances {
  private readonly committer: GroupCommitter<NewCredit, CommitOutcome>;

  constructor(private readonly d: IssuancesDeps) {
    this.committer = new GroupCommitter((b) => d.store.commitCredits(b), { maxBatch: d.maxBatch, onBatch: d.onBatch });
  }

  /** Resolves when every accepted claim has been committed or failed. */
  drain(): Promise<void> {
    return this.committer.drain();
  }

  /**
   * Hands the credit to the group commit, its token already minted (prepaid). The budget is already reserved (undone
   * on every way out but a credit).
   */
  submit(c: Issuance): void {
    const { sub, d, issued, issuer } = c;
    let credit: NewCredit;
    try {
      credit = {
        subscriber_id: sub.id, contract_no: sub.contract_no, meter_no: sub.meter_no, programme_id: c.prog,
        cycle: c.cycleId, service: sub.service, metering: sub.metering, fcfa: d.credit.fcfa,
        units_tenths: issued ? issued.units_tenths : d.credit.units_tenths, unit: d.credit.unit, token: issued?.token ?? null,
        issuer: issuer ? issuer.name : 'account', channel: c.req.channel, phone: c.phone, issued_at: c.now.toISOString(),
        tid: issued?.tid ?? null, code_id: issued?.code_id ?? null, budget_fcfa: c.budget, sms: NO_SMS,
        grievance_ticket: c.exception?.ticket ?? null, grievance_approver: c.exception?.approver ?? null,
      };
      if (this.d.notices) credit.sms = this.d.notices(credit, sub, { channel: c.req.channel, phone: c.phone });
    } catch (e) {
      this.notCommitted(c, e);
      return;
    }
    this.committer.enqueue(credit, c);
  }

  /**
   * The commit's outcome for one claim (called by its Issuance, in the committer's loop: nothing here may throw). A
   * store shared by several nodes may answer that another node gave this meter the same STS token id meanwhile (each
   * node knows the others' TIDs only from its start): the token is then minted again above that TID and committed
   * again, so a meter never receives two tokens it would take for one.
   */
  committed(c: Issuance, o: CommitOutcome): void {
    try {
      const { sub, cycleId, d, sk, issuer } = c;
      const refusals = this.d.refusals;
      if (o.kind === 'issued' || o.kind === 'duplicate') {
        this.d.credits.put(o.credit);
        if (o.kind === 'duplicate') this.undo(sk, d.credit.fcfa, sub, cycleId, c.issued);
        return this.finish(c, { kind: 'issued', credit: o.credit, subscriber: sub, replayed: o.kind === 'duplicate' });
      }
      if (o.kind === 'tid_taken' && issuer?.learnTid && c.tries < MAX_TID_RETRIES) {
        issuer.learnTid(sub, o.last_tid);
        const again = issuer.issue(sub, cycleId, d.credit, c.now);
        if (again.ok) {
          c.issued = again;
          c.tries += 1;
          return this.submit(c);
        }
        this.abandon(c);
        this.undo(sk, d.credit.fcfa, sub, cycleId, null);
        return this.finish(c, refusals.ineligible(sub, cycleId, again.reason, again.message));
      }
      this.abandon(c);
      this.undo(sk, d.credit.fcfa, sub, cycleId, c.issued);
      if (o.kind === 'tid_taken') {
        return this.finish(c, unavailable(new StoreUnavailable(new Error(`meter ${sub.meter_no}: STS token id still taken after ${c.tries + 1} attempts`))));
      }
      this.finish(c, refusals.refused(sub, cycleId, o.kind === 'budget_exhausted' ? 'budget_exhausted' : 'no_code_left', { cycle: d.cycle }));
    } catch (e) {
      c.room?.finished();
      c.fail(e);
    }
  }

  /** The commit failed (or the credit could not be put together): nothing was recorded, the claim is `unavailable`. */
  notCommitted(c: Issuance, e: unknown): void {
    try {
      this.abandon(c);
      this.undo(c.sk, c.d.credit.fcfa, c.sub, c.cycleId, c.issued);
      this.finish(c, unavailable(new StoreUnavailable(e)));
    } catch (err) {
      c.room?.finished();
      c.fail(err);
    }
  }

  /**
   * The claim's place in the room is freed, the claim answered, then its promise (and every duplicate waiting on it)
   * settles. A claim that fails settles as `unavailable`, for the duplicates too: what each would have answered.
   */
  private finish(c: Issuance, o: ClaimOutcome): void {
    c.room?.finished();
    let a: ClaimOutcome;
    try {
      a = this.d.answered(c.req, o, c.t0);
    } catch (e) {
      return c.fail(e);
    }
    c.settle(a);
  }

  private abandon(c: Issuance): void {
    this.d.credits.abandon(c.sub.id, c.prog, c.cycleId);
  }

  private undo(sk: string, fcfa: number, sub: StoredSubscriber, cycle: string, issued: Minted | null): void {
    this.d.spent.set(sk, (this.d.spent.get(sk) ?? fcfa) - fcfa);
    if (issued && this.d.issuer) this.d.issuer.release(sub, cycle, issued);
  }
}
