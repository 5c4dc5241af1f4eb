// Wires settings, store content, spool, transport and worker together. The web server and the
// command-line tools both start from here, so they read the same settings the same way.
import { loadEnv, type Env } from './config/env.ts';
import { Drafts } from './drafts/drafts.ts';
import { loadStores, storeSecret, type Stores } from './stores/stores.ts';
import type { Transport } from './mail/message.ts';
import { transportFor } from './mail/transports/index.ts';
import { Spool } from './spool/spool.ts';
import { DeliveryWorker } from './spool/worker.ts';

export interface Portal {
  env: Env;
  /** Every storefront this deployment serves; `stores.main` is content/store.yaml's. */
  stores: Stores;
  spool: Spool;
  drafts: Drafts;
}

/** Stores, shipping and reply drafts are all read here: a mistake in any of them stops the start. */
export function createPortal(env: Env = loadEnv(), stores: Stores = loadStores({ sellerEmail: env.SELLER_EMAIL })): Portal {
  for (const site of stores.all) {
    const name = site.store.secretEnv;
    if (name && !storeSecret(site, env.PORTAL_SECRET)) {
      console.warn(`store "${site.id}": ${name} is not set or shorter than 16 characters; its signed links will be reported as unchecked`);
    }
  }
  return { env, stores, spool: new Spool(env.dataDir), drafts: new Drafts(env.dataDir) };
}

export function createWorker(portal: Portal, transport: Transport = transportFor(portal.env)): DeliveryWorker {
  const { env } = portal;
  return new DeliveryWorker({
    spool: portal.spool,
    transport,
    stores: portal.stores,
    settings: {
      from: env.MAIL_FROM,
      retryFirstMs: env.RETRY_FIRST,
      retryMaxMs: env.RETRY_MAX,
      giveUpAfterMs: env.GIVE_UP_AFTER,
      leaseMs: env.CLAIM_LEASE,
      pollMs: env.WORKER_POLL,
    },
  });
}

/**
 * A worker running in this process registers here, so a just-accepted ticket is sent at once.
 * The web bundle and the start script are separate module graphs; a global symbol joins them.
 */
const KICK = Symbol.for('buyer-help-portal.kick');

export function registerKick(fn: () => void): void {
  (globalThis as Record<symbol, unknown>)[KICK] = fn;
}

export function kickWorker(): void {
  const fn = (globalThis as Record<symbol, unknown>)[KICK];
  if (typeof fn === 'function') fn();
}
