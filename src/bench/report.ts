/** @module The human-readable report of a bench run (the JSON is the report object itself). */
import type { ConnectionsReport } from './connections.js';
import type { CountryReport } from './country.js';
import type { CrowdReport } from './crowd.js';
import type { FloodReport, MemoryReading } from './flood.js';
import { machineLine } from './machine.js';
import type { ThreadProfile } from './profile.js';
import type { ServerFigures, ThroughputReport } from './throughput.js';
import type { StoreCheck } from './verify.js';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number | null): string => (n === null ? '-' : n.toFixed(n < 10 ? 2 : 1));
const us = (n: number | null): string => (n === null ? '-' : n.toFixed(1));
const errs = (e: ServerFigures['socket_errors']): string => `${e.connect}/${e.read}/${e.write}/${e.timeout}`;

function registryLine(r: ThroughputReport['registry']): string {
  return `registry: ${int(r.electricity)} electricity + ${int(r.water)} water retained by ${r.programme}/${r.cycle} ` +
    `(${int(r.retained)} meters of ${int(r.rows)} rows; demo-data ${r.generate_s} s, import ${r.import_s} s), claimed in ${r.order} order`;
}

function storeLines(s: StoreCheck): string[] {
  return [
    `store:    guichet journal verify: ${s.journalOk ? 'OK' : 'FAILED'} (${s.journalMessage})`,
    `          credits ${int(s.credits)}, distinct subscribers ${int(s.distinctSubscribers)}, journal entries ${int(s.journalEntries)}, ` +
      `to meters not retained ${s.unexpected}, retained meters without credit ${int(s.missing)}`,
  ];
}

function codesLine(name: string, c: Record<string, number> | null): string[] {
  const e = Object.entries(c ?? {});
  return e.length ? [`socket errors (${name}) by code: ${e.map(([k, v]) => `${k} ${int(v)}`).join(', ')}`] : [];
}

function outcomesLine(o: Record<string, number>): string {
  const entries = Object.entries(o).filter(([, v]) => v !== 0);
  return entries.length ? entries.map(([k, v]) => `${k} ${int(v)}`).join(', ') : '-';
}

export function profileLines(p: ThreadProfile[] | null): string[] {
  if (!p) return [];
  return p.flatMap((t) => ['',
    `real node, ${t.thread} thread: ${t.busy_ms} ms of CPU in the ${t.window_ms} ms under load; top self time (node --cpu-prof):`,
    ...t.hotspots.map((h) => `  ${h.self_pct.toFixed(1).padStart(5)}%  ${String(h.self_ms).padStart(7)} ms  ${h.function}  ${h.where}`)]);
}

export function throughputTable(r: ThroughputReport): string {
  const b = r.baseline;
  const g = r.guichet;
  const row = (label: string, x: string, y: string) => `  ${label.padEnd(30)}${x.padStart(18)}${y.padStart(20)}`;
  return [
    `guichet bench: throughput, ${r.generator.command}`,
    machineLine(r.machine),
    registryLine(r.registry),
    '',
    row('', 'baseline node:http', 'guichet serve'),
    row('answers/s (status < 400)', int(b.per_s), int(g.claims_per_s)),
    row('  of which issued/s', '', int(g.issued_per_s)),
    row('latency p50 / p99 ms', `${ms(b.latency_ms.p50)} / ${ms(b.latency_ms.p99)}`, `${ms(g.latency_ms.p50)} / ${ms(g.latency_ms.p99)}`),
    row('latency max ms', ms(b.latency_ms.max), ms(g.latency_ms.max)),
    row('answers', int(b.requests), int(g.requests)),
    row('non-2xx answers (>= 400)', int(b.non_2xx), int(g.non_2xx)),
    row('socket errors conn/read/write/t.o.', errs(b.socket_errors), errs(g.socket_errors)),
    row('memory after the run (RSS MiB)', String(b.rss_mib ?? '-'), String(g.rss_mib ?? '-')),
    row('written to disk during the load (MiB)', String(b.written_mib ?? '-'), String(g.written_mib ?? '-')),
    row('written to disk per credit issued (bytes)', '', String(g.written_bytes_per_credit ?? '-')),
    row('CPU µs an answer: process', us(b.cpu_us_per_answer.process), us(g.cpu_us_per_answer.process)),
    row('CPU µs an answer: main thread', us(b.cpu_us_per_answer.main_thread), us(g.cpu_us_per_answer.main_thread)),
    '',
    `ratio:    guichet claims/s / baseline requests/s = ${r.ratio.toFixed(3)}   (target >= 0.5; p99 target <= 50 ms)`,
    `          first-time issuance only (issued/s / baseline requests/s) = ${r.ratio_issued.toFixed(3)}` +
      (g.outcomes.replayed ? `; ${int(g.outcomes.replayed)} replays: the ${int(r.registry.retained)} meters ran out within the run` : ''),
    `outcomes: ${outcomesLine(g.outcomes)}`,
    ...codesLine('baseline', b.error_codes),
    ...codesLine('guichet', g.error_codes),
    ...storeLines(r.store),
    ...profileLines(r.profile),
  ].join('\n');
}

export function countryTable(r: CountryReport): string {
  return [
    `guichet bench: country, ${r.generator.command}`,
    machineLine(r.machine),
    registryLine(r.registry),
    '',
    `  beneficiaries claimed once each   ${int(r.beneficiaries)}${r.complete ? '' : `   NOT all answered within the ${r.generator.cap_s} s cap`}`,
    `  total seconds                     ${r.total_s.toFixed(2)}   (target <= 25 s, issue 13)`,
    `  claims/s                          ${int(r.claims_per_s)}`,
    `  latency p50 / p99 ms (client)     ${ms(r.latency_ms.p50)} / ${ms(r.latency_ms.p99)}   max ${ms(r.latency_ms.max)}`,
    `  latency p50 / p99 ms (node)       ${ms(r.server_latency_ms.p50)} / ${ms(r.server_latency_ms.p99)}`,
    `  non-2xx answers (>= 400)          ${int(r.non_2xx)}`,
    `  socket errors conn/read/write/to  ${errs(r.socket_errors)}`,
    `  memory after the run (RSS MiB)    ${r.rss_mib ?? '-'}   (target <= 600); V8 heap ${r.heap_used_mib ?? '-'} used of ${r.heap_total_mib ?? '-'}`,
    `  written to disk per credit        ${r.written_bytes_per_credit ?? '-'} bytes`,
    '',
    `outcomes: ${outcomesLine(r.outcomes)}`,
    ...storeLines(r.store),
    `exactly once: ${r.exactly_once ? 'YES' : 'NO'}`,
    ...profileLines(r.profile),
  ].join('\n');
}

export function connectionsTable(r: ConnectionsReport): string {
  const g = r.guichet;
  return [
    `guichet bench: connections, ${r.generator.command}, serve --admit-rate ${r.admit_rate ?? '(not set)'}`,
    machineLine(r.machine),
    registryLine(r.registry),
    '',
    `  simultaneous connections          ${int(r.generator.connections)} for ${r.generator.duration_s} s` +
      (r.connections_answered === null ? '' : `, ${int(r.connections_answered)} of them answered at least once`),
    `  answers/s (status < 400)          ${int(g.per_s)}   (${int(g.requests)} answers)`,
    `  latency p50 / p99 ms              ${ms(g.latency_ms.p50)} / ${ms(g.latency_ms.p99)}   max ${ms(g.latency_ms.max)}`,
    `  non-2xx answers (>= 400)          ${int(g.non_2xx)}`,
    `  socket errors conn/read/write/to  ${errs(g.socket_errors)}   (connect: refused; read: reset or closed)`,
    `  listen queue overflows (kernel)   ${r.listen_overflows ?? '-'}   (connections the node had no room to accept)`,
    `  healthy after (GET /healthz)      ${r.healthy_after ? `yes, ${r.health_ms} ms` : 'NO'}`,
    `  memory: peak / after (RSS MiB)    ${r.peak_rss_mib ?? '-'} / ${g.rss_mib ?? '-'}   (target < 1024)`,
    '',
    `outcomes: ${outcomesLine(g.outcomes)}`,
    ...codesLine('guichet', g.error_codes),
    `target met (none refused or reset, each answered, nothing >= 400, healthy, < 1 GiB): ${r.ok ? 'YES' : 'NO'}`,
  ].join('\n');
}

const memLine = (m: MemoryReading | null): string => (m === null ? '-'
  : `RSS ${m.rss_mib ?? '-'}, heap ${m.heap_used_mib ?? '-'} used of ${m.heap_total_mib ?? '-'}, external ${m.external_mib ?? '-'}, line ${m.line_mib ?? '-'} ` +
    `(${m.waiting === null ? '-' : int(m.waiting)} waiting), ${m.open_connections === null ? '-' : int(m.open_connections)} connections open`);

export function floodTable(r: FloodReport): string {
  const g = r.guichet;
  return [
    `guichet bench: flood, ${r.generator.command}, serve --admit-rate ${r.admit_rate ?? '(not set)'}, no pass ever brought back`,
    machineLine(r.machine),
    registryLine(r.registry),
    '',
    `  connections                       ${int(r.generator.connections)} for ${r.generator.duration_s} s, ${int(r.arrivals_per_s)} arrivals/s (each a newcomer)`,
    `  latency p50 / p99 ms              ${ms(g.latency_ms.p50)} / ${ms(g.latency_ms.p99)}   max ${ms(g.latency_ms.max)}`,
    `  non-2xx answers (>= 400)          ${int(g.non_2xx)}   (${int(g.requests)} answers)`,
    `  socket errors conn/read/write/to  ${errs(g.socket_errors)}   (read: closed or reset by the node)`,
    `  listen queue overflows (kernel)   ${r.listen_overflows ?? '-'}`,
    `  healthy after (GET /healthz)      ${r.healthy_after ? `yes, ${r.health_ms} ms` : 'NO'}`,
    `  peak RSS (VmHWM, MiB)             ${r.peak_rss_mib ?? '-'}   (target < 800)`,
    `  memory at its peak (MiB)          ${memLine(r.memory_at_peak)}`,
    `  memory after (MiB)                ${memLine(r.memory_after)}`,
    '',
    `outcomes: ${outcomesLine(g.outcomes)}`,
    ...codesLine('guichet', g.error_codes),
    `target met (no socket error, nothing >= 400, healthy, peak < 800 MiB): ${r.ok ? 'YES' : 'NO'}`,
  ].join('\n');
}

export function crowdTable(r: CrowdReport): string {
  const st = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k}: ${int(v)}`).join(', ') || '-';
  return [
    `guichet bench: crowd, ${int(r.people)} people arriving within 1 s, serve --admit-rate ${r.admit_rate ?? '(not set)'}`,
    machineLine(r.machine),
    registryLine(r.registry),
    '',
    `  served                            ${int(r.served)} of ${int(r.people)}, the last ${r.total_s ?? '-'} s after the first arrival`,
    `  first answers                     ${st(r.first_statuses)}   (${int(r.queued)} queued)`,
    `  all answers                       ${st(r.statuses)}   over ${int(r.visits)} visits`,
    `  socket errors                     ${int(r.socket_errors)}`,
    `  served out of arrival order       ${r.order_inversions_pct}% of pairs`,
    `  ETA came true within 25%          ${r.eta_within_25pct === null ? '-' : `${(100 * r.eta_within_25pct).toFixed(1)}% of the queued`}` +
      `   (median error ${r.eta_median_error_pct ?? '-'}%)`,
    ...(r.note ? ['', `note: ${r.note}`] : []),
    `target met (all served, only 200 and 202, no socket error): ${r.ok ? 'YES' : 'NO'}`,
  ].join('\n');
}
