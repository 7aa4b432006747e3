/** @module A claim's outcome as the SMS that answers it; null when the credit's own notice (queued with it) is the answer. */
import type { ClaimOutcome } from '../../claims/outcome.js';
import type { Programme } from '../../domain/programme.js';
import { HELP_TEXT, QUEUED_TEXT, reasonNotice, replayNotice, UNAVAILABLE_TEXT } from './texts.js';

export function smsAnswer(o: ClaimOutcome, p: Programme, signature: string | null): string | null {
  switch (o.kind) {
    case 'issued':
      return o.replayed ? replayNotice(o.credit, o.subscriber, p, signature) : null;
    case 'ineligible':
      return reasonNotice(o.message.fr, signature);
    case 'invalid':
      return reasonNotice(`${o.errors[0]?.message ?? 'Numéro mal saisi.'} ${HELP_TEXT}`, signature);
    case 'queued':
      return QUEUED_TEXT(o.position);
    case 'unavailable':
      return UNAVAILABLE_TEXT;
  }
}
