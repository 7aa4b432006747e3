/** @module The grievance contract cases (CONTRACT §10), run on SQLite and on PostgreSQL by grievances.test.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreHarness } from '../../store/test-support/engines.js';
import { parseFacts } from '../../journal/entry.js';
import { collect, verifyStore } from '../../store/test-support/helpers.js';
import { parseTicket } from '../ticket.js';
import { AGENT, OTHER_SUPERVISOR, SUPERVISOR, claimFor, raiseFor, rig } from './rig.js';

const outbox = async (h: StoreHarness, phone: string) => (await h.store.sms.history({ phone }, 50)).map((m) => m.text);

export function grievanceCases(h: () => StoreHarness): void {
  test('raise: a ticket with its check character, status open, due by the category’s SLA, acknowledged by SMS', async () => {
    const r = await rig(h().store);
    const o = await r.grievances.raise(raiseFor(r.subs[1].meter_no, 'not_retained', { phone: '077 12 34 56' }));
    assert.equal(o.kind, 'raised');
    if (o.kind !== 'raised') return;
    const g = o.grievance;
    assert.equal(parseTicket(g.ticket), g.ticket);
    assert.deepEqual([g.status, g.category, g.subscriber_id, g.number, g.agency, g.phone, g.refusal_reason],
      ['open', 'not_retained', r.subs[1].id, r.subs[1].meter_no, 'Owendo', '+24177123456', 'power_kw']);
    assert.equal(Date.parse(g.due_at) - Date.parse(g.created_at), 72 * 3_600_000);
    const [ack] = await outbox(h(), '+24177123456');
    assert.match(ack, new RegExp(`^SEEG: réclamation ${g.ticket} recue`));
    assert.ok(ack.length <= 160);
    const got = await r.grievances.get(g.ticket.toLowerCase().replace('-', ' '));
    assert.deepEqual(got, { kind: 'found', grievance: g });
  });

  test('a second grievance for the same subscriber, cycle and category returns the first, even raised at once; another category is another', async () => {
    const r = await rig(h().store);
    const [a, b, c] = await Promise.all([
      r.grievances.raise(raiseFor(r.subs[1].meter_no, 'not_retained')),
      r.grievances.raise(raiseFor(r.subs[1].contract_no, 'not_retained', { channel: 'sms' })),
      r.grievances.raise(raiseFor(r.subs[1].meter_no, 'not_retained', { channel: 'ussd' })),
    ]);
    const tickets = [a, b, c].map((o) => (o.kind === 'raised' || o.kind === 'existing') && o.grievance.ticket);
    assert.equal(new Set(tickets).size, 1);
    assert.deepEqual([a, b, c].map((o) => o.kind).sort(), ['existing', 'existing', 'raised']);
    const other = await r.grievances.raise(raiseFor(r.subs[1].meter_no, 'other'));
    assert.equal(other.kind, 'raised');
    assert.equal((await r.grievances.byNumber(r.subs[1].contract_no)).length, 2);
  });

  test('bad input is a field error in French and English, and stores nothing', async () => {
    const r = await rig(h().store);
    const cases: [Parameters<typeof raiseFor>, string][] = [
      [[r.subs[0].meter_no, 'lost_cat'], 'category'],
      [['', 'not_retained'], 'number'],
      [[r.subs[0].meter_no, 'other', { message: 'x'.repeat(2001) }], 'message'],
      [[r.subs[0].meter_no, 'other', { phone: '12' }], 'phone'],
      [['99999999', 'not_retained'], 'number'],
      [[r.subs[0].meter_no, 'other', { cycle: 'phase-9' }], 'cycle'],
    ];
    for (const [args, field] of cases) {
      const o = await r.grievances.raise(raiseFor(...args));
      assert.equal(o.kind, 'invalid', field);
      if (o.kind !== 'invalid') continue;
      assert.ok(o.errors.some((e) => e.field === field && e.message && e.message_en), `${field}: ${JSON.stringify(o.errors)}`);
    }
    assert.deepEqual(await r.store.grievances.reportRows(), []);
    assert.deepEqual(await r.store.sms.counts(), { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0 });
  });

  test('an unknown number is kept as typed for unknown_meter only; HTML in a message is kept as typed', async () => {
    const r = await rig(h().store);
    const o = await r.grievances.raise(raiseFor('4455 6677', 'unknown_meter', { message: '<script>alert(1)</script> & <b>' }));
    assert.equal(o.kind, 'raised');
    if (o.kind !== 'raised') return;
    assert.deepEqual([o.grievance.subscriber_id, o.grievance.number, o.grievance.refusal_reason, o.grievance.agency], [null, '44556677', 'unknown_meter', null]);
    assert.equal(o.grievance.message, '<script>alert(1)</script> & <b>');
    assert.deepEqual((await r.grievances.byNumber('44556677')).map((g) => g.ticket), [o.grievance.ticket]);
    const again = await r.grievances.raise(raiseFor('44556677', 'unknown_meter'));
    assert.equal(again.kind === 'existing' && again.grievance.ticket, o.grievance.ticket);
  });

  test('a malformed ticket, a wrong check character and an unknown one', async () => {
    const r = await rig(h().store);
    const o = await r.grievances.raise(raiseFor(r.subs[0].meter_no, 'other'));
    const t = o.kind === 'raised' ? o.grievance.ticket : '';
    const wrong = t.slice(0, -1) + (t.endsWith('0') ? '1' : '0');
    assert.deepEqual(await r.grievances.get(wrong), { kind: 'malformed' });
    assert.deepEqual(await r.grievances.get('R-<b>'), { kind: 'malformed' });
    assert.deepEqual(await r.grievances.get('R-00000' + '0'), { kind: 'not_found' });
    assert.deepEqual(await r.grievances.decide('R-000000', { decision: 'accepted', reason: 'ok' }, SUPERVISOR), { kind: 'not_found' });
  });

  test('assign and notes: in review with an owner, back to the queue, every change a note; the queue filters', async () => {
    const r = await rig(h().store);
    const a = await r.grievances.raise(raiseFor(r.subs[1].meter_no, 'not_retained'));
    const b = await r.grievances.raise(raiseFor(r.subs[0].meter_no, 'other'));
    const ta = a.kind === 'raised' ? a.grievance.ticket : '';
    const tb = b.kind === 'raised' ? b.grievance.ticket : '';
    const x = await r.grievances.assign(ta, 'agent@seeg.ga', SUPERVISOR);
    assert.deepEqual(x.kind === 'found' && [x.grievance.status, x.grievance.assigned_to], ['in_review', 'agent@seeg.ga']);
    await r.grievances.note(ta, 'Appelé le client : <i>absent</i>', AGENT);
    const back = await r.grievances.assign(ta, null, SUPERVISOR);
    assert.deepEqual(back.kind === 'found' && [back.grievance.status, back.grievance.assigned_to], ['open', null]);
    const notes = await r.grievances.notes(ta);
    assert.deepEqual(notes.map((n) => n.author), ['sup@seeg.ga', 'agent@seeg.ga', 'sup@seeg.ga']);
    assert.equal(notes[1].body, 'Appelé le client : <i>absent</i>');
    assert.deepEqual((await r.grievances.list({ limit: 10 })).map((g) => g.ticket), [tb, ta]);
    assert.deepEqual((await r.grievances.list({ limit: 10, category: 'other' })).map((g) => g.ticket), [tb]);
    assert.deepEqual((await r.grievances.list({ limit: 10, agency: 'Owendo' })).map((g) => g.ticket), [ta]);
    assert.deepEqual((await r.grievances.list({ limit: 1, before: Number.MAX_SAFE_INTEGER })).length, 1);
    assert.deepEqual(await r.grievances.list({ limit: 10, late: true }), []);
    r.clock.advance(73);
    assert.deepEqual((await r.grievances.list({ limit: 10, late: true })).map((g) => g.ticket), [ta]);
    assert.deepEqual(await r.grievances.assign('R-000000', 'x', SUPERVISOR), { kind: 'not_found' });
  });

  test('separation of duties: only a supervisor decides, never the account that logged it; a reason is required; decided once', async () => {
    const r = await rig(h().store);
    const o = await r.grievances.raise(raiseFor(r.subs[0].meter_no, 'other', { logged_by: SUPERVISOR.username, channel: 'agent' }));
    const t = o.kind === 'raised' ? o.grievance.ticket : '';
    const yes = { decision: 'rejected' as const, reason: 'Votre compteur est bien crédité.' };
    assert.deepEqual(await r.grievances.decide(t, yes, AGENT), { kind: 'forbidden' });
    assert.deepEqual(await r.grievances.decide(t, yes, { username: 'audit@seeg.ga', role: 'auditor' }), { kind: 'forbidden' });
    assert.deepEqual(await r.grievances.decide(t, yes, SUPERVISOR), { kind: 'same_person' });
    for (const reason of ['', '   ', 'x'.repeat(501)]) {
      const bad = await r.grievances.decide(t, { ...yes, reason }, OTHER_SUPERVISOR);
      assert.equal(bad.kind === 'invalid' && bad.errors[0].field, 'reason');
    }
    const [d1, d2] = await Promise.all([r.grievances.decide(t, yes, OTHER_SUPERVISOR), r.grievances.decide(t, { ...yes, decision: 'accepted' }, OTHER_SUPERVISOR)]);
    assert.deepEqual([d1.kind, d2.kind].sort(), ['already_decided', 'decided']);
    const g = await r.grievances.get(t);
    assert.equal(g.kind === 'found' && g.grievance.decided_by, OTHER_SUPERVISOR.username);
    const texts = await outbox(h(), r.subs[0].phone!);
    assert.equal(texts.length, 2);
    assert.match(texts[0], new RegExp(`réclamation ${t} (rejetée|acceptée)`));
  });

  test('an accepted eligibility grievance lets that subscriber claim once; the journal names ticket and approver', async () => {
    const r = await rig(h().store);
    const sub = r.subs[1];
    const before = await r.claims.claim(claimFor(sub.meter_no));
    assert.equal(before.kind === 'ineligible' && before.reason, 'not_retained');
    const o = await r.grievances.raise(raiseFor(sub.meter_no, 'not_retained'));
    const t = o.kind === 'raised' ? o.grievance.ticket : '';
    const d = await r.grievances.decide(t, { decision: 'accepted', reason: 'Foyer modeste, compteur 5 kW hérité.' }, SUPERVISOR);
    assert.equal(d.kind, 'decided');
    assert.deepEqual(d.kind === 'decided' && d.grievance.remedy, { kind: 'exception', cycle: 'phase-1' });
    const c = await r.claims.claim(claimFor(sub.meter_no));
    assert.equal(c.kind, 'issued');
    assert.equal(c.kind === 'issued' && c.credit.fcfa, 20_000);
    const again = await r.claims.claim(claimFor(sub.contract_no));
    assert.equal(again.kind === 'issued' && again.replayed, true);
    const entries = await collect(r.store.claims.journalEntries());
    assert.equal(entries.length, 1);
    const f = parseFacts(entries[0].body)!;
    assert.deepEqual([f.grievance_ticket, f.grievance_approver], [t, SUPERVISOR.username]);
    assert.deepEqual(await verifyStore(r.store), { ok: true, entries: 1, head: entries[0].hash });
    // the other refused subscriber is still refused
    assert.equal((await r.claims.claim(claimFor(r.subs[3].meter_no))).kind, 'ineligible');
    const notice = await outbox(h(), sub.phone!);
    assert.ok(notice.some((m) => m.includes(`${t} acceptée`)), notice.join('\n'));
  });

  test('an exception still answers to the budget, and another node honours it (looked up on a miss)', async () => {
    const store = h().store;
    const r = await rig(store, { budget: 20_000 });
    const other = await rig(await h().peer(), { budget: 20_000, reuse: r });
    const o = await r.grievances.raise(raiseFor(r.subs[1].meter_no, 'not_retained'));
    const t = o.kind === 'raised' ? o.grievance.ticket : '';
    // refused on the other node just before the decision: that node asks the store again only after a short while
    assert.equal((await other.claims.claim(claimFor(r.subs[1].meter_no))).kind, 'ineligible');
    await r.grievances.decide(t, { decision: 'accepted', reason: 'Accepté.' }, SUPERVISOR);
    assert.equal((await other.claims.claim(claimFor(r.subs[1].meter_no))).kind, 'ineligible', 'within MISS_TTL_MS of its last look');
    other.clock.advance(1);
    // the other node learnt nothing in memory: it asks the store on the refusal
    const c = await other.claims.claim(claimFor(r.subs[1].meter_no));
    assert.equal(c.kind, 'issued');
    const none = await r.claims.claim(claimFor(r.subs[0].meter_no));
    assert.equal(none.kind === 'ineligible' && none.reason, 'budget_exhausted');
    assert.deepEqual(await store.claims.spendByCycle(), new Map([['gratuite-2020\u0000phase-1', 20_000]]));
  });

  test('an exception nobody could use (a cycle not open) is refused with why, and nothing is recorded', async () => {
    const r = await rig(h().store);
    const o = await r.grievances.raise(raiseFor(r.subs[1].meter_no, 'not_retained', { cycle: 'phase-2' }));
    assert.equal(o.kind, 'raised');
    const t = o.kind === 'raised' ? o.grievance.ticket : '';
    const d = await r.grievances.decide(t, { decision: 'accepted', reason: 'Accepté.' }, SUPERVISOR);
    assert.equal(d.kind, 'invalid');
    assert.match(d.kind === 'invalid' ? d.errors[0].message : '', /^Une exception ne permettrait pas de réclamer : la phase « phase-2 » n’est pas ouverte ou ne couvre pas ce service/);
    const still = await r.grievances.get(t);
    assert.equal(still.kind === 'found' && still.grievance.status, 'open');
    // Rejecting it, with the reason, is what the supervisor can do.
    assert.equal((await r.grievances.decide(t, { decision: 'rejected', reason: 'La phase 2 n’est pas ouverte.' }, SUPERVISOR)).kind, 'decided');
  });
}

export function remedyCases(h: () => StoreHarness): void {
  test('code rejected: resend sends the same token again; a replacement is a new token (new TID) linked to the credit, never a second credit', async () => {
    const r = await rig(h().store);
    const sub = r.subs[2];
    const c = await r.claims.claim(claimFor(sub.meter_no));
    assert.equal(c.kind, 'issued');
    if (c.kind !== 'issued') return;
    const spend = await r.store.claims.spendByCycle();
    const a = await r.grievances.raise(raiseFor(sub.meter_no, 'code_rejected', { message: 'Le compteur affiche Err 30' }));
    const ta = a.kind === 'raised' ? a.grievance.ticket : '';
    const resent = await r.grievances.decide(ta, { decision: 'accepted', reason: 'Code renvoyé.', remedy: 'resend' }, SUPERVISOR);
    const credit = (await r.store.grievances.creditOf(sub.id, 'gratuite-2020', 'phase-1'))!;
    assert.deepEqual(resent.kind === 'decided' && resent.grievance.remedy, { kind: 'resend', credit_id: credit.id });
    const grouped = c.credit.token!.replace(/(\d{4})(?=\d)/g, '$1 ');
    assert.ok((await outbox(h(), sub.phone!)).some((m) => m.includes(grouped)));

    const b = await r.grievances.raise(raiseFor(sub.meter_no, 'code_rejected', { message: 'Toujours refusé' }));
    assert.equal(b.kind, 'raised', 'the first one is decided: a new one may be raised');
    const tb = b.kind === 'raised' ? b.grievance.ticket : '';
    const rep = await r.grievances.decide(tb, { decision: 'accepted', reason: 'Nouveau code.', remedy: 'replacement' }, SUPERVISOR);
    assert.deepEqual(rep.kind === 'decided' && rep.grievance.remedy, { kind: 'replacement', credit_id: credit.id });
    const [x] = await r.store.grievances.replacements(credit.id);
    assert.equal(x.ticket, tb);
    assert.equal(x.approver, SUPERVISOR.username);
    assert.notEqual(x.token, c.credit.token);
    assert.match(x.token, /^\d{20}$/);
    assert.equal((await collect(r.store.claims.creditsForReplay())).length, 1);
    assert.deepEqual(await r.store.claims.spendByCycle(), spend);
    const [{ last_tid }] = (await collect(r.store.subscribers.lastTids())).filter((t) => t.id === sub.id);
    assert.equal(last_tid, x.tid);
    assert.ok((await outbox(h(), sub.phone!)).some((m) => m.includes(x.token.replace(/(\d{4})(?=\d)/g, '$1 '))));
    assert.equal((await verifyStore(r.store)).ok, true);
  });

  test('a replacement minted on one node after another minted for that meter goes above its TID', async () => {
    const r = await rig(h().store);
    const sub = r.subs[2];
    await r.claims.claim(claimFor(sub.meter_no));
    const other = await rig(await h().peer(), { reuse: r });
    const a = await r.grievances.raise(raiseFor(sub.meter_no, 'code_rejected'));
    const ta = a.kind === 'raised' ? a.grievance.ticket : '';
    const d1 = await other.grievances.decide(ta, { decision: 'accepted', reason: 'Nouveau code.', remedy: 'replacement' }, SUPERVISOR);
    assert.equal(d1.kind, 'decided');
    const b = await r.grievances.raise(raiseFor(sub.meter_no, 'code_rejected'));
    const tb = b.kind === 'raised' ? b.grievance.ticket : '';
    r.clock.now = other.clock.now; // the same minute: this node's issuer does not know the other's TID
    const d2 = await r.grievances.decide(tb, { decision: 'accepted', reason: 'Encore.', remedy: 'replacement' }, SUPERVISOR);
    assert.equal(d2.kind, 'decided');
    const credit = (await r.store.grievances.creditOf(sub.id, 'gratuite-2020', 'phase-1'))!;
    const reps = await r.store.grievances.replacements(credit.id);
    assert.equal(reps.length, 2);
    assert.ok(reps[1].tid! > reps[0].tid!);
  });

  test('not credited: an accepted grievance marks the credit in the billing export; code_rejected needs a credit', async () => {
    const r = await rig(h().store);
    const c = await r.claims.claim(claimFor(r.subs[0].meter_no));
    const a = await r.grievances.raise(raiseFor(r.subs[0].meter_no, 'not_credited'));
    const ta = a.kind === 'raised' ? a.grievance.ticket : '';
    assert.equal((await r.grievances.decide(ta, { decision: 'accepted', reason: 'Transmis à la facturation.' }, SUPERVISOR)).kind, 'decided');
    const rows = await collect(r.store.claims.exportCredits('phase-1', { all: true }));
    assert.deepEqual(rows.map((x) => [x.claim_id, x.billing_grievance]), [[c.kind === 'issued' && c.credit.claim_id, ta]]);
    const b = await r.grievances.raise(raiseFor(r.subs[1].meter_no, 'code_rejected'));
    const no = await r.grievances.decide(b.kind === 'raised' ? b.grievance.ticket : '', { decision: 'accepted', reason: 'x' }, SUPERVISOR);
    assert.equal(no.kind === 'invalid' && no.errors[0].field, 'decision');
  });

  test('the report: open, late and decided by category and agency, median time to decision, acceptance per rule', async () => {
    const r = await rig(h().store);
    const a = await r.grievances.raise(raiseFor(r.subs[1].meter_no, 'not_retained'));
    const b = await r.grievances.raise(raiseFor(r.subs[3].meter_no, 'not_retained'));
    await r.grievances.raise(raiseFor(r.subs[0].meter_no, 'other'));
    r.clock.advance(10);
    await r.grievances.decide(a.kind === 'raised' ? a.grievance.ticket : '', { decision: 'accepted', reason: 'Oui.' }, SUPERVISOR);
    r.clock.advance(10);
    await r.grievances.decide(b.kind === 'raised' ? b.grievance.ticket : '', { decision: 'rejected', reason: 'Non.' }, SUPERVISOR);
    r.clock.advance(200);
    const rep = await r.grievances.report();
    assert.deepEqual(rep.rows, [
      { category: 'not_retained', agency: 'Libreville Centre', open: 0, late: 0, decided: 1 },
      { category: 'not_retained', agency: 'Owendo', open: 0, late: 0, decided: 1 },
      { category: 'other', agency: 'Libreville Centre', open: 1, late: 1, decided: 0 },
    ]);
    assert.equal(rep.median_decision_s, 15 * 3600);
    assert.deepEqual(rep.per_rule, [{ rule: 'power_kw', decided: 2, accepted: 1 }]);
  });
}
