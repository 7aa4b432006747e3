/** @module What Guichet puts on and reads off the SMPP wire: status names, PDU fields, short_message as raw bytes. */
import type { Socket } from 'node:net';
import smpp from 'smpp';

export { smpp };
export type Pdu = smpp.PDU;
export type SmppSession = smpp.Session;

export const STATUS = {
  OK: 0x00,
  INVBNDSTS: 0x04,
  SYSERR: 0x08,
  INVDSTADR: 0x0b,
  BINDFAIL: 0x0d,
  MSGQFUL: 0x14,
  THROTTLED: 0x58,
  /** Our own "temporary application error": the SMSC delivers the deliver_sm again later. */
  X_T_APPN: 0x64,
} as const;

/** esm_class message type: a delivery receipt from the SMSC (SMPP 3.4 §5.2.12). */
export const ESM_RECEIPT = 0x04;

const NAMES = new Map<number, string>(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** `ESME_RTHROTTLED` for 0x58; a code the package does not know is written in hex (vendor-specific range). */
export function statusName(code: number): string {
  return NAMES.get(code) ?? `0x${code.toString(16).padStart(8, '0')}`;
}

/**
 * The package decodes short_message itself and guesses wrong: a string with data_coding unset goes out labelled IA5
 * (1) with GSM bytes, or Latin-1; a character outside the table becomes 0x00 ('@') instead of an error; 0x80-0xFF come
 * back as spaces. We want the bytes, both ways, and encode and decode them ourselves (gsm7.ts, coding.ts).
 */
const RAW = {
  encode(value: unknown): unknown {
    if (value !== undefined && value !== null && !Buffer.isBuffer(value)) throw new TypeError('short_message must be a Buffer (encode it first)');
    return value;
  },
  decode(value: unknown): unknown {
    return value;
  },
};

/** The package reads a C-string TLV up to the first NUL even past its length: an SMSC that omits the NUL would leak the next TLV into the id. */
const BOUNDED_CSTRING = {
  read: (buffer: Buffer, offset: number, length: number) => buffer.toString('ascii', offset, offset + length).replace(/\0[\s\S]*$/, ''),
  write: (value: string, buffer: Buffer, offset: number) => {
    buffer.write(value, offset, 'ascii');
    buffer[offset + value.length] = 0;
  },
  size: (value: string) => value.length + 1,
};

let installed = false;
/** Installed once per process, on the package's own tables (nothing else in Guichet uses the package). */
export function installCodecs(): void {
  if (installed) return;
  installed = true;
  for (const command of ['submit_sm', 'deliver_sm', 'data_sm']) {
    const param = smpp.commands[command]?.params?.short_message;
    if (param) param.filter = RAW;
  }
  smpp.tlvs.message_payload.filter = RAW;
  smpp.tlvs.receipted_message_id.type = BOUNDED_CSTRING;
}
installCodecs();

const CORKED = new WeakSet<Socket>();

/**
 * The package's send, with the socket corked until the end of this turn: every PDU of one turn goes in one write
 * (a window's submits, the answers to submits read together, receipts falling due together). One write a PDU is a
 * system call and a loopback trip each: about a tenth of the HTTP thread at 500 SMS a second, profiled under a claim
 * load, and the biggest cost of the simulator's own process.
 */
export function sendInTurn(session: SmppSession, pdu: Pdu | SubmitSm, onResponse?: (pdu: Pdu) => void, onSent?: () => void): boolean {
  const socket = session.socket;
  if (!CORKED.has(socket) && socket.writable) {
    socket.cork();
    CORKED.add(socket);
    process.nextTick(() => {
      CORKED.delete(socket);
      socket.uncork();
    });
  }
  return session.send(pdu as Pdu, onResponse, onSent);
}

export function text(pdu: Pdu, field: string): string {
  const v = pdu[field];
  return typeof v === 'string' ? v : '';
}

export function int(pdu: Pdu, field: string): number {
  const v = pdu[field];
  return typeof v === 'number' ? v : 0;
}

/** The message bytes: short_message, or the message_payload TLV when short_message is empty (long messages). */
export function messageBytes(pdu: Pdu): Buffer {
  const short = pdu.short_message;
  if (Buffer.isBuffer(short) && short.length > 0) return short;
  const payload = pdu.message_payload;
  return Buffer.isBuffer(payload) ? payload : Buffer.alloc(0);
}

/**
 * The submit_sm Guichet sends: GSM-7 bytes under data_coding 0 (never the package's guess), the destination in
 * international form (TON 1 / NPI 1), and a delivery receipt asked for whatever the outcome (registered_delivery 1).
 * Written as bytes here: the package builds an object and walks its tables for every field of every submit, which
 * was the biggest part of the HTTP thread's cost a message sent. Given to the package's session like one of its
 * PDUs (it numbers it, writes toBuffer(), matches the answer by sequence_number); byte for byte what the package
 * writes for the same fields (wire.test.ts).
 */
export class SubmitSm {
  readonly command = 'submit_sm';
  sequence_number = 0;
  /** source_addr_ton, source_addr_npi and source_addr as written, with the NUL. */
  private readonly source: Buffer;

  constructor(source: string | Buffer, readonly destination: string, readonly gsm7: Buffer) {
    this.source = typeof source === 'string' ? sourceBytes(source) : source;
    if (gsm7.length > 254) throw new RangeError('short_message longer than 254 octets');
  }

  isResponse(): boolean {
    return false;
  }

  toBuffer(): Buffer {
    const dest = this.destination;
    // Header 16; service_type 1; source; dest TON, NPI 2; destination + NUL; esm_class to sm_length 10; the message.
    const length = 16 + 1 + this.source.length + 2 + dest.length + 1 + 10 + this.gsm7.length;
    const b = Buffer.allocUnsafe(length);
    b.writeUInt32BE(length, 0);
    b.writeUInt32BE(0x00000004, 4);
    b.writeUInt32BE(0, 8);
    b.writeUInt32BE(this.sequence_number, 12);
    let o = 16;
    b[o++] = 0; // service_type ""
    o += this.source.copy(b, o);
    b[o++] = 1; // dest_addr_ton: international
    b[o++] = 1; // dest_addr_npi: E.164
    o += b.write(dest, o, 'ascii');
    b[o++] = 0;
    b[o++] = 0; // esm_class
    b[o++] = 0; // protocol_id
    b[o++] = 0; // priority_flag
    b[o++] = 0; // schedule_delivery_time ""
    b[o++] = 0; // validity_period ""
    b[o++] = 1; // registered_delivery: a receipt whatever the outcome
    b[o++] = 0; // replace_if_present_flag
    b[o++] = 0; // data_coding: GSM-7
    b[o++] = 0; // sm_default_msg_id
    b[o++] = this.gsm7.length; // sm_length
    this.gsm7.copy(b, o);
    return b;
  }
}

/** The source part of a submit_sm, for a sender that writes many from the same name. */
export function sourceBytes(source: string): Buffer {
  const a = sourceAddress(source);
  const b = Buffer.alloc(2 + a.source_addr.length + 1);
  b[0] = a.source_addr_ton;
  b[1] = a.source_addr_npi;
  b.write(a.source_addr, 2, 'ascii');
  return b;
}

export function submitSm(source: string | Buffer, destination: string, gsm7: Buffer): SubmitSm {
  return new SubmitSm(source, destination, gsm7);
}

/** Alphanumeric sender names (`SEEG`) go as TON 5 / NPI 0; a number as international E.164 (TON 1 / NPI 1). */
export function sourceAddress(source: string): { source_addr: string; source_addr_ton: number; source_addr_npi: number } {
  return /^[0-9]+$/.test(source)
    ? { source_addr: source, source_addr_ton: 1, source_addr_npi: 1 }
    : { source_addr: source, source_addr_ton: 5, source_addr_npi: 0 };
}
