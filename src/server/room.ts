/** @module The node's waiting room: one line in memory on SQLite, one line shared through PostgreSQL by every node on it. */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { SharedWaitingRoom, WaitingRoom, type Room } from '../admission/index.js';
import type { Cycle } from '../domain/programme.js';
import type { Metrics } from '../http/metrics.js';
import type { Store } from '../store/contract.js';

export interface NodeRoom {
  room: Room;
  stop(): Promise<void>;
}

export async function openRoom(store: Store, o: { admitRate: number | null; cycle: Cycle | null; log: Logger; metrics: Metrics }): Promise<NodeRoom> {
  // Opening hours come from the open cycle's opens_at/closes_at (read at start).
  const at = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);
  const settings = {
    now: () => performance.timeOrigin + performance.now(), random: Math.random,
    admitRate: o.admitRate, opening: { opensAt: at(o.cycle?.opens_at), closesAt: at(o.cycle?.closes_at) },
  };
  const line = store.sharedLine();
  if (line === null) {
    // One node on SQLite: its line is first come, first served across this process. Passes are signed with a
    // secret drawn at start; after a restart old passes count as newcomers (the room's epoch changed anyway).
    // People who arrive before opening join a pre-queue drawn into random order at opening time.
    return { room: new WaitingRoom({ ...settings, secret: randomBytes(32) }), stop: async () => {} };
  }
  // Several nodes may share this database: one line for all of them, kept in it (admission/shared-room.ts), with
  // the passes' secret and epoch kept there too, so any node honours any node's pass, also after restarts.
  const shared = new SharedWaitingRoom({
    ...settings, ...(await line.shared()), store: line, node: randomBytes(6).toString('hex'),
    // Said once when it starts and once when it ends: meanwhile the 503s and /healthz tell it.
    onSyncFault: (e) => {
      if (e === null) o.log.info('waiting room: in step with the shared line again');
      else o.log.error({ err: e instanceof Error ? e.message : String(e) }, 'waiting room: the shared line cannot be reached; claims that reach the line are answered 503');
    },
  });
  await shared.start();
  o.metrics.gauge('guichet_room_nodes', 'Nodes whose service rate the shared line counts (reported within 3 s).', () => shared.stats().nodes);
  o.metrics.gauge('guichet_room_sync_age_seconds', 'Age of this node\'s view of the shared line (synced every 0.1 s).', () => shared.stats().synced_ms_ago / 1000);
  o.metrics.counter('guichet_room_pruned_total', 'Served and lapsed places this node deleted from the shared line (kept twice the pass lifetime).', () => shared.stats().pruned);
  return { room: shared, stop: () => shared.stop() };
}
