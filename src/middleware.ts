// Headers every response carries: no MIME sniffing, never framed by another site (clickjacking
// on a form that takes personal data), no full URLs (draft ids, signed links) leaked as Referer.
import { defineMiddleware } from 'astro:middleware';

const HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
};

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  try {
    for (const [name, value] of Object.entries(HEADERS)) if (!response.headers.has(name)) response.headers.set(name, value);
    const csp = response.headers.get('content-security-policy');
    if (csp && !csp.includes('frame-ancestors')) response.headers.set('content-security-policy', `${csp}; frame-ancestors 'none'`);
  } catch {
    // Some responses (e.g. fetched ones) have immutable headers; they are not pages.
  }
  return response;
});
