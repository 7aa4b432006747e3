/** @module `guichet serve`: configuration checked up front, then one node; stops cleanly on SIGINT/SIGTERM. */
import pino from 'pino';
import { serveConfig } from '../config/config.js';
import { UsageError, parse, runCommand, STORE_OPTIONS } from './args.js';
import { startNode } from '../server/start.js';
import { tuneHeapGrowth } from '../server/heap.js';
import { servingLine } from '../server/banner.js';
import { demoAccountsNotice } from '../demo/accounts.js';

const USAGE = 'serve [--port N] [--data-dir DIR | --database-url URL] [--no-demo] [--admit-rate N] [--per-address-rate N] [--per-address-connections N]';

export function serveCommand(argv: string[]): Promise<number> {
  return runCommand('serve', USAGE, async () => {
    const { values, positionals } = parse(argv, {
      ...STORE_OPTIONS, port: { type: 'string' }, 'no-demo': { type: 'boolean' }, 'admit-rate': { type: 'string' },
      'per-address-rate': { type: 'string' }, 'per-address-connections': { type: 'string' },
    });
    if (values.help) {
      console.log(`usage: guichet ${USAGE}\nWithout --no-demo, an empty store is filled with the demo programme and registry.\n--database-url (or DATABASE_URL): run on PostgreSQL; several nodes may share one database.\nThe HTTP API: docs/api.md, and /api/v1/docs on the running node. Several nodes, backups: docs/deployment.md.`);
      return 0;
    }
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".`);
    const cfg = serveConfig(values, process.env);
    tuneHeapGrowth(cfg.heapGrowingPercent);
    const log = pino({ level: cfg.logLevel, base: { svc: 'guichet' } }, pino.destination({ dest: 1, sync: false }));
    const node = await startNode(cfg, log).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') throw new UsageError(`port ${cfg.port} is already in use: stop the other program or choose --port.`);
      if (e.code === 'EACCES') throw new UsageError(`not allowed to listen on port ${cfg.port}: choose a port above 1024.`);
      if (cfg.databaseUrl !== null) {
        // Connected, then lost while loading (registry, credits): still one plain line, not a stack trace.
        const { PgConnectError, isConnectionFault, redactUrl } = await import('../store/postgres/pool.js');
        if (!(e instanceof PgConnectError) && isConnectionFault(e)) {
          throw new PgConnectError('unreachable', `lost the connection to PostgreSQL at ${redactUrl(cfg.databaseUrl)} while starting (${e.message}): try again once it is back`, { cause: e });
        }
      }
      throw e;
    });
    console.error(servingLine(node.url, node.demo));
    console.error(`Operators' console: ${node.console.url ?? node.url}/console`);
    if (node.demo) for (const line of demoAccountsNotice(node.console.demoAccounts, `${node.console.url ?? node.url}/console`)) console.error(line);
    await new Promise<void>((resolve) => {
      const stop = (sig: string) => {
        log.info({ signal: sig }, 'stopping: finishing answers in flight');
        node.close().then(resolve, resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    log.flush();
    return 0;
  });
}
