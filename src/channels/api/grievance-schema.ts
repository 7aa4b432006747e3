/** @module POST/GET /api/v1/grievances (CONTRACT §10, docs/api.md): request and answer schemas, declared once, with their French words. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { GRIEVANCE_CATEGORIES, GRIEVANCE_STATUSES } from '../../domain/grievance.js';
import type { FieldMessages } from '../../http/schema.js';
import { CLAIM_MESSAGES, ClaimBody } from './claim-schema.js';

const nullable = (s: TSchema) => Type.Unsafe<string | null>({ ...s, type: ['string', 'null'] });

/** Generous at the edge: the service says "at most 2,000 characters" once trimmed; past this the body is not a message. */
const MESSAGE_EDGE_MAX = 4000;

export const GrievanceBody = Type.Object({
  meter_no: ClaimBody.properties.meter_no,
  contract_no: ClaimBody.properties.contract_no,
  category: Type.String({ maxLength: 32, description: `What is contested: ${GRIEVANCE_CATEGORIES.join(', ')}.`, examples: ['not_retained'] }),
  message: Type.Optional(nullable(Type.String({ maxLength: MESSAGE_EDGE_MAX, description: 'The subscriber’s words, at most 2,000 characters; kept as typed and shown escaped.' }))),
  phone: Type.Optional(nullable(Type.String({ maxLength: 64, description: 'A Gabonese mobile number (+241 and 8 digits) for the acknowledgement and the decision by SMS; default: the phone on file.', examples: ['+24177123456'] }))),
  cycle: ClaimBody.properties.cycle,
}, { additionalProperties: false, required: ['category'], anyOf: ClaimBody.anyOf, not: ClaimBody.not });
export type GrievanceBody = Static<typeof GrievanceBody>;

export const GRIEVANCE_MESSAGES: FieldMessages = {
  ...CLAIM_MESSAGES,
  category: {
    required: ['Indiquez la catégorie de la réclamation.', 'Give the grievance’s category.'],
    '*': [`Catégorie inconnue. Choisissez l’une de : ${GRIEVANCE_CATEGORIES.join(', ')}.`, `Unknown category. Choose one of: ${GRIEVANCE_CATEGORIES.join(', ')}.`],
  },
  message: {
    maxLength: ['Le message ne doit pas dépasser 2 000 caractères.', 'The message must not exceed 2,000 characters.'],
    '*': ['Le message doit être un texte.', 'The message must be text.'],
  },
};

export const RaisedAnswer = Type.Object({
  ticket: Type.String({ pattern: '^R-[0-9A-HJKMNP-TV-Z]{6}$', description: 'The ticket: R- and six characters, the last a check character.' }),
  status: Type.Union(GRIEVANCE_STATUSES.map((s) => Type.Literal(s))),
}, { additionalProperties: false });

export const GrievanceAnswer = Type.Object({
  ticket: Type.String({ pattern: '^R-[0-9A-HJKMNP-TV-Z]{6}$' }),
  status: Type.Union(GRIEVANCE_STATUSES.map((s) => Type.Literal(s))),
  category: Type.Union(GRIEVANCE_CATEGORIES.map((c) => Type.Literal(c))),
  decision: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('rejected')])),
  reason: Type.Optional(Type.String({ description: 'The decider’s words for the subscriber (French).' })),
}, { additionalProperties: false });
