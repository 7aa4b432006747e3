/** @module Tests: `RECLAMATION <numéro> <texte>` and `SUIVI <ticket>` by SMS: parsing, categories, the answers (GSM-7, one part), on a real claim core and the grievance service. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GRIEVANCE_CATEGORIES, GRIEVANCE_STATUSES, type Grievance } from '../../domain/grievance.js';
import type { GrievanceService } from '../../grievances/port.js';
import { builtinProgramme } from '../../programmes/index.js';
import { isGsm7, nonGsm7, septets } from '../../sms/gsm7.js';
import { SUBS, webHarness, type WebHarness } from '../web/test-support/harness.js';
import { FollowUps } from './follow-up.js';
import { categoryOf, GRIEVANCE_HELP_TEXT, numberStatusText, raisedText, statusText, TICKET_MALFORMED_TEXT, TICKET_UNKNOWN_TEXT, TRACK_HELP_TEXT } from './grievance-texts.js';
import { InboundSms, parseInbound } from './inbound.js';
import { PhoneLimiter } from './limiter.js';

const check = (t: string, what: string) => {
  assert.ok(isGsm7(t), `${what}: not GSM-7 ${JSON.stringify(nonGsm7(t))}: ${t}`);
  assert.ok(septets(t) <= 160, `${what}: ${septets(t)} septets: ${t}`);
};

let h: WebHarness;
let svc: GrievanceService;
/** Every grievance stored, newest first. */
const stored = () => svc.list({ limit: 500 });
let sms: InboundSms;
let clock = 0;
before(async () => {
  h = await webHarness({ grievances: true });
  svc = h.grievances!;
  sms = new InboundSms({
    claims: h.claims, outbox: h.store.sms, programme: builtinProgramme, signature: 'SEEG',
    followUps: new FollowUps(h.claims, { onSettled: async () => {} }), grievances: svc,
    // A person writing a few messages, two minutes apart: the limits per phone are tested in texts.test.ts.
    limiter: new PhoneLimiter(undefined, () => (clock += 120_000)),
  });
});
after(() => h.close());

/** One message in, its one answer out (from the store's outbox: a grievance's acknowledgement is queued with it). */
async function say(text: string, from = '24177123456'): Promise<string> {
  const outbox = () => h.store.sms.history({ phone: `+${from}` }, 1000);
  const n = (await outbox()).length;
  await sms.handle({ from, text });
  const after = await outbox();
  assert.equal(after.length, n + 1, `one answer to ${text}`);
  check(after[0].text, text);
  return after[0].text;
}

test('parsing: RECLAMATION, RECLAMER, PLAINTE (case and accents forgiven), the number first (grouped digits too), the rest the message; SUIVI', () => {
  assert.deepEqual(parseInbound('RECLAMATION 37446479240 le code est refusé'), { keyword: 'grievance', number: '37446479240', text: 'le code est refusé' });
  assert.deepEqual(parseInbound('  réclamation:  MJL-88211178, facture sans crédit '), { keyword: 'grievance', number: 'MJL-88211178', text: 'facture sans crédit' });
  assert.deepEqual(parseInbound('Réclamer 374 4647 9240 CODE Reject'), { keyword: 'grievance', number: '374 4647 9240', text: 'CODE Reject' });
  assert.deepEqual(parseInbound('plainte 104146435'), { keyword: 'grievance', number: '104146435', text: '' });
  assert.deepEqual(parseInbound('RECLAMATION'), { keyword: 'grievance', number: '', text: '' });
  assert.deepEqual(parseInbound('suivi r-7k3q9x'), { keyword: 'track', number: 'r-7k3q9x' });
  assert.deepEqual(parseInbound('GRATUIT 123'), { keyword: 'claim', number: '123' }, 'the claim keyword is unchanged');
});

test('categories: the first word(s) of the text, case and accents forgiven; anything else is other', () => {
  assert.equal(categoryOf('non retenu, mon compteur fait 2 kW'), 'not_retained');
  assert.equal(categoryOf('RETENU ?'), 'not_retained');
  assert.equal(categoryOf('Inconnu: le numéro est bon'), 'unknown_meter');
  assert.equal(categoryOf('code refusé'), 'code_rejected');
  assert.equal(categoryOf('Facture: rien'), 'not_credited');
  assert.equal(categoryOf('factures'), 'other', 'a whole word');
  assert.equal(categoryOf('mon code est refusé'), 'other', 'only at the start');
  assert.equal(categoryOf(''), 'other');
});

test('RECLAMATION raises with the ticket first; the same again is the same ticket; SUIVI tells the state and the decision', async () => {
  const pro = SUBS[3];
  // Raised: the grievance's own acknowledgement, queued with it to this phone, is the answer (no second SMS).
  const first = await say(`RECLAMATION ${pro.meter_no} non retenu, je suis particulier`);
  const g = (await stored())[0];
  assert.ok(first.startsWith(`SEEG: réclamation ${g.ticket} recue`), first);
  assert.deepEqual([g.category, g.channel, g.phone, g.message], ['not_retained', 'sms', '+24177123456', 'non retenu, je suis particulier']);
  assert.match(await say(`plainte ${pro.contract_no} RETENU`), new RegExp(`^SEEG: Vous avez déjà la réclamation ${g.ticket} en cours pour ce motif \\(en attente d'examen\\)`));
  assert.match(await say(`SUIVI ${g.ticket.toLowerCase()}`), new RegExp(`^SEEG: Réclamation ${g.ticket} \\(Non retenu\\): en attente d'examen\\.$`));
  await svc.decide(g.ticket, { decision: 'accepted', reason: 'Votre contrat est bien « particulier » : vous pouvez demander votre crédit. '.repeat(4) }, { username: 's', role: 'supervisor' });
  const decided = await say(`suivi ${g.ticket.replace('-', '')}`);
  assert.match(decided, new RegExp(`^SEEG: Réclamation ${g.ticket} \\(Non retenu\\): acceptée\\. Votre contrat est bien "\\s?particulier`), decided);
  assert.match(await say(`SUIVI ${pro.meter_no}`), new RegExp(`Réclamation ${g.ticket} \\(Non retenu\\): acceptée`));
  const other = await say(`Réclamation ${SUBS[1].meter_no}`);
  assert.match(other, /recue \(demande\)/, 'no text: other');
  assert.equal((await stored())[0].category, 'other');
});

test('bad input: no number, unknown number, a mistyped or unknown ticket, SUIVI alone: a clear SMS, nothing stored', async () => {
  const n = (await stored()).length;
  assert.equal(await say('RECLAMATION'), GRIEVANCE_HELP_TEXT);
  assert.match(await say('RECLAMATION 99999 CODE refusé'), /^SEEG: Aucun abonné ne correspond à ce numéro/);
  assert.match(await say('RECLAMATION <b>x</b>'), /^SEEG: /);
  assert.equal(await say('SUIVI'), TRACK_HELP_TEXT);
  assert.equal(await say('SUIVI R-ZZZZZZZ'), TICKET_MALFORMED_TEXT);
  assert.match(await say(`SUIVI ${SUBS[4].meter_no}`), /^SEEG: Aucune réclamation pour/);
  assert.equal((await stored()).length, n);
  check(TICKET_UNKNOWN_TEXT, 'unknown');
});

test('every answer fits one GSM-7 part, whatever the category, status, numbers and the decider\'s words', () => {
  const long = 'ABCDEFGHIJ-1234567890/ABCDEFGHIJ-1234567';
  const base: Grievance = {
    id: 1, ticket: 'R-7K3Q9XZ', subscriber_id: 1, number: long, programme_id: 'p', cycle: 'phase-1', category: 'other', message: '', phone: null,
    channel: 'sms', logged_by: null, agency: null, status: 'open', assigned_to: null, refusal_reason: null, created_at: '', due_at: '',
    decided_at: null, decided_by: null, decision: null, reason: null, remedy: null,
  };
  for (const category of GRIEVANCE_CATEGORIES) for (const status of GRIEVANCE_STATUSES) for (const sig of ['SEEG', null]) {
    for (const reason of [null, 'Vu.', 'L’agence a vérifié — ' + 'é'.repeat(600)]) {
      const x = { ...base, category, status, reason };
      for (const fresh of [true, false]) check(raisedText(x, fresh, sig), `raised ${category} ${status}`);
      check(statusText(x, sig), `status ${category} ${status}`);
      check(numberStatusText([x, x, x], long, sig), 'several');
    }
  }
  check(numberStatusText([], long, 'SEEG'), 'none');
  for (const t of [GRIEVANCE_HELP_TEXT, TRACK_HELP_TEXT, TICKET_MALFORMED_TEXT, TICKET_UNKNOWN_TEXT]) check(t, t);
});
