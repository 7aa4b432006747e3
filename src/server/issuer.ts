/** @module The node's prepaid issuer: the STS engine with the vending key (demo: a random one kept with the store), or the code pool. */
import type { Logger } from 'pino';
import type { PrepaidIssuer } from '../claims/ports.js';
import type { ServeConfig } from '../config/config.js';
import { CodePoolIssuer } from '../credits/code-pool.js';
import { StsIssuer } from '../credits/sts-issuer.js';
import type { Store } from '../store/contract.js';

/** null: prepaid claims are refused with reason issuance_unavailable (README, Configuration: the vending key), and the log says so. */
export async function openIssuer(cfg: ServeConfig, store: Store, demo: boolean, log: Logger): Promise<PrepaidIssuer | null> {
  let vendingKey = cfg.vendingKey;
  if (vendingKey === null && demo) {
    vendingKey = await store.demoVendingKey();
    log.warn(`DÉMO: using a random demo STS vending key kept in the ${store.engine === 'sqlite' ? 'data folder' : 'database'}; tokens are for virtual meters only`);
  }
  let issuer: PrepaidIssuer | null = null;
  if (cfg.prepaidIssuer === 'pool') issuer = await CodePoolIssuer.fromStore(store.codes);
  else if (vendingKey !== null) issuer = await StsIssuer.load(vendingKey, store.subscribers);
  if (issuer === null) {
    log.warn('no STS vending key (GUICHET_STS_VENDING_KEY or GUICHET_STS_VENDING_KEY_FILE): prepaid claims will be refused with reason issuance_unavailable');
  } else {
    log.info({ issuer: issuer.name, key_source: cfg.vendingKeySource ?? (demo ? 'demo' : null) }, 'prepaid issuer ready');
  }
  return issuer;
}
