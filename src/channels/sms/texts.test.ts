/** @module The SMS texts: GSM-7 and one part for every programme amount, every service and metering, the longest numbers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinProgramme } from '../../programmes/index.js';
import { fitGsm7, isGsm7, nonGsm7, septets, toGsm7 } from '../../sms/gsm7.js';
import { formatFcfa, formatTenths } from '../../programmes/format.js';
import type { Programme } from '../../domain/programme.js';
import { parseInbound } from './inbound.js';
import { PhoneLimiter } from './limiter.js';
import { creditNotice, HELP_TEXT, NOTHING_YET_TEXT, QUEUED_TEXT, reasonNotice, replayNotice, SENT_TO_FILE_TEXT, UNAVAILABLE_TEXT } from './texts.js';

const LONGEST = { meter_no: '1234567890123', contract_no: 'ABCDEFGHIJ-1234567890/ABCDEFGHIJ-1234567' };
const check = (t: string, what: string) => {
  assert.ok(isGsm7(t), `${what}: not GSM-7 ${JSON.stringify(nonGsm7(t))}: ${t}`);
  assert.ok(septets(t) <= 160, `${what}: ${septets(t)} septets: ${t}`);
};

test('every notice is GSM-7 and one part, whatever the amount, service, metering, cycle label and numbers', () => {
  const p = builtinProgramme();
  // A long French label with a dash and typographic apostrophes, as an operator may write one.
  p.cycles[0].label = 'Phase 1 — l’électricité et l’eau offertes pendant le confinement d’avril à mai 2020';
  for (const cycle of p.cycles) for (const b of cycle.benefits) {
    for (const fcfa of [b.amount_fcfa, 1, 999_999_999]) for (const metering of ['prepaid', 'postpaid'] as const) {
      const c = { cycle: cycle.id, service: b.service, metering, fcfa, units_tenths: 99_999_999, unit: b.service === 'water' ? 'm3' : 'kWh', token: metering === 'prepaid' ? '48819832461226862350' : null };
      for (const sig of ['SEEG', null]) {
        const n = creditNotice(c, LONGEST, p, sig);
        check(n, `notice ${cycle.id} ${b.service} ${metering} ${fcfa}`);
        if (c.token) assert.match(n, /4881 9832 4612 2686 2350 à saisir sur le compteur 1234567890123/, 'the code in groups of four, and the meter');
        else assert.match(n, new RegExp(LONGEST.contract_no.replace(/[/-]/g, '.')), 'the contract credited');
        check(replayNotice(c, LONGEST, p, sig), 'replay');
      }
    }
  }
});

/** The notice as first written, whole strings formatted and made GSM-7 for each credit: what the cached pieces must still say. */
function plainNotice(c: Parameters<typeof creditNotice>[0], who: { meter_no: string; contract_no: string }, p: Programme | null, sig: string | null): string {
  const service = ({ electricity: "d'électricité", water: "d'eau" } as Record<string, string>)[c.service] ?? '';
  const what = c.token !== null
    ? `${formatTenths(c.units_tenths, 'fr')} ${c.unit === 'm3' ? 'm3' : c.unit}. Code: ${c.token.replace(/(\d{4})(?=\d)/g, '$1 ')} à saisir sur le compteur ${who.meter_no}.`
    : `${formatFcfa(c.fcfa, 'fr')} crédités sur votre compte ${service} ${who.contract_no}. Visible sur votre prochaine facture.`.replace('  ', ' ');
  const label = p?.cycles.find((x) => x.id === c.cycle)?.label;
  for (const h of [[sig, label && toGsm7(label)].filter(Boolean).join(' '), sig ?? '', '']) {
    const text = toGsm7(h ? `${h}: ${what}` : what);
    if (septets(text) <= 160) return text;
  }
  return fitGsm7(what);
}

test('a notice says what the plain formatting said, for random amounts, numbers with odd characters, labels and services', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const chars = '0123456789ABCZ-/ éêô’€[';
  const word = (max: number) => Array.from({ length: 1 + rnd(max) }, () => chars[rnd(chars.length)]).join('');
  let p = builtinProgramme();
  for (let i = 0; i < 3000; i++) {
    // An edited programme is a new object (the heads are kept per programme object).
    if (i % 500 === 0) p = { ...p, cycles: p.cycles.map((x, j) => (j === 0 ? { ...x, label: `Phase ${word(i % 1000 === 0 ? 8 : 90)}` } : x)) };
    const prepaid = rnd(2) === 0;
    const c = {
      cycle: p.cycles[rnd(p.cycles.length)].id, service: ['electricity', 'water', 'gas'][rnd(3)], metering: prepaid ? 'prepaid' : 'postpaid',
      fcfa: [20_000, 15_000, 1, 999_999_999, rnd(10 ** 7)][rnd(5)], units_tenths: [1826, 0, 7, 99_999_999, rnd(10 ** 6)][rnd(5)],
      unit: ['kWh', 'm3', 'kW'][rnd(3)], token: prepaid ? String(10 ** 19 + rnd(10 ** 9)).padStart(20, '4') : null,
    };
    const who = { meter_no: word(20), contract_no: word(rnd(4) === 0 ? 120 : 30) };
    const sig = [null, 'SEEG', 'EAU ET ELEC'][rnd(3)];
    const prog = rnd(10) === 0 ? null : p;
    assert.equal(creditNotice(c, who, prog, sig), plainNotice(c, who, prog, sig), JSON.stringify({ c, who, sig }));
  }
});

test('the fixed texts and a long refusal fit one GSM-7 part; the shape of the prepaid notice', () => {
  for (const t of [HELP_TEXT, QUEUED_TEXT(1_234_567), UNAVAILABLE_TEXT, NOTHING_YET_TEXT(LONGEST.contract_no), SENT_TO_FILE_TEXT('+24177000056')]) check(t, t);
  const long = reasonNotice('Votre abonnement n’est pas retenu pour la phase 1 : la gratuité est réservée aux particuliers au tarif social d’une puissance de 1 ou 2 kW, ou au tarif général de 3 ou 6 kW (votre contrat : professionnel, 9 kW).', 'SEEG');
  check(long, 'long refusal');
  assert.match(long, /\.\.\.$/, 'cut at a word, with ...');
  const p = builtinProgramme();
  const n = creditNotice({ cycle: 'phase-1', service: 'electricity', metering: 'prepaid', fcfa: 20_000, units_tenths: 1826, unit: 'kWh', token: '48819832461226862350' }, { meter_no: '37446479240', contract_no: 'X' }, p, 'SEEG');
  assert.equal(n, 'SEEG Phase 1 - avril 2020: 182,6 kWh. Code: 4881 9832 4612 2686 2350 à saisir sur le compteur 37446479240.');
});

test("a notice's head follows the programme in force: an edited label, another signature, no programme", () => {
  const c = { cycle: 'phase-1', service: 'water', metering: 'postpaid', fcfa: 15_000, units_tenths: 0, unit: 'm3', token: null };
  const who = { meter_no: '1', contract_no: 'MJL-1' };
  const p = builtinProgramme();
  assert.match(creditNotice(c, who, p, 'SEEG'), /^SEEG Phase 1 - avril 2020: /);
  const edited = { ...p, cycles: p.cycles.map((x) => (x.id === 'phase-1' ? { ...x, label: 'Phase 1 – mai 2020' } : x)) };
  assert.match(creditNotice(c, who, edited, 'SEEG'), /^SEEG Phase 1 - mai 2020: /, 'the edited label, made GSM-7');
  assert.match(creditNotice(c, who, p, 'EAU'), /^EAU Phase 1 - avril 2020: /);
  assert.match(creditNotice(c, who, null, null), /^15 000 FCFA crédités/);
});

test('inbound keywords: any case, spaces, a colon, accents; an unknown word or a bare keyword is help', () => {
  assert.deepEqual(parseInbound('  gratuit   374 4647 9240 '), { keyword: 'claim', number: '374 4647 9240' });
  assert.deepEqual(parseInbound('Gratuit: MJL-88211178'), { keyword: 'claim', number: 'MJL-88211178' });
  assert.deepEqual(parseInbound('GRATUITÉ 123'), { keyword: 'claim', number: '123' });
  assert.deepEqual(parseInbound('code 37446479240'), { keyword: 'code', number: '37446479240' });
  assert.equal(parseInbound('GRATUIT').keyword, 'help', 'no number: help');
  assert.equal(parseInbound('bonjour').keyword, 'help', 'unknown word: help');
  assert.equal(parseInbound('').keyword, 'help', 'empty: help');
});

test('a phone is answered five times at once, then once every two minutes', () => {
  let t = 0;
  const l = new PhoneLimiter(undefined, () => t);
  const answered = Array.from({ length: 8 }, () => l.take('+24177000001')).filter(Boolean).length;
  assert.equal(answered, 5, 'the burst');
  assert.equal(l.take('+24166000001'), true, 'another phone has its own');
  t += 119_000;
  assert.equal(l.take('+24177000001'), false, 'not before two minutes');
  t += 2_000;
  assert.equal(l.take('+24177000001'), true, 'one more after two minutes');
});
