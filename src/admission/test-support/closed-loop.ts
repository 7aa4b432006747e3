/** @module A closed-loop load generator on a fake clock (wrk-like): connections that never come back with a pass. */
// Each connection sends a claim for a new subscriber; an admitted claim takes its turn on a single-lane claim path
// (slower until `slowUntilMs`: a cold start), and the connection sends the next claim once it is answered; a 202
// is answered at once and the connection moves on to the next subscriber after `queuedMs`, never returning with the
// pass. This is how `guichet bench` (wrk) loads a node, and what stalled a line whose rate was measured during a
// cold start: nobody called ever comes back, so nothing is served and the rate is never measured again.
import type { FakeClock } from './crowd.js';
import type { WaitingRoom } from '../waiting-room.js';

export interface ClosedLoop {
  connections: number;
  slowUntilMs: number;
  slowMs: number;
  claimMs: number;
  queuedMs: number;
  untilMs: number;
}

/** Per whole second of the run: admissions and 202s. */
export interface Second {
  admitted: number;
  queued: number;
}

export function runClosedLoop(room: WaitingRoom, clock: FakeClock, o: ClosedLoop): Second[] {
  // Events in a binary heap by time: [at, connection, kind] with kind 0 an arrival, 1 a claim finished.
  const heap: [number, number, number][] = [];
  const push = (e: [number, number, number]) => {
    heap.push(e);
    for (let i = heap.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (heap[up][0] <= heap[i][0]) break;
      [heap[i], heap[up]] = [heap[up], heap[i]];
      i = up;
    }
  };
  const pop = (): [number, number, number] => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (l + 1 < heap.length && heap[l + 1][0] < heap[m][0]) m = l + 1;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  for (let c = 0; c < o.connections; c++) push([c * 0.01, c, 0]);
  const seconds: Second[] = [];
  let subscriber = 0;
  let laneFree = 0;
  while (heap.length > 0 && heap[0][0] < o.untilMs) {
    const [at, c, kind] = pop();
    clock.t = at;
    if (kind === 1) {
      room.finished();
      push([at + 0.1, c, 0]);
      continue;
    }
    const s = (seconds[Math.floor(at / 1000)] ??= { admitted: 0, queued: 0 });
    const a = room.arrive(`meter:${subscriber++}`, null);
    if (a.kind === 'admit') {
      s.admitted++;
      room.started();
      laneFree = Math.max(laneFree, at) + (at < o.slowUntilMs ? o.slowMs : o.claimMs);
      push([laneFree, c, 1]);
    } else {
      s.queued++;
      push([at + o.queuedMs, c, 0]);
    }
  }
  return seconds;
}
