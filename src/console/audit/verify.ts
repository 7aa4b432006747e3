/** @module Audit log verification: walks the chain as the journal's is walked, up to the head stored beside it (pure over an iterable). */
import { GENESIS_HASH, chainHash } from '../../journal/entry.js';
import type { AuditChainView } from '../../store/console-contract.js';
import { parseAuditBody } from './entry.js';

export type AuditVerifyResult =
  | { ok: true; entries: number; head: string }
  /** `seq`: the first bad entry; `entries`, `head`: how far the chain was good. */
  | { ok: false; entries: number; head: string; seq: number; problem: string };

/**
 * One pass in seq order, constant memory. A deleted entry shows as a gap, or, cut from the end, as entries missing
 * before the head; an edited one as a hash mismatch; an inserted or reordered one (or an edited one whose hash was
 * recomputed) as a broken link in the entry after it; one added behind the head's back as an entry past the head.
 */
export async function verifyAudit(view: AuditChainView): Promise<AuditVerifyResult> {
  let prev = GENESIS_HASH;
  let expect = 1;
  const fail = (seq: number, problem: string): AuditVerifyResult => ({ ok: false, entries: expect - 1, head: prev, seq, problem });
  for await (const e of view.rows()) {
    if (e.seq !== expect) {
      return e.seq > expect
        ? fail(expect, `entry ${expect} is missing (next entry found is ${e.seq})`)
        : fail(e.seq, `entry ${e.seq} is out of place (expected entry ${expect})`);
    }
    if (e.seq > view.head.seq) return fail(e.seq, `entry ${e.seq} is past the chain head (entry ${view.head.seq}): it was added behind the log's back`);
    if (e.prev_hash !== prev) return fail(e.seq, `entry ${e.seq} does not link to the entry before it (deleted, inserted, reordered or rewritten)`);
    if (chainHash(e.prev_hash, e.body) !== e.hash) return fail(e.seq, `entry ${e.seq} was altered: its hash does not match its content`);
    const parsed = parseAuditBody(e.body);
    if (!parsed || parsed.seq !== e.seq) return fail(e.seq, `entry ${e.seq} has an unreadable body`);
    prev = e.hash;
    expect += 1;
  }
  if (expect - 1 < view.head.seq) {
    return fail(expect, `entry ${expect} is missing: the chain head says ${view.head.seq} entries, ${expect - 1} are stored (cut from the end)`);
  }
  if (prev !== view.head.hash) return fail(view.head.seq, `the chain head does not match entry ${view.head.seq}`);
  return { ok: true, entries: expect - 1, head: prev };
}
