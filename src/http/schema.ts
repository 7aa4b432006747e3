/**
 * @module Schema-first edges: request schemas (TypeBox, i.e. JSON Schema) compiled once by one Ajv instance, which
 * Fastify's routes and the direct claim path both call; failures become French, field-named errors, capped in number.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { FieldError } from '../claims/outcome.js';

/** Strict: a schema with a typo in a keyword is refused when compiled, at start, not ignored. */
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, coerceTypes: false, useDefaults: false, removeAdditional: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** The one compiled validator of a schema object, whoever asks (a route, Fastify, the direct path). */
export function validatorOf(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (v === undefined) compiled.set(schema, (v = ajv.compile(schema)));
  return v;
}

/** Fastify's hook for route schemas: the same compiled functions. */
export const validatorCompiler = ({ schema }: { schema: object }) => validatorOf(schema);

/**
 * Per field, the sentence for each way it can fail (keyword of JSON Schema), in French then English (and the field
 * to name, if not this one); `*` for any keyword. `$unknown` is said of a property the schema does not know, `$root`
 * of the body itself (not an object; or its `anyOf` / `not` rules, whose inner failures are not repeated).
 */
export type Words = [fr: string, en: string, field?: string];
export type FieldMessages = Record<string, Partial<Record<string, Words>>>;

/** More than this many problems is not a person's mistake: the answer stays small (a body of 26,000 unknown keys). */
export const MAX_FIELD_ERRORS = 10;

const GENERIC: Record<string, Words> = {
  type: ['Ce champ n’a pas le bon type.', 'This field has the wrong type.'],
  maxLength: ['Ce champ est trop long.', 'This field is too long.'],
  minLength: ['Ce champ est vide.', 'This field is empty.'],
  pattern: ['Ce champ n’a pas la bonne forme.', 'This field is not in the right form.'],
  additionalProperties: ['Ce champ n’est pas reconnu.', 'This field is not recognised.'],
  required: ['Ce champ est obligatoire.', 'This field is required.'],
};

function fieldOf(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return String((e.params as { additionalProperty: string }).additionalProperty).slice(0, 64);
  if (e.keyword === 'required') return String((e.params as { missingProperty: string }).missingProperty);
  const path = e.instancePath.replace(/^\//, '').split('/')[0];
  return path === '' ? '$root' : path;
}

export function fieldErrors(errors: readonly ErrorObject[] | null | undefined, messages: FieldMessages): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  // Not an object at all: that is the one thing to say.
  const notObject = errors?.find((e) => e.instancePath === '' && e.schemaPath === '#/type');
  for (const e of notObject ? [notObject] : errors ?? []) {
    // A branch of a body-wide rule failing: the rule's own error (below) says it once, in words for people.
    if (/^#\/(anyOf|oneOf|not)\//.test(e.schemaPath)) continue;
    const field = fieldOf(e);
    const key = e.keyword === 'additionalProperties' ? '$unknown' : field;
    const words: Words = messages[key]?.[e.keyword] ?? messages[key]?.['*'] ?? GENERIC[e.keyword] ?? GENERIC.pattern;
    const name = words[2] ?? (field === '$root' ? 'body' : field);
    if (seen.has(`${name}\u0000${words[0]}`)) continue;
    seen.add(`${name}\u0000${words[0]}`);
    if (out.length === MAX_FIELD_ERRORS) {
      const more = errors!.length - MAX_FIELD_ERRORS;
      out.push({ field: 'body', message: `Et ${more} autres erreurs : la demande ne ressemble pas à ce qu’attend l’API.`, message_en: `And ${more} more errors: the request does not look like what the API expects.` });
      break;
    }
    out.push({ field: name, message: words[0], message_en: words[1] });
  }
  return out;
}
