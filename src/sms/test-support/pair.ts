/** @module Test helpers: a simulator and a sender bound to it over loopback, and waiting on what they show. */
import type { RestartPolicy } from '../../lib/backoff.js';
import { SmppSender, type SmppSenderOptions } from '../smpp/sender.js';
import { startSimulator, type Simulator } from '../smpp/simulator/simulator.js';
import type { SimulatorOptions } from '../smpp/simulator/options.js';

/** Reconnections within tens of milliseconds, so a test sees several. */
export const QUICK_RECONNECT: RestartPolicy = { firstMs: 20, capMs: 200, stableMs: 60_000 };

/** Polls `cond` until it holds; fails with `what` after `timeoutMs` (generous: the machine is shared). */
export async function until(cond: () => boolean, what: string | (() => string), timeoutMs = 15_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface Pair {
  sim: Simulator;
  sender: SmppSender;
  close(): Promise<void>;
}

/** A simulator on port 0 and a started sender with the simulator's credentials; waits until bound unless told not to. */
export async function pair(
  simOptions: Partial<SimulatorOptions> = {},
  senderOptions: Partial<SmppSenderOptions> = {},
  waitForBind = true,
): Promise<Pair> {
  const sim = await startSimulator(simOptions);
  const sender = new SmppSender({
    host: '127.0.0.1', port: sim.port, systemId: simOptions.systemId ?? 'guichet', password: simOptions.password ?? 'secret',
    source: 'SEEG', reconnect: QUICK_RECONNECT, random: () => 1, ...senderOptions,
  }).start();
  if (waitForBind) await until(() => sender.isUp, 'the sender to bind');
  return {
    sim, sender,
    async close() {
      await sender.close();
      await sim.close();
    },
  };
}

/** Most items in any window of `ms`, for times sorted ascending. */
export function peak(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}
