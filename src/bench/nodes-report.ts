/** @module The human-readable report of `bench --nodes`: one column per setup, the same rows as the throughput table, plus CPU. */
import { machineLine } from './machine.js';
import type { NodesReport, SetupFigures } from './nodes.js';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => n.toFixed(n < 10 ? 2 : 1);

export function nodesTable(r: NodesReport): string {
  const cols = r.setups;
  const w = 22;
  const row = (label: string, f: (s: SetupFigures) => string) => `  ${label.padEnd(36)}${cols.map((s) => f(s).padStart(w)).join('')}`;
  const short = (s: SetupFigures) => (s.nodes === null ? 'baseline' : s.label.startsWith('embedded') ? 'embedded' : `postgres x${s.nodes}`);
  const cores = (s: SetupFigures) => Object.entries(s.cpu.cores).map(([k, v]) => `${k[0]} ${v.toFixed(2)}`).join(' ');
  const g = r.registry;
  return [
    `guichet bench: throughput, embedded and PostgreSQL nodes behind HAProxy, ${r.generator.command}`,
    machineLine(r.machine),
    `registry: ${int(g.electricity)} electricity + ${int(g.water)} water retained by ${g.programme}/${g.cycle} (${int(g.retained)} meters of ${int(g.rows)} rows); PostgreSQL ${r.database}`,
    '',
    row('', short),
    row('answers/s (status < 400)', (s) => int(s.claims_per_s)),
    row('  of which issued/s', (s) => (s.nodes === null ? '' : int(s.issued_per_s))),
    row('  queued (202, not served)/s', (s) => (s.nodes === null ? '' : int((s.outcomes.queued ?? 0) / (s.duration_s || 1)))),
    row('ratio to the baseline', (s) => s.ratio.toFixed(3)),
    row('latency p50 / p99 ms', (s) => `${ms(s.latency_ms.p50)} / ${ms(s.latency_ms.p99)}`),
    row('non-2xx answers (>= 400)', (s) => int(s.non_2xx)),
    row('socket errors conn/read/write/t.o.', (s) => `${s.socket_errors.connect}/${s.socket_errors.read}/${s.socket_errors.write}/${s.socket_errors.timeout}`),
    row(`answers/s per machine core (${r.machine.cores})`, (s) => int(s.per_machine_core)),
    row('cores used by the system under test', (s) => s.cpu.total_cores.toFixed(2)),
    row('  by process (b/g/h/p)', cores),
    row('answers per CPU-second used', (s) => (s.per_core_used === null ? '-' : int(s.per_core_used))),
    row('machine busy cores (all processes)', (s) => (s.cpu.machine_cores === null ? '-' : s.cpu.machine_cores.toFixed(2))),
    row('share of claims per node', (s) => (s.node_shares && s.node_shares.length > 1 ? s.node_shares.map((x) => `${Math.round(x * 100)}%`).join(' / ') : '')),
    row('store: journal / credits = distinct', (s) => (s.store === null ? '' : `${s.store.journalOk ? 'OK' : 'FAILED'} / ${s.store.credits === s.store.distinctSubscribers && s.store.unexpected === 0 ? 'yes' : 'NO'}`)),
    '',
    'b = baseline, g = guichet node(s), h = HAProxy, p = every local PostgreSQL process (other databases\' work too).',
    'Every process shares the machine\'s cores, the load generator included: "per machine core" is answers/s ÷ cores;',
    '"per CPU-second used" divides by what the system under test actually burned, the fairer cost figure.',
    ...cols.filter((s) => s.store && !s.store.journalOk).map((s) => `store of ${short(s)}: ${s.store!.journalMessage}`),
  ].join('\n');
}

/** Non-zero only when a store proves something wrong (a doubled or unexpected credit, a broken journal). */
export function nodesExitCode(r: NodesReport): number {
  return r.setups.every((s) => s.store === null || (s.store.journalOk && s.store.credits === s.store.distinctSubscribers && s.store.unexpected === 0)) ? 0 : 1;
}
