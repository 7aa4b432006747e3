/** @module Test helper: simulator, sender, in-memory queue and dispatcher wired together, with a quick retry policy. */
import { SmsDispatcher, type SmsRetryPolicy } from '../dispatcher.js';
import { MemorySmsQueue, type JobState } from '../memory-queue.js';
import type { SmppSenderOptions } from '../smpp/sender.js';
import type { SimulatorOptions } from '../smpp/simulator/options.js';
import { pair, until, type Pair } from './pair.js';

/** The production policy's shape at test speed. */
export const QUICK_RETRY: SmsRetryPolicy = { maxAttempts: 3, maxUnanswered: 3, throttledDelayMs: 20, queueFullDelayMs: 100, redeliveryDelayMs: () => 20 };

export interface Rig extends Pair {
  queue: MemorySmsQueue;
  dispatcher: SmsDispatcher;
  /** Waits until the queue holds `n` jobs in `state`. */
  settled(state: JobState, n: number): Promise<void>;
}

export async function rig(
  simOptions: Partial<SimulatorOptions> = {},
  senderOptions: Partial<SmppSenderOptions> = {},
  policy: Partial<SmsRetryPolicy> = {},
  queue = new MemorySmsQueue(),
): Promise<Rig> {
  const p = await pair(simOptions, { throttlePauseMs: 20, queueFullPauseMs: 100, ratePerSecond: 1000, ...senderOptions });
  const dispatcher = new SmsDispatcher(p.sender, queue, { policy: { ...QUICK_RETRY, ...policy }, idleMs: 20 }).start();
  queue.onAdd = () => dispatcher.wake();
  return {
    ...p, queue, dispatcher,
    settled: (state, n) => until(() => queue.counts()[state] === n, () => `${n} jobs ${state} (now ${JSON.stringify(queue.counts())})`),
    async close() {
      await dispatcher.stop();
      await p.close();
    },
  };
}

/** `n` distinct Gabonese numbers from a prefix. */
export function phones(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(11 - prefix.length, '0')}`);
}
