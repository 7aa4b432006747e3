/**
 * @module What Guichet says by SMS, in French, GSM-7 and one part (160 septets): a credit's notice (the code in groups
 * of four, the meter to key it into; or the account credited), the answers to inbound messages, the help text.
 */
import type { CreditRecord, NewCredit } from '../../domain/credit.js';
import type { Programme } from '../../domain/programme.js';
import { formatFcfa, formatTenths } from '../../programmes/format.js';
import { fitGsm7, septets, SINGLE_SMS_SEPTETS, toGsm7 } from '../../sms/gsm7.js';

type Credited = Pick<NewCredit | CreditRecord, 'cycle' | 'service' | 'metering' | 'fcfa' | 'units_tenths' | 'unit' | 'token'>;

/** "4881 9832 4612 2686 2350": the groups meter keypads and printed receipts use. */
export const grouped = (token: string): string => token.replace(/(\d{4})(?=\d)/g, '$1 ');

const SERVICE = { electricity: "d'électricité", water: "d'eau" } as Record<string, string>;

/** The cycle's label as an SMS can carry it (no dash GSM-7 lacks), or null when the programme has no such cycle. */
function label(p: Programme | null, cycle: string): string | null {
  const c = p?.cycles.find((x) => x.id === cycle);
  return c ? toGsm7(c.label) : null;
}

/**
 * The notice of a credit, to the phone on file (and to the phone that asked, by SMS or USSD). The longest contract
 * numbers and labels still fit: the label goes first when space runs out, then the signature.
 */
export function creditNotice(c: Credited, who: { meter_no: string; contract_no: string }, p: Programme | null, signature: string | null): string {
  const what = c.token !== null
    ? `${formatTenths(c.units_tenths, 'fr')} ${c.unit === 'm3' ? 'm3' : c.unit}. Code: ${grouped(c.token)} à saisir sur le compteur ${who.meter_no}.`
    : `${formatFcfa(c.fcfa, 'fr')} crédités sur votre compte ${SERVICE[c.service] ?? ''} ${who.contract_no}. Visible sur votre prochaine facture.`.replace('  ', ' ');
  for (const h of heads(p, c.cycle, signature)) {
    const text = toGsm7(h ? `${h}: ${what}` : what);
    if (septets(text) <= SINGLE_SMS_SEPTETS) return text;
  }
  return fitGsm7(what);
}

/**
 * The heads a notice may start with, longest first: signature and cycle label, the signature alone, none. The same
 * for every credit of a cycle, so made once per programme (a new programme object when it is edited), cycle and
 * signature: looked up again and made GSM-7 for each credit, they were a third of a notice's cost under a claim load.
 */
const HEADS = new WeakMap<Programme, Map<string, readonly string[]>>();
const NO_PROGRAMME = new Map<string, readonly string[]>();

function heads(p: Programme | null, cycle: string, signature: string | null): readonly string[] {
  let m = p === null ? NO_PROGRAMME : HEADS.get(p);
  if (m === undefined) HEADS.set(p!, (m = new Map()));
  const k = `${signature ?? ''}\u0000${cycle}`;
  let h = m.get(k);
  if (h === undefined) {
    h = [[signature, label(p, cycle)].filter(Boolean).join(' '), signature ?? '', ''];
    m.set(k, h);
  }
  return h;
}

/** The answer to an inbound claim that was already credited: the same code again, said to be the same. */
export function replayNotice(c: Credited, who: { meter_no: string; contract_no: string }, p: Programme | null, signature: string | null): string {
  const again = c.token !== null ? `Déjà reçu. Code: ${grouped(c.token)} à saisir sur le compteur ${who.meter_no}.` : `Déjà crédité: ${formatFcfa(c.fcfa, 'fr')} sur le contrat ${who.contract_no}. Pas de second crédit.`;
  const text = toGsm7(signature ? `${signature}: ${again}` : again);
  return septets(text) <= SINGLE_SMS_SEPTETS ? text : fitGsm7(again);
}

/** A refusal's reason (the programme's own sentence), shortened to one SMS if it must be. */
export function reasonNotice(message: string, signature: string | null): string {
  return fitGsm7(signature ? `${signature}: ${message}` : message);
}

export const HELP_TEXT = toGsm7('Envoyez GRATUIT suivi du numéro de compteur ou de contrat, ex: GRATUIT 37446479240. CODE suivi du numéro pour recevoir de nouveau votre code.');
export const QUEUED_TEXT = (position: number) => toGsm7(`Demande enregistrée dans la file (place ${position}). Votre code vous sera envoyé par SMS dès que votre tour arrive.`);
export const UNAVAILABLE_TEXT = toGsm7('Service momentanément indisponible. Votre demande n\'a pas été enregistrée: renvoyez-la dans quelques minutes.');
export const NOTHING_YET_TEXT = (n: string) => toGsm7(`Aucun code ni crédit délivré pour ${n}. Envoyez GRATUIT ${n} pour le demander.`);
export const SENT_TO_FILE_TEXT = (phone: string) => toGsm7(`Le code a été renvoyé au numéro enregistré pour cet abonnement (...${phone.slice(-2)}).`);
