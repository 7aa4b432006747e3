/** @module The text of a short_message by its data_coding (SMPP 3.4 §5.2.19), decoded from the bytes on the wire. */
import { decodeGsm7 } from '../gsm7.js';

export const DATA_CODING = { GSM7: 0x00, IA5: 0x01, LATIN1: 0x03, BINARY: 0x04, UCS2: 0x08 } as const;

/** UTF-16 big-endian, as SMPP carries UCS2; an odd trailing byte (a truncated message) is dropped. */
function ucs2(bytes: Buffer): string {
  const even = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return even.swap16().toString('utf16le');
}

/** The bytes of `text` in UCS2 (data_coding 8): what a text with a character outside GSM-7 must travel as. */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/**
 * 0 is the SMSC's default alphabet, which for every operator we deal with is GSM 03.38 (unpacked). The 0xF0-0xFF
 * group (message class) says GSM-7 or 8-bit data in bit 2. Binary and unknown codings come back as Latin-1 so the
 * bytes stay visible in a log rather than being dropped.
 */
export function decodeShortMessage(dataCoding: number, bytes: Buffer): string {
  if ((dataCoding & 0xf0) === 0xf0) return dataCoding & 0x04 ? bytes.toString('latin1') : decodeGsm7(bytes);
  switch (dataCoding) {
    case DATA_CODING.GSM7:
      return decodeGsm7(bytes);
    case DATA_CODING.UCS2:
      return ucs2(bytes);
    case DATA_CODING.IA5:
      return bytes.toString('ascii');
    default:
      return bytes.toString('latin1');
  }
}

/** The short_message without its user data header (esm_class bit 0x40): a concatenated part keeps only its text. */
export function withoutUdh(esmClass: number, bytes: Buffer): Buffer {
  if (!(esmClass & 0x40) || bytes.length === 0) return bytes;
  return bytes.subarray(Math.min(bytes.length, bytes[0] + 1));
}
