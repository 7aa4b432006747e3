/**
 * @module A grievance's decision: who may decide (a supervisor, never the account that logged it), the reason's
 * checks, and what an acceptance does (CONTRACT §10): an exception for an eligibility grievance, the same token sent
 * again or a replacement token for a rejected code, a flag on the billing export for a credit missing from a bill.
 * The decision, its remedy and its notice are one transaction; a second decision at once finds the first.
 */
import { ELIGIBILITY_CATEGORIES, type Grievance, type GrievanceRemedy } from '../domain/grievance.js';
import type { OutboxMessage } from '../domain/sms.js';
import type { StoredSubscriber } from '../domain/subscriber.js';
import type { FieldError } from '../claims/outcome.js';
import type { DecisionWrite, GrievanceException, Replacement } from '../store/grievance-contract.js';
import { REASON_MAX } from './intake.js';
import type { Actor, DecideOutcome, DecideRequest } from './port.js';
import type { GrievanceServiceDeps } from './service.js';
import { BILLING_TEXT, decisionNotice, EXCEPTION_TEXT, tokenText } from './texts.js';

type Deps = GrievanceServiceDeps & { clock: () => Date; sms: { signature: string | null } | null };

/** Who may decide: the role that holds `grievances.decide` among those who work grievances (roles.ts). */
export const DECIDER_ROLE = 'supervisor';
const MAX_TID_RETRIES = 3;

const bad = (field: string, message: string, message_en: string): DecideOutcome => ({ kind: 'invalid', errors: [{ field, message, message_en }] });

export async function decideGrievance(deps: Deps, ticket: string, d: DecideRequest, by: Actor): Promise<DecideOutcome> {
  const g = await deps.store.grievances.byTicket(ticket);
  if (!g) return { kind: 'not_found' };
  if (by.role !== DECIDER_ROLE) return { kind: 'forbidden' };
  if (g.logged_by !== null && g.logged_by === by.username) return { kind: 'same_person' };
  if (g.decision !== null) return { kind: 'already_decided', grievance: g };
  const errors: FieldError[] = [];
  if (d.decision !== 'accepted' && d.decision !== 'rejected') {
    errors.push({ field: 'decision', message: 'La décision est « accepted » ou « rejected ».', message_en: 'The decision is accepted or rejected.' });
  }
  const reason = typeof d.reason === 'string' ? d.reason.trim() : '';
  if (reason === '') errors.push({ field: 'reason', message: 'Écrivez la raison de la décision pour l’abonné.', message_en: 'Write the reason for the subscriber.' });
  else if ([...reason].length > REASON_MAX) errors.push({ field: 'reason', message: 'La raison ne doit pas dépasser 500 caractères.', message_en: 'The reason must not exceed 500 characters.' });
  if (d.remedy !== undefined && d.remedy !== 'resend' && d.remedy !== 'replacement') {
    errors.push({ field: 'remedy', message: 'Le remède est « resend » ou « replacement ».', message_en: 'The remedy is resend or replacement.' });
  }
  if (errors.length) return { kind: 'invalid', errors };

  const at = deps.clock();
  const w: DecisionWrite = { decision: d.decision, reason, decided_by: by.username, decided_at: at.toISOString(), remedy: null, exception: null, replacement: null, sms: [] };
  const sub = await subscriberOf(deps, g);
  const phone = g.phone ?? sub?.phone ?? null;
  let what: string | null = null;
  let retry: Accepted['retry'] = null;
  if (d.decision === 'accepted') {
    const r = await acceptance(deps, g, sub, d, by, at);
    if ('field' in r) return { kind: 'invalid', errors: [r] };
    Object.assign(w, { remedy: r.remedy, exception: r.exception, replacement: r.replacement });
    what = r.what;
    retry = r.retry;
  }
  for (let tries = 0; ; tries++) {
    const text = decisionNotice(g.ticket, d.decision === 'accepted', w.replacement ? tokenText(w.replacement.token, sub!.meter_no, true) : what, reason, deps.sms?.signature ?? null);
    w.sms = phone && deps.sms ? [{ to: phone, text, kind: 'notice' } satisfies OutboxMessage] : [];
    const o = await deps.store.grievances.decide(g.ticket, w);
    if (o === null) return { kind: 'not_found' };
    if (o.kind === 'tid_taken') {
      const again = retry && tries < MAX_TID_RETRIES ? retry(o.last_tid) : null;
      if (!again) return bad('remedy', 'Le nouveau code n’a pas pu être produit : réessayez.', 'The new token could not be minted: try again.');
      w.replacement = again;
      continue;
    }
    if (o.kind === 'decided' && w.exception) deps.onException?.(w.exception);
    if (o.kind === 'decided' && w.sms.length) deps.onQueued?.();
    return o;
  }
}

async function subscriberOf(deps: Deps, g: Grievance): Promise<StoredSubscriber | null> {
  if (g.subscriber_id !== null) return (await deps.store.subscribers.byId(g.subscriber_id)) ?? null;
  // A number nobody had when it was raised may be in the registry now (an import fixed it): the exception follows it.
  const l = deps.locate({ number: g.number });
  return 'found' in l ? l.found : null;
}

interface Accepted {
  remedy: GrievanceRemedy;
  exception: GrievanceException | null;
  replacement: Replacement | null;
  what: string | null;
  /** Mints the replacement again above the meter's last TID (another node minted meanwhile); null: cannot. */
  retry: ((last: number) => Replacement | null) | null;
}

async function acceptance(deps: Deps, g: Grievance, sub: StoredSubscriber | null, d: DecideRequest, by: Actor, at: Date): Promise<Accepted | FieldError> {
  const none: Accepted = { remedy: { kind: 'none' }, exception: null, replacement: null, what: null, retry: null };
  if (ELIGIBILITY_CATEGORIES.includes(g.category)) {
    if (sub === null) return none; // the registry must know the meter first: the reason says what happens next
    // An exception nobody could use (the cycle closed since, or it does not cover this service) is refused with why,
    // rather than recorded as if it helped.
    const prog = deps.programme();
    if (prog.id !== g.programme_id || prog.granted(g.cycle, sub) === null) {
      return { field: 'decision', message: `Une exception ne permettrait pas de réclamer : la phase « ${g.cycle} » n’est pas ouverte ou ne couvre pas ce service. Rejetez la réclamation en expliquant pourquoi à l’abonné.`,
        message_en: `An exception would not let this subscriber claim: cycle ${g.cycle} is not open or does not cover this service. Reject the grievance, telling the subscriber why.` };
    }
    const exception = { subscriber_id: sub.id, programme_id: g.programme_id, cycle: g.cycle, ticket: g.ticket, approver: by.username, created_at: at.toISOString() };
    return { ...none, remedy: { kind: 'exception', cycle: g.cycle }, exception, what: EXCEPTION_TEXT };
  }
  if (g.category === 'other') return none;
  const credit = sub ? await deps.store.grievances.creditOf(sub.id, g.programme_id, g.cycle) : null;
  if (!sub || !credit) {
    return { field: 'decision', message: 'Aucun crédit de cet abonné pour cette phase : rien à renvoyer ni à signaler.',
      message_en: 'This subscriber has no credit in this cycle: nothing to resend or flag.' };
  }
  if (g.category === 'not_credited') return { ...none, remedy: { kind: 'billing_flag', credit_id: credit.id }, what: BILLING_TEXT };
  if (credit.token === null) {
    return { field: 'remedy', message: 'Ce crédit n’a pas de code (compteur postpayé).', message_en: 'This credit has no token (postpaid meter).' };
  }
  if (d.remedy !== 'replacement') return { ...none, remedy: { kind: 'resend', credit_id: credit.id }, what: tokenText(credit.token, sub.meter_no, false) };
  const issuer = deps.issuer;
  if (!issuer || issuer.name !== 'sts') {
    return { field: 'remedy', message: 'Un nouveau code ne peut être produit que par le moteur STS de ce nœud.', message_en: 'Only this node’s STS engine can mint a new token.' };
  }
  const amount = { fcfa: credit.fcfa, units_tenths: credit.units_tenths, unit: credit.unit as 'kWh' | 'm3' };
  const out: Accepted = { ...none, remedy: { kind: 'replacement', credit_id: credit.id } };
  const mint = (): FieldError | null => {
    const r = issuer.issue(sub, g.cycle, amount, at);
    if (!r.ok) return { field: 'remedy', message: r.message.fr, message_en: r.message.en };
    out.replacement = { credit_id: credit.id, ticket: g.ticket, subscriber_id: sub.id, token: r.token, tid: r.tid, approver: by.username, created_at: at.toISOString() };
    return null;
  };
  const first = mint();
  if (first) return first;
  out.retry = (last) => {
    issuer.learnTid?.(sub, last);
    return mint() === null ? out.replacement : null;
  };
  return out;
}
