/** @module USSD option 4 answered: the screens of the walk, and the two steps that ask the grievance service (raise, follow). */
import type { GrievanceService } from '../../grievances/port.js';
import { normalisePhone } from '../../registry/phone.js';
import {
  categoryScreen, confirmScreen, contestInvalidScreen, contestMenuScreen, contestNumberScreen, grievanceScreen, grievancesScreen,
  raisedScreen, ticketMalformedScreen, ticketNotFoundScreen, trackPromptScreen,
} from './contest-screens.js';
import type { ContestSession } from './contest-session.js';
import { unavailableScreen } from './menu-screens.js';

/** "R7K3Q9X", "r-7k3q9x", "R 7K3Q9X": a ticket as a keypad types it (a dash is hard to find on one). */
const TICKET_SHAPED = /^R[\s-]*[0-9A-Z]{5,8}$/i;

export async function contestAnswer(grievances: GrievanceService | null | undefined, s: ContestSession, phoneNumber: string): Promise<{ answer: string; cause?: unknown }> {
  switch (s.at) {
    case 'contest_menu': return { answer: contestMenuScreen(s.lang, s.wrong) };
    case 'contest_category': return { answer: categoryScreen(s.lang, s.wrong) };
    case 'contest_number': return { answer: contestNumberScreen(s.lang, s.category, s.error) };
    case 'contest_confirm': return { answer: confirmScreen(s.lang, s.category, s.number, s.wrong) };
    case 'track_prompt': return { answer: trackPromptScreen(s.lang, s.empty) };
    default: break;
  }
  if (!grievances) return { answer: unavailableScreen(s.lang), cause: new Error('grievances not wired') };
  try {
    if (s.at === 'contest_raise') {
      // A gateway number that is not a Gabonese mobile (a test handset, a foreign SIM): no SMS then, still a ticket.
      const o = await grievances.raise({
        who: { number: s.number }, category: s.category, message: '', phone: normalisePhone(phoneNumber), channel: 'ussd', logged_by: null, cycle: null,
      });
      if (o.kind === 'invalid') return { answer: contestInvalidScreen(s.lang, o.errors) };
      return { answer: raisedScreen(s.lang, o.grievance, o.kind === 'raised') };
    }
    if (TICKET_SHAPED.test(s.query)) {
      // The core forgives case, spaces and a missing dash, reads O as 0, and checks the check character.
      const l = await grievances.get(s.query);
      if (l.kind === 'found') return { answer: grievanceScreen(s.lang, l.grievance) };
      // A contract number may look like a ticket: its grievances, if it has any; else the ticket was mistyped.
      const found = await grievances.byNumber(s.query);
      if (found.length > 0) return { answer: grievancesScreen(s.lang, s.query, found) };
      return { answer: l.kind === 'malformed' ? ticketMalformedScreen(s.lang) : ticketNotFoundScreen(s.lang) };
    }
    return { answer: grievancesScreen(s.lang, s.query, await grievances.byNumber(s.query)) };
  } catch (e) {
    // Nothing recorded (or nothing read): the caller is told to try again; the route logs the cause.
    return { answer: unavailableScreen(s.lang), cause: e };
  }
}
