/** @module Every screen of USSD option 4 (grievances), in both languages, with the longest numbers and decider's words: 182 septets at most, GSM-7 only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldError } from '../../claims/outcome.js';
import { GRIEVANCE_CATEGORIES, GRIEVANCE_STATUSES, type Grievance } from '../../domain/grievance.js';
import { describe as describeChar, isGsm7, nonGsm7, septets } from '../../sms/gsm7.js';
import {
  categoryScreen, confirmScreen, contestInvalidScreen, contestMenuScreen, contestNumberScreen, grievanceScreen, grievancesScreen,
  raisedScreen, ticketMalformedScreen, ticketNotFoundScreen, trackPromptScreen,
} from './contest-screens.js';
import { SCREEN_SEPTETS } from './gsm7-text.js';
import type { Lang } from './words.js';
import { CONTEST_WORDS } from './contest-words.js';

const LANGS: Lang[] = ['fr', 'en'];
const LONG_CONTRACT = 'LBV-ABCDEFGHIJ/0123456789.KLMNOPQRST_0123';
const LONG_REASON = 'Après vérification à l’agence d’Owendo, votre compteur est bien enregistré à 9 kW «professionnel» — la règle de la phase s’applique : ' + 'é'.repeat(400);
const ERRORS: FieldError[] = [
  { field: 'number', message: 'Ce numéro semble mal saisi : la clé de contrôle ne correspond pas. Vérifiez-le sur votre compteur ou votre facture, chiffre par chiffre, puis retapez-le en entier.', message_en: 'Mistyped.' },
  { field: 'category', message: 'Motif inconnu.' },
];

function check(answer: string, what: string): void {
  assert.match(answer, /^(CON|END) /, `${what}: starts with CON or END`);
  assert.ok(isGsm7(answer), `${what}: not GSM-7: ${nonGsm7(answer).map(describeChar).join(', ')}\n${answer}`);
  assert.ok(septets(answer) <= SCREEN_SEPTETS, `${what}: ${septets(answer)} septets\n${answer}`);
}

function grievance(over: Partial<Grievance>): Grievance {
  return {
    id: 1, ticket: 'R-7K3Q9XZ', subscriber_id: 1, number: LONG_CONTRACT, programme_id: 'p', cycle: 'phase-1', category: 'not_retained', message: '',
    phone: '+24177123456', channel: 'ussd', logged_by: null, agency: null, status: 'open', assigned_to: null, refusal_reason: null,
    created_at: '2020-04-02T09:00:00Z', due_at: '2020-04-09T09:00:00Z', decided_at: null, decided_by: null, decision: null, reason: null, remedy: null, ...over,
  };
}

test('option 4\'s screens: menus (wrong or not), every category\'s prompt and confirmation with the longest number, every error', () => {
  for (const lang of LANGS) {
    for (const wrong of [false, true]) {
      check(contestMenuScreen(lang, wrong), `${lang} menu ${wrong}`);
      check(categoryScreen(lang, wrong), `${lang} categories ${wrong}`);
      check(trackPromptScreen(lang, wrong), `${lang} track prompt ${wrong}`);
      for (const c of GRIEVANCE_CATEGORIES) check(confirmScreen(lang, c, LONG_CONTRACT, wrong), `${lang} confirm ${c} ${wrong}`);
    }
    for (const c of GRIEVANCE_CATEGORIES) for (const e of [null, ...ERRORS]) check(contestNumberScreen(lang, c, e), `${lang} number ${c}`);
    check(contestInvalidScreen(lang, ERRORS), `${lang} invalid`);
    check(contestInvalidScreen(lang, []), `${lang} invalid, no words`);
    check(ticketMalformedScreen(lang), `${lang} malformed`);
    check(ticketNotFoundScreen(lang), `${lang} not found`);
  }
  assert.match(categoryScreen('fr', false), /^CON Motif de la réclamation:\n1 Non retenu\n2 Compteur inconnu\n3 Code refusé par le compteur\n4 Crédit absent de la facture\n5 Autre\n0 Retour$/);
  assert.match(confirmScreen('fr', 'unknown_meter', '12345', false), /^CON Réclamation "Compteur inconnu" pour le numéro 12345\.\n1 Confirmer\n0 Annuler$/);
});

test('the ticket first; a grievance\'s state and the decider\'s words for every category and status; a list of them', () => {
  for (const lang of LANGS) {
    for (const category of GRIEVANCE_CATEGORIES) {
      for (const phone of ['+24177123456', null]) for (const fresh of [true, false]) {
        const a = raisedScreen(lang, grievance({ category, phone }), fresh);
        check(a, `${lang} raised ${category} ${fresh}`);
        assert.ok(a.startsWith(fresh ? (lang === 'fr' ? 'END Réclamation R-7K3Q9XZ enregistrée' : 'END Grievance R-7K3Q9XZ recorded') : 'END '), a);
        assert.ok(a.includes('R-7K3Q9XZ'), a);
      }
      for (const status of GRIEVANCE_STATUSES) for (const reason of [null, 'Compteur vérifié.', LONG_REASON]) {
        const decided = status === 'accepted' || status === 'rejected';
        const remedy = status === 'accepted' ? { kind: 'exception' as const, cycle: 'phase-1' } : null;
        const a = grievanceScreen(lang, grievance({ category, status, reason: decided ? reason : null, decision: decided ? status : null, remedy }));
        check(a, `${lang} state ${category} ${status}`);
        assert.ok(a.startsWith('END R-7K3Q9XZ '), a);
      }
    }
    const many = Array.from({ length: 9 }, (_, i) => grievance({ ticket: `R-AAAAA${i}X`, category: GRIEVANCE_CATEGORIES[i % 5], status: GRIEVANCE_STATUSES[i % 4] }));
    const list = grievancesScreen(lang, LONG_CONTRACT, many);
    check(list, `${lang} list`);
    assert.match(list, lang === 'fr' ? /et \d+ autre\(s\)\.$/ : /and \d+ more\.$/, list);
    check(grievancesScreen(lang, LONG_CONTRACT, []), `${lang} none`);
    check(grievancesScreen(lang, LONG_CONTRACT, many.slice(0, 1)), `${lang} one`);
  }
  assert.equal(grievanceScreen('fr', grievance({ status: 'accepted', decision: 'accepted', reason: 'Puissance corrigée à l’agence.' })),
    'END R-7K3Q9XZ Non retenu: acceptée.\nMotif: Puissance corrigée à l\'agence.');
  assert.equal(grievanceScreen('fr', grievance({ status: 'accepted', decision: 'accepted', reason: 'Vu.', remedy: { kind: 'exception', cycle: 'phase-1' } })),
    'END R-7K3Q9XZ Non retenu: acceptée. Tapez 1 au menu pour recevoir votre crédit.\nMotif: Vu.');
  assert.equal(raisedScreen('fr', grievance({}), true), 'END Réclamation R-7K3Q9XZ enregistrée (Non retenu). Notez ce numéro. Réponse par SMS au +24177123456. Suivi: menu 4 puis 2.');
});

test('option 4\'s own words are GSM-7 as written: nothing relies on the transliteration', () => {
  for (const lang of LANGS) {
    const w = CONTEST_WORDS[lang];
    const samples = [w.menu, w.categories, w.wrong, ...Object.values(w.category), ...Object.values(w.status), w.numberPrompt('x'), w.confirm('x', '1'),
      w.raised('R-1', 'x'), w.smsFollows('+24177123456'), w.followHow, w.existing('R-1', 'x'), w.trackPrompt, w.trackEmpty, w.ticketLine('R-1', 'x', 'y'),
      w.reason('x'), w.claimNow, w.more(2), w.none('1'), w.malformed, w.notFound];
    for (const s of samples) assert.ok(isGsm7(s), `${lang}: ${JSON.stringify(s)} holds ${nonGsm7(s).map(describeChar).join(', ')}`);
  }
});
