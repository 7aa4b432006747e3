/** @module Helpers of the cluster tests: claims through the balancer, retained subscribers, credits per meter, node processes. */
import { readdirSync, readFileSync } from 'node:fs';
import { PgStore } from '../../store/postgres/store.js';
import { builtinProgramme, compileProgramme } from '../../programmes/index.js';

export interface Answer { status: number; body: { status?: string; claim_id?: string; token?: string | null; replayed?: boolean } }

export async function claim(url: string, body: Record<string, string>): Promise<Answer> {
  const r = await fetch(`${url}/api/v1/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() as Answer['body'] };
}

/** Retained subscribers of the demo registry, read from the store. */
export async function retained(dbUrl: string, n: number): Promise<{ meter_no: string; contract_no: string }[]> {
  const store = await PgStore.open(dbUrl, { migrate: false, max: 1 });
  try {
    const c = compileProgramme(builtinProgramme());
    const out: { meter_no: string; contract_no: string }[] = [];
    for await (const s of store.subscribers.iterateAll()) {
      if (c.decide('phase-1', s).retained) out.push({ meter_no: s.meter_no, contract_no: s.contract_no });
      if (out.length === n) break;
    }
    return out;
  } finally {
    await store.close();
  }
}

export async function creditsOf(dbUrl: string, meters: string[]): Promise<Map<string, number>> {
  const store = await PgStore.open(dbUrl, { migrate: false, max: 1 });
  try {
    const { rows } = await store.pool.query<{ meter_no: string; n: number }>(
      'SELECT meter_no, count(*)::int AS n FROM credits WHERE meter_no = ANY($1) GROUP BY meter_no', [meters]);
    return new Map(rows.map((r) => [r.meter_no, r.n]));
  } finally {
    await store.close();
  }
}

/** Running `guichet serve` processes on this database (from /proc), whoever started them. */
export function servesOn(dbUrl: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (argv.includes('serve') && argv.includes(dbUrl)) out.push(Number(d));
    } catch { /* gone meanwhile */ }
  }
  return out;
}
