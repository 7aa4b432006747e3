/** @module Ticket book: the index agrees with a plain Map through growth, churn, lapses and shrinking. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TicketBook } from './ticket-book.js';
import { seeded } from './test-support/crowd.js';

test('random churn: find, serve, lapse at tail, grow and shrink, checked against a Map', () => {
  const rnd = seeded(17);
  const book = new TicketBook();
  const model = new Map<string, number>(); // tag -> live unserved ticket
  const tagOf: [number, number][] = [];
  const served = new Set<number>();
  const u32 = () => Math.floor(rnd() * 0x1_0000_0000) >>> 0;
  let maxBytes = 0;
  for (let step = 0; step < 200_000; step++) {
    const phase = step < 100_000 ? 0.8 : 0.2; // the line builds up, then drains
    const x = rnd();
    if (x < phase) {
      // Now and then a low word already in use (same home slot, different key), to exercise probe chains.
      const lo = step % 50 === 0 && book.live > 0 ? tagOf[book.head - 1 - Math.floor(rnd() * Math.min(book.live, 100))][0] : u32();
      const hi = u32();
      if (!model.has(`${lo}:${hi}`)) {
        const t = book.push(lo, hi, step);
        tagOf[t] = [lo, hi];
        model.set(`${lo}:${hi}`, t);
      }
    } else if (book.live > 0) {
      const t = book.tail + Math.floor(rnd() * book.live);
      if (x < phase + (1 - phase) / 2 && !served.has(t)) {
        book.settle(t, true);
        served.add(t);
        model.delete(`${tagOf[t][0]}:${tagOf[t][1]}`);
      } else {
        const k = book.tail; // a lapse only ever happens at the tail
        if (!book.isServed(k)) {
          book.settle(k, false);
          model.delete(`${tagOf[k][0]}:${tagOf[k][1]}`);
        }
        book.tail++;
        book.maybeShrink();
      }
    }
    maxBytes = Math.max(maxBytes, book.bytes);
    if (step % 4999 === 0) {
      for (const t of model.values()) assert.equal(book.find(tagOf[t][0], tagOf[t][1]), t);
      assert.equal(book.find(0xdeadbeef, 0xfeedface), -1);
    }
  }
  for (const t of served) assert.ok(book.isServed(t));
  while (book.live > 0) {
    if (!book.isServed(book.tail)) book.settle(book.tail, false);
    book.tail++;
    book.maybeShrink();
  }
  assert.ok(book.bytes < maxBytes / 8, `memory given back: ${book.bytes} of ${maxBytes}`);
});

test('permute re-lays tags so each key finds its drawn place', () => {
  const book = new TicketBook();
  for (let k = 0; k < 5; k++) book.push(100 + k, 7, 0);
  book.permute(0, Uint32Array.from([3, 0, 4, 1, 2]));
  assert.deepEqual([100, 101, 102, 103, 104].map((lo) => book.find(lo, 7)), [3, 0, 4, 1, 2]);
});
