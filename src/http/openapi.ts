/**
 * @module The OpenAPI 3.1 document, generated from the routes as registered: each route's schema (the one that
 * validates its requests) and its documentation (answers' schemas and examples). A route without documentation is
 * listed by `undocumented`, which a test keeps empty.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { RouteDoc } from './json-route.js';

export type { RouteDoc };

interface Seen {
  method: string;
  url: string;
  doc?: RouteDoc;
  body?: TSchema;
  query?: TSchema;
  /** Form bodies (USSD callbacks, page forms) are documented as such. */
  consumes?: string;
}

/** Collects every route as Fastify registers it; call before the routes are added. */
export function collectRoutes(app: FastifyInstance): Seen[] {
  const seen: Seen[] = [];
  app.addHook('onRoute', (r: RouteOptions) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const cfg = (r.config ?? {}) as { doc?: RouteDoc & { form?: TSchema }; consumes?: string };
    const schema = (r.schema ?? {}) as { body?: TSchema; querystring?: TSchema };
    for (const m of methods) {
      if (m === 'HEAD') continue;
      // A page's form is documented (doc.form) but read leniently: the claim core words every problem for a person.
      seen.push({ method: m, url: r.url, doc: cfg.doc, body: schema.body ?? cfg.doc?.form, query: schema.querystring, consumes: cfg.consumes });
    }
  });
  return seen;
}

export function undocumented(routes: readonly Seen[]): string[] {
  return routes.filter((r) => !r.doc).map((r) => `${r.method} ${r.url}`);
}

/** JSON Schema as OpenAPI 3.1 takes it: TypeBox's own symbols dropped, nothing else changed. */
const plain = (s: TSchema): unknown => JSON.parse(JSON.stringify(s));

function parameters(q: TSchema): unknown[] {
  const props = (q as { properties?: Record<string, TSchema> }).properties ?? {};
  return Object.entries(props).map(([name, s]) => ({ name, in: 'query', required: false, schema: plain(s), description: (s as { description?: string }).description }));
}

export function openApiDocument(routes: readonly Seen[], info: { title: string; version: string; description: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (!r.doc) continue;
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const op: Record<string, unknown> = { summary: r.doc.summary, tags: r.doc.tags, operationId: `${r.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+/g, '_')}` };
    if (r.doc.description) op.description = r.doc.description;
    const params: unknown[] = [...(r.query ? parameters(r.query) : [])];
    for (const m of r.url.matchAll(/:([A-Za-z_]+)/g)) params.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    if (params.length) op.parameters = params;
    if (r.body) op.requestBody = { required: true, content: { [r.consumes ?? 'application/json']: { schema: plain(r.body) } } };
    const responses: Record<string, unknown> = {};
    for (const [status, a] of Object.entries(r.doc.responses)) {
      const type = (a as { contentType?: string }).contentType ?? 'application/json';
      const content = a.schema || a.example !== undefined ? { [type]: { ...(a.schema ? { schema: plain(a.schema) } : {}), ...(a.example !== undefined ? { example: a.example } : {}) } } : undefined;
      const headers = a.headers ? Object.fromEntries(Object.entries(a.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }])) : undefined;
      responses[status] = { description: a.description, ...(content ? { content } : {}), ...(headers ? { headers } : {}) };
    }
    op.responses = responses;
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return { openapi: '3.1.0', info, paths };
}
