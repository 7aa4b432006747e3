/** @module TEMPORARY: an in-memory GrievanceService until griev-core's real service lands (then the tests use that). */
import type { ClaimService } from '../../claims/claim-service.js';
import { GRIEVANCE_CATEGORIES, type Grievance, type GrievanceCategory } from '../../domain/grievance.js';
import type { GrievanceService, Lookup, RaiseRequest, RaiseOutcome } from '../../grievances/port.js';

const ALPHA = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const check = (body: string) => ALPHA[[...body].reduce((a, c, i) => a + ALPHA.indexOf(c) * (i + 1), 0) % 32];

export function fakeGrievances(claims: Pick<ClaimService, 'locate'>): GrievanceService & { all: Grievance[] } {
  const all: Grievance[] = [];
  const norm = (t: string) => t.toUpperCase().replace(/[\s-]/g, '').replace(/^R/, '');
  const get = async (t: string): Promise<Lookup> => {
    const n = norm(t);
    if (!/^[0-9A-Z]{7}$/.test(n) || check(n.slice(0, 6)) !== n[6]) return { kind: 'malformed' };
    const x = all.find((y) => y.ticket === `R-${n}`);
    return x ? { kind: 'found', grievance: x } : { kind: 'not_found' };
  };
  const svc = {
    all,
    async raise(r: RaiseRequest): Promise<RaiseOutcome> {
      if (!(GRIEVANCE_CATEGORIES as readonly string[]).includes(r.category)) return { kind: 'invalid', errors: [{ field: 'category', message: 'Motif inconnu.' }] };
      if (r.message.length > 2000) return { kind: 'invalid', errors: [{ field: 'message', message: 'Message trop long.' }] };
      const l = claims.locate(r.who);
      if ('errors' in l) return { kind: 'invalid', errors: l.errors };
      if (!('found' in l) && r.category !== 'unknown_meter') return { kind: 'invalid', errors: [{ field: 'number', message: 'Ce numéro ne figure pas dans le fichier des abonnés.' }] };
      const number = 'found' in l ? l.found.meter_no : String('number' in r.who ? r.who.number : '').replace(/[\s-]/g, '');
      const open = all.find((x) => x.number === number && x.category === r.category && x.decision === null);
      if (open) return { kind: 'existing', grievance: open };
      const body = String(all.length + 1).padStart(6, '0').replace(/0/g, 'K');
      const now = new Date();
      const x: Grievance = {
        id: all.length + 1, ticket: `R-${body}${check(body)}`, subscriber_id: 'found' in l ? l.found.id : null, number, programme_id: 'p', cycle: 'phase-1',
        category: r.category as GrievanceCategory, message: r.message, phone: r.phone, channel: r.channel, logged_by: r.logged_by, agency: null,
        status: 'open', assigned_to: null, refusal_reason: null, created_at: now.toISOString(), due_at: new Date(now.getTime() + 7 * 86400e3).toISOString(),
        decided_at: null, decided_by: null, decision: null, reason: null, remedy: null,
      };
      all.unshift(x);
      return { kind: 'raised', grievance: x };
    },
    get,
    async byNumber(n: string) {
      const l = claims.locate({ number: n });
      const number = 'found' in l ? l.found.meter_no : n.replace(/[\s-]/g, '');
      return all.filter((x) => x.number === number);
    },
    async list() { return all; },
    async assign(t: string) { return get(t); },
    async note(t: string) { return get(t); },
    async notes() { return []; },
    async decide(t: string, d: { decision: 'accepted' | 'rejected'; reason: string }) {
      const l = await get(t);
      if (l.kind !== 'found') return { kind: 'not_found' as const };
      Object.assign(l.grievance, { decision: d.decision, status: d.decision, reason: d.reason, decided_at: new Date().toISOString(), remedy: d.decision === 'accepted' ? { kind: 'exception', cycle: 'phase-1' } : null });
      return { kind: 'decided' as const, grievance: l.grievance };
    },
    async report() { return { rows: [], median_decision_s: null, per_rule: [] }; },
  };
  return svc;
}
