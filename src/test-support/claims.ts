/** @module Claims in tests: a client that follows docs/api.md (a 202 is sent again with its pass), and the subscriber a locate found. */
import type { Located } from '../claims/locate.js';
import type { StoredSubscriber } from '../domain/subscriber.js';

export interface FollowedAnswer {
  status: number;
  body: Record<string, unknown>;
  /** How many 202s came before the final answer. */
  queued: number;
}

/**
 * POSTs the claim; while the answer is 202, waits the Retry-After (capped at `capMs`, so a test does not sit out an
 * ETA meant for people) and sends it again with the pass, as the page and integrators do. A node just started measures
 * its rate on its first, cold claims and may queue a burst: that is the waiting room at work, not a fault, so tests
 * that fire many claims at once and expect every one to be issued use this. Gives up after `deadlineMs`.
 */
export async function claimFollowingLine(url: string, body: Record<string, unknown>, o: { capMs?: number; deadlineMs?: number } = {}): Promise<FollowedAnswer> {
  const capMs = o.capMs ?? 1000;
  const until = Date.now() + (o.deadlineMs ?? 60_000);
  let pass: unknown;
  for (let queued = 0; ; queued++) {
    const r = await fetch(`${url}/api/v1/claims`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pass === undefined ? body : { ...body, pass }),
    });
    const answer = (await r.json()) as Record<string, unknown>;
    if (r.status !== 202) return { status: r.status, body: answer, queued };
    if (Date.now() > until) throw new Error(`still queued after ${queued + 1} tries: ${JSON.stringify(answer)}`);
    pass = answer.pass;
    const wait = Math.min(capMs, Number(r.headers.get('retry-after') ?? 1) * 1000);
    await new Promise((w) => setTimeout(w, wait));
  }
}

/** The subscriber a locate found (the test fails plainly otherwise). */
export function located(l: Located): StoredSubscriber {
  if (!('found' in l)) throw new Error(`not found: ${JSON.stringify(l)}`);
  return l.found;
}
