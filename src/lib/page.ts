// What every page needs from a request: the portal, its store (chosen by the middleware), the
// buyer's language, and the storefront parameters to carry from page to page. Links are made
// with withCarried() so they keep the store's /s/<id> path and those parameters.
import type { AstroGlobal } from 'astro';
import { availableLocales } from '../i18n/index.ts';
import { pickLocale } from '../i18n/request.ts';
import { LINK_PARAMS } from '../links/context.ts';
import { requestSite, serverPortal } from '../server-portal.ts';
import type { StoreSite } from '../stores/stores.ts';

/** For pages that only exist inside a store (all but 404). */
export function pageContext(Astro: AstroGlobal) {
  const site = requestSite(Astro.locals);
  // The middleware sends a request for an unknown store only to the 404 page.
  if (site === null) throw new Error('pageContext: this page needs a store');
  return { ...storeContext(Astro, site), site, store: site.store };
}

/** For the 404 page, which also answers for store ids that do not exist (site is null). */
export function storeContext(Astro: AstroGlobal, site = requestSite(Astro.locals)) {
  const portal = serverPortal();
  const url = Astro.url;
  const offered = site ? site.store.languages : availableLocales();
  const locale = pickLocale(url.searchParams.get('lang'), Astro.request.headers.get('accept-language'), offered);
  /** Storefront parameters that prefill the form and travel with every link. */
  const carried = new URLSearchParams();
  for (const key of ['lang', ...LINK_PARAMS]) {
    const v = url.searchParams.get(key);
    if (v && v.length <= 254) carried.set(key, v);
  }
  const withCarried = (path: string, extra: Record<string, string> = {}) => {
    const q = new URLSearchParams(carried);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    const s = q.toString();
    return `${site?.path ?? ''}${path}${s ? `?${s}` : ''}`;
  };
  return { portal, site: site as StoreSite | null, locale, carried, withCarried };
}
