/** @module Token identifiers: minutes since the base date, 24 bits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateOfTid, MAX_TID, nextTid, StsError, tidAt } from './index.js';

const code = (c: string) => (e: unknown) => e instanceof StsError && e.code === c;

test('TID of the sts.org.za example and of the vectors', () => {
  assert.equal(tidAt(new Date('2016-12-11T15:49:00Z'), '1993-01-01'), 0xc02a55);
  assert.equal(tidAt(new Date('2004-03-01T13:55:00Z'), '1993-01-01'), 5871715);
  assert.equal(tidAt(new Date('2004-03-01T13:55:59.999Z'), '1993-01-01'), 5871715); // seconds dropped
  assert.equal(tidAt(new Date('2014-01-01T00:00:00Z'), '2014-01-01'), 0);
  assert.equal(dateOfTid(0xc02a55, '1993-01-01').toISOString(), '2016-12-11T15:49:00.000Z');
});

test('range errors: before the base date, past 24 bits, bad values', () => {
  assert.throws(() => tidAt(new Date('1992-12-31T23:59:59Z'), '1993-01-01'), code('tid_out_of_range'));
  assert.throws(() => tidAt(new Date('2013-12-31T23:59:00Z'), '2014-01-01'), /before the meter's base date 2014-01-01/);
  const last = dateOfTid(MAX_TID, '1993-01-01');
  assert.equal(last.toISOString(), '2024-11-24T20:15:00.000Z');
  assert.equal(tidAt(last, '1993-01-01'), MAX_TID);
  assert.throws(() => tidAt(new Date(last.getTime() + 60_000), '1993-01-01'), (e: unknown) => code('tid_out_of_range')(e) && /2024-11-24T20:15:00Z/.test((e as Error).message));
  assert.equal(tidAt(new Date('2026-11-26T08:00:00Z'), '2014-01-01'), 6785760);
  assert.throws(() => dateOfTid(MAX_TID + 1, '2014-01-01'), code('tid_out_of_range'));
  assert.throws(() => dateOfTid(-1, '2014-01-01'), code('tid_out_of_range'));
  assert.throws(() => tidAt(new Date('nope'), '2014-01-01'), code('bad_date'));
  assert.throws(() => tidAt(new Date(), '2000-01-01' as never), code('bad_key_data'));
});

test('nextTid never hands out a TID twice to one meter', () => {
  const now = new Date('2026-11-26T08:00:30Z');
  const t0 = nextTid(now, '2014-01-01');
  const t1 = nextTid(now, '2014-01-01', t0);
  const t2 = nextTid(now, '2014-01-01', t1);
  assert.deepEqual([t1 - t0, t2 - t1], [1, 1]);
  assert.equal(nextTid(new Date('2026-11-26T09:00:00Z'), '2014-01-01', t2), t0 + 60); // the clock caught up
  assert.throws(() => nextTid(dateOfTid(MAX_TID, '2014-01-01'), '2014-01-01', MAX_TID), code('tid_out_of_range'));
});
