/** @module A deliver_sm from the SMSC: a delivery receipt or a mobile-originated message, decoded, handed on, then answered. */
import { decodeShortMessage, withoutUdh } from './coding.js';
import type { SenderStats } from './outcome.js';
import { parseReceipt, type DeliveryReceipt, type MessageIdStyle } from './receipt.js';
import { ESM_RECEIPT, STATUS, int, messageBytes, text, type Pdu } from './wire.js';

export interface InboundSms {
  /** The phone, as the SMSC writes it (international form for GSM numbers). */
  from: string;
  /** Our number or short code it was sent to. */
  to: string;
  text: string;
  dataCoding: number;
}

interface DeliverHandlers {
  onReceipt?(r: DeliveryReceipt): void | Promise<void>;
  onInbound?(m: InboundSms): void | Promise<void>;
}

/** esm_class bits 2-5: the message type (SMPP 3.4 §5.2.12). */
const MESSAGE_TYPE = 0x3c;

export function decodedText(pdu: Pdu): string {
  return decodeShortMessage(int(pdu, 'data_coding'), withoutUdh(int(pdu, 'esm_class'), messageBytes(pdu)));
}

export function isReceipt(pdu: Pdu): boolean {
  return (int(pdu, 'esm_class') & MESSAGE_TYPE) === ESM_RECEIPT;
}

/**
 * Resolves to the deliver_sm_resp status once the handler is done with it (rejects if the handler throws), so an
 * SMSC never hears "received" for a receipt that was not recorded. SME acknowledgements and intermediate
 * notifications (other message types) are acknowledged and dropped.
 */
export async function readDeliver(pdu: Pdu, ids: MessageIdStyle, stats: SenderStats, h: DeliverHandlers): Promise<number> {
  const type = int(pdu, 'esm_class') & MESSAGE_TYPE;
  if (type === ESM_RECEIPT) {
    const state = pdu.message_state;
    const r = parseReceipt(
      { receiptedMessageId: text(pdu, 'receipted_message_id') || undefined, messageState: typeof state === 'number' ? state : undefined, text: decodedText(pdu) },
      ids,
    );
    if (!r) stats.receiptsIgnored++;
    else {
      await h.onReceipt?.(r);
      // Counted once handled: a receipt whose handler threw comes again and is counted then.
      stats.receipts[r.state]++;
    }
  } else if (type === 0) {
    await h.onInbound?.({ from: text(pdu, 'source_addr'), to: text(pdu, 'destination_addr'), text: decodedText(pdu), dataCoding: int(pdu, 'data_coding') });
    stats.inbound++;
  }
  return STATUS.OK;
}
