import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestNode } from '../test-support/node.js';

let node: Awaited<ReturnType<typeof startTestNode>>;
let meters: string[];

before(async () => {
  node = await startTestNode({}, { 'admit-rate': '20' });
  const db = new Database(join(node.dir, 'guichet.db'), { readonly: true });
  // Phase-1 gives water to every particulier: each of these is a new credit, so each goes through the line.
  meters = db.prepare("SELECT meter_no FROM subscribers WHERE service = 'water' AND category = 'particulier' AND metering = 'postpaid' ORDER BY id LIMIT 60").pluck().all() as string[];
  db.close();
});
after(() => node.stop());

const claim = (body: object) => node.app.inject({ method: 'POST', url: '/api/v1/claims', payload: body });

test('a crowd beyond --admit-rate is queued with position, ETA, pass and Retry-After; coming back with the pass serves everyone, in order', async () => {
  assert.equal(meters.length, 60);
  const first = await Promise.all(meters.map((m) => claim({ meter_no: m })));
  const queued = first.map((r, i) => ({ r, m: meters[i] })).filter(({ r }) => r.statusCode === 202);
  assert.ok(first.every((r) => r.statusCode === 200 || r.statusCode === 202));
  assert.ok(queued.length >= 30, `queued ${queued.length}`);
  const positions = queued.map(({ r }) => r.json().position);
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'positions follow arrival');
  for (const { r } of queued) {
    const b = r.json();
    assert.equal(b.status, 'queued');
    assert.ok(b.eta_s >= 1 && typeof b.pass === 'string');
    const ra = Number(r.headers['retry-after']);
    assert.ok(ra >= 1 && ra <= 20, `retry-after ${ra}`);
  }
  // Everyone comes back with their pass until served; nobody is ever refused for the crowd.
  const waiting = new Map(queued.map(({ r, m }) => [m, r.json().pass as string]));
  const servedAt = new Map<string, number>();
  const t0 = Date.now();
  while (waiting.size > 0 && Date.now() - t0 < 30_000) {
    await new Promise((r) => setTimeout(r, 250));
    for (const [m, pass] of waiting) {
      const r = await claim({ meter_no: m, pass });
      assert.ok(r.statusCode === 200 || r.statusCode === 202, `${r.statusCode} ${r.body}`);
      if (r.statusCode === 200) {
        servedAt.set(m, Date.now());
        waiting.delete(m);
      } else waiting.set(m, r.json().pass);
    }
  }
  assert.equal(waiting.size, 0, 'everyone in line was served');
  // Served in order of arrival (within the quarter-second polling step).
  const order = queued.map(({ m }) => servedAt.get(m)!);
  for (let i = 1; i < order.length; i++) assert.ok(order[i] >= order[i - 1] - 300, `place ${i} served before place ${i - 1}`);
});

test('a forged or foreign pass gains nothing: the claim is a newcomer', async () => {
  const db = new Database(join(node.dir, 'guichet.db'), { readonly: true });
  const fresh = db.prepare("SELECT meter_no FROM subscribers WHERE service = 'water' AND category = 'particulier' AND metering = 'postpaid' ORDER BY id LIMIT 40 OFFSET 60").pluck().all() as string[];
  db.close();
  const answers = await Promise.all(fresh.map((m) => claim({ meter_no: m })));
  const q = answers.map((r, i) => ({ r, m: fresh[i] })).filter(({ r }) => r.statusCode === 202);
  assert.ok(q.length >= 2);
  const last = q[q.length - 1];
  const firstPass = q[0].r.json().pass as string;
  // The last in line presents the first one's pass (foreign) and then an altered one: still last, never first.
  for (const pass of [firstPass, firstPass.slice(0, -2) + (firstPass.endsWith('AA') ? 'BB' : 'AA')]) {
    const r = await claim({ meter_no: last.m, pass });
    if (r.statusCode === 202) assert.ok(r.json().position > 1);
  }
});

test('on the web page, a queued person sees a waiting page that refreshes itself and keeps the pass', async () => {
  const db = new Database(join(node.dir, 'guichet.db'), { readonly: true });
  const fresh = db.prepare("SELECT meter_no FROM subscribers WHERE service = 'water' AND category = 'particulier' AND metering = 'postpaid' ORDER BY id LIMIT 60 OFFSET 100").pluck().all() as string[];
  db.close();
  const pages = await Promise.all(fresh.map((m) => node.app.inject({
    method: 'POST', url: '/demande', payload: `numero=${m}&phone=%2B24177000001`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })));
  const waiting = pages.filter((p) => p.statusCode === 202);
  assert.ok(waiting.length > 0, 'someone waits');
  const last = waiting[waiting.length - 1];
  const html = last.body;
  assert.match(String(last.headers['retry-after']), /^\d+$/, 'the page\'s 202 says when to come back, as the API\'s does');
  const refresh = html.match(/<meta http-equiv="refresh" content="\d+; url=(\/attente\?[^"]*pass=[^"]*)">/);
  assert.ok(refresh, 'the page refreshes itself to /attente, with the pass');
  assert.doesNotMatch(refresh[1], /phone|24177000001/, 'the phone stays out of the address');
  assert.match(html, /DÉMO/);
  assert.doesNotMatch(html, /<script/);
  // Neither the refresh nor any GET issues a credit, whatever pass it carries.
  const credits = node.claims.creditCount;
  const url = refresh[1].replace(/&amp;/g, '&');
  const attente = await node.app.inject({ method: 'GET', url });
  assert.equal(attente.statusCode, 200);
  assert.match(attente.body, /<form method="post" action="\/demande">/, 'a button claims (a POST), when the person presses it');
  const numero = new URLSearchParams(url.split('?')[1]).get('numero');
  const forged = await node.app.inject({ method: 'GET', url: `/demande?numero=${numero}&pass=anything` });
  assert.equal(forged.statusCode, 303);
  assert.equal(node.claims.creditCount, credits, 'fetching a URL never issues a credit');
});
