/** @module POST /api/v1/phone-verifications: the one-time code typed back; the credit's SMS then goes to that phone too. */
import { Type, type Static } from '@sinclair/typebox';
import type { ClaimService } from '../../claims/claim-service.js';
import { normalisePhone } from '../../registry/phone.js';
import { invalidAnswer, type JsonRoute } from '../../http/json-route.js';
import type { PhoneProof, Proof } from '../sms/otp.js';
import { CLAIM_MESSAGES, ClaimBody, InvalidAnswer } from './claim-schema.js';

export const VerificationBody = Type.Object({
  meter_no: ClaimBody.properties.meter_no,
  contract_no: ClaimBody.properties.contract_no,
  phone: Type.String({ maxLength: 64, description: 'The phone the code was sent to.' }),
  code: Type.String({ maxLength: 16, description: 'The six digits received by SMS.' }),
}, { additionalProperties: false, anyOf: ClaimBody.anyOf, not: ClaimBody.not });
export type VerificationBody = Static<typeof VerificationBody>;

const WORDS: Record<Exclude<Proof, 'verified'>, string> = {
  wrong: 'Ce code ne correspond pas. Vérifiez les six chiffres reçus par SMS.',
  expired: 'Ce code a expiré (5 minutes). Refaites la demande pour en recevoir un nouveau.',
  locked: 'Trop d’essais pour ce code. Refaites la demande pour en recevoir un nouveau.',
  none: 'Aucun code en attente pour ce numéro de téléphone. Refaites la demande avec ce téléphone.',
};

const Answer = Type.Object({ status: Type.String(), reason: Type.Optional(Type.String()), message: Type.String() });

export function phoneVerificationRoute(claims: ClaimService, proof: PhoneProof): JsonRoute<VerificationBody> {
  return {
    method: 'POST',
    url: '/api/v1/phone-verifications',
    schema: VerificationBody,
    messages: { ...CLAIM_MESSAGES, code: { '*': ['Le code est fait de six chiffres.', 'The code is six digits.'] } },
    async handle(b) {
      const l = claims.locate(typeof b.meter_no === 'string' ? { meter_no: b.meter_no } : { contract_no: b.contract_no as string });
      if ('errors' in l) return invalidAnswer(l.errors);
      const phone = normalisePhone(b.phone);
      if (phone === null) return invalidAnswer([{ field: 'phone', message: 'Le numéro de téléphone doit être un mobile gabonais : +241 suivi de 8 chiffres.' }]);
      if ('unknown' in l) return { status: 422, body: { status: 'refused', reason: 'none', message: WORDS.none } };
      const credits = claims.issuedTo(l.found);
      const r = await proof.confirm(l.found, phone, b.code, credits[credits.length - 1] ?? null);
      if (r === 'verified') return { status: 200, body: { status: 'verified', message: 'Numéro vérifié : le SMS du crédit part vers ce téléphone.' } };
      return { status: 422, body: { status: 'refused', reason: r, message: WORDS[r] } };
    },
    doc: {
      summary: 'Type back the one-time code sent to a phone not on file',
      description: 'Six digits, valid five minutes, five tries, single use; a new claim with the phone sends a new code (the last one stops working). Limited per phone and per subscriber.',
      tags: ['claims'],
      responses: {
        200: { description: 'Verified: the credit\'s SMS is queued to this phone.', schema: Answer, example: { status: 'verified', message: 'Numéro vérifié : le SMS du crédit part vers ce téléphone.' } },
        400: { description: 'Malformed input.', schema: InvalidAnswer },
        422: { description: 'Not verified: wrong, expired, locked (five tries), or no code for this phone.', schema: Answer, example: { status: 'refused', reason: 'wrong', message: WORDS.wrong } },
      },
    },
  };
}
