/** @module Transfer amount: exponent/mantissa encoding, exact or refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeAmount, decodeToken, encodeAmount, isEncodable, MAX_TENTHS, nearestEncodable, parseUnits, roundDownToEncodable, StsError,
} from './index.js';

const code = (c: string) => (e: unknown) => e instanceof StsError && e.code === c;

test('small amounts go as they are (exponent 0)', () => {
  assert.equal(encodeAmount(0), 0);
  assert.equal(encodeAmount(parseUnits('0.7')), 7);
  assert.equal(encodeAmount(parseUnits('1638.3')), 0x3fff);
});

test('above 1638.3 units the exponent ranges follow each other with no overlap', () => {
  assert.equal(encodeAmount(parseUnits('1638.4')), 0x4000); // e=1, m=0
  assert.equal(encodeAmount(parseUnits('1639.4')), 0x4001); // e=1 steps by 1 unit
  assert.equal(encodeAmount(parseUnits('18021.4')), 0x7fff); // top of e=1
  assert.equal(encodeAmount(parseUnits('18022.4')), 0x8000); // e=2 starts
  assert.equal(encodeAmount(parseUnits('181852.4')), 0xbfff);
  assert.equal(encodeAmount(parseUnits('181862.4')), 0xc000); // e=3 starts
  assert.equal(encodeAmount(MAX_TENTHS), 0xffff);
  assert.equal(MAX_TENTHS, 18201624);
});

test('an amount with no exact encoding is refused, naming the nearest ones, never rounded', () => {
  assert.throws(() => encodeAmount(parseUnits('1638.5')), (e: unknown) => code('amount_not_encodable')(e) && /1638\.4 and 1639\.4/.test((e as Error).message));
  assert.throws(() => encodeAmount(parseUnits('18021.5')), code('amount_not_encodable')); // gap between e=1 and e=2
  assert.throws(() => encodeAmount(MAX_TENTHS + 1), (e: unknown) => code('amount_not_encodable')(e) && /largest is 1820162\.4/.test((e as Error).message));
  assert.throws(() => parseUnits('0.15'), code('amount_not_encodable'));
  assert.throws(() => encodeAmount(-1), code('bad_amount'));
  assert.throws(() => encodeAmount(0.5), code('bad_amount'));
  assert.throws(() => parseUnits('1,5'), code('bad_amount'));
  assert.throws(() => parseUnits('-3'), code('bad_amount'));
});

test('parseUnits reads decimals without float drift', () => {
  assert.equal(parseUnits('0.7'), 7);
  assert.equal(parseUnits('0.1'), 1);
  assert.equal(parseUnits('25'), 250);
  assert.equal(parseUnits('1638.30'), 16383);
  assert.equal(parseUnits(' 12.0 '), 120);
});

test('all 65,536 amount fields decode to distinct amounts that encode back to the same field', () => {
  const seen = new Set<number>();
  for (let f = 0; f < 65536; f++) {
    const t = decodeAmount(f);
    assert.ok(!seen.has(t));
    seen.add(t);
    assert.equal(encodeAmount(t), f);
    assert.ok(isEncodable(t));
  }
});

test('nearestEncodable and roundDownToEncodable bracket any amount', () => {
  for (const t of [0, 7, 16383, 16384, 16385, 16394, 180214, 180215, 180223, 1818524, 1818525, 1818624, 1818625, MAX_TENTHS, MAX_TENTHS + 5]) {
    const { below, above } = nearestEncodable(t);
    assert.ok(isEncodable(below) && below <= t, `${t}`);
    if (above !== null) assert.ok(isEncodable(above) && above >= t, `${t}`);
    assert.equal(isEncodable(t), below === t);
    assert.equal(roundDownToEncodable(t), below);
  }
  assert.deepEqual(nearestEncodable(180220), { below: 180214, above: 180224 });
});

test('the STS 531-1 CTSA12 maximum-power-limit tokens carry these exponent fields (same 16-bit encoding)', () => {
  // Conformance tokens of class 2 (SetMaximumPowerLimit) for the vectors' meter, as asserted in the NectarAPI suite:
  // decoding them shows the field a conformant vending system wrote for each value, and the standard's rounding up
  // of in-between values (20000 -> 20004, 180223 -> 180224) that Guichet refuses to do for credit.
  const meter = { vendingKey: 'abababababababab', pan: '600727000000000009', key: { iin: '600727', sgc: '123456', ti: '01', krn: 1, kt: 2, baseDate: '1993-01-01' as const } };
  const steps: [string, number, number][] = [
    ['41932934023937597177', 256, 256], ['39962525051716972228', 16383, 16383], ['49726922948713857933', 16384, 16384],
    ['49240429350369491663', 20000, 20004], ['59901462710025767433', 180223, 180224], ['19230023168014606006', 180224, 180224],
    ['15202793104399278539', 1818623, 1818624], ['39289527337368539951', 1818624, 1818624], ['64902502692705103624', 18201624, 18201624],
  ];
  for (const [token, asked, carried] of steps) {
    const d = decodeToken(token, meter);
    assert.equal(d.class, 2);
    assert.ok(d.crcOk, token);
    assert.equal(d.tenths, carried, `MPL ${asked}`);
    assert.equal(isEncodable(asked), asked === carried, `MPL ${asked}`);
  }
});
