/** @module Waiting-room passes: compact, URL-safe, HMAC-signed proof of a place in line. */
// A pass travels in a hidden form field, a meta-refresh URL and JSON, so it is base64url with no padding: 39 bytes,
// 52 characters. Layout (big-endian):
//   0      kind      0x11 = place in the line, 0x12 = pre-queue place (drawn at opening)
//   1..4   epoch     the waiting room that issued it (a restart or another node starts a new numbering)
//   5..8   ticket    the place; for a pre-queue pass, the pre-queue number
//   9..12  iat       issue time, Unix seconds
//   13..16 exp       expiry, Unix seconds
//   17..22 key tag   low 48 bits of the key's SipHash-2-4 tag (siphash.ts): binds the pass to one meter or contract
//                    without carrying the number, nor an unkeyed hash that enumerating meters would invert
//   23..38 mac       HMAC-SHA256(macKey, bytes 0..22) truncated to 16 bytes (128 bits: forging is out of reach)
// Two keys derived from the one server secret keep the tag and the MAC in separate domains.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sip, sipKey, siphashString } from './siphash.js';

export const PASS_LENGTH = 52;
const BYTES = 39;
const SIGNED = 23;
const KIND_LINE = 0x11;
const KIND_PRE = 0x12;
const SHAPE = /^[A-Za-z0-9_-]{52}$/;

/** Why a presented pass gained nothing (for metrics; the subscriber is simply treated as a newcomer). */
export type PassReason = 'malformed' | 'forged' | 'foreign' | 'expired' | 'stale';

export interface PassClaims {
  pre: boolean;
  epoch: number;
  ticket: number;
  /** Unix seconds. */
  iat: number;
  /** Unix seconds. */
  exp: number;
}

/** Keyed 64-bit tag of a normalised key: the room's index uses all of it, a pass carries the low 48 bits. */
export interface KeyTag {
  lo: number;
  hi: number;
}

export class PassCodec {
  private readonly macKey: Buffer;
  private readonly tagKey: Uint32Array;

  constructor(secret: Buffer) {
    if (secret.length < 16) throw new Error('waiting-room secret: at least 16 bytes');
    this.macKey = createHmac('sha256', secret).update('guichet/admission/pass-mac/v1').digest();
    this.tagKey = sipKey(createHmac('sha256', secret).update('guichet/admission/key-tag/v1').digest());
  }

  keyTag(key: string): KeyTag {
    siphashString(this.tagKey, key);
    return { lo: sip.lo, hi: sip.hi };
  }

  issue(c: PassClaims, tag: KeyTag): string {
    const b = Buffer.allocUnsafe(BYTES);
    b[0] = c.pre ? KIND_PRE : KIND_LINE;
    b.writeUInt32BE(c.epoch >>> 0, 1);
    b.writeUInt32BE(c.ticket >>> 0, 5);
    b.writeUInt32BE(clampU32(c.iat), 9);
    b.writeUInt32BE(clampU32(c.exp), 13);
    b.writeUInt32LE(tag.lo, 17);
    b.writeUInt16LE(tag.hi & 0xffff, 21);
    this.mac(b).copy(b, SIGNED, 0, 16);
    return b.toString('base64url');
  }

  /** Checks shape, signature, key binding and expiry, in that order (an altered expiry is a forgery, not "expired"). */
  verify(pass: string, tag: KeyTag, nowMs: number): PassClaims | PassReason {
    // Node's base64 decoder skips characters it does not know; the exact shape makes the decoding one-to-one.
    if (pass.length !== PASS_LENGTH || !SHAPE.test(pass)) return 'malformed';
    const b = Buffer.from(pass, 'base64url');
    if (b.length !== BYTES || (b[0] !== KIND_LINE && b[0] !== KIND_PRE)) return 'malformed';
    if (!timingSafeEqual(this.mac(b).subarray(0, 16), b.subarray(SIGNED))) return 'forged';
    if (b.readUInt32LE(17) !== tag.lo || b.readUInt16LE(21) !== (tag.hi & 0xffff)) return 'foreign';
    const exp = b.readUInt32BE(13);
    if (nowMs >= exp * 1000) return 'expired';
    return { pre: b[0] === KIND_PRE, epoch: b.readUInt32BE(1), ticket: b.readUInt32BE(5), iat: b.readUInt32BE(9), exp };
  }

  private mac(b: Buffer): Buffer {
    return createHmac('sha256', this.macKey).update(b.subarray(0, SIGNED)).digest();
  }
}

function clampU32(s: number): number {
  return Math.min(0xffffffff, Math.max(0, Math.floor(s)));
}
