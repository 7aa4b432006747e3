/** @module `RECLAMATION <numéro> <texte>` and `SUIVI <ticket>` by SMS: adapters of the GrievanceService port; the answer is one SMS. */
import type { GrievanceService } from '../../grievances/port.js';
import { reasonNotice } from './texts.js';
import {
  categoryOf, GRIEVANCE_HELP_TEXT, numberStatusText, raisedText, statusText, TICKET_MALFORMED_TEXT, TICKET_UNKNOWN_TEXT, TRACK_HELP_TEXT,
} from './grievance-texts.js';

/** "R7K3Q9X", "r-7k3q9x": what a ticket looks like as typed (the core forgives case, spaces, O for 0, and checks it). */
const TICKET_SHAPED = /^R[\s-]*[0-9A-Z]{5,8}$/i;

/**
 * The answer, or null when the grievance's own acknowledgement (queued with it, to this phone) is the answer. Throws
 * when the store is away: nothing recorded, the SMSC delivers the message again later.
 */
export async function grievanceReply(g: GrievanceService, m: { phone: string; number: string; text: string }, signature: string | null): Promise<string | null> {
  if (m.number === '') return GRIEVANCE_HELP_TEXT;
  // A concatenated SMS can pass 2,000 characters: the core refuses it (invalid) and the answer says why.
  const o = await g.raise({
    who: { number: m.number }, category: categoryOf(m.text), message: m.text, phone: m.phone, channel: 'sms', logged_by: null, cycle: null,
  });
  if (o.kind === 'invalid') return reasonNotice(`${o.errors[0]?.message ?? 'Réclamation non enregistrée.'} ${GRIEVANCE_HELP_TEXT}`, signature);
  return o.kind === 'raised' ? null : raisedText(o.grievance, false, signature);
}

export async function trackReply(g: GrievanceService, query: string, signature: string | null): Promise<string> {
  const q = query.trim();
  if (q === '') return TRACK_HELP_TEXT;
  if (TICKET_SHAPED.test(q)) {
    const l = await g.get(q);
    if (l.kind === 'found') return statusText(l.grievance, signature);
    // A contract number may look like a ticket: its grievances, if it has any.
    const found = await g.byNumber(q);
    if (found.length > 0) return numberStatusText(found, q, signature);
    return l.kind === 'malformed' ? TICKET_MALFORMED_TEXT : TICKET_UNKNOWN_TEXT;
  }
  return numberStatusText(await g.byNumber(q), q, signature);
}
