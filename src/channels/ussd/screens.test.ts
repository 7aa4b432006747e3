/** @module Every USSD screen, for every outcome and reason, in both languages, with the longest numbers and every amount: 182 septets at most, GSM-7 only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckOutcome, ClaimOutcome, FieldError, Ineligible, RefusalReason } from '../../claims/outcome.js';
import { reasonText } from '../../claims/reasons.js';
import type { CreditRecord } from '../../domain/credit.js';
import type { Cycle } from '../../domain/programme.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import { builtinProgramme, decide, reasonMessage, type ReasonCode } from '../../programmes/index.js';
import { creditAt } from '../../programmes/credit.js';
import { describe as describeChar, isGsm7, nonGsm7, septets } from '../../sms/gsm7.js';
import { subscriber } from '../../test-support/fixtures.js';
import { claimScreen, issuedScreen } from './claim-screen.js';
import { SCREEN_SEPTETS } from './gsm7-text.js';
import { checkScreen, retrieveScreen } from './lookup-screens.js';
import { menuScreen, overScreen, promptScreen, tooLongScreen, unavailableScreen } from './menu-screens.js';
import { BUSY, MALFORMED, UNREADABLE } from './routes.js';
import { WORDS, dialOf, type Action, type Lang } from './words.js';

const LANGS: Lang[] = ['fr', 'en'];
const ACTIONS: Action[] = ['claim', 'retrieve', 'check'];
const programme = builtinProgramme();
/** The longest numbers the registry takes: a 13-digit STS meter, a 40-character contract. */
const LONG_METER = '1234567890128';
const LONG_CONTRACT = 'LBV-ABCDEFGHIJ/0123456789.KLMNOPQRST_0123';
const BIG_PLACE = 12_345_678;
const LONG_DIAL = '*855*12345678901234#';
const PHONE = '+24177123456';

function check(answer: string, what: string): void {
  assert.match(answer, /^(CON|END) /, `${what}: starts with CON or END`);
  assert.ok(isGsm7(answer), `${what}: not GSM-7: ${nonGsm7(answer).map(describeChar).join(', ')}\n${answer}`);
  assert.ok(septets(answer) <= SCREEN_SEPTETS, `${what}: ${septets(answer)} septets (at most ${SCREEN_SEPTETS})\n${answer}`);
}

const sub = (over: Partial<StoredSubscriber>): StoredSubscriber => ({ ...subscriber(1), id: 1, meter_no: LONG_METER, contract_no: LONG_CONTRACT, ...over });

/** Every amount of every cycle and tariff of the programme, and an absurd one, as credits of both meterings. */
function credits(): CreditRecord[] {
  const out: CreditRecord[] = [];
  const amounts: { service: string; fcfa: number; units_tenths: number; unit: string; cycle: string }[] = [];
  for (const c of programme.cycles) {
    for (const b of c.benefits) for (const tariff of ['social', 'general'] as const) amounts.push({ ...creditAt(programme, b, tariff), service: b.service, cycle: c.id });
  }
  amounts.push({ service: 'electricity', fcfa: 999_999_999, units_tenths: 99_999_999, unit: 'kWh', cycle: 'phase-1' });
  amounts.push({ service: 'water', fcfa: 999_999_999, units_tenths: 99_999_999, unit: 'm3', cycle: 'phase-2' });
  for (const a of amounts) {
    for (const token of ['12345678901234567890', null]) {
      out.push({ ...a, subscriber_id: 1, programme_id: programme.id, metering: token ? 'prepaid' : 'postpaid', token, claim_id: 'G-1234567890', journal_seq: 1_234_567_890, issued_at: '2020-09-30T23:30:00.000Z' });
    }
  }
  return out;
}

/** Every refusal sentence the core can give, with a long cycle label too, and a sentence far too long for a screen. */
function refusals(): { reason: RefusalReason; message: { fr: string; en: string } }[] {
  const long: Cycle = { ...programme.cycles[1], id: 'x', label: 'Cycle exceptionnel de solidarité nationale pour les ménages — septembre 2020', label_en: undefined };
  const out: { reason: RefusalReason; message: { fr: string; en: string } }[] = [];
  const codes: ReasonCode[] = ['not_retained', 'cycle_closed', 'cycle_not_open', 'unknown_cycle', 'service_not_covered', 'budget_exhausted', 'unknown_meter', 'no_code_left'];
  for (const reason of codes) {
    for (const cycle of [programme.cycles[0], { ...programme.cycles[1], opens_at: '2020-05-15T08:30:00+01:00', closes_at: '2020-06-30' }, long]) {
      out.push({ reason, message: reasonMessage(reason, { cycle, programme, service: 'water', number: LONG_CONTRACT.slice(0, 24) }) });
    }
  }
  for (const r of ['issuance_unavailable', 'meter_needs_key_change'] as const) out.push({ reason: r, message: { fr: reasonText(r)[0], en: reasonText(r)[1] } });
  // The programme's own explanations of a failed condition, for subscribers each rule refuses.
  const refused = [
    subscriber(1, { category: 'professionnel' }), subscriber(2, { power_kw: 3 }), subscriber(3, { tariff: 'general', power_kw: 9 }),
    subscriber(4, { service: 'water', power_kw: null, avg_monthly_use: 99.5 }), subscriber(5, { power_kw: null }),
  ];
  for (const s of refused) for (const c of programme.cycles) {
    const d = decide({ ...programme, cycles: programme.cycles.map((x) => ({ ...x, state: 'open' as const })) }, c.id, s);
    if (!d.retained) out.push({ reason: d.reason, message: d.message });
  }
  out.push({ reason: 'not_retained', message: { fr: 'Très long motif. '.repeat(40), en: 'A very long reason. '.repeat(40) } });
  for (const reason of Object.keys(WORDS.fr.reasons) as RefusalReason[]) out.push({ reason, message: { fr: '', en: '' } });
  return out;
}

const NEXTS = [null, { cycle: programme.cycles[1], eligible: true }, { cycle: programme.cycles[1], eligible: false },
  { cycle: { ...programme.cycles[1], opens_at: '2020-05-01', wording: undefined, label: 'Phase 2 — mai 2020 (deuxième période de la gratuité nationale)' } as Cycle, eligible: true }];

const ERRORS: FieldError[] = [
  { field: 'number', message: 'Ce numéro de compteur semble mal saisi : son dernier chiffre (chiffre de contrôle) ne correspond pas. Vérifiez-le sur votre compteur ou votre facture.', message_en: 'This meter number looks mistyped: its last digit (the check digit) does not match. Check it on your meter or bill.' },
  { field: 'number', message: 'Ce numéro ne peut contenir que des chiffres, des lettres et des tirets, comme sur votre compteur ou votre facture.', message_en: 'This number can only hold digits, letters and dashes, as on your meter or bill.' },
  { field: 'number', message: 'Indiquez votre numéro de compteur ou de contrat.', message_en: 'Enter your meter or contract number.' },
  { field: 'number', message: 'Très long message d’erreur. '.repeat(20) },
];

test('our own words are GSM-7 as written: nothing relies on the transliteration', () => {
  for (const lang of LANGS) {
    const w = WORDS[lang];
    const samples: string[] = [w.menu, w.unknownOption, ...Object.values(w.prompt), w.retype, w.back, ...Object.values(w.service), w.keyIn, w.keyInShort,
      w.code('eau', '1 kWh', '1 FCFA'), w.codeAgain('eau', '1er mai 2020'), w.credited('eau', 'C1', '1 FCFA'), w.creditedAgain('eau', 'C1', '1 FCFA', '1er mai 2020'),
      w.creditedShort('1 FCFA'), w.nextCycle('La phase 2', null), w.nextCycle('La phase 2', '1er mai 2020'), w.queuedSms('1', 2, PHONE, true), w.queuedSms('1', 2, PHONE, false),
      w.queuedSmsShort('1', true), w.queuedSmsShort('1', false), w.queuedDialAgain('1', 2, 'le *855#'), w.unavailable, ...Object.values(w.reasons), w.refusedDefault,
      w.retrieveNone, w.retrieveHead, w.retrieveCredited('eau', '1 FCFA'), w.retrieveMore(2), w.eligible('eau', 'C1', 'la phase 1', '1 FCFA'), w.eligibleShort('1 FCFA'),
      w.alreadyCredited('eau', 'C1', 'la phase 1', '1 FCFA', true), w.alreadyShort(true), w.refusedCheck, w.tooManySteps('x'), w.tooManyTries('x'), w.wrongOptions('x'),
      w.sessionOver('x'), w.tooLong('x'), w.dialUnknown, w.dialCode('*855#'), w.meter('1'), w.ref('G-1')];
    for (const s of samples) assert.ok(isGsm7(s), `${lang}: ${JSON.stringify(s)} holds ${nonGsm7(s).map(describeChar).join(', ')}`);
  }
  for (const line of [UNREADABLE, MALFORMED, BUSY]) check(line, line);
});

test('menus, prompts (with every error), the ends of a session, unavailable: both languages (option 4: contest-screens.test.ts)', () => {
  for (const lang of LANGS) {
    for (const wrong of [false, true]) check(menuScreen(lang, wrong), `${lang} menu wrong=${wrong}`);
    for (const a of ACTIONS) for (const e of [null, ...ERRORS]) check(promptScreen(lang, a, e), `${lang} prompt ${a} ${e?.message.slice(0, 20)}`);
    for (const dial of [dialOf('*855#', lang), dialOf(LONG_DIAL, lang), dialOf('nonsense', lang)]) {
      for (const why of ['too_many_steps', 'too_many_tries', 'wrong_options', 'after_end'] as const) check(overScreen({ at: 'over', lang, why }, dial), `${lang} over ${why}`);
    }
    check(unavailableScreen(lang), `${lang} unavailable`);
  }
  check(tooLongScreen(LONG_DIAL), 'too long');
  assert.match(menuScreen('fr', false), /^CON .*\n1 Obtenir mon crédit\n/, 'option 1 obtains the credit');
});

test('every claim outcome: codes and accounts for every amount, every reason with and without a next cycle, queued, unavailable', () => {
  for (const lang of LANGS) {
    for (const c of credits()) {
      for (const replayed of [false, true]) {
        for (const s of [sub({ service: c.service as 'water', metering: c.metering as 'prepaid' }), null]) {
          const a = issuedScreen(c, s, replayed, lang);
          check(a, `${lang} issued ${c.metering} ${c.service} ${c.fcfa} replayed=${replayed}`);
          if (c.token) assert.ok(a.includes('1234 5678 9012 3456 7890'), `${lang}: the code is on the screen in groups of four\n${a}`);
          else assert.ok(a.includes(lang === 'fr' ? '999 999 999 FCFA' : '999,999,999 FCFA') || c.fcfa !== 999_999_999, `${lang}: the amount is on the screen\n${a}`);
        }
      }
    }
    for (const r of refusals()) {
      for (const next of NEXTS) {
        const o: Ineligible = { kind: 'ineligible', reason: r.reason, message: r.message, subscriber: sub({}), next };
        const a = claimScreen(o, { lang, phone: PHONE, dial: dialOf('*855#', lang), smsFollows: true, prepaid: true });
        check(a, `${lang} refused ${r.reason} next=${next?.eligible}`);
        assert.ok(a.startsWith('END '), 'a refusal ends the session');
        if (next?.eligible === false) assert.doesNotMatch(a, /ouvrira|opens/, `${lang}: no next cycle when its rules would not retain\n${a}`);
        check(checkScreen(o, programme, lang), `${lang} check refused ${r.reason}`);
      }
    }
    for (const e of ERRORS) check(claimScreen({ kind: 'invalid', errors: [e] }, { lang, phone: null, dial: 'x', smsFollows: false, prepaid: true }), `${lang} invalid`);
    for (const smsFollows of [true, false]) for (const phone of [PHONE, null]) for (const prepaid of [true, false]) for (const dial of [dialOf('*855#', lang), dialOf(LONG_DIAL, lang)]) {
      const q: ClaimOutcome = { kind: 'queued', position: BIG_PLACE, eta_s: 86_400 * 3, retry_after_s: 30, pass: 'p'.repeat(120), prequeue: false };
      const a = claimScreen(q, { lang, phone, dial, smsFollows, prepaid });
      check(a, `${lang} queued sms=${smsFollows} phone=${phone} prepaid=${prepaid}`);
      assert.ok(a.startsWith('END '), 'a USSD session cannot wait in line');
    }
    check(claimScreen({ kind: 'unavailable', retry_after_s: 5, cause: null }, { lang, phone: null, dial: 'x', smsFollows: false, prepaid: true }), `${lang} unavailable`);
  }
});

test('retrieve and check screens: none, one, every cycle, many with long labels; eligible and already credited', () => {
  const longProgramme = { ...programme, cycles: Array.from({ length: 6 }, (_, i) => ({ ...programme.cycles[0], id: `cycle-${i}`, label: `Période de solidarité numéro ${i} — très long intitulé du programme`, wording: undefined })) };
  const all = credits();
  for (const lang of LANGS) {
    const found = { found: sub({}) };
    check(retrieveScreen({ unknown: LONG_CONTRACT, typo: null }, [], programme, lang), `${lang} retrieve unknown`);
    check(retrieveScreen({ unknown: LONG_METER, typo: ERRORS[0] }, [], programme, lang), `${lang} retrieve typo`);
    check(retrieveScreen({ errors: [ERRORS[1]] }, [], programme, lang), `${lang} retrieve invalid`);
    check(retrieveScreen(found, [], programme, lang), `${lang} retrieve none`);
    for (const c of all) check(retrieveScreen(found, [c], programme, lang), `${lang} retrieve one`);
    check(retrieveScreen(found, [all[0], all.find((c) => c.cycle === 'phase-2' && c.token)!], programme, lang), `${lang} retrieve two`);
    const many = longProgramme.cycles.map((c, i) => ({ ...all[i % 2], cycle: c.id }));
    const a = retrieveScreen(found, many, longProgramme, lang);
    check(a, `${lang} retrieve many`);
    assert.match(a, lang === 'fr' ? /et \d autre/ : /and \d more/, `${lang}: says how many more did not fit\n${a}`);
    for (const c of all) {
      const s = sub({ service: c.service as 'water' });
      const eligible: CheckOutcome = { kind: 'eligible', subscriber: s, cycle: programme.cycles.find((x) => x.id === c.cycle)!, credit: { fcfa: c.fcfa, units_tenths: c.units_tenths, unit: c.unit as 'kWh' } };
      check(checkScreen(eligible, programme, lang), `${lang} check eligible ${c.fcfa}`);
      check(checkScreen({ kind: 'issued', credit: c, subscriber: s, replayed: true }, programme, lang), `${lang} check already ${c.fcfa}`);
    }
    for (const e of ERRORS) check(checkScreen({ kind: 'invalid', errors: [e] }, programme, lang), `${lang} check invalid`);
  }
});
