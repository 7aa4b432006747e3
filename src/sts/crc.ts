/** @module STS CRC-16 over the first 50 bits of a token. */
// IEC 62055-41 §6.3.7: generator x^16 + x^15 + x^2 + 1, register preset to FFFF, over the 50 bits (class to
// amount) left-padded with zeros to 7 bytes.
// The polynomial processed least-significant-bit first (0xA001 is 0x8005 reflected), one table lookup per byte.
const TABLE = new Uint16Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
  TABLE[n] = c;
}

/** CRC register over raw bytes, as the standard's worked example runs it. */
export function crcRegister(bytes: ArrayLike<number>): number {
  let c = 0xffff;
  for (let i = 0; i < bytes.length; i++) c = (c >>> 8) ^ TABLE[(c ^ bytes[i]) & 0xff];
  return c;
}

/**
 * The 16-bit CRC field of a token. The register's low byte is sent first, so it is the field's high byte:
 * that is what makes the STS Association's example (TID C02A55, amount 2710 -> CRC 1970) come out.
 */
export function tokenCrc(tokenClass: number, subclass: number, rnd: number, tid: number, amount: number): number {
  let c = 0xffff;
  c = (c >>> 8) ^ TABLE[(c ^ tokenClass) & 0xff];
  c = (c >>> 8) ^ TABLE[(c ^ ((subclass << 4) | rnd)) & 0xff];
  c = (c >>> 8) ^ TABLE[(c ^ (tid >>> 16)) & 0xff];
  c = (c >>> 8) ^ TABLE[(c ^ (tid >>> 8)) & 0xff];
  c = (c >>> 8) ^ TABLE[(c ^ tid) & 0xff];
  c = (c >>> 8) ^ TABLE[(c ^ (amount >>> 8)) & 0xff];
  c = (c >>> 8) ^ TABLE[(c ^ amount) & 0xff];
  return ((c & 0xff) << 8) | (c >>> 8);
}

/** CRC field of 50 bits given as a number (< 2^50, exact in a double): the form of the published examples. */
export function crc50(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 2 ** 50) throw new RangeError('CRC input must be a 50-bit non-negative integer');
  const hi = Math.floor(value / 2 ** 32);
  const lo = value >>> 0;
  return tokenCrc(hi >>> 16, (hi >>> 12) & 0xf, (hi >>> 8) & 0xf, ((hi & 0xff) << 16) | (lo >>> 16), lo & 0xffff);
}
