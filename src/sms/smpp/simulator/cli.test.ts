/** @module Tests: `guichet smsc-sim` as a real process: options, one line when listening, a sender served, a clean stop on SIGTERM. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SmppSender } from '../sender.js';
import { QUICK_RECONNECT, until } from '../../test-support/pair.js';
import { simulatorOptions } from './cli.js';

const MAIN = fileURLToPath(new URL('../../../cli/main.ts', import.meta.url));

test('options: CONTRACT §7 flags, repeatable --fail, credentials from the environment, and usage errors named', () => {
  const o = simulatorOptions(['--port', '0', '--rate', '50', '--throttle-every', '4', '--dlr-delay-ms', '250', '--fail', '24107:no-answer', '--fail', '/^2410[45]/:reject=0x45'], { GUICHET_SMPP_SYSTEM_ID: 'seeg', GUICHET_SMPP_PASSWORD: 'pw' });
  assert.ok(o !== 'help', 'options, not help');
  assert.equal(o.port, 0);
  assert.equal(o.rate, 50);
  assert.equal(o.throttleEvery, 4);
  assert.equal(o.dlrDelayMs, 250);
  assert.equal(o.systemId, 'seeg');
  assert.equal(o.password, 'pw');
  assert.deepEqual(o.failures, [{ match: '24107', kind: 'no_answer' }, { match: /^2410[45]/, kind: 'reject', status: 0x45 }]);
  assert.equal(simulatorOptions(['--help']), 'help');
  assert.throws(() => simulatorOptions(['--port', 'x']), /--port must be a whole number from 0 to 65535/);
  assert.throws(() => simulatorOptions(['--fail', '24107:explode']), /kind must be one of throttle, queue-full, reject/);
  assert.throws(() => simulatorOptions(['--fail', 'abc:reject']), /PATTERN is digits/);
  assert.throws(() => simulatorOptions(['--id-style', 'octal']), /--id-style must be one of hex, decimal/);
  assert.throws(() => simulatorOptions(['--bogus']), /Unknown option '--bogus'/);
});

test('the process: prints where it listens, serves a sender, stops on SIGTERM with exit code 0', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'smsc-sim', '--port', '0', '--throttle-every', '2', '--system-id', 'seeg', '--password', 'pw'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    await until(() => /listening on/.test(out) || child.exitCode !== null, () => `the listening line (stderr: ${err})`, 60_000);
    const m = /^guichet smsc-sim: listening on smpp:\/\/127\.0\.0\.1:(\d+) \(system_id seeg, throttle every 2\)\n$/.exec(out);
    assert.ok(m, out);
    const sender = new SmppSender({ host: '127.0.0.1', port: Number(m[1]), systemId: 'seeg', password: 'pw', source: 'SEEG', reconnect: QUICK_RECONNECT }).start();
    assert.equal(await sender.whenUp(), true);
    assert.equal((await sender.submit('24106000001', 'un')).kind, 'sent');
    assert.equal((await sender.submit('24106000002', 'deux')).kind, 'throttled');
    // The receipt of the first follows its answer: stop once the sender has it, so the count below is 1, not 0.
    await until(() => sender.stats.receipts.delivered === 1, 'the receipt of the accepted submit');
    await sender.close();
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(err, /SIGTERM, stopped after 2 submits \(1 accepted, 1 throttled\), 1 receipts, 1 binds/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
