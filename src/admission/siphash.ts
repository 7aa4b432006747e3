/** @module SipHash-2-4 in 32-bit halves: the keyed 64-bit tag that binds passes and the line's index to a key. */
// Why not HMAC-SHA256 for the tag: node:crypto costs ~4 µs per call in object set-up alone, and every queued
// answer needs a tag. SipHash is the keyed hash made for exactly this (hash tables fed by attackers: it is what
// Python, Rust and Linux use against hash flooding); without the key, nobody can make two meters share a tag and
// so take someone else's place. Results are left in `sip.lo` / `sip.hi` so a tag allocates nothing.

const scratch = new Uint8Array(256);

export const sip = { lo: 0, hi: 0 };

/** A 16-byte key as its four little-endian words, read once. */
export function sipKey(bytes: Uint8Array): Uint32Array {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, 16);
  return Uint32Array.of(b.readUInt32LE(0), b.readUInt32LE(4), b.readUInt32LE(8), b.readUInt32LE(12));
}

/** SipHash-2-4 of `msg` under a key from sipKey(); the 64-bit result lands in sip.lo / sip.hi. */
export function siphash24(key: Uint32Array, msg: Uint8Array, len = msg.length): void {
  // One function with local variables and one copy of the round: V8 keeps the 32-bit halves unboxed this way
  // (as module-level variables each store of a value above 2^30 allocated a heap number: 10 times slower).
  const k0l = key[0], k0h = key[1], k1l = key[2], k1h = key[3]; // prettier-ignore
  let v0l = (k0l ^ 0x70736575) >>> 0, v0h = (k0h ^ 0x736f6d65) >>> 0; // prettier-ignore
  let v1l = (k1l ^ 0x6e646f6d) >>> 0, v1h = (k1h ^ 0x646f7261) >>> 0; // prettier-ignore
  let v2l = (k0l ^ 0x6e657261) >>> 0, v2h = (k0h ^ 0x6c796765) >>> 0; // prettier-ignore
  let v3l = (k1l ^ 0x79746573) >>> 0, v3h = (k1h ^ 0x74656462) >>> 0; // prettier-ignore
  const end = len - (len & 7);
  let i = 0;
  let stage = 0; // 0: full blocks, 1: the last block (tail bytes and length), 2: finalisation
  for (;;) {
    let ml = 0;
    let mh = 0;
    let rounds = 2;
    if (stage === 0 && i < end) {
      ml = (msg[i] | (msg[i + 1] << 8) | (msg[i + 2] << 16) | (msg[i + 3] << 24)) >>> 0;
      mh = (msg[i + 4] | (msg[i + 5] << 8) | (msg[i + 6] << 16) | (msg[i + 7] << 24)) >>> 0;
      i += 8;
    } else if (stage < 2) {
      stage = 1;
      mh = (len & 0xff) << 24;
      for (let j = 0; i + j < len; j++) {
        if (j < 4) ml |= msg[i + j] << (8 * j);
        else mh |= msg[i + j] << (8 * (j - 4));
      }
      ml >>>= 0;
      mh >>>= 0;
      stage = 2;
      i = len + 1; // marks the last block as taken
    } else {
      v2l = (v2l ^ 0xff) >>> 0;
      rounds = 4;
      stage = 3;
    }
    v3l = (v3l ^ ml) >>> 0;
    v3h = (v3h ^ mh) >>> 0;
    for (let r = 0; r < rounds; r++) {
      let l = (v0l + v1l) >>> 0; // v0 += v1; v1 = rotl(v1, 13) ^ v0; v0 = rotl(v0, 32)
      v0h = (v0h + v1h + (l < v0l ? 1 : 0)) >>> 0;
      v0l = l;
      let h = ((v1h << 13) | (v1l >>> 19)) >>> 0;
      l = ((v1l << 13) | (v1h >>> 19)) >>> 0;
      v1h = (h ^ v0h) >>> 0;
      v1l = (l ^ v0l) >>> 0;
      l = v0l;
      v0l = v0h;
      v0h = l;
      l = (v2l + v3l) >>> 0; // v2 += v3; v3 = rotl(v3, 16) ^ v2
      v2h = (v2h + v3h + (l < v2l ? 1 : 0)) >>> 0;
      v2l = l;
      h = ((v3h << 16) | (v3l >>> 16)) >>> 0;
      l = ((v3l << 16) | (v3h >>> 16)) >>> 0;
      v3h = (h ^ v2h) >>> 0;
      v3l = (l ^ v2l) >>> 0;
      l = (v0l + v3l) >>> 0; // v0 += v3; v3 = rotl(v3, 21) ^ v0
      v0h = (v0h + v3h + (l < v0l ? 1 : 0)) >>> 0;
      v0l = l;
      h = ((v3h << 21) | (v3l >>> 11)) >>> 0;
      l = ((v3l << 21) | (v3h >>> 11)) >>> 0;
      v3h = (h ^ v0h) >>> 0;
      v3l = (l ^ v0l) >>> 0;
      l = (v2l + v1l) >>> 0; // v2 += v1; v1 = rotl(v1, 17) ^ v2; v2 = rotl(v2, 32)
      v2h = (v2h + v1h + (l < v2l ? 1 : 0)) >>> 0;
      v2l = l;
      h = ((v1h << 17) | (v1l >>> 15)) >>> 0;
      l = ((v1l << 17) | (v1h >>> 15)) >>> 0;
      v1h = (h ^ v2h) >>> 0;
      v1l = (l ^ v2l) >>> 0;
      l = v2l;
      v2l = v2h;
      v2h = l;
    }
    if (stage === 3) break;
    v0l = (v0l ^ ml) >>> 0;
    v0h = (v0h ^ mh) >>> 0;
  }
  sip.lo = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
  sip.hi = (v0h ^ v1h ^ v2h ^ v3h) >>> 0;
}

/** SipHash-2-4 of a string's UTF-8 bytes; ASCII keys (meter and contract numbers) are copied by hand, no call out. */
export function siphashString(key: Uint32Array, s: string): void {
  const n = s.length;
  if (n <= scratch.length) {
    let ascii = true;
    for (let j = 0; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c > 0x7f) {
        ascii = false;
        break;
      }
      scratch[j] = c;
    }
    if (ascii) return siphash24(key, scratch, n);
  }
  const b = Buffer.from(s, 'utf8');
  siphash24(key, b, b.length);
}
