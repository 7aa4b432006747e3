import { test, before, after } from 'node:test';
import { located } from '../../test-support/claims.js';
import assert from 'node:assert/strict';
import { startTestNode } from '../../test-support/node.js';
import { VirtualMeter, meterKeyFromDecoderKey, deriveMeterKey } from '../../sts/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let node: Awaited<ReturnType<typeof startTestNode>>;
let samples: { prepaid: string[]; postpaid: string[]; water: string[]; not_retained: string[] };

before(async () => {
  node = await startTestNode();
  const r = await node.app.inject({ method: 'GET', url: '/api/v1/demo/samples' });
  samples = r.json();
});
after(() => node.stop());

const claim = (payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  node.app.inject({ method: 'POST', url: '/api/v1/claims', payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers });

test('demo samples exist for every kind', () => {
  for (const k of ['prepaid', 'postpaid', 'water', 'not_retained'] as const) assert.ok(samples[k].length > 0, k);
});

test('a prepaid claim gets a 20-digit token that a virtual meter with that key accepts, once', async () => {
  const meter = samples.prepaid[0];
  const r = await claim({ meter_no: meter });
  assert.equal(r.statusCode, 200);
  const body = r.json();
  assert.equal(body.status, 'issued');
  assert.equal(body.metering, 'prepaid');
  assert.match(body.token, /^[0-9]{20}$/);
  assert.equal(body.credit.fcfa, 20000);
  assert.equal(body.credit.unit, 'kWh');
  // Key the token into a virtual meter loaded with the decoder key the utility would have put in it.
  const sub = located(node.claims.locate({ meter_no: meter }));
  const vk = readFileSync(join(node.dir, 'demo-vending-key'), 'utf8').trim();
  const mk = deriveMeterKey({ vendingKey: vk, meterNo: meter, key: { iin: sub.sts_iin!, sgc: sub.sts_sgc!, ti: sub.sts_ti!, krn: sub.sts_krn!, kt: Number(sub.sts_kt), baseDate: sub.sts_base_date! } });
  const vm = new VirtualMeter(meterKeyFromDecoderKey(mk.decoderKeyHex(), { baseDate: sub.sts_base_date! }));
  const first = vm.enter(body.token);
  assert.equal(first.ok, true, JSON.stringify(first));
  assert.equal(vm.enter(body.token).ok, false);
  const again = (await claim({ meter_no: meter })).json();
  assert.equal(again.replayed, true);
  assert.equal(again.token, body.token);
});

test('postpaid and water claims credit the account: no token', async () => {
  for (const m of [samples.postpaid[0], samples.water[0]]) {
    const b = (await claim({ meter_no: m })).json();
    assert.equal(b.status, 'issued');
    if (b.metering === 'postpaid') assert.equal(b.token, null);
  }
  const w = (await claim({ meter_no: samples.water[1] ?? samples.water[0] })).json();
  assert.equal(w.credit.unit, 'm3');
  assert.equal(w.credit.fcfa, 15000);
});

test('a subscriber phase-1 does not retain hears why, in French, with a 422', async () => {
  const r = await claim({ meter_no: samples.not_retained[0] });
  assert.equal(r.statusCode, 422);
  const b = r.json();
  assert.equal(b.status, 'ineligible');
  assert.equal(b.reason, 'not_retained');
  assert.ok(b.message.length > 20);
});

test('bad input: a 400 naming the field, never a 5xx, nothing stored', async () => {
  const before = node.claims.creditCount;
  const cases: [string, unknown, string][] = [
    ['malformed JSON', '{"meter_no": ', 'body'],
    ['empty body', '', 'body'],
    ['array body', '[1,2]', 'body'],
    ['number instead of string', { meter_no: 1234567 }, 'meter_no'],
    ['object instead of string', { meter_no: { $gt: '' } }, 'meter_no'],
    ['100 KB string', { meter_no: '1'.repeat(100_000) }, 'meter_no'],
    ['Arabic-Indic digits', { meter_no: '٤٣١٣٥٦٢٥٦٢٣' }, 'meter_no'],
    ['SQL fragment', { meter_no: "1' OR '1'='1" }, 'meter_no'],
    ['SQL in contract', { contract_no: "x'; DROP TABLE credits;--" }, 'contract_no'],
    ['nothing to look up', {}, 'meter_no'],
    ['both numbers', { meter_no: '12345678', contract_no: 'C1' }, 'contract_no'],
    ['unknown field', { meter_no: '12345678', admin: true }, 'admin'],
    ['bad phone', { meter_no: '12345678', phone: '+33 6 12 34 56 78' }, 'phone'],
    ['bad cycle', { meter_no: '12345678', cycle: '../../etc' }, 'cycle'],
    ['null byte', { meter_no: '1234\u00005678' }, 'meter_no'],
  ];
  for (const [name, payload, field] of cases) {
    const r = await claim(payload);
    assert.equal(r.statusCode, 400, name);
    const b = r.json();
    assert.equal(b.status, 'invalid', name);
    assert.ok(b.errors.some((e: { field: string }) => e.field === field), `${name}: ${JSON.stringify(b.errors)}`);
    assert.doesNotMatch(r.body, /at .*\.(ts|js):\d+/, name);
  }
  const wrongType = await claim('meter_no=123', { 'content-type': 'text/plain' });
  assert.equal(wrongType.statusCode, 400);
  const huge = await claim({ meter_no: '1'.repeat(400_000) });
  assert.equal(huge.statusCode, 400);
  assert.equal(node.claims.creditCount, before);
});

test('a mistyped STS meter number (wrong check digit) is a 400 that says so', async () => {
  const m = samples.prepaid[1] ?? samples.prepaid[0];
  const typo = m.slice(0, -1) + String((Number(m.at(-1)) + 1) % 10);
  const r = await claim({ meter_no: typo });
  assert.equal(r.statusCode, 400);
  assert.match(r.json().errors[0].message, /chiffre de contrôle/);
});

test('unknown meter and contract: 422 unknown_meter', async () => {
  assert.equal((await claim({ meter_no: '12345678' })).json().reason, 'unknown_meter');
  assert.equal((await claim({ contract_no: 'NOPE-1' })).json().reason, 'unknown_meter');
});

test('a scheduled cycle answers cycle_not_open; an unknown one unknown_cycle', async () => {
  assert.equal((await claim({ meter_no: samples.postpaid[1] ?? samples.postpaid[0], cycle: 'phase-2' })).json().reason, 'cycle_not_open');
  assert.equal((await claim({ meter_no: samples.postpaid[0], cycle: 'phase-9' })).json().reason, 'unknown_cycle');
});

test('healthz, metrics, credits lookup', async () => {
  assert.equal((await node.app.inject({ url: '/healthz' })).statusCode, 200);
  const m = (await node.app.inject({ url: '/metrics' })).body;
  assert.match(m, /guichet_claims_total\{channel="api",outcome="issued"\} \d+/);
  assert.match(m, /guichet_store_commit_batch_size_count \d+/);
  const l = await node.app.inject({ url: `/api/v1/credits?meter_no=${samples.prepaid[0]}` });
  assert.equal(l.json().credits.length, 1);
});
