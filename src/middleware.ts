// Every request: pick its store (by /s/<id>/ path or host name) and, on the way out, the
// headers every response carries: no MIME sniffing, never framed by another site (clickjacking
// on a form that takes personal data), no full URLs (draft ids, signed links) leaked as Referer.
import { defineMiddleware } from 'astro:middleware';
import { serverPortal } from './server-portal.ts';
import { routeStore } from './stores/route.ts';

const HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
};

export const onRequest = defineMiddleware(async (context, next) => {
  let response: Response;
  // A page's own rewrite (to /404, say) comes through here again: keep the store already chosen.
  if (context.locals.site !== undefined) response = await next();
  else {
    const route = routeStore(serverPortal().stores, context.url.pathname, context.url.hostname);
    if (route.status === 'unknown') {
      // No store's name, logo or colours: the 404 page renders without a store.
      context.locals.site = null;
      response = await next('/404');
    } else {
      context.locals.site = route.site;
      if (route.rewrite === undefined) response = await next();
      // Action calls from scripts (/s/<id>/_actions/…) need a full rewrite: Astro tells them
      // apart by the route they were routed to, which next(path) does not redo for them.
      else if (route.rewrite.startsWith('/_actions/')) response = await context.rewrite(`${route.rewrite}${context.url.search}`);
      else response = await next(`${route.rewrite}${context.url.search}`);
    }
  }
  try {
    for (const [name, value] of Object.entries(HEADERS)) if (!response.headers.has(name)) response.headers.set(name, value);
    const csp = response.headers.get('content-security-policy');
    if (csp && !csp.includes('frame-ancestors')) response.headers.set('content-security-policy', `${csp}; frame-ancestors 'none'`);
  } catch {
    // Some responses (e.g. fetched ones) have immutable headers; they are not pages.
  }
  return response;
});
