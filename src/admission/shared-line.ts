/** @module What the shared waiting room asks of the store keeping its line (store/postgres/room.ts), and its fault. */
import type { KeyTag } from './pass.js';

/** What a node tells the store at each sync. */
export interface LineReport {
  node: string;
  /** Claims per second this node lets the line call (its ceiling, or its measured rate paced by its backlog). */
  pace: number;
  /** Claims per second this node serves (ceiling or measured rate): the deployment's sum gives the ETAs. */
  rate: number;
  /** Called tickets this node served since its last sync. */
  served: number[];
  /** Retry-After given since the last sync: ticket -> when its holder is due back (this node's clock, ms; sent as a delay). */
  dues: Map<number, number>;
  now: number;
  graceMs: number;
}

/** The line as the store sees it after a sync. */
export interface LineView {
  epoch: number;
  head: number;
  frontier: number;
  pace: number;
  rate: number;
  recycleRate: number;
  /** Called, not yet back, place still held (across the deployment). */
  pending: number;
  expired: number;
  nodes: number;
  /** Lapsed places this node's served tickets had (honoured late), counted in this sync. */
  late: number;
  /** The opening instant whose pre-queue has been drawn, or null. */
  drawnFor: number | null;
}

export interface LineJoin {
  /** -1: no live place for this key (only when `insert` was false). */
  ticket: number;
  frontier: number;
  head: number;
}

/** The store side (store/postgres/room.ts): each call is one round trip. */
export interface LineStore {
  /** The passes' secret and the numbering's epoch, the same for every node on this store, across restarts. */
  shared(): Promise<{ secret: Buffer; epoch: number }>;
  sync(r: LineReport): Promise<LineView>;
  /**
   * The live ticket of this key tag (latest: its latest ticket in any state), or (insert) a new one at the back of
   * the line, due back in `dueInMs` (pre: registered before opening, in the draw).
   */
  join(tag: KeyTag, dueInMs: number, o: { insert: boolean; pre: boolean; latest: boolean }): Promise<LineJoin>;
  /** Draws the pre-queue of this opening instant into random order, unless done (or being done by another node). */
  draw(opensAt: number): Promise<void>;
  /** The node stops: its rate stops counting at once rather than 3 s later. */
  leave(node: string): Promise<void>;
  /**
   * Deletes at most `limit` places served or lapsed (never a live one) whose due time is more than `keepMs` ago on the
   * store's clock, and answers how many; 0 when another node is pruning at that moment.
   */
  prune(keepMs: number, limit: number): Promise<number>;
}

/** The store could not be reached for the line: the claim path answers it as a store fault. */
export class LineUnavailable extends Error {
  constructor(cause?: unknown) {
    super('waiting room: the store keeping the line cannot be reached', { cause });
  }
}
