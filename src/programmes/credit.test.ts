/** @module Tests: credit arithmetic checked against exact rational arithmetic (BigInt) over many amounts and prices. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AMOUNT_FCFA, MAX_PRICE, PRICE_SCALE, creditFor, scalePrice, unitsTenths } from './credit.js';
import { builtinProgramme } from './index.js';
import { sub, water } from './test-support/fixtures.js';

/** floor(fcfa / (priceThousandths / 1000) * 10), exactly. */
function exact(fcfa: number, priceThousandths: number): number {
  return Number((BigInt(fcfa) * 10n * BigInt(PRICE_SCALE)) / BigInt(priceThousandths));
}

/** Deterministic: a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('unitsTenths', () => {
  it('the examples: 20000/48 = 416.6 kWh, 20000/97.5 = 205.1, exact divisions are not rounded down a tenth', () => {
    assert.equal(unitsTenths(20000, 48_000), 4166);
    assert.equal(unitsTenths(20000, 97_500), 2051);
    assert.equal(unitsTenths(15000, 500_000), 300);
    assert.equal(unitsTenths(15000, 280_000), 535);
    assert.equal(unitsTenths(1, 100), 100); // 1 FCFA at 0.1 FCFA/unit: exactly 10.0 units
    assert.equal(unitsTenths(0, 48_000), 0);
  });

  it('equals exact rational floor for every amount 1..3000 at a spread of prices', () => {
    const prices = [1, 7, 100, 333, 1000, 47_999, 48_000, 48_125, 97_500, 109_500, 280_000, 495_000, 999_999, MAX_PRICE * PRICE_SCALE];
    for (const p of prices) for (let a = 0; a <= 3000; a++) assert.equal(unitsTenths(a, p), exact(a, p), `${a} FCFA at ${p / 1000}`);
  });

  it('equals exact rational floor on 200,000 random amounts and 3-decimal prices, including the largest', () => {
    const rnd = prng(2020);
    for (let i = 0; i < 200_000; i++) {
      const fcfa = i % 10 === 0 ? MAX_AMOUNT_FCFA - Math.floor(rnd() * 1000) : Math.floor(rnd() * (i % 3 ? 100_000 : MAX_AMOUNT_FCFA));
      const price = 1 + Math.floor(rnd() * (i % 2 ? 1_000_000 : MAX_PRICE * PRICE_SCALE));
      assert.equal(unitsTenths(fcfa, price), exact(fcfa, price), `${fcfa} FCFA at ${price / 1000}`);
    }
  });

  it('equals exact rational floor at the largest prices, where the quotient is smallest', () => {
    const rnd = prng(7);
    for (let i = 0; i < 50_000; i++) {
      const b = MAX_PRICE * PRICE_SCALE - Math.floor(rnd() * 500_000_000);
      const fcfa = Math.floor(rnd() * MAX_AMOUNT_FCFA);
      assert.equal(unitsTenths(fcfa, b), exact(fcfa, b));
    }
  });

  it('refuses amounts and prices outside the exact range', () => {
    assert.throws(() => unitsTenths(MAX_AMOUNT_FCFA + 1, 48_000), RangeError);
    assert.throws(() => unitsTenths(1.5, 48_000), RangeError);
    assert.throws(() => unitsTenths(-1, 48_000), RangeError);
    assert.throws(() => unitsTenths(100, 0), RangeError);
    assert.throws(() => unitsTenths(100, 48.5), RangeError);
  });
});

describe('scalePrice', () => {
  it('accepts up to 3 decimals, whatever the float noise, and nothing else', () => {
    assert.equal(scalePrice(48), 48_000);
    assert.equal(scalePrice(97.5), 97_500);
    assert.equal(scalePrice(48.125), 48_125);
    assert.equal(scalePrice(0.1), 100);
    assert.equal(scalePrice(0.001), 1);
    for (let t = 1; t < 100_000; t += 7) assert.equal(scalePrice(t / 1000), t, `${t / 1000}`);
    for (const bad of [0, -1, 1 / 3, 48.0001, NaN, Infinity, MAX_PRICE + 1]) assert.equal(scalePrice(bad), null, String(bad));
  });
});

describe('creditFor', () => {
  const p = builtinProgramme();
  const [elec, wat] = p.cycles[0].benefits;

  it('uses the subscriber tariff and the service unit', () => {
    assert.deepEqual(creditFor(p, elec, sub()), { fcfa: 20000, units_tenths: 4166, unit: 'kWh' });
    assert.deepEqual(creditFor(p, elec, sub({ tariff: 'general' })), { fcfa: 20000, units_tenths: 1826, unit: 'kWh' });
    assert.deepEqual(creditFor(p, wat, water()), { fcfa: 15000, units_tenths: 535, unit: 'm3' });
    assert.deepEqual(creditFor(p, wat, water({ tariff: 'general' })), { fcfa: 15000, units_tenths: 303, unit: 'm3' });
  });

  it('agrees with exact arithmetic for a price like 97.5 given as a float', () => {
    const q = { ...p, prices: { ...p.prices, electricity: { social: 97.5, general: 0.3 } } };
    assert.equal(creditFor(q, elec, sub()).units_tenths, exact(20000, 97_500));
    assert.equal(creditFor(q, elec, sub({ tariff: 'general' })).units_tenths, exact(20000, 300)); // 0.3 is 0.29999… as a float
  });
});
