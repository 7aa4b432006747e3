/** @module Delivery receipts (SMPP 3.4 appendix B): the TLVs first, the `id:... stat:...` text as fallback; message ids made comparable. */

/** What became of a message, as far as the sender cares. */
export type ReceiptState = 'delivered' | 'undeliverable' | 'expired' | 'rejected' | 'unknown';

export interface DeliveryReceipt {
  /** Canonical form (see canonicalId): equal to the messageId of the `sent` outcome it answers. */
  messageId: string;
  /** As the SMSC wrote it. */
  smscMessageId: string;
  state: ReceiptState;
  /** The SMSC's own word: DELIVRD, UNDELIV, ACCEPTD... */
  stat: string;
  errorCode?: string;
}

/**
 * Final states only. ACCEPTD is "read on behalf of the subscriber by customer service" (or, at some SMSCs, an
 * intermediate notice): not a delivery, not a failure worth resending. DELETED means someone at the SMSC removed it on
 * purpose; resending would meet the same hand. Intermediate ones (ENROUTE, SCHEDULED) give no state at all.
 */
const STATE_BY_STAT: Record<string, ReceiptState> = {
  DELIVRD: 'delivered',
  UNDELIV: 'undeliverable',
  EXPIRED: 'expired',
  REJECTD: 'rejected',
  DELETED: 'rejected',
  SKIPPED: 'rejected',
  ACCEPTD: 'unknown',
  UNKNOWN: 'unknown',
};

/** The message_state TLV (SMPP 3.4 §5.3.2.35) by value, in the receipt text's spelling. */
export const STAT_BY_MESSAGE_STATE = ['SCHEDULED', 'ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD', 'SKIPPED'];
export const MESSAGE_STATE_BY_STAT: Record<string, number> = Object.fromEntries(STAT_BY_MESSAGE_STATE.map((s, i) => [s, i]));

/**
 * How an SMSC writes message ids. Some answer submit_sm_resp with a hex id and put its decimal form in the receipt
 * text (or the reverse); the receipted_message_id TLV, when present, is written like submit_sm_resp (SMPP 3.4 §5.3.2.12).
 */
export type IdRadix = 'hex' | 'decimal' | 'text';
export interface MessageIdStyle {
  resp: IdRadix;
  receiptText: IdRadix;
}
export const IDS_AS_WRITTEN: MessageIdStyle = { resp: 'text', receiptText: 'text' };

/**
 * One spelling per message: hex and decimal ids become the decimal of their value (`1a2b`, `001A2B` and `6699` are
 * the same message once each is read in the radix its place uses); `text` ids are compared as written.
 */
export function canonicalId(id: string, radix: IdRadix): string {
  const s = id.trim();
  if (radix === 'hex' && /^(0x)?[0-9a-f]+$/i.test(s)) return BigInt(s.toLowerCase().startsWith('0x') ? s : `0x${s}`).toString(10);
  if (radix === 'decimal' && /^[0-9]+$/.test(s)) return BigInt(s).toString(10);
  return s;
}

/** The fields of a receipt's text, keys case-insensitive; `submit date`/`done date` keep their space. */
export function receiptFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  // The message text (`text:`) comes last and may hold anything, colons included: stop there.
  const cut = text.search(/\btext:/i);
  const head = cut >= 0 ? text.slice(0, cut) : text;
  for (const m of head.matchAll(/\b(id|sub|dlvrd|submit date|done date|stat|err):(\S*)/gi)) out.set(m[1].toLowerCase(), m[2]);
  if (cut >= 0) out.set('text', text.slice(cut + 5));
  return out;
}

export interface ReceiptInput {
  receiptedMessageId?: string;
  messageState?: number;
  /** The short_message decoded by its data_coding. */
  text: string;
}

/** The receipt, or null when it is not a final one or names no message. */
export function parseReceipt(input: ReceiptInput, style: MessageIdStyle = IDS_AS_WRITTEN): DeliveryReceipt | null {
  const fields = receiptFields(input.text);
  const tlvId = input.receiptedMessageId?.trim();
  const textId = fields.get('id');
  let smscMessageId: string;
  let messageId: string;
  if (tlvId) {
    smscMessageId = tlvId;
    messageId = canonicalId(tlvId, style.resp);
  } else if (textId) {
    smscMessageId = textId;
    messageId = canonicalId(textId, style.receiptText);
  } else return null;
  const tlvStat = input.messageState === undefined ? undefined : STAT_BY_MESSAGE_STATE[input.messageState];
  const stat = (tlvStat ?? fields.get('stat') ?? '').toUpperCase();
  const state = STATE_BY_STAT[stat];
  if (state === undefined) return null;
  const err = fields.get('err');
  return err === undefined ? { messageId, smscMessageId, state, stat } : { messageId, smscMessageId, state, stat, errorCode: err };
}

function yymmddhhmm(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** The text an SMSC writes (appendix B): what the simulator sends, and the shape parseReceipt reads. */
export function receiptText(r: { id: string; stat: string; err: string; submitted: Date; done: Date; text: string }): string {
  const dlvrd = r.stat === 'DELIVRD' ? '001' : '000';
  return `id:${r.id} sub:001 dlvrd:${dlvrd} submit date:${yymmddhhmm(r.submitted)} done date:${yymmddhhmm(r.done)} stat:${r.stat} err:${r.err} text:${r.text.slice(0, 20)}`;
}
