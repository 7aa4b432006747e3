/** @module Tests: the sender when the SMSC misbehaves: bind refused, answers lost, enquire_link unanswered, throttling, queue full, cut line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pair, until } from '../test-support/pair.js';

const gaps = (t: number[]) => t.slice(1).map((x, i) => x - t[i]);

test('a wrong password: ESME_RBINDFAIL, then binds again after 50, 100, 200, 400, 400 ms; the right one gets through', async () => {
  const p = await pair({ password: 'right' }, { password: 'wrong', reconnect: { firstMs: 50, capMs: 400, stableMs: 60_000 } }, false);
  try {
    // The simulator counts a bind when it arrives; the sender, when the refusal is back: both, before looking.
    await until(() => p.sim.binds.length >= 6 && p.sender.stats.bindFailures >= 6, 'six bind attempts refused');
    assert.ok(p.sim.binds.slice(0, 6).every((b) => !b.ok && b.systemId === 'guichet'), JSON.stringify(p.sim.binds));
    const g = gaps(p.sim.binds.slice(0, 6).map((b) => b.at));
    const planned = [50, 100, 200, 400, 400];
    for (let i = 0; i < planned.length; i++) assert.ok(g[i] >= planned[i] - 1, `gap ${i}: ${g[i].toFixed(1)} ms, planned ${planned[i]}`);
    assert.equal(p.sender.isUp, false);
    assert.match(p.sender.lastError ?? '', /bind refused: ESME_RBINDFAIL/);
    assert.ok(p.sender.stats.bindFailures >= 6, `${p.sender.stats.bindFailures} bind failures`);
    assert.deepEqual(await p.sender.submit('24106123456', 'x'), { kind: 'disconnected', written: false });
    p.sim.update({ password: 'wrong' });
    await until(() => p.sender.isUp, 'the bind with the password the SMSC now expects');
    assert.equal(p.sender.lastError, null);
  } finally {
    await p.close();
  }
});

test('a lost submit_sm_resp: timeout, the link dropped and bound again, the other submit on it answered disconnected', async () => {
  const downs: string[] = [];
  const p = await pair({ failures: [{ match: '24107', kind: 'no_answer' }] }, {
    responseTimeoutMs: 1000, onStateChange: (s, why) => void (s === 'down' && downs.push(why)),
  });
  try {
    const t0 = performance.now();
    const lost = p.sender.submit('24107000001', 'dans le vide');
    await until(() => p.sim.stats.unanswered === 1, 'the first submit at the simulator');
    const second = p.sender.submit('24107000002', 'dans le vide aussi');
    const fine = await p.sender.submit('24106000001', 'normal');
    assert.equal(fine.kind, 'sent', 'other submits go on within the window meanwhile');
    assert.deepEqual(await lost, { kind: 'timeout' });
    assert.ok(performance.now() - t0 >= 1000, `timed out after ${performance.now() - t0} ms`);
    assert.deepEqual(await second, { kind: 'disconnected', written: true });
    await until(() => p.sim.stats.binds === 2 && p.sender.isUp, 'the second bind');
    assert.deepEqual(downs, ['no submit_sm_resp within 1000 ms']);
    assert.equal(p.sender.stats.outcomes.timeout, 1);
    p.sim.update({ failures: [] });
    assert.equal((await p.sender.submit('24107000001', 'enfin')).kind, 'sent');
  } finally {
    await p.close();
  }
});

test('enquire_link answered keeps the link; unanswered, the link is dropped and bound again', async () => {
  const downs: string[] = [];
  const p = await pair({}, { enquireLinkMs: 50, enquireLinkTimeoutMs: 1000, onStateChange: (s, why) => void (s === 'down' && downs.push(why)) });
  try {
    await until(() => p.sim.stats.enquireLinks >= 4, 'four enquire_link');
    assert.equal(p.sim.stats.binds, 1);
    assert.equal(p.sender.stats.enquireLinkTimeouts, 0);
    p.sim.update({ answerEnquireLink: false });
    await until(() => p.sim.stats.binds >= 2 && p.sender.isUp, 'a new bind after the unanswered enquire_link');
    assert.equal(downs[0], 'no enquire_link_resp within 1000 ms');
    assert.ok(p.sender.stats.enquireLinkTimeouts >= 1, `${p.sender.stats.enquireLinkTimeouts} enquire_link timeouts`);
  } finally {
    await p.close();
  }
});

test('ESME_RTHROTTLED: one pause for a burst, doubling while the SMSC keeps saying it, reset by a success', async () => {
  const p = await pair({ failures: [{ match: '24109', kind: 'throttle' }] }, { throttlePauseMs: 100, pauseMaxMs: 10_000, window: 5, ratePerSecond: 1000 });
  try {
    let t0 = Infinity;
    const burst = await Promise.all(
      Array.from({ length: 5 }, (_, i) => p.sender.submit(`2410900000${i}`, 'x').then((o) => ((t0 = Math.min(t0, performance.now())), o))),
    );
    assert.deepEqual(burst.map((o) => o.kind), Array(5).fill('throttled'));
    assert.equal((await p.sender.submit('24106000001', 'x')).kind, 'sent');
    const waited = performance.now() - t0;
    // Five doublings would have been 1.6 s; the burst shares one pause.
    assert.ok(waited >= 99 && waited < 1000, `waited ${waited.toFixed(0)} ms after the throttled burst`);
    const at: number[] = [];
    for (let i = 0; i < 4; i++) {
      assert.equal((await p.sender.submit('24109000009', 'x')).kind, 'throttled');
      at.push(performance.now());
    }
    const g = gaps(at);
    [100, 200, 400].forEach((ms, i) => assert.ok(g[i] >= ms, `pause ${i}: ${g[i].toFixed(0)} ms, at least ${ms}`));
    assert.equal(p.sender.stats.outcomes.throttled, 9);
    assert.equal(p.sim.stats.throttled, 9);
  } finally {
    await p.close();
  }
});

test('ESME_RMSGQFUL: queue_full, and a longer pause than a throttle', async () => {
  const p = await pair({ failures: [{ match: '24105', kind: 'queue_full' }] }, { throttlePauseMs: 20, queueFullPauseMs: 300 });
  try {
    // Timed from the moment the sender heard it, not from when this test got round to looking.
    let t0 = 0;
    assert.deepEqual(await p.sender.submit('24105000001', 'x').then((o) => ((t0 = performance.now()), o)), { kind: 'queue_full' });
    assert.equal((await p.sender.submit('24106000001', 'x')).kind, 'sent');
    const waited = performance.now() - t0;
    assert.ok(waited >= 299, `sent ${waited.toFixed(1)} ms after ESME_RMSGQFUL`);
    assert.equal(p.sim.stats.queueFull, 1);
  } finally {
    await p.close();
  }
});

test('a cut line: submits in flight answered disconnected, the sender binds again on its own', async () => {
  const states: string[] = [];
  const p = await pair({ respDelayMs: 5000 }, { onStateChange: (s) => void states.push(s) });
  try {
    const inFlight = p.sender.submit('24106000001', 'x');
    await until(() => p.sim.stats.outstanding === 1, 'the submit at the simulator');
    p.sim.dropConnections();
    assert.deepEqual(await inFlight, { kind: 'disconnected', written: true });
    await until(() => p.sim.stats.binds === 2 && p.sender.isUp, 'the second bind');
    assert.deepEqual(states, ['up', 'down', 'up']);
    assert.equal(p.sender.stats.reconnects, 1);
    p.sim.update({ respDelayMs: 0 });
    assert.equal((await p.sender.submit('24106000001', 'x')).kind, 'sent');
  } finally {
    await p.close();
  }
});

test('close(): submits waiting for the rate are answered disconnected, the link unbinds, no reconnection follows', async () => {
  const p = await pair({}, { ratePerSecond: 1 });
  const first = p.sender.submit('24106000001', 'x');
  const waiting = [p.sender.submit('24106000002', 'x'), p.sender.submit('24106000003', 'x')];
  assert.equal((await first).kind, 'sent');
  await p.sender.close();
  assert.deepEqual(await Promise.all(waiting), [{ kind: 'disconnected', written: false }, { kind: 'disconnected', written: false }]);
  await until(() => p.sim.stats.bound === 0, 'the simulator to see the unbind');
  assert.equal(p.sim.stats.binds, 1);
  assert.equal(await p.sender.whenUp(), false);
  await p.sim.close();
});
