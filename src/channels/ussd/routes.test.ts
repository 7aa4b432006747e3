/** @module Tests: POST /ussd/africastalking end to end through app.inject, on a real claim core: every flow, every bad input, the API document. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isGsm7, septets } from '../../sms/gsm7.js';
import { AddressGuard } from '../../http/guard.js';
import { POOL_TOKEN, SUBS, bareUssdApp, gateway, postForm, recordingFollowUp, screenAfter, ussdHarness, type UssdHarness } from './test-support/harness.js';
import { MALFORMED, UNREADABLE, BUSY } from './routes.js';

let h: UssdHarness;
before(async () => {
  h = await ussdHarness();
});
after(() => h.close());

const [PREPAID, POSTPAID, WATER, PRO, , SOCIAL_3KW] = SUBS;
const GROUPED = POOL_TOKEN.match(/.{4}/g)!.join(' ');
const typo = (m: string) => m.slice(0, -1) + String((Number(m.at(-1)) + 1) % 10);

/** Every answer of this channel: text/plain, CON or END, one screen of GSM-7. */
async function answer(fields: Record<string, string | undefined> | string, status = 200): Promise<string> {
  const r = await postForm(h.app, fields);
  assert.equal(r.statusCode, status, `status for ${JSON.stringify(fields).slice(0, 120)}: ${r.body}`);
  assert.match(String(r.headers['content-type']), /^text\/plain; charset=utf-8/, 'text/plain');
  assert.match(r.body, /^(CON|END) /, `starts with CON or END: ${r.body}`);
  assert.ok(isGsm7(r.body) && septets(r.body) <= 182, `one GSM-7 screen: ${r.body}`);
  assert.doesNotMatch(r.body, /at .*\.(ts|js):\d+|Error:/, 'no stack trace');
  return r.body;
}
const walk = (inputs: string[]) => answer(gateway(inputs.join('*')) as Record<string, string>);

test('the menu, then option 1 asks for the number', async () => {
  const menu = await walk([]);
  assert.match(menu, /^CON Crédit offert électricité et eau\n1 Obtenir mon crédit\n2 Retrouver mon code\n3 Suis-je éligible\?\n4 Contester un refus\n5 English$/, 'French first, option 1 claims');
  assert.match(await walk(['1']), /^CON Tapez votre numéro de compteur .* ou de contrat .*\n0 Retour$/s, 'the prompt');
});

test('prepaid: the code in groups of four on the END screen; asked again, the same code, already received', async () => {
  const first = await walk(['1', PREPAID.meter_no]);
  assert.match(first, /^END Votre code électricité \(416,6 kWh, 20 000 FCFA\):\n/, 'what the code is worth');
  assert.ok(first.includes(`\n${GROUPED}\n`), `the code in groups of four: ${first}`);
  assert.match(first, /Tapez-le sur le compteur puis Entrée \(ou #\)/, 'how to key it in');
  const again = await walk(['1', PREPAID.contract_no]);
  assert.match(again, /^END Code électricité déjà obtenu le .*Le voici, sans second crédit:/, 'a replay says so');
  assert.ok(again.includes(GROUPED), 'with the same code');
});

test('postpaid and water: the account credited, which service and which contract', async () => {
  const e = await walk(['1', POSTPAID.meter_no]);
  assert.match(e, new RegExp(`^END Votre compte électricité ${POSTPAID.contract_no} est crédité de 20 000 FCFA, visible sur votre prochaine facture\\.`), e);
  const w = await walk(['1', WATER.contract_no.toLowerCase()]);
  assert.match(w, new RegExp(`^END Votre compte eau ${WATER.contract_no} est crédité de 15 000 FCFA`), w);
  assert.match(await walk(['1', WATER.meter_no]), /a déjà été crédité de 15 000 FCFA le .*Pas de second crédit/, 'a replay for an account');
});

test('refusals: the reason in plain French, the next cycle only when its rules would retain; unknown number; check-digit typo', async () => {
  const pro = await walk(['1', PRO.meter_no]);
  assert.match(pro, /^END Seuls les abonnés particuliers sont retenus pour la phase 1 \(votre contrat: professionnel\)\.$/, pro);
  assert.doesNotMatch(pro, /phase 2/, 'phase 2 would refuse a professional too: no next cycle');
  const later = await walk(['1', SOCIAL_3KW.meter_no]);
  assert.match(later, /^END Votre compteur 3 kW n'est pas retenu pour la phase 1 .*\nLa phase 2 ouvrira prochainement/s, later);
  assert.match(await walk(['1', '12345']), /^END Aucun abonnement ne correspond au numéro 12345\./, 'unknown number');
  const slip = await walk(['1', typo(PREPAID.meter_no)]);
  assert.match(slip, /^CON Ce numéro de compteur semble mal saisi: .*chiffre de controle.*\nRetapez le numéro:\n0 Retour$/s, 'a typo is asked again');
  assert.ok((await walk(['1', typo(PREPAID.meter_no), PREPAID.meter_no])).includes(GROUPED), 'then the corrected number gets its code');
});

test('English: option 5, then the whole session in English', async () => {
  assert.match(await walk(['5']), /^CON Free electricity and water credit\n1 Get my credit\n.*\n5 FRANÇAIS$/s, 'the English menu');
  assert.match(await walk(['5', '1']), /^CON Type your meter number/, 'the English prompt');
  assert.match(await walk(['5', '1', PRO.meter_no]), /^END Only /, 'the reason in English');
  assert.match(await walk(['5', '1', POSTPAID.meter_no]), /^END Your electricity account .* (is|was already) credited with 20,000 FCFA/, 'the account in English');
});

test('retrieve my code issues nothing; eligibility says yes or no and why, issuing nothing', async () => {
  const before = h.claims.creditCount;
  assert.match(await walk(['2', SUBS[4].meter_no]), /^END Aucun code ni crédit n'a encore été délivré pour ce numéro/, 'nothing yet for the prepaid water meter');
  assert.match(await walk(['3', SUBS[4].meter_no]), /^END Oui: votre abonnement eau C0000005 est retenu pour la phase 1 \(15 000 FCFA\)/, 'eligible');
  assert.equal(h.claims.creditCount, before, 'neither issued anything');
  assert.match(await walk(['3', PRO.meter_no]), /^END Non\. /, 'not eligible, and why');
  assert.match(await walk(['3', '12345']), /^END Non\. Aucun abonnement/, 'unknown');
  await walk(['1', PREPAID.meter_no]);
  const found = await walk(['2', PREPAID.contract_no]);
  assert.match(found, /^END Déjà délivré:\nPhase 1 - avril 2020: /, found);
  assert.ok(found.includes(GROUPED), 'retrieve shows the code');
  assert.match(await walk(['3', PREPAID.meter_no]), /a déjà obtenu son crédit de 20 000 FCFA pour la phase 1\. Tapez 2 au menu/, 'already credited');
  assert.match(await walk(['2', typo(PREPAID.meter_no)]), /^CON .*mal saisi/s, 'retrieve re-asks a typo too');
  assert.match(await walk(['4']), /^CON Réclamations\n1 Faire une réclamation\n2 Suivre ma réclamation\n0 Retour$/, 'option 4: grievances (contest.test.ts)');
});

test('bad input gets a screen: letters, unknown option, empty at a prompt, too many steps, 10 KB of text, back', async () => {
  assert.match(await walk(['abc']), /^CON Choix inconnu: tapez le chiffre d'une option\.\nCrédit offert/, 'letters where a digit is expected');
  assert.match(await walk(['9']), /^CON Choix inconnu/, 'an unknown option');
  assert.match(await walk(['1', '']), /^CON Indiquez votre numéro de compteur ou de contrat\.\nRetapez le numéro:/, 'empty input at a prompt');
  assert.match(await walk(['1', 'abc!$']), /^CON Ce numéro ne peut contenir que des chiffres/, 'forbidden characters at a prompt');
  assert.match(await walk(['1', '9'.repeat(200)]), /^CON Ce numéro est trop long/, 'a number too long');
  assert.match(await walk(['1', 'x!', 'y!', 'z!']), /^END Numéro non reconnu après 3 essais/, 'three bad numbers end it');
  assert.match(await walk(Array(20).fill('1*0').join('*').split('*')), /^END Trop d'étapes dans cette session\. Recomposez le \*855#/, 'too many steps');
  assert.match(await walk(['1', PRO.meter_no, '1']), /^END Cette session est terminée/, 'an input after an END');
  assert.match(await answer(gateway('1*'.repeat(5000)) as Record<string, string>), /^END Saisie trop longue\. Recomposez le \*855#/, 'a 10 KB text');
  assert.match(await walk(['1', '0']), /^CON Crédit offert/, '0 goes back to the menu');
});

test('a request the gateway should never send: an END screen (400 only for a body that cannot be read), never a 5xx, never JSON', async () => {
  const g = gateway('') as Record<string, string>;
  assert.equal(await answer({ ...g, sessionId: 'bad id<script>' }), MALFORMED, 'a malformed sessionId');
  for (const field of ['sessionId', 'serviceCode', 'phoneNumber', 'text']) assert.equal(await answer({ ...g, [field]: undefined }), MALFORMED, `missing ${field}`);
  assert.equal(await answer('sessionId=a&sessionId=b&serviceCode=*855%23&phoneNumber=%2B24177123456&text='), MALFORMED, 'a repeated field');
  assert.equal(await answer({ ...g, networkCode: undefined }), await walk([]), 'networkCode is informative only');
  const json = await h.app.inject({ method: 'POST', url: '/ussd/africastalking', payload: JSON.stringify(g), headers: { 'content-type': 'application/json' } });
  assert.equal(json.statusCode, 200, 'a JSON body is not a form: a screen saying so');
  assert.equal(json.body, MALFORMED, 'an END line, not JSON');
  const none = await h.app.inject({ method: 'POST', url: '/ussd/africastalking' });
  assert.equal(none.statusCode, 200, 'no body: a screen saying so');
  assert.equal(none.body, MALFORMED, 'an END line');
  const huge = await h.app.inject({ method: 'POST', url: '/ussd/africastalking', payload: `text=${'1'.repeat(100_000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(huge.statusCode, 400, 'a body too large to read');
  assert.equal(huge.body, UNREADABLE, 'an END line');
  assert.match(String(huge.headers['content-type']), /^text\/plain/, 'in text/plain');
  const binary = await h.app.inject({ method: 'POST', url: '/ussd/africastalking', payload: Buffer.from([0xff, 0xfe, 0x00, 0x25, 0x25]), headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(binary.statusCode, 200, 'bytes that are not a form: a screen saying so');
  assert.equal(binary.body, MALFORMED, 'an END line');
  const foreign = await answer({ ...g, phoneNumber: '+254711000111', text: `1*${SUBS[1].meter_no}` });
  assert.match(foreign, /^END Votre compte électricité/, 'a phone that is not a Gabonese mobile does not cost the claim');
});

test('the abuse guard answers a gateway with an END line, not JSON', async () => {
  const guard = new AddressGuard({ ratePerSecond: 0.001, burst: 1, maxConnectionsPerAddress: 100, trusted: new Set(), now: () => 0 });
  const app = bareUssdApp(h.claims, recordingFollowUp(), { guard });
  try {
    assert.match((await postForm(app, gateway('') as Record<string, string>)).body, /^CON /, 'the first request passes');
    const r = await postForm(app, gateway('') as Record<string, string>);
    assert.equal(r.statusCode, 429, 'the second is limited');
    assert.equal(r.body, BUSY, 'with a line a handset can show');
    assert.match(String(r.headers['content-type']), /^text\/plain/, 'in text/plain');
  } finally {
    await app.close();
  }
});

test('a store fault: an END screen asking to try again in a few minutes, never a 5xx', async () => {
  const broken = await ussdHarness({ failCommits: true });
  try {
    const r = await postForm(broken.app, gateway(`1*${SUBS[1].meter_no}`) as Record<string, string>);
    assert.equal(r.statusCode, 200, 'the gateway gets a screen');
    assert.match(r.body, /^END Service momentanément indisponible: rien n'a été enregistré\. Réessayez dans quelques minutes\.$/, r.body);
    assert.match(await screenAfter(broken.app, ['5', '1', SUBS[1].meter_no]), /^END Service unavailable for a moment/, 'in English too');
  } finally {
    await broken.close();
  }
});

test('the callback and the emulator are in /api/v1/openapi.json, with the form schema', async () => {
  const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> }; responses: Record<string, { content?: Record<string, unknown> }> }>> };
  const op = doc.paths['/ussd/africastalking']?.post;
  assert.ok(op, 'the USSD callback is documented');
  const form = op.requestBody?.content['application/x-www-form-urlencoded']?.schema;
  assert.deepEqual(Object.keys(form?.properties ?? {}), ['sessionId', 'serviceCode', 'phoneNumber', 'networkCode', 'text'], 'its form fields');
  assert.deepEqual(form?.required, ['sessionId', 'serviceCode', 'phoneNumber', 'text'], 'the required ones');
  assert.ok(op.responses['200']?.content?.['text/plain'], 'answered in text/plain');
  assert.ok(doc.paths['/demo/ussd']?.get && doc.paths['/demo/ussd']?.post, 'the emulator is documented');
});

test('the USSD plugin keeps its body parsing to itself: the JSON API beside it still reads JSON', async () => {
  const r = await h.app.inject({ method: 'POST', url: '/api/v1/grievances-not-here', payload: '{}', headers: { 'content-type': 'application/json' } });
  assert.equal(r.statusCode, 404, 'an unknown route is the kit\'s 404');
  assert.match(String(r.headers['content-type']), /^application\/json/, 'answered in JSON, not by the USSD plugin');
  const claim = await h.app.inject({ method: 'POST', url: '/api/v1/claims', payload: JSON.stringify({ meter_no: '99999999' }), headers: { 'content-type': 'application/json' } });
  assert.equal(claim.statusCode, 422, `the API parsed the JSON and answered the claim: ${claim.body}`);
});
