/** @module `RECLAMATION <numéro> <texte>` and `SUIVI <ticket>` by SMS: adapters of the GrievanceService port; the answer is one SMS. */
import type { GrievanceService } from '../../grievances/port.js';
import { reasonNotice } from './texts.js';
import {
  categoryOf, GRIEVANCE_HELP_TEXT, numberStatusText, raisedText, statusText, TICKET_MALFORMED_TEXT, TICKET_UNKNOWN_TEXT, TRACK_HELP_TEXT,
} from './grievance-texts.js';

/** "R7K3Q9X", "r-7k3q9x": a ticket as a phone keyboard types it. */
const TICKET_SHAPED = /^R[\s-]*([0-9A-Z]{5,8})$/i;

/** Throws when the store is away: nothing recorded, the SMSC delivers the message again later. */
export async function grievanceReply(g: GrievanceService, m: { phone: string; number: string; text: string }, signature: string | null): Promise<string> {
  if (m.number === '') return GRIEVANCE_HELP_TEXT;
  // A concatenated SMS can pass 2,000 characters: the core refuses it (invalid) and the answer says why.
  const o = await g.raise({
    who: { number: m.number }, category: categoryOf(m.text), message: m.text, phone: m.phone, channel: 'sms', logged_by: null, cycle: null,
  });
  if (o.kind === 'invalid') return reasonNotice(`${o.errors[0]?.message ?? 'Réclamation non enregistrée.'} ${GRIEVANCE_HELP_TEXT}`, signature);
  return raisedText(o.grievance, o.kind === 'raised', signature);
}

export async function trackReply(g: GrievanceService, query: string, signature: string | null): Promise<string> {
  const q = query.trim();
  if (q === '') return TRACK_HELP_TEXT;
  const m = TICKET_SHAPED.exec(q);
  if (m) {
    const l = await g.get(`R-${m[1].toUpperCase()}`);
    if (l.kind === 'found') return statusText(l.grievance, signature);
    // A contract number may look like a ticket: its grievances, if it has any.
    const found = await g.byNumber(q);
    if (found.length > 0) return numberStatusText(found, q, signature);
    return l.kind === 'malformed' ? TICKET_MALFORMED_TEXT : TICKET_UNKNOWN_TEXT;
  }
  return numberStatusText(await g.byNumber(q), q, signature);
}
