/** @module deliver_sm PDUs the simulator sends: delivery receipts (TLVs and text) and mobile-originated messages. */
import { encodeGsm7, isGsm7 } from '../../gsm7.js';
import { DATA_CODING, encodeUcs2 } from '../coding.js';
import { MESSAGE_STATE_BY_STAT, receiptText } from '../receipt.js';
import { ESM_RECEIPT, smpp, type Pdu } from '../wire.js';
import type { SimulatorOptions } from './options.js';

export interface AcceptedSubmit {
  id: number;
  /** As submit_sm_resp wrote it. */
  messageId: string;
  source: { addr: string; ton: number; npi: number };
  destination: string;
  text: string;
  submitted: Date;
}

export function formatId(id: number, style: 'hex' | 'decimal'): string {
  return style === 'hex' ? id.toString(16) : String(id);
}

/** The receipt for `s`, as an SMSC configured like `o` writes it. */
export function receiptPdu(s: AcceptedSubmit, stat: string, err: string, o: SimulatorOptions, done: Date): Pdu {
  const textId = o.receiptIdStyle === 'same' ? s.messageId : formatId(s.id, o.receiptIdStyle);
  // Characters outside GSM-7 (from a UCS2 submit) cannot go back in a data_coding 0 receipt text.
  const excerpt = [...s.text].map((c) => (isGsm7(c) ? c : '?')).join('');
  const body = receiptText({ id: textId, stat, err, submitted: s.submitted, done, text: excerpt });
  const fields: Record<string, unknown> = {
    source_addr_ton: 1, source_addr_npi: 1, source_addr: s.destination,
    dest_addr_ton: s.source.ton, dest_addr_npi: s.source.npi, destination_addr: s.source.addr,
    esm_class: ESM_RECEIPT, data_coding: DATA_CODING.GSM7,
    short_message: o.receiptForm === 'tlv' ? Buffer.alloc(0) : encodeGsm7(body),
  };
  if (o.receiptForm !== 'text') {
    fields.receipted_message_id = s.messageId;
    fields.message_state = MESSAGE_STATE_BY_STAT[stat];
  }
  return new smpp.PDU('deliver_sm', fields);
}

export interface MobileOriginated {
  from: string;
  to: string;
  text: string;
  /** 0 (GSM-7), 3 (Latin-1) or 8 (UCS2); by default GSM-7 when the text allows it, else UCS2, as a phone does. */
  dataCoding?: number;
}

export function moPdu(m: MobileOriginated): Pdu {
  const dc = m.dataCoding ?? (isGsm7(m.text) ? DATA_CODING.GSM7 : DATA_CODING.UCS2);
  const body = dc === DATA_CODING.GSM7 ? encodeGsm7(m.text) : dc === DATA_CODING.UCS2 ? encodeUcs2(m.text) : Buffer.from(m.text, 'latin1');
  return new smpp.PDU('deliver_sm', {
    source_addr_ton: 1, source_addr_npi: 1, source_addr: m.from.replace(/^\+/, ''),
    dest_addr_ton: /^[0-9]+$/.test(m.to) ? 1 : 5, dest_addr_npi: /^[0-9]+$/.test(m.to) ? 1 : 0, destination_addr: m.to,
    esm_class: 0, data_coding: dc, short_message: body,
  });
}
