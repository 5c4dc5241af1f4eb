// The ticket: what a buyer submits (TicketInput) and what the spool keeps and the seller
// receives as ticket.json (Ticket). One discriminated union on `kind`; sellers' tools can
// read the exported JSON Schema.
import { z } from 'zod';
import { STORE_ID, STORE_TAG } from '../config/store.ts';
import { answersByKind, type Kind } from './kinds.ts';
import { REFERENCE_PATTERN } from './reference.ts';
import { email, isLanguageTag, line, paragraph, requiredLine } from './text.ts';

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

const common = {
  orderNumber: requiredLine(40).refine(
    (v) => /^[\p{L}\p{N}#._/ -]*$/u.test(v),
    'err.orderNumber',
  ),
  buyerName: requiredLine(100),
  buyerEmail: email,
  message: paragraph(4000).optional(),
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'err.languageTag').refine(isLanguageTag, 'err.languageTag').default('en'),
  /** Random key the form carries so a repeated POST returns the first ticket. */
  submissionKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'err.formKey').optional(),
  /** Where the buyer came from: the storefront link's context. */
  context: z
    .object({
      source: line(300).optional(),
      orderVerified: z.boolean().default(false),
      linkNote: line(200).optional(),
    })
    .prefault({}),
};

function inputVariant<K extends Kind>(kind: K) {
  return z.object({ kind: z.literal(kind), ...common, answers: answersByKind[kind] });
}

const inputVariants = [
  inputVariant('not-received'),
  inputVariant('missing-items'),
  inputVariant('damaged'),
  inputVariant('address-change'),
  inputVariant('cancel-order'),
  inputVariant('other'),
] as const;

export const ticketInputSchema = z.discriminatedUnion('kind', inputVariants, {
  error: 'err.kind',
});
export type TicketInput = z.output<typeof ticketInputSchema>;

export const attachmentSchema = z.object({
  /** Which shot of the shot list this file answers, e.g. "damage" or "label". */
  shot: z.string().regex(/^[a-z0-9-]{1,40}$/),
  /** The buyer's file name, kept as data only. */
  fileName: line(255),
  /** Generated name inside the ticket folder; never derived from the buyer's name. */
  storedName: z.string().regex(/^[a-z0-9-]{1,60}\.[a-z0-9]{2,5}$/),
  mediaType: z.string().regex(/^(image|video)\/[a-z0-9.+-]+$/),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Attachment = z.output<typeof attachmentSchema>;

const stored = {
  reference: z.string().regex(REFERENCE_PATTERN),
  createdAt: z.iso.datetime(),
  /** Which storefront it came through; id and tag default for tickets spooled before stores existed. */
  store: z.object({
    id: z.string().regex(STORE_ID).default('default'),
    name: requiredLine(80),
    tag: z.string().regex(STORE_TAG).optional(),
  }),
  attachments: z.array(attachmentSchema).max(30),
  priority: z.enum(PRIORITIES),
  respondBy: z.iso.datetime(),
  /** An earlier ticket for the same order and kind within 30 days, found at submission. */
  duplicateOf: z.string().regex(REFERENCE_PATTERN).optional(),
  /** The carrier's tracking page for the buyer's tracking number, when a carrier is configured. */
  trackingLink: z.string().startsWith('https://').max(500).optional(),
  /** Last day delivery is normally expected (ship date + the destination's window). */
  expectedDelivery: z.iso.date().optional(),
};

function storedVariant<K extends Kind>(kind: K) {
  return inputVariant(kind).extend(stored);
}

export const ticketSchema = z.discriminatedUnion('kind', [
  storedVariant('not-received'),
  storedVariant('missing-items'),
  storedVariant('damaged'),
  storedVariant('address-change'),
  storedVariant('cancel-order'),
  storedVariant('other'),
]);
export type Ticket = z.output<typeof ticketSchema>;

/** JSON Schema of ticket.json, for sellers' tools. */
export function ticketJsonSchema(): object {
  return z.toJSONSchema(ticketSchema, { io: 'output', unrepresentable: 'any' });
}
