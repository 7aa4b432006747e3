/** @module Tests: delivery receipts read from literal TLVs and texts, states mapped, hex and decimal message ids matched. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalId, parseReceipt, receiptFields, receiptText, type MessageIdStyle } from './receipt.js';

const DELIVERED = 'id:1a2b sub:001 dlvrd:001 submit date:2004201230 done date:2004201231 stat:DELIVRD err:000 text:Votre code: 1234';

test('the appendix B text alone: id, state and error code; the message text may hold colons and keywords', () => {
  assert.deepEqual(parseReceipt({ text: DELIVERED }), { messageId: '1a2b', smscMessageId: '1a2b', state: 'delivered', stat: 'DELIVRD', errorCode: '000' });
  const f = receiptFields('id:77 sub:001 dlvrd:000 submit date:2004201230 done date:2004201232 stat:UNDELIV err:001 text:stat:DELIVRD id:99');
  assert.equal(f.get('submit date'), '2004201230');
  assert.equal(f.get('done date'), '2004201232');
  assert.equal(f.get('text'), 'stat:DELIVRD id:99');
  assert.deepEqual(parseReceipt({ text: 'id:77 sub:001 dlvrd:000 stat:UNDELIV err:001 text:stat:DELIVRD id:99' }), {
    messageId: '77', smscMessageId: '77', state: 'undeliverable', stat: 'UNDELIV', errorCode: '001',
  });
  // Some SMSCs capitalise the keys.
  assert.equal(parseReceipt({ text: 'Id:5 Sub:001 Dlvrd:000 Stat:EXPIRED Err:027 Text:x' })?.state, 'expired');
});

test('the TLVs win over the text: receipted_message_id and message_state', () => {
  const r = parseReceipt({ receiptedMessageId: '1a2c', messageState: 5, text: DELIVERED });
  assert.deepEqual(r, { messageId: '1a2c', smscMessageId: '1a2c', state: 'undeliverable', stat: 'UNDELIV', errorCode: '000' });
  // TLVs and no text at all (receiptForm tlv): no error code to give.
  assert.deepEqual(parseReceipt({ receiptedMessageId: '9', messageState: 2, text: '' }), { messageId: '9', smscMessageId: '9', state: 'delivered', stat: 'DELIVRD' });
  // An out-of-range message_state falls back to the text's stat.
  assert.equal(parseReceipt({ receiptedMessageId: '9', messageState: 42, text: DELIVERED })?.state, 'delivered');
});

test('every final state maps to the small set; intermediate ones and receipts naming no message give nothing', () => {
  const by = (stat: string) => parseReceipt({ text: `id:1 stat:${stat} err:000` })?.state ?? null;
  assert.deepEqual(
    ['DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED', 'ACCEPTD', 'UNKNOWN', 'ENROUTE', 'SCHEDULED', 'BOGUS'].map(by),
    ['delivered', 'undeliverable', 'expired', 'rejected', 'rejected', 'unknown', 'unknown', null, null, null],
  );
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((s) => parseReceipt({ receiptedMessageId: '1', messageState: s, text: '' })?.state ?? null), [
    null, null, 'delivered', 'expired', 'rejected', 'undeliverable', 'unknown', 'unknown', 'rejected',
  ]);
  assert.equal(parseReceipt({ text: 'sub:001 dlvrd:001 stat:DELIVRD err:000' }), null);
});

test('hex in submit_sm_resp, decimal in the receipt text (and the reverse): one canonical id for both', () => {
  const hexResp: MessageIdStyle = { resp: 'hex', receiptText: 'decimal' };
  const sent = canonicalId('1a2b', hexResp.resp);
  assert.equal(sent, '6699');
  assert.equal(parseReceipt({ text: 'id:6699 sub:001 dlvrd:001 stat:DELIVRD err:000' }, hexResp)?.messageId, sent);
  // The TLV is written like submit_sm_resp, whatever the text does.
  assert.equal(parseReceipt({ receiptedMessageId: '1A2B', messageState: 2, text: 'id:6699 stat:DELIVRD' }, hexResp)?.messageId, sent);

  const decResp: MessageIdStyle = { resp: 'decimal', receiptText: 'hex' };
  const sent2 = canonicalId('6699', decResp.resp);
  const r = parseReceipt({ text: 'id:00001a2b sub:001 dlvrd:000 stat:UNDELIV err:001' }, decResp);
  assert.equal(r?.messageId, sent2);
  assert.equal(r?.smscMessageId, '00001a2b');

  // Written as is (the default): only the same spelling matches.
  assert.notEqual(parseReceipt({ text: 'id:6699 stat:DELIVRD' })?.messageId, canonicalId('1a2b', 'text'));
});

test('canonicalId: leading zeros, 0x, case; an id that is not of its radix is kept as written', () => {
  assert.equal(canonicalId('0x1A2B', 'hex'), '6699');
  assert.equal(canonicalId('001a2b', 'hex'), '6699');
  assert.equal(canonicalId('0006699', 'decimal'), '6699');
  assert.equal(canonicalId('ffffffffffffffffffff', 'hex'), '1208925819614629174706175');
  assert.equal(canonicalId('msg-17', 'hex'), 'msg-17');
  assert.equal(canonicalId('1a2b', 'decimal'), '1a2b');
  assert.equal(canonicalId(' A1b ', 'text'), 'A1b');
});

test('the text the simulator writes reads back as the same receipt', () => {
  const at = new Date(Date.UTC(2020, 3, 20, 12, 30));
  const t = receiptText({ id: '6699', stat: 'UNDELIV', err: '001', submitted: at, done: at, text: 'SEEG: votre code est 1234 5678 9012' });
  assert.equal(t, 'id:6699 sub:001 dlvrd:000 submit date:2004201230 done date:2004201230 stat:UNDELIV err:001 text:SEEG: votre code est');
  assert.deepEqual(parseReceipt({ text: t }, { resp: 'hex', receiptText: 'decimal' }), {
    messageId: '6699', smscMessageId: '6699', state: 'undeliverable', stat: 'UNDELIV', errorCode: '001',
  });
});
