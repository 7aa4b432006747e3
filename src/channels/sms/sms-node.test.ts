/** @module The SMS channel on a real node in demo mode: its notices reach the simulator's phones over SMPP, receipts settle them, inbound messages are answered. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestNode } from '../../test-support/node.js';
import { located } from '../../test-support/claims.js';
import { until } from '../../test-support/until.js';
import { isGsm7, septets } from '../../sms/gsm7.js';

let node: Awaited<ReturnType<typeof startTestNode>>;
let samples: { prepaid: string[]; postpaid: string[]; water: string[]; not_retained: string[] };

before(async () => {
  node = await startTestNode();
  samples = (await node.app.inject({ method: 'GET', url: '/api/v1/demo/samples' })).json();
  // The link binds in the background (a node never waits for its SMSC to start serving claims).
  await until(() => node.sms.health() === 'up', 20_000, 'the node never bound to its demo SMSC');
});
after(() => node.stop());

const claim = (body: Record<string, unknown>) => node.app.inject({ method: 'POST', url: '/api/v1/claims', payload: body });
const inbox = (phone: string) => node.sms.simulator!.inbox.of(phone);

/** A sample of this kind whose subscriber has a phone on file. */
function withPhone(kind: keyof typeof samples): { meter: string; phone: string } {
  for (const meter of samples[kind]) {
    const s = located(node.claims.locate({ meter_no: meter }));
    if (s.phone) return { meter, phone: s.phone };
  }
  throw new Error(`no ${kind} sample with a phone on file`);
}

test('a prepaid credit\'s notice reaches the phone on file over SMPP: GSM-7, one part, the code in groups of four; the receipt marks it delivered', async () => {
  assert.equal((await node.app.inject({ method: 'GET', url: '/healthz' })).json().sms, 'up', '/healthz says the SMS link is up');
  assert.equal((await node.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'and is a 200');
  const { meter, phone } = withPhone('prepaid');
  const r = await claim({ meter_no: meter });
  assert.equal(r.statusCode, 200, r.body);
  const token: string = r.json().token;
  await until(() => inbox(phone).length > 0, 20_000, `no SMS reached ${phone}`);
  const sms = inbox(phone).at(-1)!;
  assert.ok(isGsm7(sms.text), `GSM-7: ${sms.text}`);
  assert.ok(septets(sms.text) <= 160, `one part: ${septets(sms.text)} septets`);
  assert.ok(sms.text.includes(token.replace(/(\d{4})(?=\d)/g, '$1 ')), `the code in groups of four: ${sms.text}`);
  assert.ok(sms.text.includes(meter), 'the meter to key it into');
  await until(async () => (await node.store.sms.counts()).delivered >= 1, 20_000, 'the delivery receipt never settled the message');
  // On SQLite the sender runs on the writer thread: its counters reach /metrics all the same, within a moment.
  const metric = (text: string, re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  await until(async () => {
    const text = (await node.app.inject({ method: 'GET', url: '/metrics' })).body;
    return metric(text, /^guichet_sms_submits_total\{outcome="sent"\} (\d+)$/m) >= 1
      && metric(text, /^guichet_sms_receipts_total\{state="delivered"\} (\d+)$/m) >= 1
      && metric(text, /^guichet_sms_submit_seconds_count (\d+)$/m) >= 1;
  }, 20_000, 'the hosted sender\'s counters never reached /metrics');
});

test('GRATUIT <numéro> from a phone is a claim answered by SMS; a second one is the same code again; an unknown word gets the help text', async () => {
  const { meter, phone } = withPhone('postpaid');
  const from = phone.slice(1);
  const before = inbox(phone).length;
  await node.sms.simulator!.injectMo({ from, to: 'SEEG', text: `  gratuit ${meter} ` });
  await until(() => inbox(phone).length > before, 20_000, 'no answer to GRATUIT');
  assert.match(inbox(phone).at(-1)!.text, /FCFA crédités sur votre compte d'électricité/, 'a postpaid credit says which account');
  const credited = inbox(phone).length;
  await node.sms.simulator!.injectMo({ from, to: 'SEEG', text: `GRATUIT ${meter}` });
  await until(() => inbox(phone).length > credited, 20_000, 'no answer to the second GRATUIT');
  assert.match(inbox(phone).at(-1)!.text, /Déjà crédité/, 'the same credit again, said so');
  const help = inbox(phone).length;
  await node.sms.simulator!.injectMo({ from, to: 'SEEG', text: 'BONJOUR' });
  await until(() => inbox(phone).length > help, 20_000, 'no help text');
  assert.match(inbox(phone).at(-1)!.text, /Envoyez GRATUIT suivi du numéro/, 'the help text');
  const creditsOfMeter = node.claims.issuedTo(located(node.claims.locate({ meter_no: meter }))).length;
  assert.equal(creditsOfMeter, 1, 'exactly one credit for all those messages');
});

test('a refusal by SMS gives the reason; CODE <numéro> sends the code again', async () => {
  const phone = '+24177990001';
  await node.sms.simulator!.injectMo({ from: phone.slice(1), to: 'SEEG', text: `GRATUIT ${samples.not_retained[0]}` });
  await until(() => inbox(phone).length > 0, 20_000, 'no answer to a refused claim');
  assert.match(inbox(phone)[0].text, /retenu|réservée|particulier/i, `the reason: ${inbox(phone)[0].text}`);
  const { meter } = withPhone('water');
  assert.equal((await claim({ meter_no: meter })).statusCode, 200, 'a water credit first');
  await node.sms.simulator!.injectMo({ from: phone.slice(1), to: 'SEEG', text: `code ${meter}` });
  await until(() => inbox(phone).length > 1, 20_000, 'no answer to CODE');
  assert.match(inbox(phone)[1].text, /Déjà crédité|Code:/, `the credit again: ${inbox(phone)[1].text}`);
  const status = await node.store.sms.counts('phase-1');
  assert.ok(status.delivered + status.sent + status.queued + status.sending >= 2, `the credits' notices are counted by cycle: ${JSON.stringify(status)}`);
});

test('RECLAMATION <numéro> <texte> is answered by the grievance\'s acknowledgement with its ticket; SUIVI <ticket> by its state', async () => {
  const phone = '+24177990002';
  await node.sms.simulator!.injectMo({ from: phone.slice(1), to: 'SEEG', text: `Réclamation ${samples.not_retained[1]} non retenu, je suis au tarif social` });
  await until(() => inbox(phone).length > 0, 20_000, 'no answer to RECLAMATION');
  const ack = inbox(phone)[0].text;
  const ticket = /réclamation (R-[0-9A-Z]{6}) recue/.exec(ack)?.[1];
  assert.ok(ticket, `the acknowledgement names the ticket: ${ack}`);
  assert.equal(inbox(phone).length, 1, 'one SMS, not an answer and an acknowledgement');
  const g = await node.grievances.get(ticket);
  assert.ok(g.kind === 'found' && g.grievance.category === 'not_retained' && g.grievance.channel === 'sms', 'raised by SMS, category from the text');
  await node.sms.simulator!.injectMo({ from: phone.slice(1), to: 'SEEG', text: `suivi ${ticket.toLowerCase()}` });
  await until(() => inbox(phone).length > 1, 20_000, 'no answer to SUIVI');
  assert.match(inbox(phone)[1].text, new RegExp(`Réclamation ${ticket} \\(Non retenu\\): en attente d'examen\\.`));
});

test('demo page: an SMS sent from the form reaches Guichet, and the answer shows in that phone\'s inbox, escaped', async () => {
  const form = (body: string) => node.app.inject({ method: 'POST', url: '/demo/sms', payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const sent = await form(`from=%2B24166123456&text=${encodeURIComponent('<b>salut</b>')}`);
  assert.equal(sent.statusCode, 303, sent.body);
  await until(() => inbox('+24166123456').length > 0, 20_000, 'no answer in the demo inbox');
  const page = await node.app.inject({ method: 'GET', url: sent.headers.location as string });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Envoyez GRATUIT suivi du numéro/, 'the help text is in the inbox');
  assert.equal((await form('from=12&text=GRATUIT')).statusCode, 400, 'not a Gabonese mobile: 400 with the form');
  const hostile = await node.app.inject({ method: 'GET', url: '/demo/sms?phone=%3Cscript%3E' });
  assert.doesNotMatch(hostile.body, /<script>/, 'nothing typed reaches the page unescaped');
});

test('a programme that proves new phones: the phone given gets a one-time code, the credit\'s SMS only once it is typed back', async () => {
  const p = (await node.store.programmes.latest())!;
  await node.store.programmes.saveStamped({ ...p, options: { verify_new_phones: true } });
  const [a, b] = samples.water.slice(-2);
  // The node picks the programme up within its refresh interval: a replay with a new phone then gets a code.
  await until(async () => (await claim({ meter_no: a, phone: '+24165000001' })).json().phone_verification === 'sent', 20_000, 'the node never applied verify_new_phones');
  const phone = '+24165000002';
  const r = await claim({ meter_no: b, phone });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().phone_verification, 'sent', 'the answer says a code was sent');
  await until(() => inbox(phone).length > 0, 20_000, 'no one-time code SMS');
  assert.equal(inbox(phone).length, 1, 'only the code: no credit notice to an unproven phone');
  const code = /(\d{6})/.exec(inbox(phone)[0].text)![1];
  const verify = (c: string) => node.app.inject({ method: 'POST', url: '/api/v1/phone-verifications', payload: { meter_no: b, phone, code: c } });
  const bad = await verify(code === '000000' ? '111111' : '000000');
  assert.equal(bad.statusCode, 422, bad.body);
  assert.equal(bad.json().reason, 'wrong', 'a wrong code is refused, with the reason');
  const ok = await verify(code);
  assert.equal(ok.statusCode, 200, ok.body);
  await until(() => inbox(phone).length > 1, 20_000, 'the credit notice never reached the proven phone');
  assert.match(inbox(phone)[1].text, /crédités|Code:/, 'the credit\'s notice, after the proof');
  assert.equal((await verify(code)).json().reason, 'none', 'a code is used once');
  // The page: the same proof, as a form under the answer.
  const form = (url: string, body: string) => node.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const webPhone = '+24165000003';
  const page = await form('/demande', `numero=${samples.water[samples.water.length - 3]}&phone=${encodeURIComponent(webPhone)}`);
  assert.match(page.body, /<form method="post" action="\/verification">/, 'the answer page offers the code form');
  await until(() => inbox(webPhone).length > 0, 20_000, 'no code for the page\'s phone');
  const webCode = /(\d{6})/.exec(inbox(webPhone)[0].text)![1];
  const done = await form('/verification', `numero=${samples.water[samples.water.length - 3]}&phone=${encodeURIComponent(webPhone)}&code=${webCode}`);
  assert.equal(done.statusCode, 200, done.body);
  assert.match(done.body, /Téléphone vérifié/, 'the page says the phone is verified');
  await node.store.programmes.saveStamped({ ...p, options: { verify_new_phones: false } });
});
