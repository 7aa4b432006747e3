/** @module The API document: GET /api/v1/openapi.json (OpenAPI 3.1, generated from the routes) and a readable page of it at /api/v1/docs, served from the package. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { html, trusted, type SafeHtml } from '../../http/html.js';
import { collectRoutes, openApiDocument } from '../../http/openapi.js';

const INFO = {
  title: 'Guichet API',
  version: '1',
  description: 'Relief credits (free electricity and water) for utility subscribers: claims, exactly once; the waiting room; credit look-up. Every answer is JSON with a `status`; French sentences for subscribers, stable codes for machines. See docs/api.md in the repository for a guide.',
};

const CSS = 'body{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#111}code,pre{font-family:ui-monospace,monospace;background:#f3f4f6}pre{padding:.5rem;overflow:auto}h2{margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}.m{font-weight:700;color:#0a4a85}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}';

type Doc = ReturnType<typeof openApiDocument>;
type Op = { summary: string; description?: string; parameters?: { name: string; in: string; schema: Record<string, unknown>; description?: string }[]; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, { description: string; content?: Record<string, { example?: unknown }> }> };

function fields(schema: Record<string, unknown>): SafeHtml {
  const props = (schema.properties ?? {}) as Record<string, { type?: unknown; description?: string; maxLength?: number }>;
  return html`<table><tr><th>field</th><th>type</th><th>meaning</th></tr>${Object.entries(props).map(([k, p]) => html`<tr><td><code>${k}</code></td><td>${String(p.type ?? 'string')}${p.maxLength ? ` (≤ ${p.maxLength})` : ''}</td><td>${p.description ?? ''}</td></tr>`)}</table>`;
}

export function docsPage(doc: Doc): string {
  const paths = doc.paths as Record<string, Record<string, Op>>;
  const ops = Object.entries(paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([m, op]) => ({ path, m, op })));
  const body = html`<h1>${INFO.title}</h1><p>${INFO.description}</p><p>Machine-readable: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a> (OpenAPI 3.1).</p>
<ul>${ops.map(({ path, m, op }) => html`<li><a href="#${m}-${path}"><span class="m">${m.toUpperCase()}</span> <code>${path}</code></a>: ${op.summary}</li>`)}</ul>
${ops.map(({ path, m, op }) => html`<h2 id="${m}-${path}"><span class="m">${m.toUpperCase()}</span> <code>${path}</code></h2><p>${op.summary}.${op.description ? ` ${op.description}` : ''}</p>
${op.parameters && html`<h3>Query</h3><table><tr><th>name</th><th>meaning</th></tr>${op.parameters.map((p) => html`<tr><td><code>${p.name}</code></td><td>${p.description ?? ''}</td></tr>`)}</table>`}
${op.requestBody && Object.entries(op.requestBody.content).map(([type, c]) => html`<h3>Request (<code>${type}</code>)</h3>${fields(c.schema)}`)}
<h3>Answers</h3>${Object.entries(op.responses).map(([status, r]) => html`<p><b>${status}</b>: ${r.description}</p>${r.content && Object.values(r.content).map((c) => c.example !== undefined && html`<pre>${JSON.stringify(c.example, null, 2)}</pre>`)}`)}`)}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${INFO.title}</title><style>${trusted(CSS)}</style></head><body>${body}</body></html>`;
}

/** Call right after the app is created: every route registered afterwards is in the document. */
export function registerApiDocs(app: FastifyInstance): void {
  const routes = collectRoutes(app);
  let doc: Doc | null = null;
  // Built on first use: by then every route, plugins' included, is registered.
  const get = () => (doc ??= openApiDocument(routes, INFO));
  const jsonDoc = { summary: 'This document (OpenAPI 3.1)', tags: ['meta'], responses: { 200: { description: 'The OpenAPI document.', schema: Type.Object({ openapi: Type.Literal('3.1.0') }) } } };
  app.get('/api/v1/openapi.json', { config: { doc: jsonDoc } }, async (_req, reply) => reply.header('cache-control', 'no-cache').send(get()));
  const pageDoc = { summary: 'The API, as a page to read', tags: ['meta'], responses: { 200: { description: 'HTML.', contentType: 'text/html' } } };
  app.get('/api/v1/docs', { config: { doc: pageDoc } }, async (_req, reply) =>
    reply.header('cache-control', 'no-cache').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'").type('text/html; charset=utf-8').send(docsPage(get())));
}

/** The routes registered without documentation (a test keeps this empty). */
export { undocumented } from '../../http/openapi.js';
