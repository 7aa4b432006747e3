/** @module Claims: exactly once per subscriber and cycle, answered only after the durable commit. */
import type { StoredSubscriber } from '../domain/subscriber.js';
import { spendKey, type Channel, type CommitOutcome, type CreditRecord, type NewCredit } from '../domain/credit.js';
import { GroupCommitter } from './group-commit.js';
import type { ClaimInput } from './input.js';
import type { RegistryIndex } from './registry-index.js';
import type { ClaimServiceStore, IssueResult, PrepaidIssuer, ProgrammeView } from './ports.js';

export type { ClaimServiceStore };
import { ineligible, invalid, type ClaimAnswer, type IssuedAnswer } from './answers.js';
import { reasonMessage, type Decision } from '../programmes/index.js';
import { isValidLuhn } from '../sts/index.js';
import { reasonText } from './reasons.js';
import type { Room as WaitingRoom } from '../admission/index.js';


export interface ClaimServiceDeps {
  index: RegistryIndex;
  programme: () => ProgrammeView;
  store: ClaimServiceStore;
  /** null: no vending key and no code pool, prepaid claims are refused with a reason. */
  issuer: PrepaidIssuer | null;
  clock?: () => Date;
  maxBatch?: number;
  onBatch?: (size: number, seconds: number) => void;
  /** The waiting room; null: every claim is served at once (tests, tools). */
  room?: WaitingRoom | null;
}

/** The store could not commit: a fault, answered 503 with Retry-After by the HTTP layer, never a false refusal. */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('store unavailable', { cause });
  }
}

/** What one claim's issuance carries into the commit, and again if the commit asks for a new token. */
interface Attempt {
  sub: StoredSubscriber;
  cycleId: string;
  d: Decision & { retained: true };
  sk: string;
  now: Date;
  issuer: PrepaidIssuer | null;
  channel: Channel;
  phone: string | null;
  prog: string;
  budget: number | null;
  key: string;
}

/** Each retry learns the other node's TID from the store: a second one can only follow a third node's commit. */
const MAX_TID_RETRIES = 3;

const creditKey = (subscriberId: number, programmeId: string, cycle: string) => `${subscriberId}|${programmeId}|${cycle}`;

export class ClaimService {
  /** Committed credits, and the in-flight claim for a key while its commit runs (concurrent duplicates wait on it). */
  private readonly credits: Map<string, CreditRecord | Promise<ClaimAnswer>>;
  /** FCFA committed or reserved by in-flight claims, per programme and cycle. */
  private readonly spent: Map<string, number>;
  private readonly committer: GroupCommitter<NewCredit, CommitOutcome>;
  private readonly clock: () => Date;

  /** Loads every committed credit (replays answer from memory) and the spend per cycle, then serves. */
  static async create(deps: ClaimServiceDeps): Promise<ClaimService> {
    const credits = new Map<string, CreditRecord | Promise<ClaimAnswer>>();
    // Each stored row comes with its own copy of every string; one shared copy of the repeated ones (programme,
    // cycle, service, unit) and one object shape: 525 to 368 bytes of heap a credit (150,000 measured), for every credit.
    const strings = new Map<string, string>();
    const share = (v: string) => {
      const known = strings.get(v);
      if (known !== undefined) return known;
      strings.set(v, v);
      return v;
    };
    for await (const c of deps.store.creditsForReplay()) {
      const r: CreditRecord = {
        subscriber_id: c.subscriber_id, programme_id: share(c.programme_id), cycle: share(c.cycle), service: share(c.service),
        metering: share(c.metering), fcfa: c.fcfa, units_tenths: c.units_tenths, unit: share(c.unit), token: c.token,
        issued_at: c.issued_at, claim_id: c.claim_id, journal_seq: c.journal_seq,
      };
      credits.set(creditKey(r.subscriber_id, r.programme_id, r.cycle), r);
    }
    return new ClaimService(deps, credits, await deps.store.spendByCycle());
  }

  private constructor(private readonly deps: ClaimServiceDeps, credits: Map<string, CreditRecord | Promise<ClaimAnswer>>, spent: Map<string, number>) {
    this.clock = deps.clock ?? (() => new Date());
    this.credits = credits;
    this.spent = spent;
    this.committer = new GroupCommitter((b) => deps.store.commitCredits(b), {
      maxBatch: deps.maxBatch ?? 2000,
      onBatch: deps.onBatch,
    });
  }

  /** Resolves when every accepted claim has been committed or failed. */
  drain(): Promise<void> {
    return this.committer.drain();
  }

  get creditCount(): number {
    return this.credits.size;
  }

  find(input: Pick<ClaimInput, 'meter_no' | 'contract_no'>): StoredSubscriber | undefined {
    const { index } = this.deps;
    return input.meter_no !== null ? index.meter(input.meter_no) : index.contract(input.contract_no!);
  }

  async claim(input: ClaimInput, channel: Channel): Promise<ClaimAnswer> {
    const sub = this.find(input);
    if (!sub) return this.unknown(input);
    const prog = this.deps.programme();
    const cycleId = input.cycle ?? prog.defaultCycle()?.id ?? null;
    if (cycleId === null) return refusal(prog.decide(null, sub));
    const key = creditKey(sub.id, prog.id, cycleId);
    const known = this.credits.get(key);
    if (known !== undefined) return replay(known);

    const d = prog.decide(cycleId, sub);
    if (!d.retained) return refusal(d);

    const sk = spendKey(prog.id, cycleId);
    const spent = this.spent.get(sk) ?? 0;
    const budget = d.cycle.budget_fcfa;
    if (budget !== null && spent + d.credit.fcfa > budget) return said('budget_exhausted', { cycle: d.cycle });

    // Admission comes last: only a claim that would issue a credit waits in line. Replays and refusals are
    // answered from memory at once, and overload never turns into a false "not retained".
    const room = this.deps.room ?? null;
    if (room) {
      const arrival = room.arrive(`sub:${sub.contract_no}`, input.pass);
      // The shared room (several nodes on PostgreSQL) answers after a round trip when the claim has to join or look
      // up the line, and fails as a store fault when it cannot reach the store. A duplicate claim or the spend may
      // have moved during the trip: an admission found that way starts the claim afresh (the room then admits at once).
      const adm = arrival instanceof Promise ? await arrival.catch((e: unknown) => Promise.reject(new StoreUnavailable(e))) : arrival;
      if (adm !== arrival && adm.kind === 'admit') return this.claim(input, channel);
      if (adm.kind === 'queued') {
        return { http: 202, body: { status: 'queued', position: adm.position, eta_s: adm.eta_s, pass: adm.pass }, retryAfter: adm.retry_after_s };
      }
      if (adm.kind === 'closed') {
        const m = reasonMessage('cycle_closed', { cycle: d.cycle });
        return ineligible('cycle_closed', m.fr, m.en);
      }
      room.started();
    }
    const done = room ? () => room.finished() : () => {};

    const now = this.clock();
    const issuer = sub.metering === 'prepaid' ? this.deps.issuer : null;
    let issued: (IssueResult & { ok: true }) | null = null;
    if (sub.metering === 'prepaid') {
      if (!issuer) {
        done();
        return ineligible('issuance_unavailable', ...reasonText('issuance_unavailable'));
      }
      const r = issuer.issue(sub, cycleId, d.credit, now);
      if (!r.ok) {
        done();
        return ineligible(r.reason, r.message.fr, r.message.en);
      }
      issued = r;
    }
    this.spent.set(sk, spent + d.credit.fcfa);
    const pending = this.commit({ sub, cycleId, d, sk, now, issuer, channel, phone: input.phone, prog: prog.id, budget, key }, issued, 0)
      .finally(done);
    this.credits.set(key, pending);
    return pending;
  }

  /**
   * Commits the credit, its token already minted (prepaid). The budget is already reserved (undone here on every way
   * out but a credit). A store shared by several nodes may answer that another node gave this meter the same STS
   * token id meanwhile (each node knows the others' TIDs only from its start): the token is then minted again above
   * that TID and committed again, so a meter never receives two tokens it would take for one.
   */
  private async commit(c: Attempt, issued: (IssueResult & { ok: true }) | null, tries: number): Promise<ClaimAnswer> {
    const { sub, cycleId, d, sk, now, issuer, key } = c;
    let o: CommitOutcome;
    try {
      o = await this.committer.submit({
        subscriber_id: sub.id, contract_no: sub.contract_no, meter_no: sub.meter_no, programme_id: c.prog,
        cycle: cycleId, service: sub.service, metering: sub.metering, fcfa: d.credit.fcfa,
        units_tenths: issued ? issued.units_tenths : d.credit.units_tenths, unit: d.credit.unit, token: issued?.token ?? null,
        issuer: issuer ? issuer.name : 'account', channel: c.channel, phone: c.phone, issued_at: now.toISOString(),
        tid: issued?.tid ?? null, code_id: issued?.code_id ?? null, budget_fcfa: c.budget,
      });
    } catch (e) {
      this.credits.delete(key);
      this.undo(sk, d.credit.fcfa, sub, cycleId, issued);
      throw new StoreUnavailable(e);
    }
    if (o.kind === 'issued' || o.kind === 'duplicate') {
      this.credits.set(key, o.credit);
      if (o.kind === 'duplicate') this.undo(sk, d.credit.fcfa, sub, cycleId, issued);
      return { http: 200, body: answerOf(o.credit, o.kind === 'duplicate') };
    }
    if (o.kind === 'tid_taken' && issuer?.learnTid && tries < MAX_TID_RETRIES) {
      issuer.learnTid(sub, o.last_tid);
      const again = issuer.issue(sub, cycleId, d.credit, now);
      if (again.ok) return this.commit(c, again, tries + 1);
      this.credits.delete(key);
      this.undo(sk, d.credit.fcfa, sub, cycleId, null);
      return ineligible(again.reason, again.message.fr, again.message.en);
    }
    this.credits.delete(key);
    this.undo(sk, d.credit.fcfa, sub, cycleId, issued);
    if (o.kind === 'tid_taken') throw new StoreUnavailable(new Error(`meter ${sub.meter_no}: STS token id still taken after ${tries + 1} attempts`));
    return said(o.kind === 'budget_exhausted' ? 'budget_exhausted' : 'no_code_left', { cycle: d.cycle });
  }

  /** Every credit already issued to this subscriber under the active programme ("retrouver mon code"). */
  issuedTo(sub: StoredSubscriber): IssuedAnswer[] {
    const prog = this.deps.programme();
    const out: IssuedAnswer[] = [];
    for (const c of prog.cycles) {
      const r = this.credits.get(creditKey(sub.id, prog.id, c.id));
      if (r !== undefined && !(r instanceof Promise)) out.push(answerOf(r, true));
    }
    return out;
  }

  private undo(sk: string, fcfa: number, sub: StoredSubscriber, cycle: string, issued: (ReturnType<PrepaidIssuer['issue']> & { ok: true }) | null): void {
    this.spent.set(sk, (this.spent.get(sk) ?? fcfa) - fcfa);
    if (issued && this.deps.issuer) this.deps.issuer.release(sub, cycle, issued);
  }

  private unknown(input: ClaimInput): ClaimAnswer {
    const m = input.meter_no;
    // An STS meter number ends with a Luhn digit: a miss that fails it is most likely a typing error.
    if (m !== null && (m.length === 11 || m.length === 13) && !isValidLuhn(m)) {
      return invalid([{ field: 'meter_no', message: 'Ce numéro de compteur semble mal saisi : son dernier chiffre (chiffre de contrôle) ne correspond pas. Vérifiez-le sur votre compteur ou votre facture.' }]);
    }
    return said('unknown_meter', { number: m ?? input.contract_no! });
  }
}

function refusal(d: Decision): ClaimAnswer {
  if (d.retained) throw new Error('a retained decision is not a refusal');
  return ineligible(d.reason, d.message.fr, d.message.en);
}

function said(reason: 'budget_exhausted' | 'no_code_left' | 'unknown_meter', ctx: Parameters<typeof reasonMessage>[1]): ClaimAnswer {
  const m = reasonMessage(reason, ctx);
  return ineligible(reason, m.fr, m.en);
}

async function replay(known: CreditRecord | Promise<ClaimAnswer>): Promise<ClaimAnswer> {
  if (!(known instanceof Promise)) return { http: 200, body: answerOf(known, true) };
  const a = await known;
  return a.http === 200 ? { http: 200, body: { ...a.body, replayed: true } } : a;
}

export function answerOf(c: CreditRecord, replayed: boolean): IssuedAnswer {
  return {
    status: 'issued', claim_id: c.claim_id, cycle: c.cycle, service: c.service, metering: c.metering,
    credit: { fcfa: c.fcfa, units: c.units_tenths / 10, unit: c.unit }, token: c.token, replayed, issued_at: c.issued_at,
  };
}
