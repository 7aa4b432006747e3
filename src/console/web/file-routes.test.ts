/** @module Tests: imports and exports over HTTP: a registry and a code pool uploaded and imported by the command line's code, rejects downloaded neutralised, the billing export, the reconciliation; audited. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { REGISTRY_HEADER, subscriberCsvLine } from '../../registry/csv.js';
import { subscriber } from '../../test-support/fixtures.js';
import { verifyStore } from '../../store/test-support/helpers.js';
import { consoleHarness, SUBS, type Client, type ConsoleHarness } from './test-support/harness.js';

let h: ConsoleHarness;
before(async () => {
  h = await consoleHarness();
});
after(() => h.close());

const upload = (c: Client, kind: string, body: string, o: { csrf?: string | null; type?: string } = {}) => h.app.inject({
  method: 'POST', url: `/console/api/imports/${kind}`, payload: body,
  headers: { cookie: c.cookie, 'content-type': o.type ?? 'text/csv', 'x-file-name': encodeURIComponent('registre d’avril.csv'), ...(o.csrf === null ? {} : { 'x-csrf-token': o.csrf ?? c.csrf }) },
});
const audits = async (n: number) => (await h.services.audit.latest(n)).map((e): Record<string, unknown> => ({ action: e.action, ...e.details }));

test('a registry uploaded: imported by the same code as guichet import, progress to the end, rejects neutralised for a spreadsheet, audited', async () => {
  const sup = await h.session('supervisor');
  const good = [subscriber(101, { holder_name: 'NZIENGUI Aubin' }), subscriber(102, { holder_name: 'KOUMBA Brigitte', agency: 'Ntoum' })];
  const csv = REGISTRY_HEADER + good.map(subscriberCsvLine).join('') + subscriberCsvLine(subscriber(103, { holder_name: '=HYPERLINK("http://x")' })).replace(',particulier,', ',inconnue,');
  const r = await upload(sup, 'registry', csv);
  assert.equal(r.statusCode, 202, r.body);
  const job = r.json() as { id: string; file: string; path?: string };
  assert.equal(job.file, 'registre d’avril.csv');
  assert.equal(job.path, undefined, 'the server-side path is not sent');
  const done = (await h.web.jobs.settled(job.id))!;
  assert.equal(done.state, 'done', String(done.error));
  assert.deepEqual(done.summary && [done.summary.read, done.summary.added, done.summary.rejected], [3, 2, 1]);
  const status = (await sup.get(`/console/api/imports/${job.id}`)).json() as { state: string; rejects_url: string; read_bytes: number; bytes: number };
  assert.equal(status.state, 'done');
  assert.equal(status.read_bytes, status.bytes, 'progress reached the end');
  assert.equal((await h.store.subscribers.findByContract('C0000102'))?.holder_name, 'KOUMBA Brigitte');
  const rejects = await sup.get(status.rejects_url);
  assert.equal(rejects.statusCode, 200);
  assert.match(String(rejects.headers['content-disposition']), /^attachment; filename="rejets-registry-\d+\.csv"$/);
  assert.match(rejects.body, /^line,reason,/);
  assert.match(rejects.body, /"'=HYPERLINK\(""http:\/\/x""\)"/, 'the formula cell starts with an apostrophe');
  const a = await audits(3);
  assert.deepEqual(a.map((x) => [x.action, x.stage ?? x.kind]), [['export', 'import_rejects'], ['import', 'done'], ['import', 'started']]);
  assert.equal(a[1].added, 2);
});

test('uploads refused plainly: not a registry, no CSRF header, a role without imports, a form instead of the file', async () => {
  const sup = await h.session('supervisor');
  const bad = await upload(sup, 'registry', 'name,age\nx,1\n');
  assert.equal(bad.statusCode, 400);
  assert.match((bad.json() as { message: string }).message, /not a registry header: missing columns contract_no/);
  assert.doesNotMatch(bad.body, /guichet-console-imports/, 'the temporary path is never shown');
  assert.equal((await upload(sup, 'registry', REGISTRY_HEADER, { csrf: null })).statusCode, 403);
  const auditor = await h.session('auditor');
  assert.equal((await upload(auditor, 'registry', REGISTRY_HEADER)).statusCode, 403);
  const form = await h.app.inject({ method: 'POST', url: '/console/api/imports/registry', headers: { cookie: sup.cookie, 'x-csrf-token': sup.csrf, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'file=registre.csv' });
  assert.equal(form.statusCode, 400);
  assert.equal((await sup.get('/console/api/imports/nope')).statusCode, 404);
});

test('a code pool uploaded: the prepaid meter\'s code added, an unknown meter refused', async () => {
  const sup = await h.session('supervisor');
  const r = await upload(sup, 'codes', `meter_no,cycle,token,units\n${SUBS[0].meter_no},phase-2,12345678901234567891,41.6\n99999999,phase-2,12345678901234567892,41.6\n`);
  assert.equal(r.statusCode, 202, r.body);
  const done = (await h.web.jobs.settled((r.json() as { id: string }).id))!;
  assert.equal(done.state, 'done', String(done.error));
  assert.deepEqual(done.summary, { read: 2, added: 1, rejected: 1 });
  assert.equal((await audits(1))[0].action, 'codes_imported');
});

test('the billing export: postpaid by default, every credit with all=1, never a token; audited with its row count', async () => {
  for (const s of SUBS.slice(0, 3)) await h.claims.claim({ who: { contract_no: s.contract_no }, cycle: null, phone: null, pass: null, channel: 'web' });
  const sup = await h.session('supervisor');
  const post = await sup.get('/console/fichiers/credits.csv?cycle=phase-1');
  assert.equal(post.statusCode, 200);
  assert.equal(post.headers['content-type'], 'text/csv; charset=utf-8');
  const lines = post.body.trim().split('\n');
  assert.equal(lines[0], 'claim_id,contract_no,meter_no,service,metering,programme_id,cycle,fcfa,units,unit,channel,issued_at,billing_grievance');
  assert.ok(lines.slice(1).every((l) => l.includes(',postpaid,')), 'postpaid only');
  const all = await sup.get('/console/fichiers/credits.csv?cycle=phase-1&all=1');
  assert.ok(all.body.includes(',prepaid,'));
  assert.doesNotMatch(all.body, /\d{20}/, 'no token');
  const until = Date.now() + 5000;
  while ((await audits(1))[0].rows === undefined && Date.now() < until) await new Promise((w) => setTimeout(w, 10));
  const [entry] = await audits(1);
  assert.deepEqual([entry.action, entry.kind, entry.all, entry.rows], ['export', 'credits', true, all.body.trim().split('\n').length - 1]);
  assert.equal((await sup.get('/console/fichiers/credits.csv?cycle=nope')).statusCode, 400);
  const agent = await h.session('agent');
  assert.equal((await agent.get('/console/fichiers/credits.csv?cycle=phase-1')).statusCode, 403);
});

test('the reconciliation: totals by agency, service and metering, budget used, the journal\'s count and head as verify computes them; page and CSV', async () => {
  const auditor = await h.session('auditor');
  const page = await auditor.get('/console/rapprochement');
  assert.equal(page.statusCode, 200);
  const totals = (await h.store.claims.totals()).filter((t) => t.programme_id === 'gratuite-2020');
  const credits = totals.reduce((a, t) => a + t.credits, 0);
  assert.match(page.body, new RegExp(`<td class="n" id="rec-credits">${credits}</td>`));
  const v = await verifyStore(h.store);
  assert.ok(v.ok);
  assert.match(page.body, new RegExp(`<code id="rec-head">${v.head}</code>`));
  assert.match(page.body, new RegExp(`<dd id="rec-entries">${v.entries}</dd>`));
  const csv = await auditor.get('/console/fichiers/rapprochement.csv');
  assert.equal(csv.statusCode, 200);
  const rows = csv.body.trim().split('\n');
  assert.equal(rows[0], 'kind,programme_id,cycle,agency,service,metering,credits,fcfa,envelope_fcfa,value');
  assert.equal(rows.filter((r) => r.startsWith('credits,')).reduce((a, r) => a + Number(r.split(',')[6]), 0), credits);
  assert.ok(rows.includes(`journal_head,,,,,,,,,${v.head}`));
  assert.ok(rows.some((r) => r.startsWith('budget,gratuite-2020,phase-1,')));
  assert.deepEqual((await audits(1)).map((x) => [x.action, x.kind, x.format]), [['export', 'reconciliation', 'csv']]);
  const files = await auditor.get('/console/fichiers');
  assert.doesNotMatch(files.body, /class="upload"/, 'the auditor uploads nothing');
  assert.match(files.body, /Rapprochement pour l’État/);
});
