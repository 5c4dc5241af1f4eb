// The web server's single portal instance, made on first use. Settings errors surface here
// too, but the start script has already checked them before the server listens.
import { createPortal, type Portal } from './portal.ts';
import { createLimits, type Limits } from './security/abuse.ts';
import type { StoreSite } from './stores/stores.ts';

let portal: Portal | undefined;

export function serverPortal(): Portal {
  portal ??= createPortal();
  return portal;
}

/**
 * The store the middleware chose for this request (`locals.site`): null for a store id that
 * does not exist; the default store when no middleware ran.
 */
export function requestSite(locals: App.Locals): StoreSite | null {
  return locals.site === undefined ? serverPortal().stores.main : locals.site;
}

let limits: Limits | null | undefined;

/** The process's rate limiters, or null when RATE_LIMIT_SCALE is 0. */
export function serverLimits(): Limits | null {
  if (limits === undefined) {
    const scale = serverPortal().env.RATE_LIMIT_SCALE;
    limits = scale > 0 ? createLimits(scale) : null;
  }
  return limits;
}
