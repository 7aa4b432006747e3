/** @module Tests: CONTRACT §7's SMS environment: absent means no SMS, present is checked whole. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smsConfig } from './config.js';

test('no GUICHET_SMPP_URL: no sender, no problem', () => {
  const problems: string[] = [];
  assert.equal(smsConfig({}, problems), null);
  assert.deepEqual(problems, []);
});

test('a full configuration, with the defaults of CONTRACT §7 (100/s, window 10, port 2775)', () => {
  const problems: string[] = [];
  const o = smsConfig({ GUICHET_SMPP_URL: 'smpp://smsc.example.ga', GUICHET_SMPP_SYSTEM_ID: 'seeg', GUICHET_SMPP_PASSWORD: 'pw', GUICHET_SMS_SENDER: 'SEEG' }, problems);
  assert.deepEqual(problems, []);
  assert.deepEqual(o, {
    host: 'smsc.example.ga', port: 2775, systemId: 'seeg', password: 'pw', source: 'SEEG',
    messageIds: { resp: 'text', receiptText: 'text' }, ratePerSecond: 100, window: 10,
  });
  const p2: string[] = [];
  const o2 = smsConfig({ GUICHET_SMPP_URL: 'smpp://10.0.0.5:2776', GUICHET_SMPP_SYSTEM_ID: 'seeg', GUICHET_SMPP_PASSWORD: 'pw', GUICHET_SMS_SENDER: 'SEEG', GUICHET_SMS_RATE: '30', GUICHET_SMPP_WINDOW: '4', GUICHET_SMPP_ID_STYLE: 'hex/decimal' }, p2);
  assert.deepEqual(p2, []);
  assert.deepEqual([o2?.port, o2?.ratePerSecond, o2?.window, o2?.messageIds], [2776, 30, 4, { resp: 'hex', receiptText: 'decimal' }]);
});

test('every problem listed at once', () => {
  const problems: string[] = [];
  smsConfig({ GUICHET_SMPP_URL: 'http://smsc', GUICHET_SMPP_PASSWORD: 'far-too-long', GUICHET_SMS_SENDER: 'SEEG-GABON-OFFICIEL', GUICHET_SMS_RATE: '0', GUICHET_SMPP_WINDOW: 'ten', GUICHET_SMPP_ID_STYLE: 'hex' }, problems);
  assert.deepEqual(problems, [
    'GUICHET_SMPP_URL must look like smpp://host:port (got "http://smsc").',
    'GUICHET_SMPP_SYSTEM_ID is required with GUICHET_SMPP_URL.',
    'GUICHET_SMPP_PASSWORD is at most 8 characters (SMPP 3.4).',
    'GUICHET_SMS_SENDER must be a number or at most 11 ASCII characters such as SEEG (got "SEEG-GABON-OFFICIEL").',
    'GUICHET_SMPP_ID_STYLE must be RESP/TEXT, each text, hex or decimal (got "hex").',
    'GUICHET_SMS_RATE must be a whole number of at least 1 (got "0").',
    'GUICHET_SMPP_WINDOW must be a whole number of at least 1 (got "ten").',
  ]);
});
