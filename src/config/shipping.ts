// The seller's shipping table (content/shipping.yaml): how long delivery normally takes to each
// destination. A "not received" report is only worth a ticket once that window has passed, and
// the buyer should hear the date the seller would give, not a guess. Validated at start like
// store.yaml, so a typo names its line instead of giving a buyer a wrong date.
import path from 'node:path';
import { z } from 'zod';
import { readYamlFile } from './yaml-file.ts';
import { contentDir } from './store.ts';

const COUNTRY = /^[A-Z]{2}$/;
const NAME = /^[a-z][a-z0-9-]{0,39}$/;
const WINDOW_KEY = /^(?:[A-Z]{2}|[a-z][a-z0-9-]{0,39})$/;
const NAME_RULE = 'must be lower-case letters, digits and dashes, such as europe';
const DEFAULT_KEY = 'default';

const country = z.string().regex(COUNTRY, 'must be a two-letter country code in capitals, such as DE');
const name = z.string().regex(NAME, NAME_RULE);
const days = z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(365, 'must be at most 365 days');

/** [min, max] days after shipping. */
const windowSchema = z
  .tuple([days, days], { error: 'must be [fewest days, most days], such as [10, 20]' })
  .refine(([min, max]) => min <= max, 'the first number (fewest days) must not be more than the second (most days)');

/**
 * A map whose keys follow a pattern. zod's own key check reports only "Invalid key in record"
 * and stops the cross-checks below; this names the rule and lets them run.
 */
function keyed<T extends z.ZodType>(value: T, key: RegExp, message: string) {
  return z.record(z.string(), value).superRefine((map, ctx) => {
    for (const k of Object.keys(map)) if (!key.test(k)) ctx.addIssue({ code: 'custom', path: [k], message });
  });
}

const methodSchema = z
  .object({
    name: z.string().min(1).max(80),
    /** Country code, region name or `default` → [min, max] days. */
    windows: keyed(windowSchema, WINDOW_KEY, 'must be a country code such as US, a region name such as europe, or default').refine(
      (w) => Object.hasOwn(w, DEFAULT_KEY),
      'needs a default window, so every destination has an answer',
    ),
  })
  .strict();

const carrierSchema = z
  .object({
    name: z.string().min(1).max(80),
    /** Tracking page; {tracking} is replaced by the URL-encoded tracking number. */
    tracking: z
      .string()
      .startsWith('https://', 'must start with https://')
      .refine((t) => t.includes('{tracking}'), 'must contain {tracking} where the tracking number goes')
      .refine((t) => URL.canParse(t.replaceAll('{tracking}', 'X')), 'must be a web address'),
  })
  .strict();

export const shippingSchema = z
  .object({
    defaultMethod: name,
    methods: keyed(methodSchema, NAME, NAME_RULE).refine((m) => Object.keys(m).length > 0, 'needs at least one method'),
    regions: keyed(z.array(country).min(1, 'needs at least one country'), NAME, NAME_RULE).default({}),
    carriers: z.array(carrierSchema).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (Object.keys(s.methods).length && !Object.hasOwn(s.methods, s.defaultMethod)) {
      ctx.addIssue({ code: 'custom', path: ['defaultMethod'], message: `names no method; methods are: ${Object.keys(s.methods).join(', ')}` });
    }
    if (Object.hasOwn(s.regions, DEFAULT_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['regions', DEFAULT_KEY], message: 'default is the fallback window, not a region name' });
    }
    // One country in two regions would make its window depend on key order.
    const regionOf = new Map<string, string>();
    for (const [region, countries] of Object.entries(s.regions)) {
      for (const [i, c] of countries.entries()) {
        const other = regionOf.get(c);
        if (other) ctx.addIssue({ code: 'custom', path: ['regions', region, i], message: `${c} is already in region ${other}` });
        else regionOf.set(c, region);
      }
    }
    for (const [method, m] of Object.entries(s.methods)) {
      for (const key of Object.keys(m.windows)) {
        if (!NAME.test(key) || key === DEFAULT_KEY || Object.hasOwn(s.regions, key)) continue;
        const known = Object.keys(s.regions);
        ctx.addIssue({
          code: 'custom',
          path: ['methods', method, 'windows', key],
          message: `names no region; ${known.length ? `regions are: ${known.join(', ')}` : 'no regions are defined'}`,
        });
      }
    }
  });

export type Shipping = z.output<typeof shippingSchema>;
export type Carrier = Shipping['carriers'][number];
export interface DeliveryWindow {
  min: number;
  max: number;
  /** Which entry answered: the country code, the region name, or "default". */
  source: string;
}

export function loadShipping(file = path.join(contentDir(), 'shipping.yaml')): Shipping {
  return readYamlFile(file, shippingSchema);
}

/** Normal delivery window to a country: its own entry, else its region's, else the default. */
export function deliveryWindow(shipping: Shipping, country: string, method = shipping.defaultMethod): DeliveryWindow {
  const m = shipping.methods[method];
  if (!m) throw new RangeError(`unknown shipping method "${method}"`);
  const code = country.trim().toUpperCase();
  const region = Object.entries(shipping.regions).find(([, countries]) => countries.includes(code))?.[0];
  for (const key of [code, region, DEFAULT_KEY]) {
    const w = key !== undefined && Object.hasOwn(m.windows, key) ? m.windows[key] : undefined;
    if (w) return { min: w[0], max: w[1], source: key! };
  }
  // The schema requires a default window; only a hand-built Shipping gets here.
  throw new RangeError(`shipping method "${method}" has no default window`);
}

/** Last day delivery is normally expected: the ship date plus the window's most days. */
export function expectedLatestDelivery(shipping: Shipping, shipDate: string, country: string, method?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(shipDate);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  // Date.UTC rolls 2026-02-30 over into March; a date that does not survive the round trip is not real.
  if (!date || date.toISOString().slice(0, 10) !== shipDate) throw new RangeError(`"${shipDate}" is not a date like 2026-11-23`);
  date.setUTCDate(date.getUTCDate() + deliveryWindow(shipping, country, method).max);
  return date.toISOString().slice(0, 10);
}

export function trackingUrl(carrier: Pick<Carrier, 'tracking'>, trackingNumber: string): string {
  return carrier.tracking.replaceAll('{tracking}', encodeURIComponent(trackingNumber.trim()));
}
