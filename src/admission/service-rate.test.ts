/** @module Service rate: completions per busy second, so a lightly loaded claim path does not look slow. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventRate, ServiceRate } from './service-rate.js';

test('a saturated claim path measures its throughput', () => {
  const r = new ServiceRate(0, 1000);
  let t = 0;
  for (let i = 0; i < 3000; i++) {
    r.started(t);
    t += 2; // one at a time, 2 ms each: 500/s
    r.finished(t);
    r.update(t);
  }
  assert.ok(Math.abs(r.measured! - 500) < 1, String(r.measured));
});

test('a lightly loaded one measures its capacity, not its arrival rate', () => {
  const r = new ServiceRate(0, 1000);
  let t = 0;
  for (let i = 0; i < 400; i++) {
    r.started(t);
    r.finished(t + 2); // 2 ms of work...
    t += 20; // ...every 20 ms: 50 arrivals/s, 500/s of capacity
    r.update(t);
  }
  assert.ok(Math.abs(r.measured! - 500) < 1, String(r.measured));
});

test('the guess stands until there is data; then a drop is followed within a few seconds, not at once', () => {
  const r = new ServiceRate(0, 1234);
  assert.equal(r.value, 1234);
  r.update(10_000); // idle: nothing learnt
  assert.equal(r.measured, null);
  let t = 10_000;
  const run = (ms: number, each: number) => {
    for (const end = t + ms; t < end; ) {
      r.started(t);
      t += each;
      r.finished(t);
      r.update(t);
    }
  };
  run(2000, 1); // 1,000/s
  assert.ok(Math.abs(r.value - 1000) < 1);
  run(1000, 4); // the store slows to 250/s: one second later the estimate is on its way, not there
  assert.ok(r.value < 900 && r.value > 300, String(r.value));
  run(20_000, 4);
  assert.ok(Math.abs(r.value - 250) < 5, String(r.value));
});

test('a stuck claim path (busy, nothing finishing) drives the rate down; unmatched finished() is ignored', () => {
  const r = new ServiceRate(0, 1000);
  r.finished(0);
  assert.equal(r.inflight, 0);
  for (let i = 0; i < 20; i++) (r.started(0), r.finished(10));
  r.update(60);
  const before = r.value;
  r.started(100);
  r.update(10_000);
  assert.ok(r.value < before / 2, `${before} -> ${r.value}`);
  assert.ok(r.value >= 1);
});

test('event rate: a steady 10/s reads 10/s', () => {
  const e = new EventRate(0);
  for (let t = 0; t < 60_000; t += 100) {
    e.add();
    e.update(t);
  }
  assert.ok(Math.abs(e.value - 10) < 0.5, String(e.value));
});

test('a line that starves the claim path doubles the rate every half second; a busy claim path or no line does not', () => {
  const r = new ServiceRate(0, 1000);
  for (let i = 0; i < 20; i++) r.started(0);
  for (let i = 0; i < 20; i++) r.finished(1000);
  r.update(1000); // 20 claims in a busy second: 20/s, a cold start
  assert.equal(r.value, 20);
  r.update(5000); // idle, nobody waiting: nothing learnt, nothing raised
  assert.equal(r.value, 20);
  for (let t = 5000; t <= 7000; t += 100) r.update(t, true); // people wait, the claim path sits idle for 2 s
  assert.equal(r.value, 20 * 2 ** 4);
  assert.equal(r.probes, 4);
  // Half the time busy or more: the line feeds the claim path, the figure is left to the samples.
  const before = r.probes;
  let t = 7000;
  for (; t < 9000; t += 10) {
    r.started(t);
    r.finished(t + 6);
    r.update(t + 6, true);
  }
  assert.equal(r.probes, before);
  r.update(20_000, true); // a quiet spell while starving is one step of evidence, not twenty
  assert.equal(r.probes, before + 1);
  // The line has drained and the claim path is fed again: its first sample replaces the raised figure (a bet, not a
  // measurement) rather than being averaged into it.
  let u = 30_000;
  for (let i = 0; i < 100; i++) (r.started(u), (u += 5), r.finished(u));
  r.update(u);
  assert.ok(Math.abs(r.value - 200) < 1, String(r.value));
});
