/** @module `guichet smsc-sim`: the SMSC simulator from the command line, one line when listening, until SIGINT/SIGTERM. */
import { parseArgs } from 'node:util';
import { SIMULATOR_DEFAULTS, parseFailure, type SimulatorOptions } from './options.js';
import { startSimulator } from './simulator.js';

export const SMSC_SIM_USAGE =
  'smsc-sim --port N [--host H] [--rate R] [--throttle-every K] [--dlr-delay-ms D] [--resp-delay-ms D] [--fail PATTERN:KIND]... ' +
  '[--system-id ID] [--password P] [--id-style hex|decimal] [--receipt-id-style same|hex|decimal] [--receipt-form both|tlv|text]';

const HELP = `usage: guichet ${SMSC_SIM_USAGE}

An SMPP 3.4 SMSC on this machine, for the demo and for tests: it binds transceivers, answers submit_sm with message
ids, sends a delivery receipt for each (deliver_sm, esm_class 0x04, TLVs and text) and keeps what each phone received.

--port N              listening port (0: any free one; default 2775)
--host H              listening address (default 127.0.0.1)
--rate R              submits accepted per second at most; beyond, ESME_RTHROTTLED
--throttle-every K    answer every K-th submit ESME_RTHROTTLED
--dlr-delay-ms D      send each receipt D ms after the submit (default 0)
--resp-delay-ms D     answer each submit D ms after it arrives (default 0)
--fail PATTERN:KIND   for destinations starting with PATTERN (digits) or matching /REGEX/: throttle, queue-full,
                      reject[=STATUS], undeliverable, expired or no-answer; repeatable, the first match applies
--system-id, --password   the credentials to accept (default GUICHET_SMPP_SYSTEM_ID / GUICHET_SMPP_PASSWORD, else guichet / secret)
--id-style            message ids in submit_sm_resp (default hex)
--receipt-id-style    ids in the receipt text: like submit_sm_resp (same, default) or the other radix
--receipt-form        where receipts carry id and state (default both)`;

class UsageError extends Error {}

function whole(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^[0-9]+$/.test(raw) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  return n;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!allowed.includes(raw as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${raw}").`);
  return raw as T;
}

/** The simulator's options from argv and the environment; throws UsageError, listing the first problem. */
export function simulatorOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): Partial<SimulatorOptions> | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, rate: { type: 'string' }, 'throttle-every': { type: 'string' },
        'dlr-delay-ms': { type: 'string' }, 'resp-delay-ms': { type: 'string' }, fail: { type: 'string', multiple: true },
        'system-id': { type: 'string' }, password: { type: 'string' }, 'id-style': { type: 'string' },
        'receipt-id-style': { type: 'string' }, 'receipt-form': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  const o: Partial<SimulatorOptions> = {
    port: whole('port', values.port, 0, 65535) ?? SIMULATOR_DEFAULTS.port,
    host: values.host ?? SIMULATOR_DEFAULTS.host,
    systemId: values['system-id'] ?? env.GUICHET_SMPP_SYSTEM_ID ?? SIMULATOR_DEFAULTS.systemId,
    password: values.password ?? env.GUICHET_SMPP_PASSWORD ?? SIMULATOR_DEFAULTS.password,
    rate: whole('rate', values.rate, 1, 1_000_000) ?? null,
    throttleEvery: whole('throttle-every', values['throttle-every'], 1, 1_000_000) ?? null,
    dlrDelayMs: whole('dlr-delay-ms', values['dlr-delay-ms'], 0, 86_400_000) ?? 0,
    respDelayMs: whole('resp-delay-ms', values['resp-delay-ms'], 0, 600_000) ?? 0,
    idStyle: oneOf('id-style', values['id-style'], ['hex', 'decimal'] as const) ?? SIMULATOR_DEFAULTS.idStyle,
    receiptIdStyle: oneOf('receipt-id-style', values['receipt-id-style'], ['same', 'hex', 'decimal'] as const) ?? 'same',
    receiptForm: oneOf('receipt-form', values['receipt-form'], ['both', 'tlv', 'text'] as const) ?? 'both',
  };
  try {
    o.failures = (values.fail ?? []).map(parseFailure);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return o;
}

/** Runs until SIGINT or SIGTERM (or `stop` resolves); 0 on a clean stop, 2 on a usage error, 1 if the port is taken. */
export async function runSmscSim(argv: string[], stop?: Promise<unknown>): Promise<number> {
  let opts: Partial<SimulatorOptions> | 'help';
  try {
    opts = simulatorOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`guichet smsc-sim: ${e.message}\nusage: guichet ${SMSC_SIM_USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    console.log(HELP);
    return 0;
  }
  let sim;
  try {
    sim = await startSimulator(opts);
  } catch (e) {
    console.error(`guichet smsc-sim: cannot listen on ${opts.host}:${opts.port}: ${(e as Error).message}`);
    return 1;
  }
  const limits = [opts.rate ? `rate ${opts.rate}/s` : null, opts.throttleEvery ? `throttle every ${opts.throttleEvery}` : null, opts.failures?.length ? `${opts.failures.length} failure rule(s)` : null].filter(Boolean);
  console.log(`guichet smsc-sim: listening on smpp://${opts.host}:${sim.port} (system_id ${opts.systemId}${limits.length ? `, ${limits.join(', ')}` : ''})`);
  const handlers: [NodeJS.Signals, () => void][] = [];
  const signal = await new Promise<string>((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM'] as const) {
      const h = () => resolve(name);
      handlers.push([name, h]);
      process.once(name, h);
    }
    void stop?.then(() => resolve('stop'));
  });
  for (const [name, h] of handlers) process.off(name, h);
  const s = sim.stats;
  await sim.close();
  console.error(`guichet smsc-sim: ${signal}, stopped after ${s.submits} submits (${s.accepted} accepted, ${s.throttled} throttled), ${s.receiptsSent} receipts, ${s.binds} binds`);
  return 0;
}
