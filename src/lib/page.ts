// What every page needs from a request: the portal, the buyer's language, and the storefront
// parameters to carry from page to page.
import type { AstroGlobal } from 'astro';
import { pickLocale } from '../i18n/request.ts';
import { LINK_PARAMS } from '../links/context.ts';
import { serverPortal } from '../server-portal.ts';

export function pageContext(Astro: AstroGlobal) {
  const portal = serverPortal();
  const url = Astro.url;
  const locale = pickLocale(url.searchParams.get('lang'), Astro.request.headers.get('accept-language'), portal.store.languages);
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
    return s ? `${path}?${s}` : path;
  };
  return { portal, store: portal.store, locale, carried, withCarried };
}
