/** @module The virtual meter: its own key only, CRC, service, replays, its TID window, and mistyped tokens. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveMeterKey, mintCreditToken, VirtualMeter, type StsKeyData } from './index.js';
import { randomCredit, randomMeter } from './test-support/cases.js';
import { prng } from './test-support/prng.js';

const key: StsKeyData = { iin: '600727', sgc: '123456', ti: '01', krn: 1, kt: 2, baseDate: '2014-01-01' };
const meter = { vendingKey: '0123456789abcdef', meterNo: '43135625622', key };
const mint = (tid: number, tenths = 10, service: 'electricity' | 'water' = 'electricity', m = meter) =>
  mintCreditToken({ ...m, service, tenths, tid, rnd: tid & 15 });

test('accepts its own tokens and adds the credit', () => {
  const vm = new VirtualMeter(meter, { service: 'electricity' });
  assert.deepEqual(vm.enter(mint(100, 7)), { ok: true, service: 'electricity', tenths: 7, tid: 100, creditTenths: 7 });
  assert.equal((vm.enter(mint(101, 2000)) as { creditTenths: number }).creditTenths, 2007);
  assert.equal(vm.creditTenths, 2007);
});

test('a meter loaded with only its decoder key, or a prepared key, accepts the same tokens', () => {
  const mk = deriveMeterKey(meter);
  const vm = new VirtualMeter({ decoderKey: mk.decoderKeyHex(), baseDate: '2014-01-01' }, { service: 'electricity' });
  assert.equal(vm.enter(mint(5)).ok, true);
  const any = new VirtualMeter(mk); // no service stated: electricity and water credits both go in
  assert.equal(any.enter(mint(6, 10, 'water')).ok, true);
  assert.equal(any.enter(mint(7, 5)).ok, true);
  assert.equal(any.creditTenths, 15);
});

test('refuses a replay, a foreign key, another service, a malformed token', () => {
  const vm = new VirtualMeter(meter, { service: 'electricity' });
  const t = mint(200);
  assert.equal(vm.enter(t).ok, true);
  assert.deepEqual(pick(vm.enter(t)), 'used');
  const other = { ...meter, meterNo: '00000000000' };
  assert.deepEqual(pick(vm.enter(mint(201, 10, 'electricity', other))), 'crc');
  assert.deepEqual(pick(vm.enter(mint(202, 10, 'electricity', { ...meter, vendingKey: 'fedcba9876543210' }))), 'crc');
  assert.deepEqual(pick(vm.enter(mint(203, 10, 'electricity', { ...meter, key: { ...key, ti: '02' } }))), 'crc');
  assert.deepEqual(pick(vm.enter(mint(204, 10, 'electricity', { ...meter, key: { ...key, ea: 'EA09' } }))), 'crc');
  assert.deepEqual(pick(vm.enter(mint(205, 10, 'water'))), 'wrong_service');
  assert.deepEqual(pick(vm.enter('1234')), 'format');
  assert.deepEqual(pick(vm.enter('99999999999999999999')), 'format'); // above 2^66
  assert.equal(vm.creditTenths, 10);
});

test('refuses TIDs older than the oldest it remembers; accepts late ones still inside its window', () => {
  const vm = new VirtualMeter(meter, { service: 'electricity', tidMemory: 3 });
  for (const tid of [10, 20, 30, 40]) assert.equal(vm.enter(mint(tid)).ok, true);
  assert.deepEqual(vm.rememberedTids, [20, 30, 40]);
  assert.equal(pick(vm.enter(mint(15))), 'old');
  assert.equal(vm.enter(mint(25)).ok, true); // late but newer than the oldest remembered
  assert.deepEqual(vm.rememberedTids, [25, 30, 40]);
  assert.equal(pick(vm.enter(mint(20))), 'old'); // accepted once, since forgotten: now simply too old
  assert.equal(pick(vm.enter(mint(30))), 'used');
  assert.equal(vm.creditTenths, 50);
});

test('every single-bit change of a token fails its CRC or is refused by the meter (1,000 random tokens x 66 bits)', () => {
  // CRC-16 guards the plaintext; a flipped token bit decrypts to a random block, which passes it about once in
  // 65,536 tries. The meter's other checks (class, service, TID) must then refuse it.
  const r = prng(6606);
  let crcPassed = 0;
  for (let i = 0; i < 1000; i++) {
    const m = randomMeter(r);
    const c = randomCredit(r);
    const service = c.service;
    const token = mintCreditToken({ ...m, ...c });
    const vm = new VirtualMeter(m, { service });
    const v = BigInt(token);
    const mutants = Array.from({ length: 66 }, (_, b) => (v ^ (1n << BigInt(b))).toString().padStart(20, '0'));
    // Mistyped before the right token is keyed, then after it.
    for (const round of [0, 1]) {
      for (const t of mutants) {
        const res = vm.enter(t);
        assert.equal(res.ok, false, `token ${token} bit-flipped to ${t} was accepted`);
        if (res.reason !== 'crc' && res.reason !== 'format') crcPassed++;
      }
      if (round === 0) assert.equal(vm.enter(token).ok, true);
    }
    assert.equal(vm.creditTenths, c.tenths);
  }
  assert.ok(crcPassed <= 8, `${crcPassed} of 132,000 mutants passed the CRC`);
});

const pick = (r: ReturnType<VirtualMeter['enter']>): string => (r.ok ? 'accepted' : r.reason);
