// Text rules applied at the schema boundary, so no call site has to sanitise again.
// Anything that may reach a mail header is one line with no control characters; free text
// may span lines but carries no other control characters (they hide content in mail clients).
import { z } from 'zod';

// C0/C1 controls, DEL, and the Unicode line/paragraph separators some mailers treat as breaks.
const HEADER_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const BODY_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/** One line of text, trimmed, safe for a mail header. */
export function line(max: number) {
  return z
    .string()
    .trim()
    .max(max, 'err.tooLong')
    .refine((v) => !HEADER_UNSAFE.test(v), 'err.oneLine');
}

export function requiredLine(max: number, message = 'err.required') {
  return line(max).refine((v) => v.length > 0, message);
}

/** Free text over several lines; CRLF is normalised to LF. */
export function paragraph(max: number) {
  return z
    .string()
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, 'err.tooLong'))
    .refine((v) => !BODY_UNSAFE.test(v), 'err.controlChars');
}

export const email = z
  .string()
  .trim()
  .max(254)
  .refine((v) => !HEADER_UNSAFE.test(v), 'err.oneLine')
  .pipe(z.email('err.email'));

export function isHeaderSafe(v: string): boolean {
  return !HEADER_UNSAFE.test(v);
}

/** Whether Intl takes the tag: shapes such as "en-a1" pass a simple pattern but make every
 * date format throw, which would stop the buyer's receipt for good. */
export function isLanguageTag(v: string): boolean {
  try {
    return Intl.getCanonicalLocales(v).length === 1;
  } catch {
    return false;
  }
}
