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
export function grouped(token: string): string {
  let out = token.slice(0, 4);
  for (let i = 4; i < token.length; i += 4) out += ' ' + token.slice(i, i + 4);
  return out;
}

const SERVICE = { electricity: "d'électricité", water: "d'eau" } as Record<string, string>;

/** The cycle's label as an SMS can carry it (no dash GSM-7 lacks), or null when the programme has no such cycle. */
function label(p: Programme | null, cycle: string): string | null {
  const c = p?.cycles.find((x) => x.id === cycle);
  return c ? toGsm7(c.label) : null;
}

/** Text already in GSM-7, with the septets it takes. */
interface Gsm7Piece {
  text: string;
  septets: number;
}

const piece = (s: string): Gsm7Piece => {
  const text = toGsm7(s);
  return { text, septets: septets(text) };
};

/**
 * The amount's words ("182,6 kWh", "20 000 FCFA crédités sur votre compte d'électricité"), made GSM-7 once: a
 * programme has a handful of amounts, and formatting and checking them for each credit was most of a notice's cost
 * (6 µs a credit on the HTTP thread, profiled under a claim load with SMS on). Bounded: a registry of odd amounts
 * empties it rather than growing it.
 */
const AMOUNTS = new Map<string, Gsm7Piece>();

function amountPiece(key: string, make: () => string): Gsm7Piece {
  let a = AMOUNTS.get(key);
  if (a === undefined) {
    if (AMOUNTS.size >= 4096) AMOUNTS.clear();
    AMOUNTS.set(key, (a = piece(make())));
  }
  return a;
}

const CODE = '. Code: ';
const KEY_IN = ' à saisir sur le compteur ';
const BILL = '. Visible sur votre prochaine facture.';

/**
 * The notice of a credit, to the phone on file (and to the phone that asked, by SMS or USSD). The longest contract
 * numbers and labels still fit: the label goes first when space runs out, then the signature.
 */
export function creditNotice(c: Credited, who: { meter_no: string; contract_no: string }, p: Programme | null, signature: string | null): string {
  let what: string;
  let n: number;
  if (c.token !== null) {
    const unit = c.unit === 'm3' ? 'm3' : c.unit;
    const amount = amountPiece(`${c.units_tenths}\u0000${unit}`, () => `${formatTenths(c.units_tenths, 'fr')} ${unit}`);
    const code = grouped(c.token);
    const meter = piece(who.meter_no);
    what = amount.text + CODE + code + KEY_IN + meter.text + '.';
    n = amount.septets + CODE.length + septets(code) + KEY_IN.length + meter.septets + 1;
  } else {
    const service = SERVICE[c.service];
    const amount = amountPiece(`${c.fcfa}\u0000${c.service}`, () => `${formatFcfa(c.fcfa, 'fr')} crédités sur votre compte${service ? ` ${service}` : ''}`);
    const contract = piece(who.contract_no);
    what = amount.text + ' ' + contract.text + BILL;
    n = amount.septets + 1 + contract.septets + BILL.length;
  }
  for (const h of heads(p, c.cycle, signature)) {
    if (h.text === '') {
      if (n <= SINGLE_SMS_SEPTETS) return what;
    } else if (h.septets + 2 + n <= SINGLE_SMS_SEPTETS) return `${h.text}: ${what}`;
  }
  return fitGsm7(what);
}

/**
 * The heads a notice may start with, longest first: signature and cycle label, the signature alone, none. The same
 * for every credit of a cycle, so made once per programme (a new programme object when it is edited), cycle and
 * signature: looked up again and made GSM-7 for each credit, they were a third of a notice's cost under a claim load.
 */
const HEADS = new WeakMap<Programme, Map<string, readonly Gsm7Piece[]>>();
const NO_PROGRAMME = new Map<string, readonly Gsm7Piece[]>();

function heads(p: Programme | null, cycle: string, signature: string | null): readonly Gsm7Piece[] {
  let m = p === null ? NO_PROGRAMME : HEADS.get(p);
  if (m === undefined) HEADS.set(p!, (m = new Map()));
  const k = `${signature ?? ''}\u0000${cycle}`;
  let h = m.get(k);
  if (h === undefined) {
    h = [[signature, label(p, cycle)].filter(Boolean).join(' '), signature ?? '', ''].map(piece);
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
