// Seller-editable store settings (content/store.yaml). Validated at start so a typo in the
// file stops the portal with a line naming the field, not a broken ticket later.
import path from 'node:path';
import { z } from 'zod';
import { availableLocales } from '../i18n/index.ts';
import { readYamlFile } from './yaml-file.ts';

const days = z.number().positive().max(365);
const language = z.string().refine((v) => availableLocales().includes(v), {
  error: () => `must be one of the portal's languages: ${availableLocales().join(', ')}`,
});
/** Folder names that can be store ids: they appear in URLs (/s/<id>/) and in ticket.json. */
export const STORE_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** The short tag that starts a store's ticket subjects. */
export const STORE_TAG = /^[A-Za-z0-9-]{1,12}$/;
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d70b8');

export const storeSchema = z
  .object({
    // The name goes into every ticket and mail header: the same one-line rule as the ticket's fields.
    name: z.string().min(1).max(80).regex(/^[^\p{Cc}\u2028\u2029]+$/u, 'must be one line of text'),
    /** Shown in the header; a path under public/, e.g. /logo.svg. */
    logo: z.string().regex(/^\/[A-Za-z0-9._/-]+\.(svg|png|webp|jpg)$/, 'must be a path under public/ like /logo.svg').optional(),
    /** Header colour and the text on it; checked for contrast so the name stays readable. */
    colours: z
      .object({ brand: colour.default('#1d70b8'), brandText: colour.default('#ffffff') })
      .prefault({})
      .refine((c) => contrast(c.brand, c.brandText) >= 4.5, {
        error: (issue) => {
          const c = issue.input as { brand: string; brandText: string };
          return `brand and brandText contrast is ${contrast(c.brand, c.brandText).toFixed(1)}:1; it must be at least 4.5:1`;
        },
      }),
    sellerEmail: z.email('must be an email address'),
    /** Shown to buyers at the foot of each page; the seller's address when not set. */
    supportEmail: z.email('must be an email address').optional(),
    /** Language of ticket emails to the seller. */
    sellerLanguage: language.default('en'),
    /** Languages offered to buyers (first one is the default). */
    languages: z.array(language).min(1).default(() => availableLocales()),
    /** IANA time zone the seller works in; respond-by times are shown in it. */
    timeZone: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    referencePrefix: z.string().regex(/^[A-Z]{2,4}$/, 'must be 2–4 capital letters').default('HX'),
    /** Starts the subject of every ticket email, so one inbox can serve several stores. */
    tag: z.string().regex(STORE_TAG, 'must be 1–12 letters, digits or dashes, like OUT or shop-2').optional(),
    /** Host names that open this store (see content/stores/README.md); matched without port. */
    hosts: z.array(z.string().regex(/^[a-z0-9.-]+$/, 'must be a lower-case host name like help.example.com')).default([]),
    /** Name of the environment variable holding this store's link-signing secret. */
    secretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name like OUTDOOR_LINK_SECRET').optional(),
    /** What the buyer is promised in the receipt: a first answer within this many days. */
    responseDays: days.default(2),
    /** Platform deadlines that drive priority and respond-by dates. */
    windows: z
      .object({
        firstResponseDays: days.default(2),
        autoRefundDays: days.default(5),
        arbitrationDays: days.default(16),
      })
      .prefault({}),
  })
  .strict();

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

export type Store = z.output<typeof storeSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function contentDir(): string {
  return path.resolve(process.env.PORTAL_CONTENT_DIR ?? 'content');
}

export function loadStore(file = path.join(contentDir(), 'store.yaml')): Store {
  return readYamlFile(file, storeSchema);
}
