/** @module Tests: the bytes on the SMPP wire, ours and the `smpp` package's, against hand-written PDUs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeGsm7 } from '../gsm7.js';
import { decodedText, isReceipt } from './deliver.js';
import { int, smpp, sourceAddress, statusName, submitSm, text } from './wire.js';

/** The same submit_sm built by the package, field by field: what our SubmitSm is checked against. */
function packageSubmitSm(source: string, destination: string, gsm7: Buffer): smpp.PDU {
  return new smpp.PDU('submit_sm', {
    ...sourceAddress(source), dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: destination,
    registered_delivery: 1, data_coding: 0, short_message: gsm7,
  });
}

/** A PDU from its body in hex (header added: length, command id, status 0, sequence 7). */
function pdu(commandId: number, bodyHex: string): smpp.PDU {
  const body = Buffer.from(bodyHex.replace(/\s+/g, ''), 'hex');
  const head = Buffer.alloc(16);
  head.writeUInt32BE(16 + body.length, 0);
  head.writeUInt32BE(commandId, 4);
  head.writeUInt32BE(7, 12);
  return new smpp.PDU(Buffer.concat([head, body]));
}

/** deliver_sm body up to data_coding: no service_type, source 24106123456 (1/1), destination SEEG (5/0). */
const DELIVER_HEAD = '00 0101 3234313036313233343536 00 0500 5345454700';

test('the package, left to itself, mislabels GSM bytes as IA5 and turns a character outside the table into @', () => {
  const encode = smpp.filters.message.encode;
  const guessed = { data_coding: null } as unknown as smpp.PDU;
  assert.deepEqual(encode.call(guessed, 'é'), Buffer.from([0x05]));
  assert.equal(guessed.data_coding, 1, 'data_coding unset: GSM 03.38 bytes sent as IA5 (1)');
  const forced = { data_coding: 0 } as unknown as smpp.PDU;
  assert.deepEqual(encode.call(forced, 'prêt'), Buffer.from([0x70, 0x72, 0x00, 0x74]), "'ê' silently becomes 0x00, '@'");
});

test('our submit_sm, byte for byte: alphanumeric source, international destination, receipt asked, data_coding 0, GSM-7 bytes', () => {
  const p = submitSm('SEEG', '24106123456', encodeGsm7('é à €'));
  p.sequence_number = 3;
  const expected =
    '00000036 00000004 00000000 00000003' + // header
    '00 05 00 5345454700' + // service_type "", source_addr_ton 5, npi 0, "SEEG"
    '01 01 323431303631323334353600' + // dest ton 1, npi 1, "24106123456"
    '00 00 00 00 00' + // esm_class, protocol_id, priority_flag, schedule_delivery_time "", validity_period ""
    '01 00 00 00' + // registered_delivery 1, replace_if_present 0, data_coding 0, sm_default_msg_id 0
    '06 05207f201b65'; // sm_length, é ␠ à ␠ ESC e
  assert.equal(p.toBuffer().toString('hex'), expected.replace(/\s+/g, ''));
});

test('our submit_sm is what the package writes for the same fields: sources, destinations, every length, extension characters', () => {
  const alphabet = '@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&()*+,-./0123456789:;<=>?¡ABCZÄÖÑÜ§¿abcxyzäöñüà^{}\\[~]|€';
  let seed = 3;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  for (const source of ['SEEG', 'SEEG Gabon', '24101760000', 'A', '1']) {
    for (let len = 0; len <= 160; len += 1 + rnd(9)) {
      const text = Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
      const dest = `241${String(rnd(10 ** 8)).padStart(8, '0')}`.slice(0, 5 + rnd(11));
      const seq = 1 + rnd(0x7fffffff);
      const ours = submitSm(source, dest, encodeGsm7(text));
      const theirs = packageSubmitSm(source, dest, encodeGsm7(text));
      ours.sequence_number = seq;
      theirs.sequence_number = seq;
      assert.equal(ours.toBuffer().toString('hex'), theirs.toBuffer().toString('hex'), `${source} ${dest} ${JSON.stringify(text)}`);
      const back = new smpp.PDU(ours.toBuffer());
      assert.deepEqual([back.command, back.sequence_number, back.destination_addr, back.short_message], ['submit_sm', seq, dest, encodeGsm7(text)]);
    }
  }
});

test('a string short_message is refused: nothing reaches the wire without our GSM-7 encoder', () => {
  const p = new smpp.PDU('submit_sm', { destination_addr: '241', short_message: 'é' });
  assert.throws(() => p.toBuffer(), /must be a Buffer/);
});

test('deliver_sm text decoded from the bytes by data_coding: 0 GSM-7, 8 UCS2, 3 Latin-1', () => {
  const gsm = pdu(0x05, `${DELIVER_HEAD} 00 00 00 00 00 00 00 00 00 17 4752415455495420333734343634373932343020051f7f`);
  assert.equal(isReceipt(gsm), false);
  assert.equal(decodedText(gsm), 'GRATUIT 37446479240 éÉà');
  const ucs2 = pdu(0x05, `${DELIVER_HEAD} 00 00 00 00 00 00 00 08 00 0a 0070007200ea00742019`);
  assert.equal(decodedText(ucs2), 'prêt’');
  const latin1 = pdu(0x05, `${DELIVER_HEAD} 00 00 00 00 00 00 00 03 00 04 7072ea74`);
  assert.equal(decodedText(latin1), 'prêt');
  assert.equal(text(latin1, 'source_addr'), '24106123456');
});

test('receipt TLVs: receipted_message_id without its NUL does not swallow the message_state after it', () => {
  // esm_class 0x04, empty short_message; TLV 0x001E "1a2b" (4 bytes, no NUL), TLV 0x0427 = 2 (DELIVERED).
  const r = pdu(0x05, `${DELIVER_HEAD} 04 00 00 00 00 00 00 00 00 00 001e0004 31613262 04270001 02`);
  assert.equal(isReceipt(r), true);
  assert.equal(text(r, 'receipted_message_id'), '1a2b');
  assert.equal(int(r, 'message_state'), 2);
});

test('command_status names for logs and outcomes', () => {
  assert.equal(statusName(0x58), 'ESME_RTHROTTLED');
  assert.equal(statusName(0x14), 'ESME_RMSGQFUL');
  assert.equal(statusName(0x0b), 'ESME_RINVDSTADR');
  assert.equal(statusName(0x400), '0x00000400');
});
