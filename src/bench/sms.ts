/**
 * @module Scenario `sms`: the same claim load on fresh registries, SMS off and on alternating, twice each (an SMSC
 * simulator in this process at --sms-rate, window 10): claims/s with SMS against without, and the rate the outbox
 * drains at against its ceiling (never above it), while the claims go on and after.
 */
import { join } from 'node:path';
import { startSimulator } from '../sms/index.js';
import { createContext, loadSpec, measure, round, serveFlags, type BenchContext, type Measured } from './context.js';
import type { Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { prepareRegistry } from './registry.js';
import { startGuichet } from './servers.js';
import { profilesOf, type ThreadProfile } from './profile.js';
import { profileLines } from './report.js';
import { processCpuS } from './cpu.js';
import { profileFolder } from './throughput.js';
import { fetchText } from './sampler.js';

export interface SmsReport {
  scenario: 'sms';
  machine: Machine;
  rate_ceiling: number;
  window: number;
  /** Means over the rounds (off and on alternate, ROUNDS times each). */
  claims_per_s: { sms_off: number; sms_on: number; ratio: number };
  rounds: { sms_off: number; sms_on: number; ratio: number }[];
  /** The worst of the rounds. */
  p99_ms: { sms_off: number; sms_on: number };
  /** Messages the simulator accepted per second while there was a backlog (the drain's own pace). */
  drain: {
    messages: number; seconds: number; per_s: number; ratio_to_ceiling: number; busiest_second: number; left_queued: number;
    /** While the claims went on (from the first message of the last SMS-on node to the end of its load), and after. */
    during_load: { messages: number; per_s: number; ratio_to_ceiling: number };
    after_load: { messages: number; per_s: number; ratio_to_ceiling: number };
  };
  /**
   * CPU a credit issued, in µs, means over the rounds: the node's (all threads), and the bench process's (the SMSC
   * simulator, which in production is the operator's, and the sampler), on the same cores as the claims.
   */
  cpu_us_per_credit: { node: { sms_off: number | null; sms_on: number | null }; bench: { sms_off: number; sms_on: number } };
  /** The node's CPU a message sent while it only sends (the backlog after the last load), in µs: all threads, and the HTTP thread's. */
  cpu_us_per_message_drained: { node: number | null; main_thread: number | null };
  /**
   * The HTTP thread during the load, means over the rounds: its share of a core, and its CPU µs an answer. A lower
   * share with SMS on at the same µs an answer means the other threads took its core, not that it did more.
   */
  main_thread: { core_share: { sms_off: number | null; sms_on: number | null }; us_per_answer: { sms_off: number | null; sms_on: number | null } };
  /** Credits issued in a phase, mean over the rounds (the rest of the answers are replays). */
  issued: { sms_off: number; sms_on: number };
  /** With --profile: the last round's nodes, their threads under load. */
  profile: { sms_off: ThreadProfile[]; sms_on: ThreadProfile[] } | null;
  ok: boolean;
}

interface Phase {
  m: Measured;
  /** Epoch milliseconds the claim load started and ended (the simulator's inbox is stamped so). */
  loadFrom: number;
  loadTo: number;
  /** CPU seconds during the load: the node (all its threads), and this process (the SMSC simulator, the sampler). */
  nodeCpuS: number | null;
  /** The same for its main (HTTP) thread alone. */
  mainCpuS: number | null;
  benchCpuS: number;
  /** The node's CPU seconds so far (all threads), or null. */
  cpuNow: () => number | null;
  /** The same for its main (HTTP) thread alone. */
  mainCpuNow: () => number | null;
  url: string;
  stop: () => Promise<number>;
  /** After stop, with --profile: the node's threads during the load. */
  profile: () => ThreadProfile[] | null;
}

async function phase(ctx: BenchContext, name: string, env: Record<string, string>): Promise<Phase> {
  const o = ctx.options;
  const reg = await prepareRegistry(ctx.runner, join(ctx.workDir, name), { electricity: o.electricity, water: o.water, seed: o.seed, order: o.order }, ctx.log);
  const root = profileFolder(ctx);
  const profileDir = root === null ? null : join(root, name);
  const node = await startGuichet(ctx.runner, { dataDir: reg.dataDir, workDir: join(ctx.workDir, name), profileDir, extraArgs: serveFlags(ctx), sourceAddresses: ctx.sources, env });
  ctx.log(`guichet (${name}) on ${node.url}${profileDir ? ' (under --cpu-prof)' : ''}`);
  const cpu0 = processCpuS(node.pid);
  const main0 = processCpuS(node.pid, node.pid);
  const own0 = process.cpuUsage();
  const loadFrom = Date.now();
  const m = await measure(ctx, node, loadSpec(ctx, reg, node.url, 'cycle'));
  const loadTo = Date.now();
  const own = process.cpuUsage(own0);
  const cpu1 = processCpuS(node.pid);
  const main1 = processCpuS(node.pid, node.pid);
  return { m, loadFrom, loadTo, nodeCpuS: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0, mainCpuS: main0 === null || main1 === null ? null : main1 - main0, benchCpuS: (own.user + own.system) / 1e6, cpuNow: () => processCpuS(node.pid), mainCpuNow: () => processCpuS(node.pid, node.pid), url: node.url, stop: () => node.stop(), profile: () => (profileDir === null ? null : profilesOf(profileDir, m.window)) };
}

/** CPU µs a credit issued over the phases, or null when a phase's CPU could not be read. */
function perCredit(ps: Phase[], cpuS: (p: Phase) => number | null): number | null {
  let s = 0;
  let n = 0;
  for (const p of ps) {
    const c = cpuS(p);
    if (c === null) return null;
    s += c;
    n += p.m.outcomes.issued ?? 0;
  }
  return n > 0 ? round((s * 1e6) / n, 1) : null;
}

/** The HTTP thread's share of a core during the loads, or null when its CPU could not be read. */
function coreShare(ps: Phase[]): number | null {
  if (ps.some((p) => p.mainCpuS === null)) return null;
  return round(ps.reduce((a, p) => a + p.mainCpuS! / ((p.loadTo - p.loadFrom) / 1000), 0) / ps.length, 3);
}

/** The HTTP thread's CPU µs an answer over the loads, or null. */
function perAnswer(ps: Phase[]): number | null {
  if (ps.some((p) => p.mainCpuS === null)) return null;
  const answers = ps.reduce((a, p) => a + p.m.okPerS * ((p.loadTo - p.loadFrom) / 1000), 0);
  return answers > 0 ? round((ps.reduce((a, p) => a + p.mainCpuS!, 0) * 1e6) / answers, 1) : null;
}

/** Off and on alternate, this many times each: on a shared machine the load drifts, and one pair can say 0.6 or 1.1. */
const ROUNDS = 2;

export async function smsScenario(options: BenchOptions): Promise<SmsReport> {
  const ctx = await createContext(options);
  const rate = options.smsRate ?? 500;
  const window = 10;
  const sim = await startSimulator({ port: 0, systemId: 'bench', password: 'bench' });
  try {
    const env = {
      GUICHET_SMPP_URL: `smpp://127.0.0.1:${sim.port}`, GUICHET_SMPP_SYSTEM_ID: 'bench', GUICHET_SMPP_PASSWORD: 'bench',
      GUICHET_SMS_SENDER: 'SEEG', GUICHET_SMS_RATE: String(rate), GUICHET_SMPP_WINDOW: String(window),
    };
    const offs: Phase[] = [];
    const ons: Phase[] = [];
    let left = 0;
    let lastFrom = 0;
    let drainCpuUs: number | null = null;
    let drainMainUs: number | null = null;
    for (let r = 1; r <= ROUNDS; r++) {
      const off = await phase(ctx, `sms-off-${r}`, {});
      await off.stop();
      offs.push(off);
      lastFrom = Date.now();
      const on = await phase(ctx, `sms-on-${r}`, env);
      ons.push(on);
      if (r < ROUNDS) {
        await on.stop();
        continue;
      }
      // After the last load, the backlog drains at the ceiling: a few seconds more tell the rate apart from the start-up.
      const total = () => sim.inbox.total;
      const drainCpu0 = on.cpuNow();
      const drainMain0 = on.mainCpuNow();
      const drainSent0 = total();
      let seen = total();
      let quietFor = 0;
      for (let waited = 0; waited < 30 && quietFor < 3; waited++) {
        await new Promise((res) => setTimeout(res, 1000));
        quietFor = total() === seen ? quietFor + 1 : 0;
        seen = total();
      }
      const drainCpu1 = on.cpuNow();
      const drainMain1 = on.mainCpuNow();
      // After the load the node only sends (and copies the load's WAL back, on a thread of its own): its CPU a message
      // sent, all threads, and the HTTP thread's alone.
      const sent = total() - drainSent0;
      if (drainCpu0 !== null && drainCpu1 !== null && sent > 0) drainCpuUs = round(((drainCpu1 - drainCpu0) * 1e6) / sent, 1);
      if (drainMain0 !== null && drainMain1 !== null && sent > 0) drainMainUs = round(((drainMain1 - drainMain0) * 1e6) / sent, 1);
      left = Number(/^guichet_sms_messages\{state="queued"\} (\d+)$/m.exec(await fetchText(`${on.url}/metrics`, 5000))?.[1] ?? 0);
      await on.stop();
    }
    // The drain's pace, from the last SMS-on node only (the earlier ones stopped with their backlog).
    const times = sim.inbox.all().map((m) => m.at).filter((t) => t >= lastFrom);
    const perSecond = new Map<number, number>();
    for (const t of times) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    const seconds = times.length > 1 ? (times[times.length - 1] - times[0]) / 1000 : 0;
    const perS = seconds > 0 ? (times.length - 1) / seconds : 0;
    // The whole drain mixes the load's seconds with the quiet ones after; the target is the rate while claims go on.
    const loadEnd = ons[ons.length - 1].loadTo;
    const rateOf = (ts: number[], from: number, to: number) => {
      const s = (to - from) / 1000;
      const per = s > 0 ? ts.length / s : 0;
      return { messages: ts.length, per_s: round(per, 1), ratio_to_ceiling: round(per / rate, 3) };
    };
    const during = times.filter((t) => t <= loadEnd);
    const after = times.filter((t) => t > loadEnd);
    const busiest = Math.max(0, ...perSecond.values());
    const mean = (ps: Phase[], f: (p: Phase) => number) => ps.reduce((a, p) => a + f(p), 0) / ps.length;
    const offPerS = mean(offs, (p) => p.m.okPerS);
    const onPerS = mean(ons, (p) => p.m.okPerS);
    return {
      scenario: 'sms', machine: ctx.machine, rate_ceiling: rate, window,
      claims_per_s: { sms_off: round(offPerS, 1), sms_on: round(onPerS, 1), ratio: offPerS > 0 ? round(onPerS / offPerS, 3) : 0 },
      rounds: offs.map((off, i) => ({ sms_off: round(off.m.okPerS, 1), sms_on: round(ons[i].m.okPerS, 1), ratio: off.m.okPerS > 0 ? round(ons[i].m.okPerS / off.m.okPerS, 3) : 0 })),
      p99_ms: { sms_off: Math.max(...offs.map((p) => p.m.load.latencyMs.p99)), sms_on: Math.max(...ons.map((p) => p.m.load.latencyMs.p99)) },
      drain: {
        messages: times.length, seconds: round(seconds, 2), per_s: round(perS, 1), ratio_to_ceiling: round(perS / rate, 3), busiest_second: busiest, left_queued: left,
        during_load: rateOf(during, times[0] ?? loadEnd, loadEnd), after_load: rateOf(after, loadEnd, after[after.length - 1] ?? loadEnd),
      },
      cpu_us_per_credit: { node: { sms_off: perCredit(offs, (p) => p.nodeCpuS), sms_on: perCredit(ons, (p) => p.nodeCpuS) },
        bench: { sms_off: perCredit(offs, (p) => p.benchCpuS) ?? 0, sms_on: perCredit(ons, (p) => p.benchCpuS) ?? 0 } },
      cpu_us_per_message_drained: { node: drainCpuUs, main_thread: drainMainUs },
      main_thread: { core_share: { sms_off: coreShare(offs), sms_on: coreShare(ons) }, us_per_answer: { sms_off: perAnswer(offs), sms_on: perAnswer(ons) } },
      issued: { sms_off: mean(offs, (p) => p.m.outcomes.issued ?? 0), sms_on: mean(ons, (p) => p.m.outcomes.issued ?? 0) },
      profile: ctx.options.profile === null ? null : { sms_off: offs[offs.length - 1].profile() ?? [], sms_on: ons[ons.length - 1].profile() ?? [] },
      // Correctness only (the figures are for the note): never above the ceiling by more than the bucket's slack.
      ok: busiest <= rate * 1.05 + window,
    };
  } finally {
    await sim.close();
  }
}

const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)}%`);

export function smsTable(r: SmsReport): string {
  const c = r.claims_per_s;
  const d = r.drain;
  return [
    `sms: ceiling ${r.rate_ceiling}/s, window ${r.window}`,
    `claims/s: SMS off ${c.sms_off}, SMS on ${c.sms_on}, ratio ${c.ratio} (means of ${r.rounds.length} rounds, off and on alternating: ${r.rounds.map((x) => x.ratio).join(', ')}; worst p99 ${r.p99_ms.sms_off} ms / ${r.p99_ms.sms_on} ms)`,
    `credits issued during the load: SMS off ${r.issued.sms_off}, SMS on ${r.issued.sms_on}`,
    `CPU a credit: the node ${r.cpu_us_per_credit.node.sms_off ?? '-'} µs off, ${r.cpu_us_per_credit.node.sms_on ?? '-'} µs on; this process (the SMSC simulator) ${r.cpu_us_per_credit.bench.sms_off} µs off, ${r.cpu_us_per_credit.bench.sms_on} µs on; the node ${r.cpu_us_per_message_drained.node ?? '-'} µs a message sent once the load is over (its HTTP thread ${r.cpu_us_per_message_drained.main_thread ?? '-'} µs)`,
    `the HTTP thread during the load: ${pct(r.main_thread.core_share.sms_off)} of a core off, ${pct(r.main_thread.core_share.sms_on)} on; ${r.main_thread.us_per_answer.sms_off ?? '-'} µs an answer off, ${r.main_thread.us_per_answer.sms_on ?? '-'} µs on`,
    `drain while the claims go on: ${d.during_load.messages} messages, ${d.during_load.per_s}/s, ${Math.round(d.during_load.ratio_to_ceiling * 100)}% of the ceiling (target 95%); after the load: ${d.after_load.per_s}/s, ${Math.round(d.after_load.ratio_to_ceiling * 100)}%`,
    `drain in all: ${d.messages} messages in ${d.seconds} s = ${d.per_s}/s, ${Math.round(d.ratio_to_ceiling * 100)}% of the ceiling; busiest second ${d.busiest_second}; left queued ${d.left_queued}`,
    r.ok ? 'ok: never above the ceiling' : 'ABOVE THE CEILING',
    ...(r.profile ? [...profileLines(r.profile.sms_off).map((l) => (l.startsWith('real node') ? `SMS off: ${l}` : l)),
      ...profileLines(r.profile.sms_on).map((l) => (l.startsWith('real node') ? `SMS on: ${l}` : l))] : []),
  ].join('\n');
}
