/** @module Claims: exactly once per subscriber and cycle, answered only after the durable commit, for every channel alike. */
import { type Channel, type CommitOutcome, type CreditRecord, type NewCredit } from '../domain/credit.js';
import type { StoredSubscriber } from '../domain/subscriber.js';
import type { OutboxMessage } from '../domain/sms.js';
import type { Room as WaitingRoom } from '../admission/index.js';
import { normalisePhone } from '../registry/phone.js';
import { GroupCommitter } from './group-commit.js';
import { locate, type Located } from './locate.js';
import { prepare, Refusals, type Prepared, type PrepareContext, type Retained } from './prepare.js';
import type { RegistryIndex } from './registry-index.js';
import { invalid, outcomeLabel, type CheckOutcome, type ClaimOutcome } from './outcome.js';
import type { ClaimServiceStore, IssueResult, PrepaidIssuer, ProgrammeView } from './ports.js';
import { reasonText } from './reasons.js';
import type { ClaimRequest, Who } from './request.js';
import { loadCredits, StoreUnavailable } from './replay.js';
import type { CreditBook } from './credit-book.js';
import { Exceptions } from './exceptions.js';
import type { ExceptionSource } from './ports.js';
import type { GrievanceException } from '../domain/grievance.js';

export { StoreUnavailable };
export type { ClaimServiceStore };

export interface ClaimServiceDeps {
  index: RegistryIndex;
  programme: () => ProgrammeView;
  store: ClaimServiceStore;
  /** null: no vending key and no code pool, prepaid claims are refused with a reason. */
  issuer: PrepaidIssuer | null;
  clock?: () => Date;
  maxBatch?: number;
  onBatch?: (size: number, seconds: number) => void;
  /** Every answered claim, whatever the channel: one place for the metrics. */
  onOutcome?: (channel: Channel, outcome: string, seconds: number) => void;
  /** The waiting room; null: every claim is served at once (tests, tools). */
  room?: WaitingRoom | null;
  /**
   * The messages a credit sends (its notice to the phone on file, the answer to the phone that asked), queued in the
   * credit's own transaction. Worded by the SMS channel; none without it.
   */
  notices?: (credit: NewCredit, sub: StoredSubscriber, asked: { channel: Channel; phone: string | null }) => readonly OutboxMessage[];
  /** Exceptions granted by accepted grievances (the store's); none without it. */
  exceptions?: ExceptionSource | null;
}

/** What one claim's issuance carries into the commit, and again if the commit asks for a new token. */
interface Attempt {
  sub: StoredSubscriber;
  cycleId: string;
  d: Retained;
  sk: string;
  now: Date;
  issuer: PrepaidIssuer | null;
  channel: Channel;
  phone: string | null;
  prog: string;
  budget: number | null;
  exception: GrievanceException | null;
}

type Minted = IssueResult & { ok: true };


/** Each retry learns the other node's TID from the store: a second one can only follow a third node's commit. */
const MAX_TID_RETRIES = 3;
const NO_SMS: readonly OutboxMessage[] = Object.freeze([]);
/** Seconds an `unavailable` answer asks the client to wait. */
const RETRY_UNAVAILABLE_S = 5;

export class ClaimService {
  /** Committed credits, and the in-flight claim while its commit runs (concurrent duplicates wait on it). */
  private readonly credits: CreditBook<Promise<ClaimOutcome>>;
  /** FCFA committed or reserved by in-flight claims, per programme and cycle. */
  private readonly spent: Map<string, number>;
  private readonly committer: GroupCommitter<NewCredit, CommitOutcome>;
  private readonly clock: () => Date;
  /** Who watches every outcome (the console's live dashboard): called in order, after the claim is answered. */
  private readonly observers: ((req: ClaimRequest, outcome: ClaimOutcome) => void)[] = [];
  private readonly refusals: Refusals;
  private readonly ctx: PrepareContext;
  private readonly exceptions: Exceptions;

  /** Loads every committed credit (replays answer from memory) and the spend per cycle, then serves. */
  static async create(deps: ClaimServiceDeps): Promise<ClaimService> {
    const credits = await loadCredits<Promise<ClaimOutcome>>(deps.store);
    return new ClaimService(deps, credits, await deps.store.spendByCycle(), await Exceptions.load(deps.exceptions ?? null, deps.clock ? () => deps.clock!().getTime() : undefined));
  }

  private constructor(private readonly deps: ClaimServiceDeps, credits: CreditBook<Promise<ClaimOutcome>>, spent: Map<string, number>,
    exceptions: Exceptions) {
    this.exceptions = exceptions;
    this.clock = deps.clock ?? (() => new Date());
    this.credits = credits;
    this.spent = spent;
    this.refusals = new Refusals(deps.programme);
    this.ctx = { index: deps.index, programme: deps.programme, credits, spent, clock: this.clock, exception: (s, p, c) => exceptions.get(s, p, c) };
    this.committer = new GroupCommitter((b) => deps.store.commitCredits(b), { maxBatch: deps.maxBatch ?? 2000, onBatch: deps.onBatch });
  }

  /** Resolves when every accepted claim has been committed or failed. */
  drain(): Promise<void> {
    return this.committer.drain();
  }

  /** An exception this node's grievance service just granted: the next claim honours it without asking the store. */
  learnException(e: GrievanceException): void {
    this.exceptions.learn(e);
  }

  get creditCount(): number {
    return this.credits.size;
  }

  /** The subscriber a number designates, as a claim would find them, or why not (nothing issued). */
  locate(who: Who): Located {
    return locate(this.deps.index, who);
  }

  /** One claim from any channel, to its outcome; a store fault is an `unavailable` outcome, never a false refusal. */
  async claim(req: ClaimRequest): Promise<ClaimOutcome> {
    const t0 = performance.now();
    let o: ClaimOutcome;
    try {
      o = await this.serve(req);
    } catch (e) {
      if (!(e instanceof StoreUnavailable)) throw e;
      o = { kind: 'unavailable', retry_after_s: RETRY_UNAVAILABLE_S, cause: e.cause };
    }
    this.deps.onOutcome?.(req.channel, outcomeLabel(o), (performance.now() - t0) / 1000);
    for (let i = 0; i < this.observers.length; i++) this.observers[i](req, o);
    return o;
  }

  /** Every outcome from now on, whatever the channel; returns the way to stop. An observer must not throw nor wait. */
  observe(fn: (req: ClaimRequest, outcome: ClaimOutcome) => void): () => void {
    this.observers.push(fn);
    return () => {
      const i = this.observers.indexOf(fn);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  /** Every credit already issued to this subscriber under the active programme ("retrouver mon code"). */
  issuedTo(sub: StoredSubscriber): CreditRecord[] {
    const prog = this.deps.programme();
    const out: CreditRecord[] = [];
    for (const c of prog.cycles) {
      const r = this.credits.get(sub.id, prog.id, c.id);
      if (r !== undefined && !(r instanceof Promise)) out.push(r);
    }
    return out;
  }

  /**
   * What a claim for this number would come to now, without claiming ("am I eligible?"): the same decision as
   * `claim` up to the point where a claim would take a place in line, reserve budget or mint a token. Nothing issued.
   */
  check(who: Who): CheckOutcome {
    const p = this.prepare(who, null);
    if ('done' in p) return p.done;
    if ('known' in p) {
      if (!(p.known instanceof Promise)) return { kind: 'issued', credit: p.known, subscriber: p.sub, replayed: true };
      // A claim committing right now (check is synchronous): answered by the decision it is being made on.
      const d = this.deps.programme().decide(p.cycleId, p.sub);
      return d.retained ? { kind: 'eligible', subscriber: p.sub, cycle: d.cycle, credit: d.credit } : this.refusals.of(p.sub, p.cycleId, d);
    }
    const { sub, d } = p;
    if (sub.metering === 'prepaid' && !this.deps.issuer) {
      const [fr, en] = reasonText('issuance_unavailable');
      return this.refusals.ineligible(sub, d.cycle.id, 'issuance_unavailable', { fr, en });
    }
    return { kind: 'eligible', subscriber: sub, cycle: d.cycle, credit: d.credit };
  }

  private prepare(who: Who, cycle: string | null): Prepared {
    return prepare(this.ctx, this.refusals, who, cycle);
  }

  private async serve(req: ClaimRequest): Promise<ClaimOutcome> {
    let phone: string | null = null;
    if (req.phone !== null && req.phone.trim() !== '') {
      phone = normalisePhone(req.phone);
      if (phone === null) {
        return invalid([{ field: 'phone', message: 'Le numéro de téléphone doit être un mobile gabonais : +241 suivi de 8 chiffres.',
          message_en: 'The phone number must be a Gabonese mobile: +241 and 8 digits.' }]);
      }
    }
    let p = this.prepare(req.who, req.cycle);
    if ('done' in p && (await this.exceptions.foundFor(p.done, this.deps.programme(), req.cycle))) p = this.prepare(req.who, req.cycle);
    if ('done' in p) return p.done;
    if ('known' in p) return this.replay(p.known, p.sub);
    const { sub, cycleId, d, sk, spent, budget, exception } = p;

    // Admission comes last: only a claim that would issue a credit waits in line. Replays and refusals are
    // answered from memory at once, and overload never turns into a false "not retained".
    const room = this.deps.room ?? null;
    if (room) {
      const arrival = room.arrive(`sub:${sub.contract_no}`, req.pass);
      // The shared room (several nodes on PostgreSQL) answers after a round trip when the claim has to join or look
      // up the line, and fails as a store fault when it cannot reach the store. A duplicate claim or the spend may
      // have moved during the trip: an admission found that way starts the claim afresh (the room then admits at once).
      const adm = arrival instanceof Promise ? await arrival.catch((e: unknown) => Promise.reject(new StoreUnavailable(e))) : arrival;
      if (adm !== arrival && adm.kind === 'admit') return this.serve(req);
      if (adm.kind === 'queued') {
        return { kind: 'queued', position: adm.position, eta_s: adm.eta_s, retry_after_s: adm.retry_after_s, pass: adm.pass, prequeue: adm.prequeue };
      }
      if (adm.kind === 'closed') return this.refusals.refused(sub, cycleId, 'cycle_closed', { cycle: d.cycle });
      room.started();
    }
    const done = room ? () => room.finished() : () => {};

    const now = this.clock();
    const issuer = sub.metering === 'prepaid' ? this.deps.issuer : null;
    let issued: Minted | null = null;
    if (sub.metering === 'prepaid') {
      if (!issuer) {
        done();
        const [fr, en] = reasonText('issuance_unavailable');
        return this.refusals.ineligible(sub, cycleId, 'issuance_unavailable', { fr, en });
      }
      const r = issuer.issue(sub, cycleId, d.credit, now);
      if (!r.ok) {
        done();
        return this.refusals.ineligible(sub, cycleId, r.reason, r.message);
      }
      issued = r;
    }
    this.spent.set(sk, spent + d.credit.fcfa);
    const pending = this.commit({ sub, cycleId, d, sk, now, issuer, channel: req.channel, phone, prog: p.prog, budget, exception }, issued, 0)
      .finally(done);
    this.credits.begin(sub.id, p.prog, cycleId, pending);
    return pending;
  }

  /**
   * Commits the credit, its token already minted (prepaid). The budget is already reserved (undone here on every way
   * out but a credit). A store shared by several nodes may answer that another node gave this meter the same STS
   * token id meanwhile (each node knows the others' TIDs only from its start): the token is then minted again above
   * that TID and committed again, so a meter never receives two tokens it would take for one.
   */
  private async commit(c: Attempt, issued: Minted | null, tries: number): Promise<ClaimOutcome> {
    const { sub, cycleId, d, sk, now, issuer } = c;
    const abandon = () => this.credits.abandon(sub.id, c.prog, cycleId);
    let o: CommitOutcome;
    try {
      const credit: NewCredit = {
        subscriber_id: sub.id, contract_no: sub.contract_no, meter_no: sub.meter_no, programme_id: c.prog,
        cycle: cycleId, service: sub.service, metering: sub.metering, fcfa: d.credit.fcfa,
        units_tenths: issued ? issued.units_tenths : d.credit.units_tenths, unit: d.credit.unit, token: issued?.token ?? null,
        issuer: issuer ? issuer.name : 'account', channel: c.channel, phone: c.phone, issued_at: now.toISOString(),
        tid: issued?.tid ?? null, code_id: issued?.code_id ?? null, budget_fcfa: c.budget, sms: NO_SMS,
        grievance_ticket: c.exception?.ticket ?? null, grievance_approver: c.exception?.approver ?? null,
      };
      if (this.deps.notices) credit.sms = this.deps.notices(credit, sub, { channel: c.channel, phone: c.phone });
      o = await this.committer.submit(credit);
    } catch (e) {
      abandon();
      this.undo(sk, d.credit.fcfa, sub, cycleId, issued);
      throw new StoreUnavailable(e);
    }
    if (o.kind === 'issued' || o.kind === 'duplicate') {
      this.credits.put(o.credit);
      if (o.kind === 'duplicate') this.undo(sk, d.credit.fcfa, sub, cycleId, issued);
      return { kind: 'issued', credit: o.credit, subscriber: sub, replayed: o.kind === 'duplicate' };
    }
    if (o.kind === 'tid_taken' && issuer?.learnTid && tries < MAX_TID_RETRIES) {
      issuer.learnTid(sub, o.last_tid);
      const again = issuer.issue(sub, cycleId, d.credit, now);
      if (again.ok) return this.commit(c, again, tries + 1);
      abandon();
      this.undo(sk, d.credit.fcfa, sub, cycleId, null);
      return this.refusals.ineligible(sub, cycleId, again.reason, again.message);
    }
    abandon();
    this.undo(sk, d.credit.fcfa, sub, cycleId, issued);
    if (o.kind === 'tid_taken') throw new StoreUnavailable(new Error(`meter ${sub.meter_no}: STS token id still taken after ${tries + 1} attempts`));
    return this.refusals.refused(sub, cycleId, o.kind === 'budget_exhausted' ? 'budget_exhausted' : 'no_code_left', { cycle: d.cycle });
  }

  private undo(sk: string, fcfa: number, sub: StoredSubscriber, cycle: string, issued: Minted | null): void {
    this.spent.set(sk, (this.spent.get(sk) ?? fcfa) - fcfa);
    if (issued && this.deps.issuer) this.deps.issuer.release(sub, cycle, issued);
  }

  private async replay(known: CreditRecord | Promise<ClaimOutcome>, sub: StoredSubscriber): Promise<ClaimOutcome> {
    if (!(known instanceof Promise)) return { kind: 'issued', credit: known, subscriber: sub, replayed: true };
    const o = await known;
    return o.kind === 'issued' ? { ...o, replayed: true } : o;
  }
}
