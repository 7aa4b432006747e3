/** @module `guichet cluster`: N nodes on one PostgreSQL behind HAProxy on this machine, until Ctrl-C. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError, parse, runCommand } from './args.js';
import { NODE_RESTART } from '../lib/backoff.js';
import { PortInUse, startCluster, type ClusterEvent } from '../cluster/cluster.js';
import { HaproxyMissing } from '../cluster/haproxy.js';

const USAGE = 'cluster --nodes N --database-url URL [--port P] [--admit-rate R] [--no-demo] [--work-dir DIR]';
const HELP = `usage: guichet ${USAGE}

Starts N \`guichet serve\` nodes on one PostgreSQL database (migrated once first), each on a free loopback port,
and HAProxy in front of them on 127.0.0.1:P (default 8080, or PORT), configured from deploy/haproxy/guichet.cfg:
health checks on /healthz, each subscriber always sent to the same node, retries on another node when one fails.
Prints the balancer's URL once it answers /healthz. Ctrl-C (or SIGTERM) stops the balancer, then the nodes.
A node that stops is reported; HAProxy's health check takes it out of rotation within about 2 s. It is started
again on its port after 0.5 s, doubling at each restart in a row up to 30 s (back to 0.5 s once it stayed up a
minute); HAProxy's health check puts it back in rotation.

--database-url   the nodes' store (or DATABASE_URL); required: nodes share their credits through it
--admit-rate R   claims/s for the whole cluster: each node's waiting room gets R / N
--no-demo        an empty store stays empty (otherwise the first node fills it with the demo programme and registry)
--work-dir DIR   keep the rendered haproxy.cfg and the nodes' logs there (default: a temporary folder, removed)
Needs HAProxy (Debian: apt-get install haproxy).`;

function whole(name: string, raw: string | undefined, min: number, max: number): number | null {
  if (raw === undefined) return null;
  const n = Number(raw);
  if (!/^[0-9]+$/.test(raw) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  return n;
}

export function clusterCommand(argv: string[]): Promise<number> {
  return runCommand('cluster', USAGE, async () => {
    const { values, positionals } = parse(argv, {
      nodes: { type: 'string' }, 'database-url': { type: 'string' }, port: { type: 'string' }, 'admit-rate': { type: 'string' },
      'no-demo': { type: 'boolean' }, 'work-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".`);
    const nodes = whole('nodes', values.nodes, 1, 32);
    if (nodes === null) throw new UsageError('--nodes N is required (how many nodes behind the balancer).');
    const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
    if (!databaseUrl) throw new UsageError('--database-url (or DATABASE_URL) is required: the nodes share one PostgreSQL store.');
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new UsageError('--database-url must be a postgres:// or postgresql:// URL.');
    const port = whole('port', values.port ?? process.env.PORT ?? '8080', 0, 65535)!;
    const admitRate = whole('admit-rate', values['admit-rate'], 1, 1_000_000);

    const workDir = values['work-dir'] ? resolve(values['work-dir']) : mkdtempSync(join(tmpdir(), 'guichet-cluster-'));
    mkdirSync(workDir, { recursive: true });
    const cleanup = () => {
      if (!values['work-dir']) rmSync(workDir, { recursive: true, force: true });
    };
    const say = (s: string) => console.error(`guichet cluster: ${s}`);

    let finish: (code: number) => void = () => {};
    const finished = new Promise<number>((r) => (finish = r));
    const seconds = (ms: number) => `${ms / 1000} s`;
    const onEvent = (e: ClusterEvent) => {
      switch (e.kind) {
        case 'node-exit': {
          const how = e.signal ? `signal ${e.signal}` : `exit ${e.code}`;
          say(`node${e.node} (pid ${e.pid}) stopped (${how}); HAProxy takes it out of rotation at its failed health checks ` +
            `(about 2 s), its subscribers go to the others; ${e.left} of ${nodes} node${nodes > 1 ? 's' : ''} left` +
            (e.left === 0 ? ': none, HAProxy answers 503 until one is back' : ''));
          break;
        }
        case 'node-restart':
          say(e.crashLoop
            ? `node${e.node} keeps stopping soon after it starts (restart ${e.attempt} in a row, none stayed up ` +
              `${seconds(NODE_RESTART.stableMs)}): crash loop; starting it again every ${seconds(e.delayMs)}, no faster, ` +
              `until it stays up or you stop the cluster; its errors are above and in its log (${join(workDir, `node${e.node}.log`)})`
            : `starting node${e.node} again in ${seconds(e.delayMs)} on the same port (attempt ${e.attempt})`);
          break;
        case 'node-restarted':
          say(`node${e.node} is back on ${e.url} (pid ${e.pid}, attempt ${e.attempt}); HAProxy puts it back in rotation ` +
            'after two good health checks');
          break;
        case 'node-restart-failed':
          say(`node${e.node} did not start again (attempt ${e.attempt}): ${e.reason}`);
          break;
        case 'health':
          say(`HAProxy: ${e.server} is ${e.state}${e.reason ? ` (${e.reason})` : ''}`);
          break;
        case 'balancer-exit':
          say(`HAProxy stopped (exit ${e.code}); stopping the nodes\n${e.stderr.trim().split('\n').slice(-10).join('\n')}`);
          finish(1);
          break;
      }
    };

    let cluster;
    try {
      cluster = await startCluster({ nodes, databaseUrl, port, admitRate, demo: values['no-demo'] !== true, workDir, onEvent, log: say });
    } catch (e) {
      cleanup();
      if (e instanceof HaproxyMissing || e instanceof PortInUse) {
        console.error(`guichet cluster: ${e.message}`);
        return e instanceof PortInUse ? 2 : 1;
      }
      throw e;
    }
    console.log(`Guichet: ${nodes} node${nodes > 1 ? 's' : ''} behind HAProxy on ${cluster.url}  (Ctrl-C stops everything)`);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => {
      say(`${sig}: stopping the balancer, then the nodes`);
      finish(0);
    });
    const code = await finished;
    await cluster.stop();
    cleanup();
    return code;
  });
}
