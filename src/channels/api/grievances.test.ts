/** @module Tests: the grievance API over a real socket (CONTRACT §10): raise, the same one again, read, and every bad input a clear 4xx. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestNode } from '../../test-support/node.js';
import { SUPERVISOR } from '../../grievances/test-support/rig.js';

let node: Awaited<ReturnType<typeof startTestNode>>;
let samples: { prepaid: string[]; postpaid: string[]; water: string[]; not_retained: string[] };

before(async () => {
  node = await startTestNode();
  samples = (await node.app.inject({ url: '/api/v1/demo/samples' })).json();
});
after(() => node.stop());

async function call(method: string, path: string, body?: unknown, raw?: string) {
  const r = await fetch(`${node.url}${path}`, {
    method, headers: body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {},
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await r.text();
  return { status: r.status, text, json: () => JSON.parse(text) as Record<string, unknown>, type: r.headers.get('content-type') ?? '' };
}

test('raise: 201 with an open ticket; the same grievance again is 200 with the same ticket; GET reads it', async () => {
  const body = { meter_no: samples.not_retained[0], category: 'not_retained', message: 'Mon foyer est modeste.' };
  const a = await call('POST', '/api/v1/grievances', body);
  assert.equal(a.status, 201, a.text);
  const { ticket } = a.json() as { ticket: string };
  assert.match(ticket, /^R-[0-9A-HJKMNP-TV-Z]{6}$/);
  assert.deepEqual(a.json(), { ticket, status: 'open' });
  const b = await call('POST', '/api/v1/grievances', { ...body, message: 'Encore' });
  assert.equal(b.status, 200, b.text);
  assert.deepEqual(b.json(), { ticket, status: 'open' });
  const g = await call('GET', `/api/v1/grievances/${ticket}`);
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json(), { ticket, status: 'open', category: 'not_retained' });
  // typed as a person would: lower case, no dash
  assert.equal((await call('GET', `/api/v1/grievances/${ticket.slice(2).toLowerCase()}`)).status, 200);
});

test('after a decision, GET says it with the decider’s words (and nothing else of the grievance)', async () => {
  const a = await call('POST', '/api/v1/grievances', { meter_no: samples.postpaid[0], category: 'other', message: 'Question', phone: '+24177001122' });
  const { ticket } = a.json() as { ticket: string };
  const d = await node.grievances.decide(ticket, { decision: 'rejected', reason: 'Votre compteur est déjà crédité.' }, SUPERVISOR);
  assert.equal(d.kind, 'decided');
  const g = await call('GET', `/api/v1/grievances/${ticket}`);
  assert.deepEqual(g.json(), { ticket, status: 'rejected', category: 'other', decision: 'rejected', reason: 'Votre compteur est déjà crédité.' });
});

test('bad input: a clear 400 naming the field, nothing stored', async () => {
  const before = (await node.store.grievances.reportRows()).length;
  const m = samples.postpaid[1];
  for (const [body, field] of [
    [{ meter_no: m, category: 'lost' }, 'category'],
    [{ meter_no: m }, 'category'],
    [{ category: 'other' }, 'meter_no'],
    [{ meter_no: m, category: 'other', message: 'x'.repeat(2001) }, 'message'],
    [{ meter_no: m, category: 'other', message: 'x'.repeat(200_000) }, 'message'],
    [{ meter_no: '99999999', category: 'not_retained' }, 'meter_no'],
    [{ meter_no: m, category: 'other', phone: 'abc' }, 'phone'],
    [{ meter_no: m, category: 'other', extra: 1 }, 'extra'],
  ] as const) {
    const r = await call('POST', '/api/v1/grievances', body);
    assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${r.text.slice(0, 200)}`);
    const errors = r.json().errors as { field: string; message: string }[];
    assert.ok(errors.some((e) => e.field === field && e.message), `${field}: ${r.text.slice(0, 300)}`);
  }
  for (const raw of ['{', 'null', '[]', '"x"']) {
    const r = await call('POST', '/api/v1/grievances', undefined, raw);
    assert.equal(r.status, 400, `${raw}: ${r.text}`);
  }
  const huge = await call('POST', '/api/v1/grievances', undefined, JSON.stringify({ meter_no: m, category: 'other', message: 'x'.repeat(300_000) }));
  assert.ok(huge.status === 400 || huge.status === 413, huge.text.slice(0, 200));
  assert.equal((await node.store.grievances.reportRows()).length, before);
});

test('a malformed, mistyped or unknown ticket is 404; an absurdly long one 414; never a 5xx', async () => {
  const a = await call('POST', '/api/v1/grievances', { meter_no: samples.water[0], category: 'other' });
  const { ticket } = a.json() as { ticket: string };
  const wrong = ticket.slice(0, -1) + (ticket.endsWith('0') ? '1' : '0');
  for (const t of [wrong, 'R-000000', 'nope', '%3Cscript%3E', 'R-7K3Q9X%00']) {
    const r = await call('GET', `/api/v1/grievances/${t}`);
    assert.equal(r.status, 404, `${t}: ${r.text}`);
    assert.ok(!r.text.includes('<script>'));
  }
  for (const n of [65, 90, 101, 500, 4000]) {
    const r = await call('GET', `/api/v1/grievances/${'A'.repeat(n)}`);
    assert.equal(r.status, 414, `${n}: ${r.text.slice(0, 100)}`);
  }
});

test('HTML in a message is stored as typed and never comes back in the public answer', async () => {
  const a = await call('POST', '/api/v1/grievances', { meter_no: samples.water[1] ?? samples.water[0], category: 'code_rejected', message: '<script>alert(1)</script>' });
  assert.ok(a.status === 201 || a.status === 200, a.text);
  const { ticket } = a.json() as { ticket: string };
  const g = await node.grievances.get(ticket);
  assert.equal(g.kind === 'found' && g.grievance.message, '<script>alert(1)</script>');
  const r = await call('GET', `/api/v1/grievances/${ticket}`);
  assert.ok(!r.text.includes('script'), r.text);
});

test('the whole loop over HTTP: refused, contested, accepted by a supervisor, claimed; the journal names ticket and approver', async () => {
  const meter = samples.not_retained[1] ?? samples.not_retained[0];
  const t0 = performance.now();
  const refused = await call('POST', '/api/v1/claims', { meter_no: meter });
  assert.equal(refused.status, 422, refused.text);
  const raised = await call('POST', '/api/v1/grievances', { meter_no: meter, category: 'not_retained', message: 'Foyer modeste.' });
  const { ticket } = raised.json() as { ticket: string };
  assert.equal((await node.grievances.decide(ticket, { decision: 'accepted', reason: 'Retenu à titre exceptionnel.' }, SUPERVISOR)).kind, 'decided');
  const claimed = await call('POST', '/api/v1/claims', { meter_no: meter });
  assert.equal(claimed.status, 200, claimed.text);
  console.log(`contest to claim over HTTP: ${Math.round(performance.now() - t0)} ms (decision taken at once)`);
  const entries: { body: string }[] = [];
  for await (const e of node.store.claims.journalEntries()) entries.push(e);
  const last = JSON.parse(entries.at(-1)!.body) as Record<string, unknown>;
  assert.deepEqual([last.claim_id, last.grievance_ticket, last.grievance_approver], [(claimed.json() as { claim_id: string }).claim_id, ticket, SUPERVISOR.username]);
  assert.equal((await call('GET', `/api/v1/grievances/${ticket}`)).json().status, 'accepted');
});
