/** @module Journal entries: the canonical text of an issued credit and the hash chain over those texts (pure). */
import * as crypto from 'node:crypto';
import type { JournalFacts } from '../domain/credit.js';

// crypto.hash (Node 20.12+) hashes a string in one call, without a Hash object: about half the cost of
// createHash().update().digest() for an entry this size, and every issued credit is hashed once or twice.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex: (data: string) => string = oneShot
  ? (data) => oneShot('sha256', data, 'hex')
  : (data) => crypto.createHash('sha256').update(data).digest('hex');

/** The hash the first entry chains from. */
export const GENESIS_HASH = '0'.repeat(64);

export interface JournalEntry {
  seq: number;
  prev_hash: string;
  hash: string;
  body: string;
}

/** Keys in a fixed order, so the same facts always give the same bytes (and the same hash). */
export const FACT_KEYS: readonly (keyof JournalFacts)[] = [
  'claim_id', 'contract_no', 'meter_no', 'programme_id', 'cycle', 'service', 'metering', 'fcfa', 'units_tenths',
  'unit', 'token_sha256', 'issuer', 'channel', 'issued_at',
];

export function entryBody(seq: number, f: JournalFacts): string {
  // A credit claimed under a grievance's exception names the ticket and its approver after the other facts; every
  // other entry keeps the text it always had, so entries written before grievances verify unchanged.
  if (f.grievance_ticket != null) {
    return JSON.stringify({
      seq, claim_id: f.claim_id, contract_no: f.contract_no, meter_no: f.meter_no, programme_id: f.programme_id,
      cycle: f.cycle, service: f.service, metering: f.metering, fcfa: f.fcfa, units_tenths: f.units_tenths, unit: f.unit,
      token_sha256: f.token_sha256, issuer: f.issuer, channel: f.channel, issued_at: f.issued_at,
      grievance_ticket: f.grievance_ticket, grievance_approver: f.grievance_approver ?? null,
    });
  }
  // One literal in FACT_KEYS order (the entry test pins the text): built key by key in a loop, the object fell
  // into V8's slow dictionary mode, and this runs for every credit issued.
  return JSON.stringify({
    seq, claim_id: f.claim_id, contract_no: f.contract_no, meter_no: f.meter_no, programme_id: f.programme_id,
    cycle: f.cycle, service: f.service, metering: f.metering, fcfa: f.fcfa, units_tenths: f.units_tenths, unit: f.unit,
    token_sha256: f.token_sha256, issuer: f.issuer, channel: f.channel, issued_at: f.issued_at,
  });
}

export function chainHash(prevHash: string, body: string): string {
  return sha256Hex(`${prevHash}\n${body}`);
}

export function tokenHash(token: string | null): string | null {
  return token === null ? null : sha256Hex(token);
}

/** Builds consecutive entries from a chain head: the whole batch of a group commit is hashed in one pass. */
export function appendEntries(head: { seq: number; hash: string }, facts: JournalFacts[]): JournalEntry[] {
  const out: JournalEntry[] = [];
  let { seq, hash } = head;
  for (const f of facts) {
    seq += 1;
    const body = entryBody(seq, f);
    const next = chainHash(hash, body);
    out.push({ seq, prev_hash: hash, hash: next, body });
    hash = next;
  }
  return out;
}

export function parseFacts(body: string): (JournalFacts & { seq: number }) | null {
  try {
    const o = JSON.parse(body) as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || typeof o.seq !== 'number') return null;
    for (const k of FACT_KEYS) if (!(k in o)) return null;
    return o as unknown as JournalFacts & { seq: number };
  } catch {
    return null;
  }
}
