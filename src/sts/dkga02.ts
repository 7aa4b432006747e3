/** @module DKGA02: a meter's decoder key from the vending key, its key data and its PAN. */
// IEC 62055-41 §6.5.3: decoder key = DES_vk(PANBlock ⊕ CONTROLBlock) ⊕ (PANBlock ⊕ CONTROLBlock) ⊕ vk.
// PANBlock: the 16 rightmost digits of IIN + DRN (the PAN without its check digit), read as hex nibbles;
// CONTROLBlock: the KT, SGC, TI and KRN digits, then FFFFFF.
import type { Block64 } from './bits.js';
import { desBlock, desKeySchedule } from './des.js';
import type { CheckedKeyData } from './key-data.js';

// One DES key schedule per vending key: a utility has a handful, the claim path asks for thousands of meters.
const vendingSchedules = new Map<string, Uint8Array>();

function vendingSchedule(vk: Block64): Uint8Array {
  const id = `${vk.hi}:${vk.lo}`;
  let ks = vendingSchedules.get(id);
  if (!ks) {
    if (vendingSchedules.size >= 16) vendingSchedules.clear();
    ks = desKeySchedule(vk);
    vendingSchedules.set(id, ks);
  }
  return ks;
}

/** 16 digits (decimal, or the F padding) read as hex nibbles -> one 64-bit block. */
function digitsBlock(d16: string): Block64 {
  return { hi: parseInt(d16.slice(0, 8), 16) >>> 0, lo: parseInt(d16.slice(8), 16) >>> 0 };
}

export function panBlock(pan: string): Block64 {
  return digitsBlock(pan.slice(1, 17));
}

export function controlBlock(k: CheckedKeyData): Block64 {
  return digitsBlock(k.kt + k.sgc + k.ti + k.krn + 'FFFFFF');
}

/** The decoder key of the meter with this (Luhn-checked, 18-digit) PAN. */
export function dkga02(vendingKey: Block64, pan: string, k: CheckedKeyData): Block64 {
  const pb = panBlock(pan);
  const cb = controlBlock(k);
  const ih = (pb.hi ^ cb.hi) >>> 0;
  const il = (pb.lo ^ cb.lo) >>> 0;
  const o = desBlock(vendingSchedule(vendingKey), ih, il, { hi: 0, lo: 0 });
  return { hi: (o.hi ^ ih ^ vendingKey.hi) >>> 0, lo: (o.lo ^ il ^ vendingKey.lo) >>> 0 };
}
