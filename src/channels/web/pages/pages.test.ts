import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Programme } from '../../../domain/programme.js';
import { builtinProgramme } from '../../../programmes/index.js';
import { checkPage, SAMPLES } from '../test-support/harness.js';
import { homePage } from './home.js';
import { groupToken, issuedPage, refusedPage } from './answer.js';
import { lookupPage } from './lookup.js';
import { refreshSeconds, waitingPage } from './waiting.js';
import { unavailablePage } from './unavailable.js';
import { EMPTY_FORM } from './form.js';

const HOSTILE = `"><script>alert('x')</script>`;
const LANGS = ['fr', 'en'] as const;

/** The built-in programme with operator-written text replaced by markup, to prove data never becomes markup. */
function hostileProgramme(): Programme {
  const p = builtinProgramme();
  p.cycles[0].label = HOSTILE;
  p.cycles[1].label = HOSTILE;
  p.cycles[1].opens_at = '2020-05-01';
  return p;
}

const issued = {
  contract_no: HOSTILE, meter_no: HOSTILE, claim_id: HOSTILE, cycle: 'phase-1', service: 'electricity', metering: 'prepaid',
  credit: { fcfa: 20000, units: 416.6, unit: 'kWh' }, token: '23716100501183194197', replayed: true, issued_at: '2020-04-02T09:15:00Z',
};

function noHostileMarkup(body: string): void {
  assert.ok(!body.includes('<script>'), 'hostile markup reached the page unescaped');
  assert.ok(!body.includes(HOSTILE) && !body.includes(`alert('x')`), 'an attribute was broken out of');
  assert.ok(body.includes('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)'), 'the hostile text is shown, escaped');
}

test('groupToken cuts a 20-digit code in five groups of four', () => {
  assert.deepEqual(groupToken('23716100501183194197'), ['2371', '6100', '5011', '8319', '4197']);
});

for (const lang of LANGS) {
  test(`every page renders in ${lang}, small, labelled, escaped, with or without the demo banner`, () => {
    const p = hostileProgramme();
    for (const demo of [true, false]) {
      const pages: string[] = [
        homePage({ lang, programme: p, samples: demo ? SAMPLES : null, values: { numero: HOSTILE, phone: HOSTILE } }),
        homePage({ lang, programme: p, samples: demo ? SAMPLES : null, values: EMPTY_FORM, errors: { numero: HOSTILE, phone: HOSTILE } }),
        issuedPage({ lang, demo, programme: p, answer: issued, numero: HOSTILE }),
        issuedPage({ lang, demo, programme: p, answer: { ...issued, token: null, metering: 'postpaid' }, numero: '1' }),
        refusedPage({ lang, demo, programme: p, answer: { reason: 'unknown_meter', message: HOSTILE, message_en: HOSTILE, next: null }, values: { numero: HOSTILE, phone: '' } }),
        refusedPage({ lang, demo, programme: p, answer: { reason: 'not_retained', message: HOSTILE, message_en: HOSTILE, next: { cycle: p.cycles[1], eligible: true } }, values: EMPTY_FORM }),
        lookupPage({ lang, demo, programme: p, numero: HOSTILE, result: { kind: 'found', credits: [issued, { ...issued, token: null }] } }),
        lookupPage({ lang, demo, programme: p, numero: HOSTILE, result: { kind: 'invalid', error: HOSTILE } }),
        lookupPage({ lang, demo, programme: p, numero: HOSTILE, result: { kind: 'unknown' } }),
        lookupPage({ lang, demo, programme: p, numero: HOSTILE, result: { kind: 'found', credits: [] } }),
        waitingPage({ lang, demo, queued: { position: 1234, eta_s: 300, retry_after_s: 60, pass: HOSTILE }, values: { numero: HOSTILE, phone: HOSTILE }, refreshHref: '/demande?pass=x' }),
        unavailablePage(lang, demo, { numero: HOSTILE, phone: '' }),
      ];
      for (const body of pages) {
        checkPage(body, { lang, demo });
        noHostileMarkup(body);
      }
    }
  });
}

test('the prepaid answer shows the code in groups, the steps to key it in, the amount and the reference', () => {
  const body = issuedPage({ lang: 'fr', demo: false, programme: builtinProgramme(), answer: { ...issued, claim_id: 'G-00000007' }, numero: '10000000017' });
  assert.match(body, /<p class="token" id="code"><span>2371<\/span> <span>6100<\/span> <span>5011<\/span> <span>8319<\/span> <span>4197<\/span><\/p>/);
  assert.match(body, /Appuyez sur la touche Entrée \(ou #\)/);
  assert.match(body, /416,6\u00a0kWh d’électricité \(valeur 20\u202f000\u00a0FCFA\)/);
  assert.match(body, /G-00000007/);
  assert.match(body, /Vous aviez déjà reçu ce code le 2 avril 2020 à 10\u00a0h\u00a015/, 'a replay says when, in Libreville time');
});

test('a refusal says what to do next: come back for the next phase only if its rules retain the person', () => {
  const p = builtinProgramme();
  p.cycles[1].opens_at = '2020-05-04';
  const later = { reason: 'not_retained' as const, message: 'Non.', message_en: 'No.', next: { cycle: p.cycles[1], eligible: true } };
  const body = refusedPage({ lang: 'fr', demo: false, programme: p, answer: later, values: EMPTY_FORM });
  assert.match(body, /Phase 2 — mai 2020 ouvrira le 4 mai 2020/);
  assert.match(body, /présentez-vous à votre agence/);
  const never = refusedPage({ lang: 'fr', demo: false, programme: p, answer: { ...later, next: { cycle: p.cycles[1], eligible: false } }, values: EMPTY_FORM });
  assert.doesNotMatch(never, /ouvrira|revenez/, 'no "come back" for a phase that would refuse too');
  assert.match(never, /aucune phase annoncée ne retient/);
  const en = refusedPage({ lang: 'en', demo: false, programme: p, answer: later, values: EMPTY_FORM });
  assert.match(en, /<p class="big">No\.<\/p>/, 'the English page uses the English sentence');
  assert.match(en, /Phase 2 — May 2020 opens on/, 'and the English label of the cycle');
});

test('the waiting page refreshes by itself, says the place and the wait, and carries the pass', () => {
  const body = waitingPage({ lang: 'fr', demo: false, queued: { position: 12345, eta_s: 170, retry_after_s: 150, pass: 'p4ss' }, values: { numero: '10000000017', phone: '+24177000000' }, refreshHref: '/attente?numero=10000000017&pass=p4ss' });
  assert.match(body, /<meta http-equiv="refresh" content="30; url=\/attente\?numero=10000000017&amp;pass=p4ss">/);
  assert.match(body, /Votre place\u00a0: 12\u202f345/);
  assert.match(body, /environ 3 minutes/);
  assert.match(body, /<input type="hidden" name="pass" value="p4ss">/);
  assert.match(waitingPage({ lang: 'en', demo: false, queued: { position: 2, eta_s: 20, retry_after_s: 20, pass: 'p' }, values: EMPTY_FORM, refreshHref: '/' }), /less than a minute/);
  assert.equal(refreshSeconds(0), 5);
  assert.equal(refreshSeconds(3600), 30);
});

test('an invalid field is marked for assistive technology and its value is kept', () => {
  const body = homePage({ lang: 'fr', programme: builtinProgramme(), samples: null, values: { numero: '12ab', phone: '' }, errors: { numero: 'Mauvais numéro.' } });
  assert.match(body, /<title>Erreur\u00a0: /);
  assert.match(body, /<div class="alert" role="alert"/);
  assert.match(body, /<p class="field-error" id="numero-error">Mauvais numéro\.<\/p>/);
  assert.match(body, /<input type="text" id="numero" name="numero" value="12ab"[^>]* aria-describedby="numero-error numero-hint" aria-invalid="true">/);
  assert.doesNotMatch(body, /id="phone"[^>]*aria-invalid/);
});
