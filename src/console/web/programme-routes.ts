/** @module The programme screens over HTTP: view, edit (check, dry run, save), cycles' states, agencies' windows, the admit rate. Supervisor's changes only; audited. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CycleState } from '../../domain/programme.js';
import { dryRun } from '../programmes/dry-run.js';
import { parseAdmitRate } from '../programmes/admit-rate.js';
import { checkText, ProgrammeEditor, type Checked } from '../programmes/editor.js';
import { sendJson, sendPage } from './answers.js';
import type { ConsoleWebDeps } from './deps.js';
import { apiDoc, formDoc, pageDoc } from './docs.js';
import { editorPage } from './pages/programme-editor.js';
import { programmesPage } from './pages/programmes.js';
import { programmeWords } from './pages/programme-words.js';
import { addRoute, operatorOf, type RequestContext } from './route.js';

const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);
const field = (o: unknown, k: string) => (o && typeof o === 'object' ? first((o as Record<string, unknown>)[k]) : undefined);
/** A datetime-local value (Libreville time, no zone) as an instant with its offset, as the programme format wants it. */
const fromLocal = (v: string | undefined): string | null | undefined => {
  if (!v) return null;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+01:00` : undefined;
};

export function registerProgrammeRoutes(app: FastifyInstance, deps: ConsoleWebDeps): void {
  const now = () => (deps.now ?? (() => new Date()))().getTime();
  const editor = new ProgrammeEditor({ programmes: deps.store.programmes, settings: deps.store, audit: deps.services.audit, reload: deps.reloadProgramme, now });
  const current = () => deps.programme().programme;
  const overview = async (reply: FastifyReply, ctx: RequestContext, status: number, notice: { ok: boolean; text: string; problems?: string[] } | null) =>
    sendPage(reply, status, programmesPage({
      ctx, demo: deps.demo, programme: current(), stored: await deps.store.programmes.entries(), agencies: deps.agencies(),
      admitRate: deps.room?.stats().admit_rate ?? null, notice,
    }));
  const outcome = (reply: FastifyReply, ctx: RequestContext, c: Checked) => {
    const t = programmeWords(ctx.lang);
    return c.ok ? overview(reply, ctx, 200, { ok: true, text: t.changed }) : overview(reply, ctx, 400, { ok: false, text: t.refused, problems: c.problems });
  };
  const cycleOf = (params: unknown) => decodeURIComponent((params as { cycle?: string }).cycle ?? '');
  const simulate = async (actor: string, text: string, cycle: string, reference: string | null) => {
    const c = checkText(text);
    if (!c.ok) return { problems: c.problems };
    if (!c.programme.cycles.some((x) => x.id === cycle)) return { problems: [`$.cycles: no cycle "${cycle.slice(0, 64)}" to simulate`] };
    const r = await dryRun({ candidate: c.programme, cycle, reference: reference ? { programme: current(), cycle: reference } : null, subscribers: deps.registry });
    const hash = await editor.recordDryRun(actor, text, { programme: c.programme.id, cycle, reference, retained: r.retained, lost: r.lost, gained: r.gained, budget_needed_fcfa: r.budget_needed_fcfa });
    return { r, hash };
  };

  addRoute(app, {
    method: 'GET', url: '/console/programmes', permission: 'programmes.read', doc: pageDoc('The programme in force: cycles, rules, agency windows, admit rate'),
    handler: async (_req, reply, ctx) => overview(reply, ctx, 200, null),
  });

  addRoute(app, {
    method: 'GET', url: '/console/api/programme', permission: 'programmes.read',
    doc: apiDoc('The programme in force, as the JSON a `guichet programme load` takes', { description: 'The programme.' }),
    handler: async (_req, reply) => sendJson(reply, 200, current()),
  });

  addRoute(app, {
    method: 'GET', url: '/console/programmes/editeur', permission: 'programmes.manage', doc: pageDoc('The JSON editor, holding the programme in force'),
    handler: async (_req, reply, ctx) => {
      const p = current();
      const open = p.cycles.find((c) => c.state === 'open') ?? p.cycles[0];
      return sendPage(reply, 200, editorPage({ ctx, demo: deps.demo, text: JSON.stringify(p, null, 2), current: p, cycle: open.id, reference: open.id }));
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/programmes/simulation', permission: 'programmes.manage', bodyLimit: 300_000,
    doc: formDoc('Check a programme (field body) and run it over the whole registry for one cycle (field cycle), against a cycle in force (field reference)', { 200: { description: 'The result, and the form to save that very text.', contentType: 'text/html' } }),
    handler: async (req, reply, ctx) => {
      const text = field(req.body, 'body') ?? '';
      const cycle = (field(req.body, 'cycle') ?? '').trim();
      const reference = field(req.body, 'reference') || null;
      const view = { ctx, demo: deps.demo, text, current: current(), cycle, reference: reference ?? '' };
      const s = await simulate(operatorOf(ctx).account.email, text, cycle, reference);
      if ('problems' in s) return sendPage(reply, 400, editorPage({ ...view, problems: s.problems }));
      return sendPage(reply, 200, editorPage({ ...view, result: s }));
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/api/programmes/dry-run', permission: 'programmes.manage', bodyLimit: 300_000,
    doc: apiDoc('Dry run as JSON: {"programme": {...}, "cycle": "phase-2", "reference": "phase-1"?} (x-csrf-token)', {
      description: 'What the cycle\'s rules retain over the whole registry.', example: { retained: 12480, lost: 3112, gained: 0, budget_needed_fcfa: 249600000, envelope_fcfa: 250000000 },
    }, { 400: { description: 'The programme is refused (every problem listed) or the cycle is not in it.' } }),
    handler: async (req, reply, ctx) => {
      const b = (req.body ?? {}) as { programme?: unknown; cycle?: unknown; reference?: unknown };
      const s = await simulate(operatorOf(ctx).account.email, JSON.stringify(b.programme ?? null), String(b.cycle ?? ''), typeof b.reference === 'string' ? b.reference : null);
      if ('problems' in s) return sendJson(reply, 400, { status: 'invalid', problems: s.problems });
      return sendJson(reply, 200, s.r);
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/programmes/enregistrer', permission: 'programmes.manage', bodyLimit: 300_000,
    doc: formDoc('Save the programme a dry run was just made of (fields body, hash): it is in force at once'),
    handler: async (req, reply, ctx) => {
      const t = programmeWords(ctx.lang);
      const text = field(req.body, 'body') ?? '';
      const saved = await editor.saveText(operatorOf(ctx).account.email, text, field(req.body, 'hash') ?? '');
      const p = current();
      const view = { ctx, demo: deps.demo, text, current: p, cycle: p.cycles[0].id, reference: '' };
      if (saved === null) return sendPage(reply, 409, editorPage({ ...view, notice: t.needDryRun }));
      if (!saved.ok) return sendPage(reply, 400, editorPage({ ...view, problems: saved.problems }));
      return overview(reply, ctx, 200, { ok: true, text: t.saved });
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/programmes/cycles/:cycle/etat', permission: 'cycles.manage', doc: formDoc('Open, close or schedule a cycle (fields state = open|closed|scheduled, opens_at)'),
    handler: async (req, reply, ctx) => {
      const state = field(req.body, 'state') as CycleState | undefined;
      const opensAt = fromLocal(field(req.body, 'opens_at'));
      const cycle = cycleOf(req.params);
      if (!state || !['open', 'closed', 'scheduled'].includes(state) || opensAt === undefined || (state === 'scheduled' && !opensAt)) {
        return outcome(reply, ctx, { ok: false, problems: ['state must be open, closed or scheduled; a scheduled cycle needs its opening date and time'] });
      }
      return outcome(reply, ctx, await editor.setState(operatorOf(ctx).account.email, current(), cycle, state, opensAt));
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/programmes/cycles/:cycle/agences', permission: 'opening.manage', doc: formDoc('Set or remove an agency\'s opening window in a cycle (fields agency, opens_at, closes_at, action = set|remove)'),
    handler: async (req, reply, ctx) => {
      const agency = (field(req.body, 'agency') ?? '').trim();
      const remove = field(req.body, 'action') === 'remove';
      const opens = fromLocal(field(req.body, 'opens_at'));
      const closes = fromLocal(field(req.body, 'closes_at'));
      if (!agency || opens === undefined || closes === undefined || (!remove && !opens && !closes)) {
        return outcome(reply, ctx, { ok: false, problems: ['agency, and an opening (or closing) date and time, are required'] });
      }
      const w = { agency, ...(opens ? { opens_at: opens } : {}), ...(closes ? { closes_at: closes } : {}) };
      return outcome(reply, ctx, await editor.setWindow(operatorOf(ctx).account.email, current(), cycleOf(req.params), w, remove));
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/programmes/debit', permission: 'admit_rate.manage', doc: formDoc('The waiting room\'s ceiling, claims per second on each node (field rate; empty: none); every node applies it within 2 s'),
    handler: async (req, reply, ctx) => {
      const rate = parseAdmitRate(field(req.body, 'rate') ?? '');
      if (rate === undefined) return outcome(reply, ctx, { ok: false, problems: ['rate must be a whole number from 1 to 1000000, or empty for no ceiling'] });
      await editor.setAdmitRate(operatorOf(ctx).account.email, rate, deps.room?.stats().admit_rate ?? null);
      deps.room?.setAdmitRate?.(rate);
      return outcome(reply, ctx, { ok: true, programme: current() });
    },
  });

}
