/** @module Test fixtures: real SQLite files in a temp folder, subscribers of each kind, the built-in programme. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Subscriber } from '../domain/subscriber.js';
import { SqliteStore } from '../store/sqlite/store.js';
import { SqliteSubscriberRepo } from '../store/sqlite/subscribers.js';
import { luhnCheckDigit } from '../sts/index.js';

export const silentLog = pino({ level: 'silent' });

/** A logger that keeps its entries (parsed) in memory, for a test that waits on something the code logs. */
export function memoryLog(level = 'info'): { log: pino.Logger; entries: Record<string, unknown>[] } {
  const entries: Record<string, unknown>[] = [];
  const log = pino({ level }, { write: (line: string) => void entries.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, entries };
}

export function tempDir(prefix = 'guichet-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An 11-digit STS meter number with a valid check digit, from a running number. */
export function stsMeter(n: number): string {
  const body = String(10_000_000_00 + n).padStart(10, '0');
  return body + luhnCheckDigit(body);
}

export function subscriber(i: number, over: Partial<Subscriber> = {}): Subscriber {
  const prepaid = over.metering === 'prepaid';
  return {
    contract_no: `C${String(i).padStart(7, '0')}`,
    meter_no: prepaid ? stsMeter(i) : String(70_000_000 + i),
    service: 'electricity', metering: 'postpaid', tariff: 'social', power_kw: 2, avg_monthly_use: 120,
    category: 'particulier', holder_name: `Abonné ${i}`, agency: 'Libreville Centre', district: 'Nzeng-Ayong',
    phone: '+24177000000',
    sts_iin: prepaid ? '600727' : null, sts_sgc: prepaid ? '123456' : null, sts_ti: prepaid ? '01' : null,
    sts_krn: prepaid ? 1 : null, sts_kt: prepaid ? '02' : null, sts_base_date: prepaid ? '2014-01-01' : null,
    ...over,
  };
}

/** A store file with the given subscribers. */
export function storeWith(dir: string, subs: Subscriber[]): SqliteStore {
  const store = SqliteStore.open(join(dir, 'guichet.db'));
  const r = new SqliteSubscriberRepo(store.db).upsertBatch(subs);
  if (r.rejected.length) throw new Error(`fixture rows rejected: ${JSON.stringify(r.rejected)}`);
  return store;
}
