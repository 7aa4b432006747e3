/** @module What the console's web side needs from the node: the console services, the store, the claim core and its programme, the waiting room, the SMS history. */
import type { Logger } from 'pino';
import type { Store } from '../../store/contract.js';
import type { ConsoleServices } from '../index.js';

export interface ConsoleWebDeps {
  services: ConsoleServices;
  store: Store;
  logger: Logger;
  /** The load balancer's addresses: their X-Forwarded-For and X-Forwarded-Proto are believed. */
  trusted: ReadonlySet<string>;
  demo: boolean;
  now?: () => Date;
}
