/**
 * @module The waiting room's ceiling as a setting every node follows: a supervisor sets it in the console, it is kept
 * in the store, and each node's poller applies it to its own room within two seconds. Absent, the node keeps the
 * `--admit-rate` it started with.
 */
import type { Logger } from 'pino';

export const ADMIT_RATE_SETTING = 'admit_rate';
export const MAX_ADMIT_RATE = 1_000_000;

export interface SettingStore {
  setting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
}

/** `none` for no ceiling, else a whole number of claims per second. */
export function parseAdmitRate(raw: string): number | null | undefined {
  const s = raw.trim();
  if (s === '' || s === 'none') return null;
  if (!/^[0-9]{1,7}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= MAX_ADMIT_RATE ? n : undefined;
}

export async function saveAdmitRate(store: SettingStore, rate: number | null): Promise<void> {
  await store.setSetting(ADMIT_RATE_SETTING, rate === null ? 'none' : String(rate));
}

/** Reads the setting every `everyMs` and hands a change to `apply`; returns the stop. */
export function followAdmitRate(store: SettingStore, apply: (rate: number | null) => void, log: Logger, everyMs = 2000): () => void {
  let last: string | null | undefined;
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const raw = await store.setting(ADMIT_RATE_SETTING);
      if (raw === null || raw === last) return;
      const rate = parseAdmitRate(raw);
      last = raw;
      if (rate === undefined) return void log.error({ value: raw }, 'console: the admit rate setting is not a number; the ceiling is unchanged');
      apply(rate);
      log.info({ admit_rate: rate }, 'waiting room: admit rate set from the console');
    } catch (e) {
      log.warn({ err: e instanceof Error ? e.message : String(e) }, 'console: admit rate setting not read; will try again');
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
