// Which store a request is for: /s/<id>/… picks a store by path, otherwise the request's host
// name does (a store may list its own hosts), otherwise it is the default store. Pages are
// written once, for '/'; the middleware rewrites /s/<id>/rest to /rest and pages put the
// store's path back in front of every link they make.
import type { StoreSite, Stores } from './stores.ts';

export type StoreRoute =
  | { status: 'store'; site: StoreSite; /** The path to render, when it differs from the request's. */ rewrite?: string }
  | { status: 'unknown'; id: string };

const STORE_PATH = /^\/s\/([^/]*)(\/.*)?$/;

export function routeStore(stores: Stores, pathname: string, host: string): StoreRoute {
  const m = STORE_PATH.exec(pathname);
  if (!m) return { status: 'store', site: stores.byHost(host) ?? stores.main };
  const id = safeDecode(m[1]!);
  const site = stores.byId(id);
  // The default store lives at '/', not at /s/default/: one address per page.
  if (!site || site === stores.main) return { status: 'unknown', id };
  return { status: 'store', site, rewrite: m[2] ?? '/' };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
