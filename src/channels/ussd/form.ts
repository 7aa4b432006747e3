/** @module The Africa's Talking callback form, declared once: it validates every request and documents the route. */
import { Type, type Static } from '@sinclair/typebox';
import { validatorOf } from '../../http/schema.js';

/** Far more than a session types (16 inputs of a 48-character number); a 10 KB `text` is refused unread. */
export const TEXT_MAX = 1024;

export const UssdForm = Type.Object({
  sessionId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$', description: 'The gateway\'s session id (Africa\'s Talking: `ATUid_...`). Not needed to answer: the state is in `text`.' }),
  serviceCode: Type.String({ maxLength: 32, description: 'The code dialled, e.g. `*855#`; said back in "dial again" advice.' }),
  phoneNumber: Type.String({ maxLength: 32, description: 'The caller, `+241` and 8 digits: the phone recorded with the credit, where a queued claim\'s SMS goes.' }),
  networkCode: Type.Optional(Type.String({ maxLength: 16, description: 'The mobile network (informative).' })),
  text: Type.String({ maxLength: TEXT_MAX, description: 'The inputs so far, joined by `*`; empty when the session starts.' }),
}, { description: 'Africa\'s Talking USSD callback (application/x-www-form-urlencoded). Extra fields are ignored.' });

export type UssdFields = Static<typeof UssdForm>;

export type ReadForm =
  | { ok: true; form: UssdFields }
  /** `too_long`: only `text` is wrong, by its length (the rest is usable); `malformed`: a field missing or misshapen. */
  | { ok: false; why: 'too_long'; serviceCode: string }
  | { ok: false; why: 'malformed'; fields: string[] };

export function readForm(body: unknown): ReadForm {
  const valid = validatorOf(UssdForm);
  if (valid(body)) return { ok: true, form: body as UssdFields };
  const errors = valid.errors ?? [];
  if (errors.length > 0 && errors.every((e) => e.instancePath === '/text' && e.keyword === 'maxLength')) {
    return { ok: false, why: 'too_long', serviceCode: (body as { serviceCode: string }).serviceCode };
  }
  const fields = errors.map((e) => e.keyword === 'required' ? String((e.params as { missingProperty: string }).missingProperty) : e.instancePath.slice(1) || 'body');
  return { ok: false, why: 'malformed', fields: [...new Set(fields)].slice(0, 8) };
}
