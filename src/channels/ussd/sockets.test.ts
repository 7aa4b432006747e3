/** @module Tests: USSD sessions replayed over real sockets against real nodes (demo registry, STS engine, SQLite), queued claims with a low admit rate. */
import { until } from '../../test-support/until.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isGsm7, septets } from '../../sms/gsm7.js';
import { startTestNode } from '../../test-support/node.js';
import { replaySession, ussdStep, type UssdScreen } from './replayer.js';
import { MALFORMED, UNREADABLE } from './routes.js';

type Samples = Record<'prepaid' | 'postpaid' | 'water' | 'not_retained', string[]>;
let node: Awaited<ReturnType<typeof startTestNode>>;
let url: string;
let samples: Samples;

before(async () => {
  node = await startTestNode();
  url = `${node.url}/ussd/africastalking`;
  samples = (await (await fetch(`${node.url}/api/v1/demo/samples`)).json()) as Samples;
});
after(() => node.stop());

function screens(s: UssdScreen[]): string[] {
  for (const x of s) {
    assert.equal(x.status, 200, `a screen: ${x.body}`);
    assert.match(x.contentType, /^text\/plain/, 'text/plain');
    assert.ok(isGsm7(x.body) && septets(x.body) <= 182, `one GSM-7 screen: ${x.body}`);
  }
  return s.map((x) => x.body);
}
const last = async (inputs: string[], o = {}) => screens(await replaySession(url, inputs, o)).at(-1) ?? '';

test('a full claim over real sockets: menu, 1, the number; the code in groups of four from the STS engine; the same code again', async () => {
  const s = screens(await replaySession(url, ['1', samples.prepaid[0]]));
  assert.equal(s.length, 3, 'three screens: menu, prompt, answer');
  assert.match(s[0], /^CON .*\n1 Obtenir mon crédit\n/s, 'the menu');
  assert.match(s[1], /^CON Tapez votre numéro/, 'the prompt');
  const code = /\n(\d{4} \d{4} \d{4} \d{4} \d{4})\n/.exec(s[2])?.[1];
  assert.ok(code, `a 20-digit code in groups of four: ${s[2]}`);
  const again = await last(['1', samples.prepaid[0]]);
  assert.match(again, /^END Code électricité déjà obtenu/, 'a replay');
  assert.ok(again.includes(code), 'the same code');
  assert.ok((await last(['2', samples.prepaid[0]])).includes(code), 'retrieve shows it too');
});

test('postpaid, water, not retained, unknown, a typo retried, English, eligibility, contest: over sockets', async () => {
  assert.match(await last(['1', samples.postpaid[0]]), /^END Votre compte électricité \S+ est crédité de 20 000 FCFA/, 'postpaid');
  assert.match(await last(['1', samples.water[0]]), /^END (Votre compte eau \S+ est crédité de 15 000 FCFA|Votre code eau)/, 'water');
  assert.match(await last(['1', samples.not_retained[0]]), /^END .*(retenu|particulier|condition)/s, 'not retained, with the reason');
  assert.match(await last(['1', '99999999']), /^END Aucun abonnement ne correspond au numéro 99999999/, 'unknown');
  const m = samples.prepaid[1];
  const slip = m.slice(0, -1) + String((Number(m.at(-1)) + 1) % 10);
  const retried = screens(await replaySession(url, ['1', slip, m]));
  assert.match(retried[2], /^CON .*mal saisi/s, 'the typo is asked again');
  assert.match(retried[3], /^END Votre code électricité/, 'the corrected number gets its code');
  assert.match(await last(['5', '1', samples.postpaid[1]]), /^END Your electricity account \S+ is credited with 20,000 FCFA/, 'English');
  assert.match(await last(['3', samples.postpaid[2]]), /^END Oui: /, 'eligible, nothing issued');
  assert.match(await last(['1', samples.postpaid[2]]), /est crédité de/, 'so the claim after it is fresh, not a replay');
  assert.match(await last(['4']), /^CON Réclamations\n1 Faire une réclamation/, 'option 4: grievances');
  const raised = await last(['4', '1', '1', samples.not_retained[2], '1']);
  const ticket = /^END Réclamation (R-[0-9A-Z]{6}) enregistrée \(Non retenu\)/.exec(raised)?.[1];
  assert.ok(ticket, `the node's grievance service raised it: ${raised}`);
  assert.match(await last(['4', '2', ticket.replace('-', '')]), new RegExp(`^END ${ticket} Non retenu: en attente d'examen\\.$`), 'and shows its state');
});

test('sessions are stateless: interleaved steps of many sessions, each answered from its own text', async () => {
  const numbers = [samples.water[1], samples.water[2], samples.postpaid[1], samples.not_retained[1]];
  const all = await Promise.all(numbers.map((n, i) => replaySession(url, ['1', n], { sessionId: `ATUid_par${i}` })));
  for (const [i, s] of all.entries()) assert.equal(s.length, 3, `session ${i} ended after its number`);
  assert.match(screens(all[3]).at(-1) ?? '', /^END /, 'the refused one ended too');
});

test('a body the node cannot read: 400 with an END line over a real socket', async () => {
  const big = await fetch(url, { method: 'POST', body: `text=${'1'.repeat(100_000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(big.status, 400, 'too large');
  assert.equal(await big.text(), UNREADABLE, 'an END line');
  const json = await fetch(url, { method: 'POST', body: '{"text":""}', headers: { 'content-type': 'application/json' } });
  assert.equal(json.status, 200, 'not a form: a screen saying so');
  assert.equal(await json.text(), MALFORMED, 'an END line, not JSON');
  const s = await ussdStep(url, '1*'.repeat(5000), { sessionId: 'ATUid_long' });
  assert.equal(s.status, 200, 'a 10 KB text is still a screen');
  assert.match(s.body, /^END Saisie trop longue/, 'saying so');
});

test('queued: a low admit rate and a burst; each queued session ends saying the code follows by SMS, and it does', async () => {
  const slow = await startTestNode({}, { 'admit-rate': '1' });
  try {
    const u = `${slow.url}/ussd/africastalking`;
    const sm = (await (await fetch(`${slow.url}/api/v1/demo/samples`)).json()) as Samples;
    const numbers = [...sm.prepaid, ...sm.postpaid, ...sm.water];
    const phoneOf = (i: number) => `+2416600${String(i).padStart(4, '0')}`;
    const ends = await Promise.all(numbers.map((n, i) => ussdStep(u, `1*${n}`, { sessionId: `ATUid_burst${i}`, phoneNumber: phoneOf(i) })));
    const queued = ends.map((e, i) => ({ e, i })).filter(({ e }) => /dans la file/.test(e.body));
    assert.ok(queued.length >= 1, `9 claims at once at 1 a second: some wait (${ends.map((e) => e.body.slice(0, 40)).join(' | ')})`);
    for (const { e } of queued) {
      assert.equal(e.status, 200, 'a screen, not a 202');
      assert.match(e.body, /^END Votre demande est enregistrée dans la file \(place \d+, environ \d+ min\)\. (Le code vous sera envoyé|La confirmation vous sera envoyée) par SMS/, `the SMS is promised: ${e.body}`);
    }
    // The demo's SMSC: the node follows the queued claims up and the notice reaches each caller's phone.
    const inbox = slow.sms.simulator!.inbox;
    await until(() => queued.every(({ i }) => inbox.of(phoneOf(i)).length > 0), 60_000, () => `follow-up SMS received by ${queued.filter(({ i }) => inbox.of(phoneOf(i)).length > 0).length} of ${queued.length} queued callers`);
    for (const { i } of queued) assert.match(inbox.of(phoneOf(i))[0].text, /Code:|crédités/, `the credit's notice: ${inbox.of(phoneOf(i))[0].text}`);
  } finally {
    await slow.stop();
  }
});
