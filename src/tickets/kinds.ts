// The case-specific answers of each ticket kind. Values are stable codes (labels come from the
// message catalogue), so a seller's tools can read ticket.json whatever language was used.
import { z } from 'zod';
import { line, paragraph, requiredLine } from './text.ts';

export const KINDS = ['not-received', 'missing-items', 'damaged', 'address-change', 'cancel-order', 'other'] as const;
export type Kind = (typeof KINDS)[number];

/** Form fields arrive as strings; this turns "3" into 3 and leaves anything else to fail. */
const count = (min: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: 'err.wholeNumber' }).int('err.wholeNumber').min(min, 'err.atLeast').max(9999, 'err.atMost'),
  );

/** A checkbox group sends one value or several; either way it is a list. */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(20));

export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'err.countryCode');

const isoDate = z.iso.date('err.date');

export const addressSchema = z.object({
  recipient: requiredLine(100),
  line1: requiredLine(200),
  line2: line(200).optional(),
  city: requiredLine(100),
  region: line(100).optional(),
  postalCode: line(20).optional(),
  country: countryCode,
  phone: line(30)
    .refine((v) => /^\+?[0-9 ()./-]{4,30}$/.test(v), 'err.phone')
    .optional(),
});

export const shippedState = z.enum(['yes', 'no', 'not-sure']);

export const notReceivedAnswers = z.object({
  tracking: z.enum(['no-tracking', 'in-transit', 'stalled', 'delivered', 'returned', 'customs']),
  trackingNumber: line(60).optional(),
  shipDate: isoDate.optional(),
  destinationCountry: countryCode.optional(),
  checks: many(z.enum(['address-correct', 'neighbours', 'household', 'reception', 'mailbox'])),
  signerName: line(100).optional(),
  correctedAddress: addressSchema.optional(),
  taxId: line(40).optional(),
  wanted: z.enum(['wait', 'reship', 'refund']),
});

export const missingItemsAnswers = z.object({
  items: z
    .array(z.object({ name: requiredLine(200), ordered: count(1), received: count(0) }))
    .min(1, 'err.noItems')
    .max(50)
    .superRefine((items, ctx) => {
      items.forEach((item, i) => {
        if (item.received > item.ordered) {
          ctx.addIssue({ code: 'custom', path: [i, 'received'], message: 'err.moreThanOrdered' });
        }
      });
    }),
  wanted: z.enum(['send-missing', 'refund-missing']),
});

export const damagedAnswers = z
  .object({
    affected: count(1),
    total: count(1),
    problem: z.enum(['broken', 'not-working', 'unsure-how-to-use']),
    description: paragraph(4000).optional(),
    wanted: z.enum(['replacement', 'refund', 'partial-refund', 'return']),
  })
  .refine((a) => a.affected <= a.total, { path: ['affected'], message: 'err.moreThanTotal' });

export const addressChangeAnswers = z.object({
  shipped: shippedState,
  newAddress: addressSchema,
  reason: paragraph(1000).optional(),
});

export const cancelOrderAnswers = z.object({
  reason: z.enum(['changed-mind', 'ordered-by-mistake', 'found-cheaper', 'too-slow', 'other']),
  shipped: shippedState,
  details: paragraph(2000).optional(),
});

export const otherAnswers = z.object({
  subject: requiredLine(150),
  description: paragraph(4000).refine((v) => v.length > 0, 'err.required'),
});

export const answersByKind = {
  'not-received': notReceivedAnswers,
  'missing-items': missingItemsAnswers,
  damaged: damagedAnswers,
  'address-change': addressChangeAnswers,
  'cancel-order': cancelOrderAnswers,
  other: otherAnswers,
} as const satisfies Record<Kind, z.ZodType>;
