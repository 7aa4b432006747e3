/**
 * @module A JSON route declared once (method, address, schema, words, handler, documentation) and served the same way
 * by Fastify and by the direct node:http path: one compiled validator, one handler, one way to answer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { FieldError } from '../claims/outcome.js';
import type { HttpAnswer } from './errors.js';
import { fieldErrors, validatorOf, type FieldMessages } from './schema.js';

export interface RouteContext {
  requestId: string;
}

/** What the API document says of a route (openapi.ts). */
export interface RouteDoc {
  summary: string;
  description?: string;
  tags: string[];
  /** Status -> the answer's schema, a sentence, an example. */
  responses: Record<number, { description: string; schema?: TSchema; example?: unknown; headers?: Record<string, string>; contentType?: string }>;
}

export interface JsonRoute<I = unknown> {
  method: 'GET' | 'POST';
  url: string;
  /** The body (POST) or the query string (GET), as JSON Schema. */
  schema: TSchema;
  messages: FieldMessages;
  handle(input: I, ctx: RouteContext): Promise<HttpAnswer>;
  doc: RouteDoc;
}

/** 400 with the fields that failed (docs/api.md: `{"status":"invalid","errors":[...]}`). */
export function invalidAnswer(errors: FieldError[]): HttpAnswer {
  return { status: 400, body: { status: 'invalid', errors } };
}

/** The check the direct path makes, with the very function Fastify compiled for the route. */
export function checkInput<I>(route: JsonRoute<I>, input: unknown): { ok: true; value: I } | { ok: false; answer: HttpAnswer } {
  const v = validatorOf(route.schema);
  if (v(input)) return { ok: true, value: input as I };
  return { ok: false, answer: invalidAnswer(fieldErrors(v.errors, route.messages)) };
}

export function replyWith(reply: FastifyReply, a: HttpAnswer): FastifyReply {
  if (a.headers) reply.headers(a.headers);
  return reply.code(a.status).send(a.body);
}

export function registerJsonRoute<I>(app: FastifyInstance, route: JsonRoute<I>): void {
  const part = route.method === 'GET' ? 'querystring' : 'body';
  app.route({
    method: route.method,
    url: route.url,
    // Compiled by Fastify through the kit's validatorCompiler: the same function the direct path calls.
    schema: { [part]: route.schema },
    attachValidation: true,
    config: { doc: route.doc },
    handler: async (req: FastifyRequest, reply) => {
      if (req.validationError) {
        const errors = (req.validationError as { validation?: Parameters<typeof fieldErrors>[0] }).validation;
        return replyWith(reply, invalidAnswer(fieldErrors(errors, route.messages)));
      }
      const input = (route.method === 'GET' ? req.query : req.body) as I;
      return replyWith(reply, await route.handle(input, { requestId: req.id }));
    },
  });
}
