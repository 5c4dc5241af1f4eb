// Wires settings, store content, spool, transport and worker together. The web server and the
// command-line tools both start from here, so they read the same settings the same way.
import { loadEnv, type Env } from './config/env.ts';
import { loadShipping, type Shipping } from './config/shipping.ts';
import { loadStore, type Store } from './config/store.ts';
import { Drafts } from './drafts/drafts.ts';
import { loadReplies } from './triage/replies.ts';
import type { Transport } from './mail/message.ts';
import { transportFor } from './mail/transports/index.ts';
import { Spool } from './spool/spool.ts';
import { DeliveryWorker } from './spool/worker.ts';

export interface Portal {
  env: Env;
  store: Store;
  shipping: Shipping;
  spool: Spool;
  drafts: Drafts;
  sellerEmail: string;
}

export function createPortal(env: Env = loadEnv(), store: Store = loadStore(), shipping: Shipping = loadShipping()): Portal {
  loadReplies(); // a broken reply draft stops the start, as a broken store.yaml does
  return { env, store, shipping, spool: new Spool(env.dataDir), drafts: new Drafts(env.dataDir), sellerEmail: env.SELLER_EMAIL ?? store.sellerEmail };
}

export function createWorker(portal: Portal, transport: Transport = transportFor(portal.env)): DeliveryWorker {
  const { env } = portal;
  return new DeliveryWorker({
    spool: portal.spool,
    transport,
    store: portal.store,
    settings: {
      from: env.MAIL_FROM,
      sellerEmail: portal.sellerEmail,
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
