// A form post bigger than the body limit is refused by Astro before a byte of it is read
// (CONTENT_TOO_LARGE, 413): no draft, no file, no ticket. Because the body is never read, its
// fields (the language, the answers) are unknown; the page answers in the language of its URL
// or the browser, with the size from Content-Length. A body sent without Content-Length
// (chunked, from scripts; browsers always send one) is cut off at the limit, so its size is
// only known to be over it.
import { t } from '../i18n/index.ts';
import { UPLOAD_LIMITS } from '../uploads/limits.ts';

const MB = 1024 * 1024;

/** The code Astro gives an action whose request body is over `security.actionBodySizeLimit`. */
export const TOO_LARGE = 'CONTENT_TOO_LARGE';

const limitMb = Math.round(UPLOAD_LIMITS.maxTotalBytes / MB);

/** The same text with `{size}` left in, for the island to fill before it uploads anything. */
export function tooBigTemplate(locale: string): string {
  return t(locale, 'page.tooBig', { size: '{size}', limit: limitMb });
}

/** "Your photos and videos together are 52 MB; the most we can take is 40 MB…" */
export function tooBigText(locale: string, contentLength: string | null): string {
  const length = contentLength !== null && /^\d+$/.test(contentLength) ? Number(contentLength) : Number.NaN;
  // A body refused for size is over maxTotalBytes plus room for the form fields, so it never
  // rounds down to the limit it broke.
  return Number.isFinite(length) && length > UPLOAD_LIMITS.maxTotalBytes
    ? t(locale, 'page.tooBig', { size: Math.round(length / MB), limit: limitMb })
    : t(locale, 'page.tooBigUnknown', { limit: limitMb });
}

/** What a flow page says when its action was refused: the size text for a too-big body, else the action's own message. */
export function refusalText(error: { code: string; message: string }, locale: string, headers: Headers): string {
  return error.code === TOO_LARGE ? tooBigText(locale, headers.get('content-length')) : error.message;
}
