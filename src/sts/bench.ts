/** @module Micro-benchmark of the STS engine (`npm run bench:sts`). */
// Tokens minted per second with and without the decoder-key cache, EA07 and EA09, decodes per second, and our DES
// against one OpenSSL call per block. Best of 5 runs of ~200 ms each, so a busy shared machine lowers it less.
import { createCipheriv } from 'node:crypto';
import { desBlock, desKeySchedule } from './des.js';
import { decodeToken, deriveMeterKey, luhnCheckDigit, mintCreditToken, mintWithMeterKey, type StsKeyData } from './index.js';
import { rate } from '../test-support/rate.js';

const VK = '0123456789abcdef';
const keyOf = (ea: 'EA07' | 'EA09'): StsKeyData => ({ iin: '600727', sgc: '123456', ti: '01', krn: 1, kt: 2, baseDate: '2014-01-01', ea });
const METERS = Array.from({ length: 1000 }, (_, i) => {
  const body = String(1_000_000_000 + i * 7919);
  return body + luhnCheckDigit(body);
});

const rows: [string, number][] = [];
for (const ea of ['EA07', 'EA09'] as const) {
  const key = keyOf(ea);
  const credit = (i: number) => ({ service: 'electricity' as const, tenths: 1000, tid: i & 0xffffff, rnd: i & 15 });
  rows.push([`mint ${ea}, decoder key cached (1,000 meters)`, rate((i) => mintCreditToken({ vendingKey: VK, meterNo: METERS[i % 1000], key, ...credit(i) }))]);
  rows.push([`mint ${ea}, no cache (DKGA02 every token)`, rate((i) => mintCreditToken({ vendingKey: VK, meterNo: METERS[i % 1000], key, ...credit(i), cache: false }))]);
  const mk = deriveMeterKey({ vendingKey: VK, meterNo: METERS[0], key });
  rows.push([`mint ${ea}, prepared MeterKey`, rate((i) => mintWithMeterKey(mk, credit(i)))]);
  const tokens = Array.from({ length: 1024 }, (_, i) => mintWithMeterKey(mk, credit(i)));
  rows.push([`decode ${ea}, prepared MeterKey`, rate((i) => decodeToken(tokens[i & 1023], mk))]);
}
const ks = desKeySchedule({ hi: 0x01234567, lo: 0x89abcdef });
const out = { hi: 0, lo: 0 };
rows.push(['DES block, ours (key schedule ready)', rate((i) => desBlock(ks, i, i ^ 0x5a5a5a5a, out))]);
const kk = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
const block = Buffer.alloc(8);
rows.push(['DES block, OpenSSL des-ede-ecb (K||K), one cipher per block', rate((i) => {
  block.writeUInt32BE(i >>> 0, 0);
  const c = createCipheriv('des-ede-ecb', kk, null);
  c.setAutoPadding(false);
  return c.update(block);
})]);
rows.push(['DES key schedule, ours', rate((i) => desKeySchedule({ hi: i, lo: i ^ 0x1234 }))]);

const width = Math.max(...rows.map(([n]) => n.length));
console.log(`STS engine, Node ${process.version}, best of 5 x 200 ms`);
console.log(`${'operation'.padEnd(width)}  per second`);
for (const [name, r] of rows) console.log(`${name.padEnd(width)}  ${Math.round(r).toLocaleString('en-US').padStart(10)}`);

