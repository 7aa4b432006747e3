/** @module GET /console/static/:name: the console's stylesheet and scripts, and uPlot's, from the package. */
import type { FastifyInstance } from 'fastify';
import { asset, isAssetName } from './assets.js';
import { apiRefusal } from './answers.js';
import { addRoute } from './route.js';

export function registerStaticRoutes(app: FastifyInstance): void {
  addRoute(app, {
    method: 'GET', url: '/console/static/:name', permission: 'public',
    doc: { summary: 'The console\'s own CSS and JavaScript, and uPlot\'s (served from the package, never a CDN)', tags: ['console'], responses: { 200: { description: 'The file.' }, 404: { description: 'No such file.' } } },
    handler: async (req, reply) => {
      const name = (req.params as { name: string }).name;
      if (!isAssetName(name)) return apiRefusal(reply, 'not_found');
      const a = asset(name);
      // The URL names the content's hash (?v=): a changed file has a new URL, so the old one may be kept a year.
      const versioned = (req.query as Record<string, unknown>).v === a.version;
      return reply.code(200).type(a.type).header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache').send(a.body);
    },
  });
}
