/** @module GET /api/v1/credits: what was already issued to a meter or contract, without issuing anything. */
import { Type, type Static } from '@sinclair/typebox';
import type { ClaimService } from '../../claims/claim-service.js';
import { invalidAnswer, type JsonRoute } from '../../http/json-route.js';
import { CLAIM_MESSAGES, ClaimBody, ErrorAnswer, InvalidAnswer, IssuedAnswer } from './claim-schema.js';
import { issuedBody } from './claims.js';

/** The claim's two numbers, from the query string: exactly one. */
export const CreditsQuery = Type.Object({
  meter_no: ClaimBody.properties.meter_no,
  contract_no: ClaimBody.properties.contract_no,
}, { additionalProperties: false, anyOf: ClaimBody.anyOf, not: ClaimBody.not });
export type CreditsQuery = Static<typeof CreditsQuery>;

const CreditsAnswer = Type.Object({ status: Type.Literal('ok'), credits: Type.Array(IssuedAnswer) }, { additionalProperties: false });

export function creditsRoute(claims: ClaimService): JsonRoute<CreditsQuery> {
  return {
    method: 'GET',
    url: '/api/v1/credits',
    schema: CreditsQuery,
    messages: CLAIM_MESSAGES,
    async handle(q) {
      const l = claims.locate(typeof q.meter_no === 'string' ? { meter_no: q.meter_no } : { contract_no: q.contract_no as string });
      if ('errors' in l) return invalidAnswer(l.errors);
      if ('unknown' in l) {
        if (l.typo) return invalidAnswer([l.typo]);
        return { status: 404, body: { status: 'not_found', error: 'unknown_meter', message: 'Ce numéro ne figure pas dans le fichier des abonnés.' } };
      }
      // Tokens: never kept by a cache or a proxy.
      return { status: 200, body: { status: 'ok', credits: claims.issuedTo(l.found).map((c) => issuedBody(c, true)) }, headers: { 'cache-control': 'no-store' } };
    },
    doc: {
      summary: 'The credits already issued to a meter or contract',
      description: 'Issues nothing: a subscriber who lost their code finds it again (the page "Retrouver mon code" asks the same). Limited per address like every route.',
      tags: ['claims'],
      responses: {
        200: { description: 'The credits of the programme in force, every cycle (each with `replayed: true`).', schema: CreditsAnswer, example: { status: 'ok', credits: [] } },
        400: { description: 'Malformed number.', schema: InvalidAnswer },
        404: { description: 'No subscriber has this number.', schema: ErrorAnswer },
        429: { description: 'Abuse limits of one address.', schema: ErrorAnswer },
      },
    },
  };
}
