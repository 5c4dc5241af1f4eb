// One deployment, several storefronts. content/store.yaml is the default store (today's
// single-store layout, unchanged); each folder content/stores/<id>/ adds a store with its own
// store.yaml and, optionally, its own shipping.yaml, help/ and replies/. What a store leaves
// out comes from the shared files, except its branding (name, logo, colours, tag, hosts and
// secret): inheriting another store's look is exactly the mix-up buyers must never see.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/format-error.ts';
import { loadShipping, type Shipping } from '../config/shipping.ts';
import { contentDir, STORE_ID, storeSchema, type Store } from '../config/store.ts';
import { parseYamlData, readYamlData } from '../config/yaml-file.ts';
import { loadReplies, loadStoreReplies, type Drafts } from '../triage/replies.ts';

export const DEFAULT_STORE = 'default';
const BRANDING = ['name', 'logo', 'colours', 'tag', 'hosts', 'secretEnv'] as const;

export interface StoreSite {
  id: string;
  /** URL prefix of this store's pages: '' for the default store, '/s/<id>' for the others. */
  path: string;
  store: Store;
  shipping: Shipping;
  /** Where its tickets go: its own sellerEmail, else SELLER_EMAIL, else the shared one. */
  sellerEmail: string;
  replies: Drafts;
  /** The folder whose help/ articles come before the shared ones; null for the default store. */
  helpDir: string | null;
}

export interface Stores {
  main: StoreSite;
  all: StoreSite[];
  byId(id: string): StoreSite | undefined;
  byHost(host: string): StoreSite | undefined;
}

export interface LoadOptions {
  root?: string;
  /** SELLER_EMAIL from the environment: overrides the shared address, not a store's own. */
  sellerEmail?: string | undefined;
}

export function loadStores({ root = contentDir(), sellerEmail }: LoadOptions = {}): Stores {
  const sharedFile = path.join(root, 'store.yaml');
  const sharedData = readYamlData(sharedFile);
  const shared = parseYamlData(sharedFile, sharedData, storeSchema);
  const sharedShipping = loadShipping(path.join(root, 'shipping.yaml'));
  const sharedReplies = loadReplies(path.join(root, 'replies'));
  const main: StoreSite = {
    id: DEFAULT_STORE,
    path: '',
    store: shared,
    shipping: sharedShipping,
    sellerEmail: sellerEmail ?? shared.sellerEmail,
    replies: sharedReplies,
    helpDir: null,
  };

  const all = [main];
  const problems: string[] = [];
  for (const id of storeFolders(path.join(root, 'stores'))) {
    const dir = path.join(root, 'stores', id);
    const rel = path.relative(process.cwd(), dir) || dir;
    if (!STORE_ID.test(id) || id === DEFAULT_STORE) {
      problems.push(`${rel}: a store folder name must be lower-case letters, digits and dashes (and not "${DEFAULT_STORE}")`);
      continue;
    }
    try {
      all.push(loadStore(id, dir, sharedData, main));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.lines);
    }
  }
  const stores = indexStores(all, problems);
  if (problems.length) throw new ConfigError(problems);
  return stores;
}

/** Look-ups over loaded stores; the first is the default one. Host clashes go into `problems`. */
export function indexStores(all: StoreSite[], problems: string[] = []): Stores {
  const hosts = new Map<string, string>();
  for (const site of all) {
    for (const host of site.store.hosts) {
      const other = hosts.get(host);
      if (other) problems.push(`store "${site.id}": host ${host} is already the host of store "${other}"`);
      hosts.set(host, site.id);
    }
  }
  const byId = new Map(all.map((s) => [s.id, s]));
  return {
    main: all[0]!,
    all,
    byId: (id) => byId.get(id),
    byHost: (host) => {
      const id = hosts.get(host.toLowerCase());
      return id === undefined ? undefined : byId.get(id);
    },
  };
}

function storeFolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return []; // no stores/ folder: a single-store deployment
  }
}

function loadStore(id: string, dir: string, sharedData: unknown, main: StoreSite): StoreSite {
  const file = path.join(dir, 'store.yaml');
  if (!fs.existsSync(file)) throw new ConfigError([`${path.relative(process.cwd(), file)}: missing; every store folder needs its store.yaml`]);
  const own = record(readYamlData(file));
  const inherited = Object.fromEntries(Object.entries(record(sharedData)).filter(([k]) => !(BRANDING as readonly string[]).includes(k)));
  const windows = { ...record(inherited.windows), ...record(own.windows) };
  const store = parseYamlData(file, { ...inherited, ...own, windows, tag: own.tag ?? id.toUpperCase().slice(0, 12) }, storeSchema);
  const shippingFile = path.join(dir, 'shipping.yaml');
  return {
    id,
    path: `/s/${id}`,
    store,
    shipping: fs.existsSync(shippingFile) ? loadShipping(shippingFile) : main.shipping,
    sellerEmail: typeof own.sellerEmail === 'string' ? store.sellerEmail : main.sellerEmail,
    replies: loadStoreReplies(path.join(dir, 'replies'), main.replies),
    helpDir: dir,
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The link-signing secret of a store: its own (named by secretEnv) or the shared PORTAL_SECRET.
 * A store that names a variable that is not set gets none, so its signed links are reported
 * as unchecked rather than checked against another store's secret.
 */
export function storeSecret(site: StoreSite, shared: string | undefined, env: Record<string, string | undefined> = process.env): string | undefined {
  if (!site.store.secretEnv) return shared;
  const own = env[site.store.secretEnv];
  return own && own.length >= 16 ? own : undefined;
}
