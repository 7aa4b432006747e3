/**
 * @module What a raised grievance is checked against before anything is stored: the category, the message's length,
 * the phone, the cycle, the number (an unknown one only for `unknown_meter`); and the rule the refusal came from.
 */
import { GRIEVANCE_CATEGORIES, type GrievanceCategory } from '../domain/grievance.js';
import type { Cycle } from '../domain/programme.js';
import type { StoredSubscriber } from '../domain/subscriber.js';
import type { FieldError } from '../claims/outcome.js';
import type { Located } from '../claims/locate.js';
import type { ProgrammeView } from '../claims/ports.js';
import { digitsOf, type Who } from '../claims/request.js';
import { compileRule } from '../programmes/index.js';
import { normalisePhone } from '../registry/phone.js';
import type { RaiseRequest } from './port.js';

export const MESSAGE_MAX = 2000;
export const REASON_MAX = 500;

export type Checked =
  | { errors: FieldError[] }
  | { category: GrievanceCategory; message: string; phone: string | null; cycle: Cycle; sub: StoredSubscriber | null; number: string };

const fieldOf = (who: Who) => ('meter_no' in who ? 'meter_no' : 'contract_no' in who ? 'contract_no' : 'number');

/** Every problem at once (a form shows them all), French first. */
export function checkRaise(r: RaiseRequest, prog: ProgrammeView, located: Located): Checked {
  const errors: FieldError[] = [];
  const category = (GRIEVANCE_CATEGORIES as readonly string[]).includes(r.category) ? (r.category as GrievanceCategory) : null;
  if (category === null) {
    errors.push({ field: 'category', message: `Catégorie inconnue. Choisissez l’une de : ${GRIEVANCE_CATEGORIES.join(', ')}.`,
      message_en: `Unknown category. Choose one of: ${GRIEVANCE_CATEGORIES.join(', ')}.` });
  }
  const message = typeof r.message === 'string' ? r.message.trim() : '';
  if ([...message].length > MESSAGE_MAX) {
    errors.push({ field: 'message', message: 'Le message ne doit pas dépasser 2 000 caractères.', message_en: 'The message must not exceed 2,000 characters.' });
  }
  let phone: string | null = null;
  if (r.phone !== null && r.phone.trim() !== '') {
    phone = normalisePhone(r.phone);
    if (phone === null) {
      errors.push({ field: 'phone', message: 'Le numéro de téléphone doit être un mobile gabonais : +241 suivi de 8 chiffres.',
        message_en: 'The phone number must be a Gabonese mobile: +241 and 8 digits.' });
    }
  }
  const cycle = r.cycle === null ? grievedCycle(prog) : prog.cycles.find((c) => c.id === r.cycle) ?? null;
  if (cycle === null) errors.push({ field: 'cycle', message: 'Cette phase n’existe pas dans le programme.', message_en: 'This cycle is not in the programme.' });
  let sub: StoredSubscriber | null = null;
  let number = '';
  if ('errors' in located) errors.push(...located.errors);
  else if ('found' in located) {
    sub = located.found;
    number = sub.meter_no;
  } else if (located.typo) errors.push(located.typo);
  else if (category !== 'unknown_meter' && category !== null) {
    errors.push({ field: fieldOf(r.who), message: 'Aucun abonné ne correspond à ce numéro. Si votre compteur n’est pas connu, choisissez la catégorie « compteur inconnu » (unknown_meter).',
      message_en: 'No subscriber has this number. If your meter is not known, choose the category unknown_meter.' });
  } else number = unknownNumber(located.unknown);
  if (errors.length || category === null || cycle === null) return { errors };
  return { category, message, phone, cycle, sub, number };
}

/** A number nobody has, in one form: digits only for a meter (`4455 6677` is `44556677`), else upper case. */
export const unknownNumber = (typed: string): string => digitsOf(typed.trim()) ?? typed.trim().toUpperCase();

/** A grievance without a cycle is about the open one, else the last one that opened, else the first. */
function grievedCycle(prog: ProgrammeView): Cycle | null {
  return prog.defaultCycle() ?? [...prog.cycles].reverse().find((c) => c.state === 'closed') ?? prog.cycles[0] ?? null;
}

/**
 * The rule a refusal came from, for the acceptance rate per rule: the field of the failed condition (`power_kw`),
 * or the refusal's own reason (`service_not_covered`, `cycle_closed`); `unknown_meter` for a number nobody has; null
 * when the programme retains this subscriber.
 */
export function refusalRule(prog: ProgrammeView, cycle: Cycle, sub: StoredSubscriber | null): string | null {
  if (sub === null) return 'unknown_meter';
  // The rule first, whatever the cycle's state: a grievance about a closed cycle still names the rule that refused.
  const benefit = cycle.benefits.find((b) => b.service === sub.service);
  if (!benefit) return 'service_not_covered';
  const failed = compileRule(benefit.rule).explain(sub);
  if (failed) return failed.leaf.field;
  const d = prog.decide(cycle.id, sub);
  return d.retained ? null : d.reason;
}
