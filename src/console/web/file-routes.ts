/** @module Imports and exports over HTTP: uploads streamed to the import code, their progress and rejects, the billing export, the reconciliation. Audited. */
import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { creditCsv } from '../../credits/export.js';
import { cell } from '../../lib/csv.js';
import { publicJob, type ImportJobs, type ImportKind } from '../files/imports.js';
import { reconciliation, reconciliationCsv } from '../files/reconciliation.js';
import { apiRefusal, sendJson, sendPage } from './answers.js';
import type { ConsoleWebDeps } from './deps.js';
import { apiDoc, pageDoc } from './docs.js';
import { filesPage } from './pages/files.js';
import { reconciliationPage } from './pages/reconciliation.js';
import { addRoute, operatorOf } from './route.js';

const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);
const stamp = (d: Date) => d.toISOString().slice(0, 16).replace(/[-:T]/g, '');
/** A name for display and the audit log: what the browser said, without path or control characters. */
const fileName = (raw: unknown): string => {
  let s = typeof raw === 'string' ? raw : '';
  try {
    s = decodeURIComponent(s);
  } catch {
    s = '';
  }
  s = s.split(/[\\/]/).pop()!.replace(/\p{Cc}/gu, '').slice(0, 120);
  return s || 'registre.csv';
};

function download(reply: FastifyReply, name: string): FastifyReply {
  return reply.code(200).type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`);
}

/** A rejects file as the import wrote it, every cell neutralised on the way out (an uploaded "=..." must not run in a spreadsheet). */
async function* neutralised(path: string): AsyncGenerator<string> {
  const rows = createReadStream(path).pipe(parse({ relax_column_count: true, relax_quotes: true }));
  let chunk = '';
  for await (const r of rows as AsyncIterable<string[]>) {
    chunk += r.map(cell).join(',') + '\n';
    if (chunk.length > 65536) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

export function registerFileRoutes(app: FastifyInstance, deps: ConsoleWebDeps, jobs: ImportJobs): void {
  const now = () => (deps.now ?? (() => new Date()))();
  const audit = deps.services.audit;

  addRoute(app, {
    method: 'GET', url: '/console/fichiers', permission: 'reconciliation.read', doc: pageDoc('Imports and exports: the sections the role may use'),
    handler: async (_req, reply, ctx) => sendPage(reply, 200, filesPage({ ctx, demo: deps.demo, programme: deps.programme().programme })),
  });

  for (const kind of ['registry', 'codes'] as ImportKind[]) {
    addRoute(app, {
      method: 'POST', url: `/console/api/imports/${kind}`, permission: 'imports.run',
      doc: apiDoc(`Upload a ${kind === 'registry' ? 'registry' : 'code pool'} CSV as the body (Content-Type text/csv, x-csrf-token, x-file-name): imported by the same code as the command line`, {
        description: 'Not used: the answer is 202.',
      }, { 202: { description: 'Received and checked; the import runs (poll the job).', example: { id: 'x2…', state: 'importing' } }, 400: { description: 'Not a file of that kind (the reason says why).' }, 409: { description: 'Another import is running.' }, 413: { description: 'Too large.' } }),
      handler: async (req, reply, ctx) => {
        const body = req.body;
        if (!(body instanceof Readable)) return apiRefusal(reply, 'invalid', 'Envoyez le fichier CSV lui-même comme corps de la demande (Content-Type: text/csv).');
        const r = await jobs.receive(operatorOf(ctx).account.email, kind, fileName(req.headers['x-file-name']), body);
        if (!r.ok) return sendJson(reply, r.status, { status: r.status === 409 ? 'refused' : 'invalid', error: r.status === 409 ? 'busy' : r.status === 413 ? 'too_large' : 'bad_file', message: r.message });
        return sendJson(reply, 202, publicJob(r.job));
      },
    });
  }

  addRoute(app, {
    method: 'GET', url: '/console/api/imports/:job', permission: 'imports.run',
    doc: apiDoc('An import\'s progress and outcome', { description: 'The job.', example: { state: 'done', rows: 465084, summary: { read: 465084, added: 465084, rejected: 0 }, rejects_url: null } }, { 404: { description: 'No such import (or forgotten after an hour).' } }),
    handler: async (req, reply) => {
      const j = jobs.get((req.params as { job: string }).job);
      return j ? sendJson(reply, 200, publicJob(j)) : apiRefusal(reply, 'not_found', 'Aucun import avec cet identifiant.');
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/fichiers/imports/:job/rejets', permission: 'imports.run', doc: pageDoc('An import\'s refused rows, with their line number and reason (CSV)', { 404: { description: 'No such import, or none refused.' } }),
    handler: async (req, reply, ctx) => {
      const j = jobs.get((req.params as { job: string }).job);
      if (!j?.rejects || !existsSync(j.rejects)) return apiRefusal(reply, 'not_found', 'Pas de lignes refusées pour cet import.');
      await audit.append(operatorOf(ctx).account.email, 'export', { kind: 'import_rejects', file: j.file, rows: j.rejected });
      return download(reply, `rejets-${j.kind}-${stamp(now())}.csv`).send(Readable.from(neutralised(j.rejects)));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/fichiers/credits.csv', permission: 'exports.run', doc: pageDoc('A cycle\'s credits for billing, as `guichet export credits` (?cycle=, ?all=1); never the tokens', { 400: { description: 'No such cycle.' } }),
    handler: async (req, reply, ctx) => {
      const q = req.query as Record<string, unknown>;
      const cycle = first(q.cycle) ?? '';
      const all = first(q.all) === '1';
      if (!deps.programme().cycles.some((c) => c.id === cycle)) return apiRefusal(reply, 'invalid', 'Période inconnue : choisissez une période du programme en vigueur.');
      const actor = operatorOf(ctx).account.email;
      // Written when the last row has gone out: the entry says how many credits left the system.
      const rows = creditCsv(deps.store.claims, { cycle, all }, (n) => void audit.append(actor, 'export', { kind: 'credits', cycle, all, rows: n }).catch(() => {}));
      return download(reply, `credits-${cycle}${all ? '-tous' : ''}-${stamp(now())}.csv`).send(Readable.from(rows));
    },
  });

  const rec = () => reconciliation(deps.store, deps.programme().programme, now());
  addRoute(app, {
    method: 'GET', url: '/console/rapprochement', permission: 'reconciliation.read', doc: pageDoc('The reconciliation for the State, as a page to print'),
    handler: async (_req, reply, ctx) => {
      const r = await rec();
      await audit.append(operatorOf(ctx).account.email, 'export', { kind: 'reconciliation', format: 'page', credits: r.credits, journal_entries: r.journal.entries });
      return sendPage(reply, 200, reconciliationPage({ ctx, demo: deps.demo, r }));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/fichiers/rapprochement.csv', permission: 'reconciliation.read', doc: pageDoc('The reconciliation for the State, as CSV'),
    handler: async (_req, reply, ctx) => {
      const r = await rec();
      await audit.append(operatorOf(ctx).account.email, 'export', { kind: 'reconciliation', format: 'csv', credits: r.credits, journal_entries: r.journal.entries });
      return download(reply, `rapprochement-${r.programme.id}-${stamp(now())}.csv`).send(reconciliationCsv(r));
    },
  });
}
