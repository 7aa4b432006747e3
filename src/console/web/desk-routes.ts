/** @module The call-centre desk over HTTP: search (page and JSON), a subscriber's history, and the agent's four actions. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ClaimOutcome } from '../../claims/outcome.js';
import { SEARCH_MAX } from '../../store/search.js';
import { Desk, type DeskResend, type RevealResult } from '../desk/desk.js';
import type { SubscriberHistory } from '../desk/history.js';
import { apiRefusal, pageRefusal, seeOther, sendJson, sendPage } from './answers.js';
import type { ConsoleWebDeps } from './deps.js';
import { apiDoc, formDoc, pageDoc } from './docs.js';
import { fcfa, words, type Lang } from './i18n.js';
import { deskPage } from './pages/desk.js';
import { subscriberPage, type Notice } from './pages/subscriber.js';
import { addRoute, operatorOf, type RequestContext } from './route.js';

const n = words({
  fr: {
    issued: 'Crédit attribué : référence {claim}, {amount}.', sent: 'Le code part par SMS vers le téléphone enregistré ; pour le lire à l’appelant, utilisez « Afficher le code » (motif requis).',
    noPhoneToken: 'Aucun téléphone enregistré : lisez ce code à l’appelant.', replayed: 'Déjà attribué (référence {claim}) : aucun second crédit n’a été créé.',
    queued: 'Forte affluence : la demande attend son tour (position {position}, environ {eta} s). Réessayez dans {retry} s avec le bouton ci-dessous.',
    unavailable: 'Service momentanément indisponible : rien n’a été enregistré. Réessayez dans quelques secondes.',
    smsQueued: 'Le SMS a été remis en file d’envoi vers le téléphone enregistré.', smsNotWired: 'Renvoi indisponible : la file SMS n’est pas encore raccordée à la console.',
    smsNoPhone: 'Aucun téléphone enregistré pour cet abonné : lisez-lui le code (« Afficher le code »), ou faites mettre à jour le registre.', smsNoText: 'Ce crédit n’a pas de SMS à renvoyer.',
    tooMany: 'Trop de demandes de ce type : réessayez dans {retry} s. (Limite anti-abus, chaque tentative est inscrite au journal.)',
    noCredit: 'Ce crédit n’appartient pas à cet abonné.', noToken: 'Ce crédit n’a pas de code (compteur postpayé : le compte a été crédité).',
    badReason: 'Indiquez un motif en quelques mots (8 caractères au moins, sans recopier de code).', shown: 'Code affiché (référence {claim}) ; cet affichage est inscrit au journal d’audit.',
    noteSaved: 'Note enregistrée.', noteBad: 'La note est vide ou trop longue (2 000 caractères au plus).',
  },
  en: {
    issued: 'Credit issued: reference {claim}, {amount}.', sent: 'The code goes by SMS to the phone on file; to read it to the caller, use “Show the code” (reason required).',
    noPhoneToken: 'No phone on file: read this code to the caller.', replayed: 'Already issued (reference {claim}): no second credit was created.',
    queued: 'Heavy traffic: the claim waits its turn (position {position}, about {eta} s). Try again in {retry} s with the button below.',
    unavailable: 'Service unavailable for a moment: nothing was recorded. Try again in a few seconds.',
    smsQueued: 'The SMS was queued again to the phone on file.', smsNotWired: 'Unavailable: the SMS outbox is not connected to the console yet.',
    smsNoPhone: 'No phone on file for this subscriber: read the code to them (“Show the code”), or have the registry updated.', smsNoText: 'This credit has no SMS to send again.',
    tooMany: 'Too many requests of this kind: try again in {retry} s. (An abuse limit; every attempt is in the audit log.)',
    noCredit: 'This credit does not belong to this subscriber.', noToken: 'This credit has no code (postpaid meter: the account was credited).',
    badReason: 'Give a reason in a few words (at least 8 characters, without copying a code).', shown: 'Code shown (reference {claim}); this is written to the audit log.',
    noteSaved: 'Note saved.', noteBad: 'The note is empty or too long (2,000 characters at most).',
  },
});

const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => String(v[k] ?? ''));
const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);
const field = (o: unknown, k: string) => (o && typeof o === 'object' ? first((o as Record<string, unknown>)[k]) : undefined);
const idOf = (params: unknown): number | null => {
  const raw = (params as { id?: string }).id ?? '';
  return /^[0-9]{1,12}$/.test(raw) ? Number(raw) : null;
};

function claimNotice(o: ClaimOutcome, h: SubscriberHistory, lang: Lang, cycle: string | null): Notice {
  const t = n(lang);
  switch (o.kind) {
    case 'issued': {
      if (o.replayed) return { tone: 'note', text: fill(t.replayed, { claim: o.credit.claim_id }) };
      const text = fill(t.issued, { claim: o.credit.claim_id, amount: fcfa(o.credit.fcfa, lang) });
      if (!o.credit.token) return { tone: 'ok', text };
      // With a phone on file the code goes by SMS; reading it out is a separate, reasoned, audited step.
      return h.subscriber.phone ? { tone: 'ok', text: `${text} ${t.sent}` } : { tone: 'ok', text: `${text} ${t.noPhoneToken}`, token: o.credit.token };
    }
    case 'ineligible': return { tone: 'alert', text: lang === 'en' ? o.message.en : o.message.fr };
    case 'invalid': return { tone: 'alert', text: o.errors.map((e) => (lang === 'en' ? e.message_en ?? e.message : e.message)).join(' ') };
    case 'queued': return { tone: 'note', text: fill(t.queued, { position: o.position, eta: o.eta_s, retry: o.retry_after_s }), retry: { cycle, pass: o.pass } };
    case 'unavailable': return { tone: 'alert', text: t.unavailable };
  }
}

function resendNotice(r: DeskResend, lang: Lang): [number, Notice] {
  const t = n(lang);
  if (r.ok) return [200, { tone: 'ok', text: t.smsQueued }];
  switch (r.reason) {
    case 'not_wired': return [503, { tone: 'alert', text: t.smsNotWired }];
    case 'no_phone': return [409, { tone: 'alert', text: t.smsNoPhone }];
    case 'no_text': return [409, { tone: 'alert', text: t.smsNoText }];
    case 'no_credit': return [404, { tone: 'alert', text: t.noCredit }];
    case 'too_many': return [429, { tone: 'alert', text: fill(t.tooMany, { retry: r.retry_after_s }) }];
  }
}

function revealNotice(r: RevealResult, claim: string, lang: Lang): [number, Notice] {
  const t = n(lang);
  if (r.ok) return [200, { tone: 'ok', text: fill(t.shown, { claim }), token: r.token }];
  switch (r.reason) {
    case 'bad_reason': return [400, { tone: 'alert', text: t.badReason }];
    case 'no_credit': return [404, { tone: 'alert', text: t.noCredit }];
    case 'no_token': return [409, { tone: 'alert', text: t.noToken }];
    case 'too_many': return [429, { tone: 'alert', text: fill(t.tooMany, { retry: r.retry_after_s ?? 60 }) }];
  }
}

type DeskPage = (reply: FastifyReply, ctx: RequestContext, status: number, h: SubscriberHistory, notice: Notice | null) => Promise<FastifyReply>;

export function registerDeskRoutes(app: FastifyInstance, deps: ConsoleWebDeps): void {
  const desk = new Desk({ store: deps.store, claims: deps.claims, programme: deps.programme, sms: deps.sms, audit: deps.services.audit, now: deps.now });
  const searchInput = (q: unknown) => {
    const text = field(q, 'q') ?? '';
    const agency = field(q, 'agence') || null;
    return { text, agency: agency && deps.agencies().includes(agency) ? agency : null };
  };
  /** The subscriber of `:id` and their history, or the 404 already sent. */
  const load = async (req: { params: unknown }, reply: FastifyReply, ctx: RequestContext, audit = false): Promise<SubscriberHistory | null> => {
    const id = idOf(req.params);
    const h = id === null ? null : await desk.view(operatorOf(ctx).account.email, id, { audit });
    if (!h) pageRefusal(reply, ctx, deps.demo, 'not_found');
    return h;
  };
  const page = async (reply: FastifyReply, ctx: RequestContext, status: number, h: SubscriberHistory, notice: Notice | null) =>
    sendPage(reply, status, subscriberPage({ ctx, demo: deps.demo, h, notice, grievances: deps.grievances ? await deps.grievances.byNumber(h.subscriber.contract_no) : null }));
  const reload = async (ctx: RequestContext, h: SubscriberHistory) => (await desk.view(operatorOf(ctx).account.email, h.subscriber.id, { audit: false }))!;

  addRoute(app, {
    method: 'GET', url: '/console/guichet', permission: 'subscribers.search', doc: pageDoc('The call-centre desk: search by meter, contract, phone or name (?q=, ?agence=)'),
    handler: async (req, reply, ctx) => {
      const { text, agency } = searchInput(req.query);
      const view = { ctx, demo: deps.demo, q: text.slice(0, 200), agency, agencies: deps.agencies(), limit: 50 };
      if (text.length > 120) return sendPage(reply, 400, deskPage({ ...view, hits: null, problem: 'tooLong' }));
      const hits = text.trim() ? await desk.search(operatorOf(ctx).account.email, text, { agency, limit: 50 }) : null;
      return sendPage(reply, 200, deskPage({ ...view, hits }));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/api/subscribers', permission: 'subscribers.search',
    doc: apiDoc('Search subscribers (?q= meter, contract, phone or name; ?agence=; ?limit= up to 100)', {
      description: 'Best first.', example: [{ id: 12, contract_no: 'LBQ-97195913', meter_no: '256822346', holder_name: 'NDINGA Gisèle', agency: 'Lambaréné', phone: '+24177075606', match: 'name', score: 1 }],
    }, { 400: { description: 'q missing or longer than 120 characters, or a bad limit.' } }),
    handler: async (req, reply, ctx) => {
      const { text, agency } = searchInput(req.query);
      const limitRaw = field(req.query, 'limit') ?? '20';
      if (!text.trim() || text.length > 120) return apiRefusal(reply, 'invalid', 'q est requis (120 caractères au plus).');
      if (!/^[0-9]{1,3}$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > SEARCH_MAX) return apiRefusal(reply, 'invalid', `limit doit être un nombre de 1 à ${SEARCH_MAX}.`);
      const hits = await desk.search(operatorOf(ctx).account.email, text, { agency, limit: Number(limitRaw) });
      return sendJson(reply, 200, hits.map((h) => ({ ...h.subscriber, match: h.match, score: Math.round(h.score * 100) / 100 })));
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/abonnes/:id', permission: 'subscribers.search', doc: pageDoc('A subscriber\'s history: rights by cycle, credits, SMS, notes', { 404: { description: 'No such subscriber.' } }),
    handler: async (req, reply, ctx) => {
      const h = await load(req, reply, ctx, true);
      return h && page(reply, ctx, 200, h, null);
    },
  });

  addRoute(app, {
    method: 'GET', url: '/console/api/subscribers/:id', permission: 'subscribers.search',
    doc: apiDoc('A subscriber\'s history as JSON (tokens never included)', { description: 'The history.' }, { 404: { description: 'No such subscriber.' } }),
    handler: async (req, reply, ctx) => {
      const id = idOf(req.params);
      const h = id === null ? null : await desk.view(operatorOf(ctx).account.email, id);
      if (!h) return apiRefusal(reply, 'not_found', 'Aucun abonné avec cet identifiant.');
      return sendJson(reply, 200, {
        subscriber: h.subscriber, programme: h.programme,
        cycles: h.standings.map((x) => ({ cycle: x.cycle.id, state: x.cycle.state, retained: x.retained, reason: x.reason, fcfa: x.fcfa, claim_id: x.credit?.claim_id ?? null, later_retained: x.laterRetained })),
        credits: h.credits.map(({ token, ...c }) => ({ ...c, has_token: token !== null })),
        sms: { wired: h.sms.wired, messages: h.sms.messages.map(({ text: _t, ...m }) => m) }, notes: h.notes,
      });
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/abonnes/:id/attribuer', permission: 'credits.issue_on_behalf', doc: formDoc('Issue on the caller\'s behalf (fields cycle, pass): the claim core, channel agent'),
    handler: async (req, reply, ctx) => {
      const h = await load(req, reply, ctx);
      if (!h) return reply;
      const cycle = field(req.body, 'cycle') || null;
      const o = await desk.issue(operatorOf(ctx).account.email, h.subscriber, cycle, field(req.body, 'pass') || null);
      const status = o.kind === 'invalid' ? 400 : o.kind === 'unavailable' ? 503 : o.kind === 'queued' ? 202 : 200;
      return page(reply, ctx, status, await reload(ctx, h), claimNotice(o, h, ctx.lang, cycle));
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/abonnes/:id/sms', permission: 'sms.resend', doc: formDoc('Send a credit\'s SMS again, to the phone on file (field claim); rate-limited'),
    handler: async (req, reply, ctx) => {
      const h = await load(req, reply, ctx);
      if (!h) return reply;
      const [status, notice] = resendNotice(await desk.resend(operatorOf(ctx).account.email, h.subscriber, field(req.body, 'claim') ?? ''), ctx.lang);
      return page(reply, ctx, status, await reload(ctx, h), notice);
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/abonnes/:id/code', permission: 'credits.reveal_token', doc: formDoc('Show a prepaid credit\'s token (fields claim, reason): audited as token_shown'),
    handler: async (req, reply, ctx) => {
      const h = await load(req, reply, ctx);
      if (!h) return reply;
      const claim = field(req.body, 'claim') ?? '';
      const [status, notice] = revealNotice(await desk.reveal(operatorOf(ctx).account.email, h.subscriber, claim, field(req.body, 'reason') ?? ''), claim, ctx.lang);
      return page(reply, ctx, status, h, notice);
    },
  });

  addRoute(app, {
    method: 'POST', url: '/console/abonnes/:id/notes', permission: 'notes.write', doc: formDoc('Add a note to a subscriber (field body, 2,000 characters at most)'),
    handler: async (req, reply, ctx) => {
      const h = await load(req, reply, ctx);
      if (!h) return reply;
      const note = await desk.note(operatorOf(ctx).account.email, h.subscriber, field(req.body, 'body') ?? '');
      const t = n(ctx.lang);
      return page(reply, ctx, note ? 200 : 400, await reload(ctx, h), note ? { tone: 'ok', text: t.noteSaved } : { tone: 'alert', text: t.noteBad });
    },
  });

  registerDeskGrievanceRoute(app, deps, desk, page);
}

/** The desk's "log a grievance for this caller" (agent): the grievance service, channel `agent`, logged_by the agent; audited. */
export function registerDeskGrievanceRoute(app: FastifyInstance, deps: ConsoleWebDeps, desk: Desk, page: DeskPage): void {
  addRoute(app, {
    method: 'POST', url: '/console/abonnes/:id/reclamation', permission: 'grievances.log',
    doc: formDoc('Log a grievance for the caller (fields category, message, phone): channel agent, logged by the agent', { 404: { description: 'No such subscriber.' } }),
    handler: async (req, reply, ctx) => {
      const id = idOf(req.params);
      const me = operatorOf(ctx).account.email;
      const h = id === null ? null : await desk.view(me, id, { audit: false });
      if (!h) return pageRefusal(reply, ctx, deps.demo, 'not_found');
      if (!deps.grievances) return page(reply, ctx, 503, h, { tone: 'alert', text: n(ctx.lang).unavailable });
      const phone = (field(req.body, 'phone') ?? '').trim() || null;
      const o = await deps.grievances.raise({
        who: { contract_no: h.subscriber.contract_no }, category: field(req.body, 'category') ?? '', message: field(req.body, 'message') ?? '',
        phone, channel: 'agent', logged_by: me, cycle: null,
      });
      if (o.kind === 'invalid') return page(reply, ctx, 400, h, { tone: 'alert', text: o.errors.map((e) => (ctx.lang === 'en' ? e.message_en ?? e.message : e.message)).join(' ') });
      if (o.kind === 'raised') await deps.services.audit.append(me, 'grievance_logged', { ticket: o.grievance.ticket, subscriber: h.subscriber.contract_no, category: o.grievance.category, ip: ctx.ip });
      return seeOther(reply, `/console/reclamations/${o.grievance.ticket}?fait=${o.kind === 'raised' ? 'logged' : 'existing'}`);
    },
  });
}
