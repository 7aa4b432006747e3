/** @module Tests: USSD option 4 end to end through the route, on a real claim core and the grievance service: raise, the ticket, follow it, bad input. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isGsm7, septets } from '../../sms/gsm7.js';
import type { Grievance } from '../../domain/grievance.js';
import type { GrievanceService } from '../../grievances/port.js';
import { gateway, postForm, SUBS, ussdHarness, type UssdHarness } from './test-support/harness.js';

let h: UssdHarness;
let svc: GrievanceService;
/** Every grievance stored, newest first. */
const stored = () => svc.list({ limit: 500 });
before(async () => {
  h = await ussdHarness({ grievances: true });
  svc = h.grievances!;
});
after(() => h.close());

const PRO = SUBS[3];
const typo = (m: string) => m.slice(0, -1) + String((Number(m.at(-1)) + 1) % 10);

async function walk(inputs: string[], phone = '+24177123456'): Promise<string> {
  const r = await postForm(h.app, gateway(inputs.join('*'), { phoneNumber: phone }) as Record<string, string>);
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /^text\/plain; charset=utf-8/);
  assert.match(r.body, /^(CON|END) /, r.body);
  assert.ok(isGsm7(r.body) && septets(r.body) <= 182, `one GSM-7 screen: ${r.body}`);
  return r.body;
}
const ticketIn = (s: string) => /R-[0-9A-Z]{6}/.exec(s)?.[0] ?? '';

test('raise: category, number, confirm, then END with the ticket first; walking the screens stores nothing', async () => {
  const n = (await stored()).length;
  assert.match(await walk(['4', '1']), /^CON Motif de la réclamation:\n1 Non retenu\n/);
  assert.match(await walk(['4', '1', '1']), /^CON Réclamation: Non retenu\. Tapez votre numéro de compteur ou de contrat:\n0 Retour$/);
  assert.match(await walk(['4', '1', '1', PRO.meter_no]), new RegExp(`^CON Réclamation "Non retenu" pour le numéro ${PRO.meter_no}\\.\\n1 Confirmer\\n0 Annuler$`));
  assert.equal((await stored()).length, n, 'nothing raised before the confirmation');
  const end = await walk(['4', '1', '1', PRO.meter_no, '1']);
  assert.match(end, /^END Réclamation R-[0-9A-Z]{6} enregistrée \(Non retenu\)\. Notez ce numéro\. Réponse par SMS au \+24177123456\. Suivi: menu 4 puis 2\.$/, end);
  assert.equal((await stored()).length, n + 1);
  const g = (await stored())[0];
  assert.equal(g.ticket, ticketIn(end));
  assert.deepEqual([g.channel, g.category, g.phone, g.message], ['ussd', 'not_retained', '+24177123456', '']);
  // The gateway sends the same text again (a retry): the same ticket, nothing new.
  assert.match(await walk(['4', '1', '1', PRO.contract_no, '1']), new RegExp(`^END Vous avez déjà une réclamation en cours pour ce motif: ${g.ticket} \\(en attente d'examen\\)`));
  assert.equal((await stored()).length, n + 1);
  const en = await walk(['5', '4', '1', '2', '12345', '1'], '12');
  assert.match(en, /^END Grievance R-[0-9A-Z]{6} recorded \(Meter unknown\)\. Write this number down\. To follow it/, en);
  assert.equal((await stored())[0].phone, null, 'a gateway number that is not a Gabonese mobile: no phone');
});

test('follow: by ticket (with or without the dash, any case), by number; the decision and its words; a mistyped ticket', async () => {
  const raised = await walk(['4', '1', '4', SUBS[1].meter_no, '1']);
  const ticket = ticketIn(raised);
  assert.match(await walk(['4', '2']), /^CON Suivre ma réclamation\. Tapez le numéro de réclamation \(R\.\.\.\) ou de compteur:\n0 Retour$/);
  assert.equal(await walk(['4', '2', ticket]), `END ${ticket} Crédit absent de la facture: en attente d'examen.`);
  await svc.decide(ticket, { decision: 'rejected', reason: 'Le crédit figure sur la facture d’avril, ligne « Gratuité ».' }, { username: 's', role: 'supervisor' });
  const decided = await walk(['4', '2', ticket.replace('-', '').toLowerCase()]);
  assert.equal(decided, `END ${ticket} Crédit absent de la facture: refusée.\nMotif: Le crédit figure sur la facture d'avril, ligne "Gratuité".`);
  assert.match(await walk(['4', '2', SUBS[1].contract_no]), new RegExp(`^END ${ticket} Crédit absent de la facture: refusée\\.`));
  assert.equal(await walk(['4', '2', SUBS[4].meter_no]), `END Aucune réclamation pour ${SUBS[4].meter_no}.`);
  assert.match(await walk(['4', '2', 'R-ZZZZZZZ']), /^END Numéro de réclamation mal saisi/);
  assert.match(await walk(['5', '4', '2', 'R7K3Q9X']), /^END Grievance number mistyped/);
  assert.match(await walk(['4', '2', '']), /^CON Rien n'a été tapé\. Suivre ma réclamation/);
});

test('bad input at option 4: an unknown category, a mistyped number re-asked, three tries, back, cancel; nothing stored', async () => {
  const n = (await stored()).length;
  assert.match(await walk(['4', '1', '9']), /^CON Choix inconnu\.\nMotif de la réclamation:/);
  assert.match(await walk(['4', '1', '3', typo(SUBS[0].meter_no)]), /^CON .*mal saisi/s, 'a check-digit slip is asked again');
  assert.match(await walk(['4', '1', '1', 'x!', 'x!', 'x!']), /^END Numéro non reconnu après 3 essais/);
  assert.match(await walk(['4', '1', '1', PRO.meter_no, '0']), /^CON Crédit offert électricité et eau\n/, '0 cancels: the main menu');
  assert.match(await walk(['4', '1', '1', PRO.meter_no, '1', '1']), /^END Cette session est terminée/, 'nothing after the END');
  assert.match(await walk(['4', '1', '3', '99999', '1']), /^END Aucun abonné ne correspond à ce numéro/, 'the core refuses an unknown number for a code grievance');
  assert.equal((await stored()).length, n);
});
