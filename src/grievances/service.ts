/**
 * @module The grievance service (CONTRACT §10) over the store: raise (checked, one open per subscriber, cycle and
 * category, acknowledged by SMS), read, work the queue, decide (separation of duties; the remedy in the decision's
 * own transaction), report. Every channel adapts the port (port.ts); nothing here knows HTTP, USSD or HTML.
 */
import type { Grievance, GrievanceNote } from '../domain/grievance.js';
import type { Located } from '../claims/locate.js';
import type { PrepaidIssuer, ProgrammeView } from '../claims/ports.js';
import type { Who } from '../claims/request.js';
import type { Store } from '../store/contract.js';
import type { GrievanceException, NewGrievance } from '../store/grievance-contract.js';
import { checkRaise, refusalRule, unknownNumber } from './intake.js';
import type {
  Actor, DecideOutcome, DecideRequest, GrievanceReport, GrievanceService, Lookup, QueueFilter, RaiseOutcome, RaiseRequest,
} from './port.js';
import { decideGrievance } from './decide.js';
import { summarise } from './report.js';
import { dueAt } from './sla.js';
import { acknowledgement } from './texts.js';
import { newTicket, parseTicket } from './ticket.js';

export interface GrievanceServiceDeps {
  store: Pick<Store, 'grievances' | 'subscribers'>;
  /** Finds the subscriber a number designates, as a claim would (the claim service's registry index). */
  locate: (who: Who) => Located;
  programme: () => ProgrammeView;
  clock?: () => Date;
  /** Draws tickets (tests pass a seeded one). */
  random?: () => number;
  /** SMS through the outbox, each headed by the signature (`SEEG`); null: the node has no SMS link, none is queued. Default: on, `SEEG`. */
  sms?: { signature: string | null } | null;
  /** Told after a message was queued (the dispatcher wakes up). */
  onQueued?: () => void;
  /** This node's claim service learns an exception the moment it is granted (other nodes reload it on a miss). */
  onException?: (e: GrievanceException) => void;
  /** Mints a replacement token (the STS engine); null: replacements are refused with a reason. */
  issuer?: PrepaidIssuer | null;
}

/** Tickets drawn before giving up: 33 million of them, a second collision in a row means the random source is broken. */
const TICKET_TRIES = 8;
const LIST_MAX = 500;

export class Grievances implements GrievanceService {
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly sms: { signature: string | null } | null;

  constructor(private readonly deps: GrievanceServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.sms = deps.sms === undefined ? { signature: 'SEEG' } : deps.sms;
  }

  async raise(r: RaiseRequest): Promise<RaiseOutcome> {
    const prog = this.deps.programme();
    const c = checkRaise(r, prog, this.deps.locate(r.who));
    if ('errors' in c) return { kind: 'invalid', errors: c.errors };
    const now = this.clock();
    const phone = c.phone ?? c.sub?.phone ?? null;
    for (let i = 0; i < TICKET_TRIES; i++) {
      const ticket = newTicket(this.random);
      const g: NewGrievance = {
        ticket, subscriber_id: c.sub?.id ?? null, number: c.number, programme_id: prog.id, cycle: c.cycle.id, category: c.category,
        message: c.message, phone: c.phone, channel: r.channel, logged_by: r.logged_by, agency: c.sub?.agency ?? null,
        refusal_reason: refusalRule(prog, c.cycle, c.sub), created_at: now.toISOString(), due_at: dueAt(c.category, now).toISOString(),
      };
      const sms = phone && this.sms ? [{ to: phone, text: acknowledgement(ticket, c.category, this.sms.signature), kind: 'notice' as const }] : [];
      const o = await this.deps.store.grievances.insert(g, sms);
      if (o.kind === 'raised' && sms.length) this.deps.onQueued?.();
      if (o.kind !== 'ticket_taken') return o;
    }
    throw new Error(`no free grievance ticket after ${TICKET_TRIES} draws`);
  }

  async get(ticket: string): Promise<Lookup> {
    const t = parseTicket(ticket);
    if (t === null) return { kind: 'malformed' };
    const g = await this.deps.store.grievances.byTicket(t);
    return g ? { kind: 'found', grievance: g } : { kind: 'not_found' };
  }

  async byNumber(number: string): Promise<Grievance[]> {
    const l = this.deps.locate({ number });
    if ('errors' in l) return [];
    if ('found' in l) return this.deps.store.grievances.byNumber({ subscriber_id: l.found.id, number: l.found.meter_no });
    return this.deps.store.grievances.byNumber({ subscriber_id: null, number: unknownNumber(l.unknown) });
  }

  async list(f: QueueFilter): Promise<Grievance[]> {
    const limit = Math.max(1, Math.min(LIST_MAX, Math.floor(f.limit) || 1));
    return this.deps.store.grievances.list({ ...f, limit }, this.clock().toISOString());
  }

  async assign(ticket: string, to: string | null, by: Actor): Promise<Lookup> {
    const t = parseTicket(ticket);
    if (t === null) return { kind: 'malformed' };
    const body = to === null ? `${by.username} a remis la réclamation dans la file.` : `${by.username} a confié la réclamation à ${to}.`;
    const g = await this.deps.store.grievances.assign(t, to, { author: by.username, body, created_at: this.clock().toISOString() });
    if (g) return { kind: 'found', grievance: g };
    return this.get(t); // decided already (unchanged) or no such ticket
  }

  async note(ticket: string, body: string, by: Actor): Promise<Lookup> {
    const t = parseTicket(ticket);
    if (t === null) return { kind: 'malformed' };
    const text = body.trim();
    if (text === '' || [...text].length > 2000) return this.get(t);
    const g = await this.deps.store.grievances.addNote(t, { author: by.username, body: text, created_at: this.clock().toISOString() });
    return g ? { kind: 'found', grievance: g } : { kind: 'not_found' };
  }

  async notes(ticket: string): Promise<GrievanceNote[]> {
    const t = parseTicket(ticket);
    return t === null ? [] : this.deps.store.grievances.notes(t);
  }

  async decide(ticket: string, d: DecideRequest, by: Actor): Promise<DecideOutcome> {
    const t = parseTicket(ticket);
    if (t === null) return { kind: 'not_found' };
    return decideGrievance({ ...this.deps, clock: this.clock, sms: this.sms }, t, d, by);
  }

  async report(): Promise<GrievanceReport> {
    return summarise(await this.deps.store.grievances.reportRows(), this.clock());
  }
}
