/** @module Crowd simulator for waiting-room tests: people who come back when told, a claim path, a fake clock. */
// A discrete-event simulation: each person arrives, and on a 202 comes back exactly Retry-After seconds later with
// the pass (unless they abandon); an admitted claim occupies a single-lane claim path for serviceMs. started() and
// finished() are called at the simulated instants, so the room measures the service rate as it would in production.
import { WaitingRoom, type Admission } from '../waiting-room.js';
import type { WaitingRoomOptions } from '../options.js';

export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');

export interface FakeClock {
  t: number;
}

export function makeRoom(clock: FakeClock, o: Partial<WaitingRoomOptions> & { seed?: number } = {}): WaitingRoom {
  return new WaitingRoom({ secret: SECRET, now: () => clock.t, random: seeded(o.seed ?? 1), admitRate: null, ...o });
}

export interface Person {
  key: string;
  arriveAt: number;
  /** Leaves after the first 202 and never comes back. */
  abandons?: boolean;
  firstAnswerAt?: number;
  firstEta?: number | null;
  admittedAt?: number;
  ticket?: number | null;
  /** When the claim path finished their claim (admission + time spent waiting behind other claims + service). */
  doneAt?: number;
  answers: Admission[];
  /** When each answer was given. */
  visits?: number[];
}

interface Event {
  at: number;
  seq: number;
  person: Person | null; // null: a claim finishes
  pass: string | null;
}

/** Runs the crowd to the end (everyone admitted or gone) or until `untilMs`; returns the admissions in order. */
export function runCrowd(room: WaitingRoom, clock: FakeClock, people: Person[], o: { serviceMs: number; untilMs?: number }): Person[] {
  const heap: Event[] = [];
  let seq = 0;
  const push = (e: Omit<Event, 'seq'>) => heapPush(heap, { ...e, seq: seq++ });
  for (const p of people) push({ at: p.arriveAt, person: p, pass: null });
  let laneFree = -Infinity;
  const admitted: Person[] = [];
  while (heap.length > 0) {
    const e = heapPop(heap);
    if (o.untilMs !== undefined && e.at > o.untilMs) break;
    clock.t = e.at;
    const p = e.person;
    if (p === null) {
      room.finished();
      continue;
    }
    const a = room.arrive(p.key, e.pass);
    p.answers.push(a);
    (p.visits ??= []).push(e.at);
    if (p.firstAnswerAt === undefined) {
      p.firstAnswerAt = e.at;
      p.firstEta = a.kind === 'queued' ? a.eta_s : null;
    }
    if (a.kind === 'admit') {
      p.admittedAt = e.at;
      p.ticket = a.ticket;
      admitted.push(p);
      room.started();
      laneFree = Math.max(e.at, laneFree) + o.serviceMs;
      p.doneAt = laneFree;
      push({ at: laneFree, person: null, pass: null });
    } else if (a.kind === 'queued' && !p.abandons) {
      push({ at: e.at + a.retry_after_s * 1000, person: p, pass: a.pass });
    }
  }
  return admitted;
}

function before(a: Event, b: Event): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

function heapPush(h: Event[], e: Event): void {
  h.push(e);
  for (let i = h.length - 1; i > 0; ) {
    const up = (i - 1) >> 1;
    if (!before(h[i], h[up])) break;
    [h[i], h[up]] = [h[up], h[i]];
    i = up;
  }
}

function heapPop(h: Event[]): Event {
  const top = h[0];
  const last = h.pop() as Event;
  if (h.length > 0) {
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l], h[m])) m = l;
      if (r < h.length && before(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
  return top;
}

/** Percentile of a sorted array (nearest rank). */
export function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
