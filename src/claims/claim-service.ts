/** @module Claims: exactly once per subscriber and cycle, answered only after the durable commit, for every channel alike. */
import type { Channel, CreditRecord, NewCredit } from '../domain/credit.js';
import type { StoredSubscriber } from '../domain/subscriber.js';
import type { OutboxMessage } from '../domain/sms.js';
import type { Admission, Room as WaitingRoom } from '../admission/index.js';
import { normalisePhone } from '../registry/phone.js';
import { Issuance, Issuances, unavailable, type Minted } from './issuance.js';
import { locate, type Located } from './locate.js';
import { prepare, Refusals, type Prepared, type PrepareContext, type Retained } from './prepare.js';
import type { RegistryIndex } from './registry-index.js';
import { invalid, outcomeLabel, type CheckOutcome, type ClaimOutcome } from './outcome.js';
import type { ClaimServiceStore, PrepaidIssuer, ProgrammeView } from './ports.js';
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

export class ClaimService {
  /** Committed credits, and the in-flight claim while its commit runs (concurrent duplicates wait on it). */
  private readonly credits: CreditBook<Promise<ClaimOutcome>>;
  /** FCFA committed or reserved by in-flight claims, per programme and cycle. */
  private readonly spent: Map<string, number>;
  private readonly issuances: Issuances;
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
    this.issuances = new Issuances({
      store: deps.store, maxBatch: deps.maxBatch ?? 2000, onBatch: deps.onBatch, credits, spent, refusals: this.refusals,
      issuer: deps.issuer, notices: deps.notices, answered: (req, o, t0) => this.answered(req, o, t0),
    });
  }

  /** Resolves when every accepted claim has been committed or failed. */
  drain(): Promise<void> {
    return this.issuances.drain();
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
  claim(req: ClaimRequest): Promise<ClaimOutcome> {
    const t0 = performance.now();
    try {
      return Promise.resolve(this.run(req, t0, false));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Serves a claim: an outcome known at once is answered (counted, observed) here; a promise `serve` returns is
   * answered where it settles, so a claim waiting for its commit makes one promise, not one per step.
   */
  private run(req: ClaimRequest, t0: number, exceptionAsked: boolean): ClaimOutcome | Promise<ClaimOutcome> {
    let r: ClaimOutcome | Promise<ClaimOutcome>;
    try {
      r = this.serve(req, t0, exceptionAsked);
    } catch (e) {
      if (!(e instanceof StoreUnavailable)) throw e;
      r = unavailable(e);
    }
    return r instanceof Promise ? r : this.answered(req, r, t0);
  }

  /** Every answered claim goes through here once: the metrics, then the observers, in order. */
  private answered(req: ClaimRequest, o: ClaimOutcome, t0: number): ClaimOutcome {
    this.deps.onOutcome?.(req.channel, outcomeLabel(o), (performance.now() - t0) / 1000);
    for (let i = 0; i < this.observers.length; i++) this.observers[i](req, o);
    return o;
  }

  /** A claim that waits on something else (the claim in flight for the same subscriber, the shared line): answered when it settles. */
  private later(req: ClaimRequest, t0: number, p: Promise<ClaimOutcome>): Promise<ClaimOutcome> {
    return p.then((o) => this.answered(req, o, t0), (e: unknown) => {
      if (!(e instanceof StoreUnavailable)) throw e;
      return this.answered(req, unavailable(e), t0);
    });
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

  /** The claim's outcome, or a promise of it already answered where it settles (see `run`). */
  private serve(req: ClaimRequest, t0: number, exceptionAsked: boolean): ClaimOutcome | Promise<ClaimOutcome> {
    let phone: string | null = null;
    if (req.phone !== null && req.phone.trim() !== '') {
      phone = normalisePhone(req.phone);
      if (phone === null) {
        return invalid([{ field: 'phone', message: 'Le numéro de téléphone doit être un mobile gabonais : +241 suivi de 8 chiffres.',
          message_en: 'The phone number must be a Gabonese mobile: +241 and 8 digits.' }]);
      }
    }
    const p = this.prepare(req.who, req.cycle);
    if ('done' in p) {
      // A refusal the rules made may have been set aside on another node since: asked once, then prepared again.
      if (exceptionAsked || !this.exceptions.mayHaveFor(p.done)) return p.done;
      return this.exceptions.foundFor(p.done, this.deps.programme(), req.cycle).then((found) => (found ? this.run(req, t0, true) : this.answered(req, p.done, t0)));
    }
    if ('known' in p) {
      const known = p.known;
      if (!(known instanceof Promise)) return { kind: 'issued', credit: known, subscriber: p.sub, replayed: true };
      return this.later(req, t0, known.then((o) => (o.kind === 'issued' ? { ...o, replayed: true } : o)));
    }
    const { sub, cycleId, d, sk, spent, budget, exception } = p;

    // Admission comes last: only a claim that would issue a credit waits in line. Replays and refusals are
    // answered from memory at once, and overload never turns into a false "not retained".
    const room = this.deps.room ?? null;
    if (room) {
      const arrival = room.arrive(`sub:${sub.contract_no}`, req.pass);
      if (arrival instanceof Promise) {
        // The shared room (several nodes on PostgreSQL) answers after a round trip when the claim has to join or look
        // up the line, and fails as a store fault when it cannot reach the store. A duplicate claim or the spend may
        // have moved during the trip: an admission found that way starts the claim afresh (the room then admits at once).
        return arrival.then(
          (adm) => (adm.kind === 'admit' ? this.run(req, t0, false) : this.answered(req, this.notAdmitted(adm, sub, cycleId, d), t0)),
          (e: unknown) => this.answered(req, unavailable(new StoreUnavailable(e)), t0),
        );
      }
      if (arrival.kind !== 'admit') return this.notAdmitted(arrival, sub, cycleId, d);
      room.started();
    }

    const now = this.clock();
    const issuer = sub.metering === 'prepaid' ? this.deps.issuer : null;
    let issued: Minted | null = null;
    if (sub.metering === 'prepaid') {
      if (!issuer) {
        room?.finished();
        const [fr, en] = reasonText('issuance_unavailable');
        return this.refusals.ineligible(sub, cycleId, 'issuance_unavailable', { fr, en });
      }
      const r = issuer.issue(sub, cycleId, d.credit, now);
      if (!r.ok) {
        room?.finished();
        return this.refusals.ineligible(sub, cycleId, r.reason, r.message);
      }
      issued = r;
    }
    this.spent.set(sk, spent + d.credit.fcfa);
    const c = new Issuance(this.issuances, req, t0, sub, cycleId, d, sk, now, issuer, phone, p.prog, budget, exception, room, issued);
    // Begun before it is handed over: a credit that cannot even be put together is abandoned at once, inside submit.
    this.credits.begin(sub.id, p.prog, cycleId, c.promise);
    this.issuances.submit(c);
    return c.promise;
  }

  private notAdmitted(adm: Exclude<Admission, { kind: 'admit' }>, sub: StoredSubscriber, cycleId: string, d: Retained): ClaimOutcome {
    if (adm.kind === 'queued') {
      return { kind: 'queued', position: adm.position, eta_s: adm.eta_s, retry_after_s: adm.retry_after_s, pass: adm.pass, prequeue: adm.prequeue };
    }
    return this.refusals.refused(sub, cycleId, 'cycle_closed', { cycle: d.cycle });
  }
}
