/** @module Tests: the console's grievance API per role: the queue and a grievance read by all who work it, logged by an agent, decided by a supervisor only (never by the account that logged it), CSRF on every change, each change audited. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleHarness, emailOf, SUBS, type ConsoleHarness } from './test-support/harness.js';

let h: ConsoleHarness;
before(async () => {
  h = await consoleHarness();
});
after(() => h.close());

const lastAudit = async () => {
  const [e] = await h.services.audit.latest(1);
  return { actor: e.actor, action: e.action, ...e.details } as Record<string, unknown>;
};

async function logged(number: string, category: string, message = 'Appel du client') {
  const agent = await h.session('agent');
  const r = await agent.post('/console/api/grievances', { number, category, message });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { ticket: string; logged_by: string; channel: string; message: string };
}

test('an agent logs a grievance for a caller: channel agent, logged by the agent, audited; the same again is the first one', async () => {
  const g = await logged(SUBS[0].meter_no, 'not_retained', '<img src=x onerror=alert(1)>');
  assert.deepEqual([g.logged_by, g.channel, g.message], [emailOf('agent'), 'agent', '<img src=x onerror=alert(1)>']);
  assert.deepEqual(await lastAudit(), { actor: emailOf('agent'), action: 'grievance_logged', ticket: g.ticket, category: 'not_retained', ip: '127.0.0.1' });
  const agent = await h.session('agent');
  const again = await agent.post('/console/api/grievances', { number: SUBS[0].contract_no, category: 'not_retained' });
  assert.equal(again.statusCode, 200);
  assert.equal((again.json() as { ticket: string }).ticket, g.ticket);
  const bad = await agent.post('/console/api/grievances', { number: SUBS[0].meter_no, category: 'nope', message: 'x' });
  assert.equal(bad.statusCode, 400);
  assert.equal((bad.json() as { errors: { field: string }[] }).errors[0].field, 'category');
  const sup = await h.session('supervisor');
  assert.equal((await sup.post('/console/api/grievances', { number: SUBS[1].meter_no, category: 'other' })).statusCode, 403, 'logging is the agent’s');
});

test('reads: agent, supervisor and auditor see the queue and a grievance with its notes, as JSON; the admin does not', async () => {
  const g = await logged(SUBS[1].meter_no, 'other', '<script>x</script>');
  for (const role of ['agent', 'supervisor', 'auditor'] as const) {
    const c = await h.session(role);
    const list = await c.get('/console/api/grievances?status=open&limit=10');
    assert.equal(list.statusCode, 200, role);
    assert.match(String(list.headers['content-type']), /^application\/json/);
    assert.ok((list.json() as { ticket: string }[]).some((x) => x.ticket === g.ticket), role);
    const one = await c.get(`/console/api/grievances/${g.ticket.toLowerCase()}`);
    assert.equal(one.statusCode, 200, role);
    assert.equal((one.json() as { grievance: { message: string } }).grievance.message, '<script>x</script>');
    assert.equal((await c.get('/console/api/grievances/report')).statusCode, 200);
  }
  const admin = await h.session('admin');
  assert.equal((await admin.get('/console/api/grievances')).statusCode, 403);
  const agent = await h.session('agent');
  assert.equal((await agent.get('/console/api/grievances?status=lost')).statusCode, 400);
  assert.equal((await agent.get('/console/api/grievances?limit=9999')).statusCode, 400);
  assert.equal((await agent.get('/console/api/grievances/R-000000')).statusCode, 404);
  // longer than any route parameter: the router's own 414
  assert.equal((await agent.get(`/console/api/grievances/${'Z'.repeat(300)}`)).statusCode, 414);
  assert.equal((await agent.get(`/console/api/grievances/${'Z'.repeat(70)}`)).statusCode, 404);
});

test('assign and notes: agent and supervisor, audited; the auditor is read-only; CSRF required', async () => {
  const g = await logged(SUBS[2].meter_no, 'other');
  const sup = await h.session('supervisor');
  const a = await sup.post(`/console/api/grievances/${g.ticket}/assign`, { to: emailOf('agent') });
  assert.equal(a.statusCode, 200, a.body);
  assert.deepEqual([(a.json() as { status: string }).status, (a.json() as { assigned_to: string }).assigned_to], ['in_review', emailOf('agent')]);
  assert.deepEqual(await lastAudit(), { actor: emailOf('supervisor'), action: 'grievance_assigned', ticket: g.ticket, to: emailOf('agent'), ip: '127.0.0.1' });
  const agent = await h.session('agent');
  const n = await agent.post(`/console/api/grievances/${g.ticket}/notes`, { body: 'Rappelé : <b>absent</b>' });
  assert.equal(n.statusCode, 201, n.body);
  assert.equal((await lastAudit()).action, 'note_added');
  assert.equal((await agent.post(`/console/api/grievances/${g.ticket}/notes`, { body: '  ' })).statusCode, 400);
  assert.equal((await agent.post(`/console/api/grievances/${g.ticket}/notes`, { body: 'x' }, { csrf: null })).statusCode, 403);
  assert.equal((await agent.post(`/console/api/grievances/${g.ticket}/assign`, { to: '' }, { csrf: 'forged' })).statusCode, 403);
  const auditor = await h.session('auditor');
  for (const path of ['assign', 'notes', 'decision']) assert.equal((await auditor.post(`/console/api/grievances/${g.ticket}/${path}`, { body: 'x', to: 'x', decision: 'rejected', reason: 'x' })).statusCode, 403, path);
  const one = (await auditor.get(`/console/api/grievances/${g.ticket}`)).json() as { notes: { author: string; body: string }[] };
  assert.deepEqual(one.notes.map((x) => x.author), [emailOf('supervisor'), emailOf('agent')]);
});

test('decision: only a supervisor, never the account that logged it, a reason required, once; an accepted one lets the subscriber claim', async () => {
  const g = await logged(SUBS[3].meter_no, 'not_retained');
  const agent = await h.session('agent');
  assert.equal((await agent.post(`/console/api/grievances/${g.ticket}/decision`, { decision: 'accepted', reason: 'ok' })).statusCode, 403);
  const sup = await h.session('supervisor');
  assert.equal((await sup.post(`/console/api/grievances/${g.ticket}/decision`, { decision: 'accepted', reason: 'ok' }, { csrf: null })).statusCode, 403, 'CSRF');
  for (const form of [{ decision: 'accepted', reason: '' }, { decision: 'accepted', reason: 'x'.repeat(501) }, { decision: 'maybe', reason: 'Oui.' }]) {
    const r = await sup.post(`/console/api/grievances/${g.ticket}/decision`, form);
    assert.equal(r.statusCode, 400, `${JSON.stringify(form).slice(0, 60)}: ${r.body}`);
  }
  assert.equal((await h.claims.claim({ who: { meter_no: SUBS[3].meter_no }, cycle: null, phone: null, pass: null, channel: 'web' })).kind, 'ineligible');
  const d = await sup.post(`/console/api/grievances/${g.ticket}/decision`, { decision: 'accepted', reason: 'Artisan à domicile : retenu à titre exceptionnel.' });
  assert.equal(d.statusCode, 200, d.body);
  assert.deepEqual((d.json() as { remedy: unknown }).remedy, { kind: 'exception', cycle: 'phase-1' });
  assert.deepEqual(await lastAudit(), { actor: emailOf('supervisor'), action: 'grievance_decided', ticket: g.ticket, category: 'not_retained', decision: 'accepted', remedy: 'exception', ip: '127.0.0.1' });
  const claim = await h.claims.claim({ who: { meter_no: SUBS[3].meter_no }, cycle: null, phone: null, pass: null, channel: 'web' });
  assert.equal(claim.kind, 'issued');
  assert.equal((await sup.post(`/console/api/grievances/${g.ticket}/decision`, { decision: 'rejected', reason: 'Non.' })).statusCode, 409);
  assert.equal((await sup.post('/console/api/grievances/R-000000/decision', { decision: 'rejected', reason: 'Non.' })).statusCode, 404);
});

test('the account that logged a grievance cannot decide it, even as a supervisor', async () => {
  const o = await h.grievances.raise({ who: { number: SUBS[1].meter_no }, category: 'not_credited', message: '', phone: null, channel: 'agent', logged_by: emailOf('supervisor'), cycle: null });
  const ticket = o.kind === 'raised' ? o.grievance.ticket : '';
  const sup = await h.session('supervisor');
  const r = await sup.post(`/console/api/grievances/${ticket}/decision`, { decision: 'rejected', reason: 'Non.' });
  assert.equal(r.statusCode, 403, r.body);
  assert.equal((r.json() as { error: string }).error, 'same_person');
  const g = await h.grievances.get(ticket);
  assert.equal(g.kind === 'found' && g.grievance.decision, null, 'nothing decided');
});
