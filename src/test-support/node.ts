/** @module Starts a real node on a temp data dir (demo data, random port) for API, page and load tests. */
import type { Logger } from 'pino';
import { serveConfig } from '../config/config.js';
import { startNode, type RunningNode } from '../server/start.js';
import { silentLog, tempDir } from './fixtures.js';

/** `log`: where the node logs (silent by default); a test that waits on a logged event passes its own. */
export async function startTestNode(
  env: Record<string, string> = {}, flags: Record<string, string | boolean> = {}, o: { log?: Logger } = {},
): Promise<RunningNode & { dir: string; stop: () => Promise<void> }> {
  const t = tempDir('guichet-node-');
  const cfg = serveConfig({ port: '0', 'data-dir': t.dir, ...flags }, { GUICHET_HOST: '127.0.0.1', ...env });
  const node = await startNode(cfg, o.log ?? silentLog);
  return {
    ...node, dir: t.dir,
    stop: async () => {
      await node.close();
      t.cleanup();
    },
  };
}
