/**
 * @module The console in a node: on the main port (a plugin of the node's app), or on an address and port of its
 * own (a second HTTP app from the kit, sharing the node's services), so a utility keeps it off the public interface.
 */
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../../http/app.js';
import type { AddressGuard } from '../../http/guard.js';
import { ConsoleServices } from '../index.js';
import { createConsoleWeb, type ConsoleWeb } from './index.js';
import { ensureDemoAccounts } from '../demo-accounts.js';
import type { DemoAccount } from '../../demo/accounts.js';
import type { ConsoleWebDeps } from './deps.js';

export interface ConsoleListen {
  host: string;
  port: number;
}

export interface ConsoleNodeOptions extends Omit<ConsoleWebDeps, 'services'> {
  /** Null: served on the node's main port (register `plugin` there). */
  listen: ConsoleListen | null;
  guard?: AddressGuard;
  headersTimeoutMs?: number;
}

export interface ConsoleNode {
  services: ConsoleServices;
  /** Demo mode: the accounts created at this start, with their passwords (to print once); empty otherwise. */
  demoAccounts: DemoAccount[];
  web: ConsoleWeb;
  /** For the node's main app when the console has no port of its own; null otherwise. */
  plugin: ((app: FastifyInstance) => void) | null;
  /** Its own app and address, when it has them. */
  app: FastifyInstance | null;
  url: string | null;
  close(): Promise<void>;
}

export async function openConsole(o: ConsoleNodeOptions): Promise<ConsoleNode> {
  const services = ConsoleServices.open(o.store, { now: o.now });
  // The first sign-in must not pay for the dummy hash that unknown emails are checked against.
  await services.auth.warm();
  const demoAccounts = o.demo ? await ensureDemoAccounts(services) : [];
  const stopPurge = services.startPurging(undefined, (e) => o.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'console: purge of old sessions failed; will try again'));
  const web = await createConsoleWeb({ ...o, services });
  if (o.listen === null) {
    return { services, demoAccounts, web, plugin: web.register, app: null, url: null, close: async () => (stopPurge(), web.close()) };
  }
  const app = createHttpApp({ logger: o.logger, guard: o.guard, headersTimeoutMs: o.headersTimeoutMs });
  web.register(app);
  try {
    await app.listen({ host: o.listen.host, port: o.listen.port });
  } catch (e) {
    stopPurge();
    web.close();
    await app.close();
    throw e;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.listen.port;
  const host = o.listen.host === '0.0.0.0' ? '127.0.0.1' : o.listen.host.includes(':') ? `[${o.listen.host}]` : o.listen.host;
  return {
    services, demoAccounts, web, plugin: null, app, url: `http://${host}:${port}`,
    close: async () => {
      stopPurge();
      web.close();
      await app.close();
    },
  };
}
