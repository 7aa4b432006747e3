/** @module A grievance's SLA timer as the queue shows it: in time, amber when a quarter of the time or less is left, red when late. */
import type { Grievance } from '../../domain/grievance.js';

export type SlaState = 'ok' | 'amber' | 'red' | 'done';

export interface Sla {
  state: SlaState;
  /** Seconds left before `due_at` (negative: late by that much); null once decided. */
  left_s: number | null;
}

/** Amber once what is left is a quarter of the whole SLA (created_at → due_at) or less. */
export const AMBER_SHARE = 0.25;

export function slaOf(g: Pick<Grievance, 'created_at' | 'due_at' | 'decided_at'>, now: Date): Sla {
  if (g.decided_at) return { state: 'done', left_s: null };
  const due = Date.parse(g.due_at);
  const total = due - Date.parse(g.created_at);
  const left = due - now.getTime();
  const left_s = Math.trunc(left / 1000);
  if (left < 0) return { state: 'red', left_s };
  return { state: left <= total * AMBER_SHARE ? 'amber' : 'ok', left_s };
}

/** "2 j 3 h", "5 h 10 min", "12 min": a duration as an operator reads it (French units, English on request). */
export function duration(seconds: number, lang: 'fr' | 'en' = 'fr'): string {
  const s = Math.max(0, Math.round(Math.abs(seconds)));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const day = lang === 'en' ? 'd' : 'j';
  if (d > 0) return h > 0 ? `${d}\u00a0${day} ${h}\u00a0h` : `${d}\u00a0${day}`;
  if (h > 0) return m > 0 ? `${h}\u00a0h ${m}\u00a0min` : `${h}\u00a0h`;
  return `${Math.max(m, s > 0 ? 1 : 0)}\u00a0min`;
}
