// Seller-editable store settings (content/store.yaml). Validated at start so a typo in the
// file stops the portal with a line naming the field, not a broken ticket later.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError, formatIssues } from './format-error.ts';

const days = z.number().positive().max(365);

export const storeSchema = z
  .object({
    name: z.string().min(1).max(80).regex(/^[^\r\n\p{Cc}]+$/u, 'must be one line of text'),
    sellerEmail: z.email('must be an email address'),
    /** Language of ticket emails to the seller (BCP 47). */
    sellerLanguage: z.string().default('en'),
    /** IANA time zone the seller works in; respond-by times are shown in it. */
    timeZone: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    referencePrefix: z.string().regex(/^[A-Z]{2,4}$/, 'must be 2–4 capital letters').default('HX'),
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
  const rel = path.relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${rel}: ${(err as Error).message.split('\n')[0]}`]);
  }
  const result = storeSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatIssues(rel, result.error));
  return result.data;
}
