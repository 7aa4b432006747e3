/**
 * @module The call-centre desk's actions, each written to the audit log with who did it: search, view a subscriber,
 * issue on a caller's behalf (the claim core's `agent` channel), send the SMS again, read a token out (with a typed
 * reason), add a note. The HTTP side (console/web/desk-routes.ts) only turns requests into these calls.
 */
import type { ClaimOutcome } from '../../claims/outcome.js';
import type { ProgrammeView } from '../../claims/ports.js';
import type { HistoryCredit } from '../../domain/credit.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import type { Store } from '../../store/contract.js';
import type { Note } from '../../store/console-contract.js';
import type { SearchHit } from '../../store/search.js';
import type { AuditLog } from '../audit/log.js';
import { deskLimits, takeAll, type DeskLimits } from './limits.js';
import { subscriberHistory, type SubscriberHistory } from './history.js';
import type { ResendResult, SmsHistory } from './sms.js';

/** The claim core as the desk uses it (claims/claim-service.ts). */
export interface Claimer {
  claim(req: { who: { contract_no: string }; cycle: string | null; phone: null; pass: string | null; channel: 'agent' }): Promise<ClaimOutcome>;
  /** Every outcome, whatever the channel (the live dashboard counts them); returns the way to stop. */
  observe(fn: (req: unknown, outcome: ClaimOutcome) => void): () => void;
}

export interface DeskDeps {
  store: Store;
  claims: Claimer;
  programme: () => ProgrammeView;
  sms: SmsHistory;
  audit: AuditLog;
  now?: () => Date;
  limits?: DeskLimits;
}

export const NOTE_MAX = 2000;
export const REASON_MIN = 8;
export const REASON_MAX = 300;

export type RevealResult = { ok: true; token: string } | { ok: false; reason: 'no_credit' | 'no_token' | 'bad_reason' | 'too_many'; retry_after_s?: number };
export type DeskResend = ResendResult | { ok: false; reason: 'no_credit' | 'too_many'; retry_after_s: number };

/** What the audit log may hold of a typed query: not a bare 20-digit number (it could be a token). */
function quotable(text: string): string {
  const t = text.trim().slice(0, 80);
  return /^\d{4}([ -]?\d{4}){4}$/.test(t) ? '[20 chiffres]' : t;
}

export class Desk {
  private readonly now: () => Date;
  private readonly limits: DeskLimits;

  constructor(private readonly d: DeskDeps) {
    this.now = d.now ?? (() => new Date());
    this.limits = d.limits ?? deskLimits(() => this.now().getTime());
  }

  async search(actor: string, text: string, o: { agency: string | null; limit: number }): Promise<SearchHit[]> {
    const hits = await this.d.store.subscribers.search(text, o.limit, { agency: o.agency });
    await this.d.audit.append(actor, 'subscriber_searched', { query: quotable(text), agency: o.agency, results: hits.length });
    return hits;
  }

  async view(actor: string, id: number, o: { audit: boolean } = { audit: true }): Promise<SubscriberHistory | null> {
    const h = await subscriberHistory(this.d, id);
    if (h && o.audit) await this.d.audit.append(actor, 'subscriber_viewed', { subscriber: h.subscriber.contract_no });
    return h;
  }

  /** A claim from the agent's desk: the same core, channel `agent`; the SMS goes to the phone on file, never to one typed here. */
  async issue(actor: string, sub: StoredSubscriber, cycle: string | null, pass: string | null): Promise<ClaimOutcome> {
    const o = await this.d.claims.claim({ who: { contract_no: sub.contract_no }, cycle, phone: null, pass, channel: 'agent' });
    const outcome = o.kind === 'issued' ? (o.replayed ? 'replayed' : 'issued') : o.kind === 'ineligible' ? o.reason : o.kind;
    await this.d.audit.append(actor, 'issued_on_behalf', {
      subscriber: sub.contract_no, cycle: o.kind === 'issued' ? o.credit.cycle : cycle, outcome, claim_id: o.kind === 'issued' ? o.credit.claim_id : null,
    });
    return o;
  }

  async resend(actor: string, sub: StoredSubscriber, claimId: string): Promise<DeskResend> {
    const credit = await this.creditOf(sub, claimId);
    if (!credit) return { ok: false, reason: 'no_credit', retry_after_s: 0 };
    const wait = takeAll([[this.limits.resendSoon, claimId], [this.limits.resendDaily, claimId], [this.limits.resendByAgent, actor]]);
    if (wait > 0) {
      await this.d.audit.append(actor, 'sms_resent', { subscriber: sub.contract_no, claim_id: claimId, outcome: 'too_many', retry_after_s: wait });
      return { ok: false, reason: 'too_many', retry_after_s: wait };
    }
    const r = await this.d.sms.resend({ credit, subscriber: sub });
    await this.d.audit.append(actor, 'sms_resent', { subscriber: sub.contract_no, claim_id: claimId, outcome: r.ok ? 'queued' : r.reason, ...(r.ok ? { sms_id: r.id } : {}) });
    return r;
  }

  /** The token of a prepaid credit, for the agent to read out: only with a reason, each time in the audit log. */
  async reveal(actor: string, sub: StoredSubscriber, claimId: string, reason: string): Promise<RevealResult> {
    const why = reason.trim().replace(/\s+/g, ' ');
    if (why.length < REASON_MIN || why.length > REASON_MAX || !/\p{L}{3}/u.test(why) || /\d{4}([ -]?\d{4}){4}/.test(why)) return { ok: false, reason: 'bad_reason' };
    const credit = await this.creditOf(sub, claimId);
    if (!credit) return { ok: false, reason: 'no_credit' };
    if (!credit.token) return { ok: false, reason: 'no_token' };
    const wait = takeAll([[this.limits.revealByAgent, actor]]);
    if (wait > 0) return { ok: false, reason: 'too_many', retry_after_s: wait };
    await this.d.audit.append(actor, 'token_shown', { subscriber: sub.contract_no, claim_id: claimId, reason: why });
    return { ok: true, token: credit.token };
  }

  async note(actor: string, sub: StoredSubscriber, body: string): Promise<Note | null> {
    const text = body.trim();
    if (text.length === 0 || text.length > NOTE_MAX) return null;
    const n = await this.d.store.console.notes.add({ subscriber_id: sub.id, author: actor, body: text, created_at: this.now().toISOString() });
    // Who wrote about whom, not what: a note may quote what a caller said, and the log is read by more people.
    await this.d.audit.append(actor, 'note_added', { subscriber: sub.contract_no, note_id: n.id, length: text.length });
    return n;
  }

  private async creditOf(sub: StoredSubscriber, claimId: string): Promise<HistoryCredit | null> {
    return (await this.d.store.claims.creditsOf(sub.id)).find((c) => c.claim_id === claimId) ?? null;
  }
}
