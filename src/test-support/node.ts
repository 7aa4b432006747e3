/** @module Starts a real node on a temp data dir (demo data, random port) for API, page and load tests. */
import { serveConfig } from '../config/config.js';
import { startNode, type RunningNode } from '../server/start.js';
import { silentLog, tempDir } from './fixtures.js';

export async function startTestNode(env: Record<string, string> = {}, flags: Record<string, string | boolean> = {}): Promise<RunningNode & { dir: string; stop: () => Promise<void> }> {
  const t = tempDir('guichet-node-');
  const cfg = serveConfig({ port: '0', 'data-dir': t.dir, ...flags }, { GUICHET_HOST: '127.0.0.1', ...env });
  const node = await startNode(cfg, silentLog);
  return {
    ...node, dir: t.dir,
    stop: async () => {
      await node.close();
      t.cleanup();
    },
  };
}
