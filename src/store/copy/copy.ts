/** @module Copies a whole store to another (SQLite or PostgreSQL, either way), journal as stored, in one transaction, verified before it commits. */
import { createHash } from 'node:crypto';
import type { Engine, JournalView } from '../contract.js';
import { verifyJournalAsync } from '../../journal/verify.js';
import { DEMO_KEY_SETTING, TABLES, type TableSpec } from './tables.js';

/** One row as it travels: the table's columns in `TableSpec.columns` order. */
export type Row = unknown[];

export interface JournalHead {
  seq: number;
  hash: string;
}

/** The store read from: one snapshot for the whole copy, so a node still writing to it cannot tear the copy. */
export interface CopySource {
  readonly engine: Engine;
  readonly location: string;
  count(t: TableSpec): Promise<number>;
  /** The table's rows in key order, `batch` at a time. */
  rows(t: TableSpec, batch: number): AsyncIterable<Row[]>;
  /** The last journal entry's seq and hash (seq 0 and the genesis hash when there is none). */
  head(): Promise<JournalHead>;
  /** The demo vending key, and whether it is already a settings row (PostgreSQL) rather than a file (SQLite). */
  demoKey(): Promise<{ key: string; inSettings: boolean } | null>;
  close(): Promise<void>;
}

/** The store written to: everything happens in one transaction, which commits only once the copy has verified. */
export interface CopyTarget {
  readonly engine: Engine;
  readonly location: string;
  /** Opens the transaction; claim commits on the target wait until it ends (it holds the journal's head). */
  begin(): Promise<void>;
  count(t: TableSpec): Promise<number>;
  /** Empties every table (only with --replace). */
  clear(): Promise<void>;
  insert(t: TableSpec, rows: Row[]): Promise<void>;
  /** The table's rows as this transaction sees them, read back the way the source is read. */
  rows(t: TableSpec, batch: number): AsyncIterable<Row[]>;
  /** Keeps the demo vending key where this engine looks for it. */
  setDemoKey(key: string): Promise<void>;
  /** After the last row: what the engine derives from the rows (PostgreSQL's id sequences and chain-head row). */
  finish(head: JournalHead): Promise<void>;
  /** The journal and credits as this transaction sees them, for verification before COMMIT. */
  view(): JournalView;
  /** The chain head the engine stores apart from the journal rows, if it keeps one (PostgreSQL). */
  storedHead(): Promise<JournalHead | null>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/** The target holds data and --replace was not given: nothing was written. Exit 2. */
export class CopyRefused extends Error {}

/** The copy did not verify; its transaction was rolled back and the target is as it was. Exit 1. */
export class CopyNotVerified extends Error {}

export interface CopyOptions {
  /** Empty a non-empty target first instead of refusing. */
  replace: boolean;
  /** Rows per statement. */
  batch: number;
  /** Called after each batch with the table and the rows copied so far (all tables) out of `total`. */
  progress?: (table: string, done: number, total: number) => void;
}

export interface CopyReport {
  tables: { name: string; rows: number }[];
  rows: number;
  head: JournalHead;
  demoKey: boolean;
  /** Seconds spent reading and writing rows, then verifying inside the transaction. */
  copySeconds: number;
  verifySeconds: number;
}

const plural = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

/**
 * A digest of a table's rows, to prove the copy row for row rather than by count alone (a value coerced on the way,
 * a float rounded, an empty string become null would all keep the count). Rows of keyed tables arrive in key order
 * on both engines; the small unkeyed ones are sorted here, as the engines' text collations may order them apart.
 */
class TableDigest {
  private readonly hash = createHash('sha256');
  private readonly unordered: string[] | null;

  constructor(t: TableSpec) {
    this.unordered = t.key === null ? [] : null;
  }

  add(rows: Row[]): void {
    for (const r of rows) {
      const line = JSON.stringify(r);
      if (this.unordered) this.unordered.push(line);
      else this.hash.update(line).update('\n');
    }
  }

  digest(): string {
    if (this.unordered) for (const line of this.unordered.sort()) this.hash.update(line).update('\n');
    return this.hash.digest('hex');
  }
}

/**
 * Moves every table as is, ids and journal hashes included (never recomputed: a chain that verifies on the source
 * verifies on the copy with the same head, and one that does not is not laundered by the move), then checks, inside
 * the same transaction, that each table holds as many rows as the source's, that the copied journal verifies, and
 * that its head is the source's. Any mismatch rolls the whole copy back.
 */
export async function copyStore(src: CopySource, dst: CopyTarget, opts: CopyOptions): Promise<CopyReport> {
  const expected = new Map<string, number>();
  for (const t of TABLES) expected.set(t.name, await src.count(t));
  const head = await src.head();
  const key = await src.demoKey();
  const total = [...expected.values()].reduce((a, b) => a + b, 0);
  // An SQLite store keeps its demo key in a file beside the database, PostgreSQL in a settings row: the key follows
  // the store, so a node on the copy mints the same demo tokens (one virtual meter decodes them all).
  const placeKey = key !== null && (dst.engine === 'sqlite' || !key.inSettings);
  const keyRowAdded = placeKey && dst.engine === 'postgres';
  if (keyRowAdded) expected.set('settings', expected.get('settings')! + 1);

  await dst.begin();
  let committed = false;
  try {
    const held: string[] = [];
    for (const t of TABLES) {
      const n = await dst.count(t);
      if (n > 0) held.push(`${plural(n, 'row')} in ${t.name}`);
    }
    if (held.length > 0) {
      if (!opts.replace) {
        throw new CopyRefused(`${dst.location} is not empty (${held.join(', ')}): copy into an empty store, or add --replace to erase it first`);
      }
      await dst.clear();
    }

    const t0 = performance.now();
    const tables: CopyReport['tables'] = [];
    const digests = new Map<string, string>();
    let done = 0;
    for (const t of TABLES) {
      let n = 0;
      const d = new TableDigest(t);
      for await (const rows of src.rows(t, opts.batch)) {
        d.add(rows);
        await dst.insert(t, rows);
        n += rows.length;
        done += rows.length;
        opts.progress?.(t.name, done, total);
      }
      tables.push({ name: t.name, rows: n });
      digests.set(t.name, d.digest());
    }
    if (placeKey) await dst.setDemoKey(key!.key);
    await dst.finish(head);
    const copySeconds = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    const wrong: string[] = [];
    for (const t of TABLES) {
      const got = await dst.count(t);
      if (got !== expected.get(t.name)) wrong.push(`${t.name}: ${got} copied, ${expected.get(t.name)} in the source`);
    }
    if (wrong.length > 0) throw new CopyNotVerified(`row counts differ (${wrong.join('; ')})`);
    for (const t of TABLES) {
      const d = new TableDigest(t);
      // The settings row the demo key became is not in the source's settings table: left out of the comparison.
      for await (const rows of dst.rows(t, opts.batch)) d.add(t.name === 'settings' && keyRowAdded ? rows.filter((r) => r[0] !== DEMO_KEY_SETTING) : rows);
      if (d.digest() !== digests.get(t.name)) wrong.push(t.name);
    }
    if (wrong.length > 0) throw new CopyNotVerified(`the rows of ${wrong.join(', ')} differ from the source's (same count, different content)`);
    const r = await verifyJournalAsync(dst.view().entries(), dst.view().credits());
    if (!r.ok) {
      throw new CopyNotVerified(`the copied journal fails at entry ${r.seq ?? '-'}${r.claim_id ? ` (claim ${r.claim_id})` : ''}: ${r.problem}. ` +
        `It was moved as stored, so the source's journal says the same: check ${src.location} with \`guichet journal verify\``);
    }
    if (r.entries !== head.seq || r.head !== head.hash) {
      throw new CopyNotVerified(`the copy's journal ends at entry ${r.entries}, head ${r.head}; the source's at entry ${head.seq}, head ${head.hash}`);
    }
    const stored = await dst.storedHead();
    if (stored && (stored.seq !== head.seq || stored.hash !== head.hash)) {
      throw new CopyNotVerified(`the copy's chain-head row says entry ${stored.seq}, head ${stored.hash}; the journal ends at ${head.seq}, ${head.hash}`);
    }
    const verifySeconds = (performance.now() - t1) / 1000;
    await dst.commit();
    committed = true;
    return { tables, rows: done, head, demoKey: key !== null, copySeconds, verifySeconds };
  } finally {
    if (!committed) await dst.rollback().catch(() => {});
  }
}
