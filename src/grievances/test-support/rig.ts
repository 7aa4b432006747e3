/** @module A grievance rig for tests: a store with a few subscribers, the claim service and the grievance service over it. */
import type { Programme } from '../../domain/programme.js';
import type { StoredSubscriber } from '../../domain/subscriber.js';
import { ClaimService } from '../../claims/claim-service.js';
import { programmeView } from '../../claims/programme-view.js';
import { RegistryIndex } from '../../claims/registry-index.js';
import type { ClaimRequest } from '../../claims/request.js';
import { StsIssuer } from '../../credits/sts-issuer.js';
import { builtinProgramme } from '../../programmes/index.js';
import type { Store } from '../../store/contract.js';
import { seedSubscribers } from '../../store/test-support/helpers.js';
import { Grievances } from '../service.js';
import type { Actor, RaiseRequest } from '../port.js';

export const SUPERVISOR: Actor = { username: 'sup@seeg.ga', role: 'supervisor' };
export const OTHER_SUPERVISOR: Actor = { username: 'sup2@seeg.ga', role: 'supervisor' };
export const AGENT: Actor = { username: 'agent@seeg.ga', role: 'agent' };

export interface Rig {
  store: Store;
  claims: ClaimService;
  grievances: Grievances;
  /** 1: retained postpaid; 2: not retained (5 kW social); 3: retained prepaid (STS); 4: not retained, no phone. */
  subs: StoredSubscriber[];
  issuer: StsIssuer;
  clock: { now: Date; advance(hours: number): void };
}

/** A seeded random source: the same tickets every run. */
export function seeded(seed = 7): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647);
}

export async function rig(store: Store, o: { programme?: Programme; budget?: number | null; random?: () => number; reuse?: Rig } = {}): Promise<Rig> {
  const p = o.programme ?? builtinProgramme();
  if (o.budget !== undefined) p.cycles[0].budget_fcfa = o.budget;
  const view = programmeView(p);
  // `reuse`: a second node on the same data (its own services, the subscribers already there)
  const subs = o.reuse?.subs ?? await seedSubscribers(store, 4, (i) => ({
    metering: i === 3 ? 'prepaid' : 'postpaid', power_kw: i === 2 || i === 4 ? 5 : 2, phone: i === 4 ? null : `+2417700000${i}`,
    agency: i === 2 ? 'Owendo' : 'Libreville Centre',
  }));
  const index = new RegistryIndex(subs);
  const issuer = new StsIssuer('0123456789abcdef');
  const clockState = { now: new Date('2020-04-02T08:00:00Z'), advance(h: number) { clockState.now = new Date(clockState.now.getTime() + h * 3_600_000); } };
  const clock = () => clockState.now;
  const claims = await ClaimService.create({ index, programme: () => view, store: store.claims, issuer, clock, exceptions: store.grievances });
  const grievances = new Grievances({
    store, locate: (who) => claims.locate(who), programme: () => view, clock, random: o.random ?? seeded(o.reuse ? 11 : 7), issuer,
    onException: (e) => claims.learnException(e),
  });
  return { store, claims, grievances, subs, issuer, clock: clockState };
}

export const raiseFor = (number: string, category: string, over: Partial<RaiseRequest> = {}): RaiseRequest => ({
  who: { number }, category, message: 'Mon compteur est bien à mon nom.', phone: null, channel: 'api', logged_by: null, cycle: null, ...over,
});

export const claimFor = (number: string): ClaimRequest => ({ who: { number }, cycle: null, phone: null, pass: null, channel: 'web' });
