/** @module POST /api/v1/claims (docs/api.md): the request and answer schemas, declared once, with their French words. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FieldMessages } from '../../http/schema.js';

/** A string, or null for "not given" (typed clients serialise their empty fields as null). */
const nullable = (s: TSchema) => Type.Unsafe<string | null>({ ...s, type: ['string', 'null'] });

export const ClaimBody = Type.Object({
  meter_no: Type.Optional(nullable(Type.String({ maxLength: 64, pattern: '^[0-9\\s.\\-]*$', description: 'The meter number as printed on the meter (spaces, dots and dashes are ignored). For an STS prepaid meter, 11 or 13 digits ending with a Luhn check digit.', examples: ['37446479240'] }))),
  contract_no: Type.Optional(nullable(Type.String({ maxLength: 48, pattern: '^\\s*[A-Za-z0-9][A-Za-z0-9 ._/\\-]*$', description: 'The contract number on the bill; case, spaces and dashes do not matter (`mjl 88211178` finds `MJL-88211178`).', examples: ['MJL-88211178'] }))),
  cycle: Type.Optional(nullable(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_\\-]{0,63}$', description: 'The cycle; default: the open one.', examples: ['phase-1'] }))),
  phone: Type.Optional(nullable(Type.String({ maxLength: 64, description: 'A Gabonese mobile number (+241 and 8 digits) for the SMS with the code or credit.', examples: ['+24177123456'] }))),
  pass: Type.Optional(nullable(Type.String({ maxLength: 1024, description: 'The waiting-room pass of an earlier 202 answer: keeps the place in line.' }))),
}, {
  additionalProperties: false,
  // Exactly one of the two numbers given (a string; the other absent or null): the API's `{"meter_no"}` or `{"contract_no"}`.
  anyOf: [
    { type: 'object', properties: { meter_no: { type: 'string' } }, required: ['meter_no'] },
    { type: 'object', properties: { contract_no: { type: 'string' } }, required: ['contract_no'] },
  ],
  not: { type: 'object', properties: { meter_no: { type: 'string' }, contract_no: { type: 'string' } }, required: ['meter_no', 'contract_no'] },
});
/** Inferred from the schema: what a checked body holds (`anyOf` says which of the two numbers is there). */
export type ClaimBody = Static<typeof ClaimBody>;

export const CLAIM_MESSAGES: FieldMessages = {
  $root: {
    type: ['La demande doit être un objet JSON, par exemple {"meter_no": "…"}.', 'The request must be a JSON object, for example {"meter_no": "…"}.', 'body'],
    anyOf: ['Indiquez votre numéro de compteur ou votre numéro de contrat.', 'Give your meter number or your contract number.', 'meter_no'],
    not: ['Indiquez soit le numéro de compteur, soit le numéro de contrat, pas les deux.', 'Give either the meter number or the contract number, not both.', 'contract_no'],
  },
  $unknown: { '*': ['Ce champ n’est pas reconnu.', 'This field is not recognised.'] },
  meter_no: {
    type: ['Ce champ doit être une chaîne de caractères.', 'This field must be a string.'],
    maxLength: ['Ce champ est trop long (64 caractères au plus).', 'This field is too long (64 characters at most).'],
    pattern: ['Le numéro de compteur ne doit contenir que des chiffres (0 à 9).', 'A meter number has digits only (0 to 9).'],
  },
  contract_no: {
    type: ['Ce champ doit être une chaîne de caractères.', 'This field must be a string.'],
    maxLength: ['Le numéro de contrat est trop long (40 caractères au plus).', 'The contract number is too long (40 characters at most).'],
    pattern: ['Le numéro de contrat ne doit contenir que des lettres, des chiffres et des tirets.', 'A contract number has letters, digits and dashes only.'],
  },
  cycle: {
    type: ['Ce champ doit être une chaîne de caractères.', 'This field must be a string.'],
    pattern: ['Le nom de la phase n’est pas valide (lettres, chiffres et tirets).', 'The cycle name is not valid (letters, digits and dashes).'],
  },
  phone: { '*': ['Le numéro de téléphone doit être un mobile gabonais : +241 suivi de 8 chiffres.', 'The phone number must be a Gabonese mobile: +241 and 8 digits.'] },
  pass: { '*': ['Le laissez-passer n’a pas la bonne forme : renvoyez celui de la réponse précédente.', 'The pass is malformed: send back the one of the previous answer.'] },
};

const FieldErrorSchema = Type.Object({ field: Type.String(), message: Type.String(), message_en: Type.Optional(Type.String()) });

export const IssuedAnswer = Type.Object({
  status: Type.Literal('issued'),
  claim_id: Type.String({ description: 'The reference of the credit (its place in the journal).' }),
  cycle: Type.String(),
  service: Type.Union([Type.Literal('electricity'), Type.Literal('water')]),
  metering: Type.Union([Type.Literal('prepaid'), Type.Literal('postpaid')]),
  credit: Type.Object({ fcfa: Type.Integer(), units: Type.Number({ description: 'kWh or m³, rounded down to 0.1' }), unit: Type.Union([Type.Literal('kWh'), Type.Literal('m3')]) }),
  token: Type.Union([Type.String({ pattern: '^[0-9]{20}$' }), Type.Null()], { description: 'The 20-digit STS token of a prepaid meter; null for postpaid (the account is credited).' }),
  replayed: Type.Boolean({ description: 'True when this subscriber already had this credit: the same credit and token again.' }),
  issued_at: Type.String({ format: 'date-time' }),
  phone_verification: Type.Optional(Type.Union([Type.Literal('sent'), Type.Literal('limited')], { description: 'A phone not on file was given and the programme proves new phones: a one-time code was sent to it (or not: too many codes). Type it back with POST /api/v1/phone-verifications to get the SMS there too.' })),
}, { additionalProperties: false });

export const IneligibleAnswer = Type.Object({
  status: Type.Literal('ineligible'),
  reason: Type.String({ description: 'unknown_meter, not_retained, cycle_closed, cycle_not_open, unknown_cycle, budget_exhausted, service_not_covered, no_code_left, issuance_unavailable, meter_needs_key_change' }),
  message: Type.String({ description: 'A plain French sentence for the subscriber.' }),
  message_en: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const InvalidAnswer = Type.Object({
  status: Type.Literal('invalid'),
  error: Type.Optional(Type.String()),
  errors: Type.Array(FieldErrorSchema, { maxItems: 11 }),
}, { additionalProperties: false });

export const QueuedAnswer = Type.Object({
  status: Type.Literal('queued'),
  position: Type.Integer({ minimum: 0 }),
  eta_s: Type.Integer({ minimum: 0, description: 'Estimated seconds until this place is served.' }),
  pass: Type.String({ description: 'Send it back with the claim after Retry-After seconds.' }),
}, { additionalProperties: false });

export const ErrorAnswer = Type.Object({
  status: Type.String(),
  error: Type.String({ description: 'A stable id (rate_limited, unavailable, internal, not_found...).' }),
  message: Type.String(),
  request_id: Type.Optional(Type.String()),
}, { additionalProperties: false });
