/**
 * @module Scenario `sms`: the same claim load twice on fresh registries, SMS off then on (an SMSC simulator in this
 * process at --sms-rate, window 10): claims/s with SMS against without, and the rate the outbox drains at against
 * its ceiling (never above it), while the claims go on and after.
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
import { profileFolder } from './throughput.js';
import { fetchText } from './sampler.js';

export interface SmsReport {
  scenario: 'sms';
  machine: Machine;
  rate_ceiling: number;
  window: number;
  claims_per_s: { sms_off: number; sms_on: number; ratio: number };
  p99_ms: { sms_off: number; sms_on: number };
  /** Messages the simulator accepted per second while there was a backlog (the drain's own pace). */
  drain: { messages: number; seconds: number; per_s: number; ratio_to_ceiling: number; busiest_second: number; left_queued: number };
  /** Credits issued in each phase (the rest of the answers are replays). */
  issued: { sms_off: number; sms_on: number };
  /** With --profile: each phase's node threads under load. */
  profile: { sms_off: ThreadProfile[]; sms_on: ThreadProfile[] } | null;
  ok: boolean;
}

interface Phase {
  m: Measured;
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
  const m = await measure(ctx, node, loadSpec(ctx, reg, node.url, 'cycle'));
  return { m, url: node.url, stop: () => node.stop(), profile: () => (profileDir === null ? null : profilesOf(profileDir, m.window)) };
}

export async function smsScenario(options: BenchOptions): Promise<SmsReport> {
  const ctx = await createContext(options);
  const rate = options.smsRate ?? 500;
  const window = 10;
  const off = await phase(ctx, 'sms-off', {});
  await off.stop();

  const sim = await startSimulator({ port: 0, systemId: 'bench', password: 'bench' });
  try {
    const env = {
      GUICHET_SMPP_URL: `smpp://127.0.0.1:${sim.port}`, GUICHET_SMPP_SYSTEM_ID: 'bench', GUICHET_SMPP_PASSWORD: 'bench',
      GUICHET_SMS_SENDER: 'SEEG', GUICHET_SMS_RATE: String(rate), GUICHET_SMPP_WINDOW: String(window),
    };
    const on = await phase(ctx, 'sms-on', env);
    // After the load, the backlog drains at the ceiling: a few seconds more tell the rate apart from the start-up.
    const total = () => sim.inbox.total;
    let last = total();
    let quietFor = 0;
    for (let waited = 0; waited < 30 && quietFor < 3; waited++) {
      await new Promise((r) => setTimeout(r, 1000));
      quietFor = total() === last ? quietFor + 1 : 0;
      last = total();
    }
    const left = Number(/^guichet_sms_messages\{state="queued"\} (\d+)$/m.exec(await fetchText(`${on.url}/metrics`, 5000))?.[1] ?? 0);
    await on.stop();
    const times = sim.inbox.all().map((m) => m.at);
    const perSecond = new Map<number, number>();
    for (const t of times) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    // The drain's pace: from its first message to the last one, less the trailing quiet seconds.
    const seconds = times.length > 1 ? (times[times.length - 1] - times[0]) / 1000 : 0;
    const perS = seconds > 0 ? (times.length - 1) / seconds : 0;
    const busiest = Math.max(0, ...perSecond.values());
    const ratio = off.m.okPerS > 0 ? round(on.m.okPerS / off.m.okPerS, 3) : 0;
    return {
      scenario: 'sms', machine: ctx.machine, rate_ceiling: rate, window,
      claims_per_s: { sms_off: round(off.m.okPerS, 1), sms_on: round(on.m.okPerS, 1), ratio },
      p99_ms: { sms_off: off.m.load.latencyMs.p99, sms_on: on.m.load.latencyMs.p99 },
      drain: { messages: times.length, seconds: round(seconds, 2), per_s: round(perS, 1), ratio_to_ceiling: round(perS / rate, 3), busiest_second: busiest, left_queued: left },
      issued: { sms_off: off.m.outcomes.issued ?? 0, sms_on: on.m.outcomes.issued ?? 0 },
      profile: ctx.options.profile === null ? null : { sms_off: off.profile() ?? [], sms_on: on.profile() ?? [] },
      // Correctness only (the figures are for the note): never above the ceiling by more than the bucket's slack.
      ok: busiest <= rate * 1.05 + window,
    };
  } finally {
    await sim.close();
  }
}

export function smsTable(r: SmsReport): string {
  const c = r.claims_per_s;
  const d = r.drain;
  return [
    `sms: ceiling ${r.rate_ceiling}/s, window ${r.window}`,
    `claims/s: SMS off ${c.sms_off}, SMS on ${c.sms_on}, ratio ${c.ratio} (p99 ${r.p99_ms.sms_off} ms / ${r.p99_ms.sms_on} ms)`,
    `credits issued during the load: SMS off ${r.issued.sms_off}, SMS on ${r.issued.sms_on}`,
    `drain: ${d.messages} messages in ${d.seconds} s = ${d.per_s}/s, ${Math.round(d.ratio_to_ceiling * 100)}% of the ceiling; busiest second ${d.busiest_second}; left queued ${d.left_queued}`,
    r.ok ? 'ok: never above the ceiling' : 'ABOVE THE CEILING',
    ...(r.profile ? [...profileLines(r.profile.sms_off).map((l) => (l.startsWith('real node') ? `SMS off: ${l}` : l)),
      ...profileLines(r.profile.sms_on).map((l) => (l.startsWith('real node') ? `SMS on: ${l}` : l))] : []),
  ].join('\n');
}
