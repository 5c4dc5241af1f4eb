// Tickets for every triage case (each tracking status, each damage problem, shipped or not),
// built from the shared valid inputs, stored as submitTicket would store them.
import { loadShipping } from '../../../src/config/shipping.ts';
import { storeSchema, type Store } from '../../../src/config/store.ts';
import { indexStores, type Stores } from '../../../src/stores/stores.ts';
import { replies } from '../../../src/triage/replies.ts';
import { priorityOf, respondBy } from '../../../src/tickets/priority.ts';
import { ticketInputSchema, ticketSchema, type Attachment, type Ticket } from '../../../src/tickets/ticket.ts';
import { validInputs } from '../../fixtures/tickets.ts';

export const CREATED = new Date('2026-11-23T10:00:00Z');

export function storeWith(overrides: Record<string, unknown> = {}): Store {
  return storeSchema.parse({ name: 'Example Gadgets', sellerEmail: 'seller@shop.test', timeZone: 'Asia/Shanghai', ...overrides });
}

/** A one-store deployment around `store`, for code that takes the portal's stores. */
export function sitesWith(store = storeWith(), shipping = loadShipping()): Stores {
  return indexStores([{ id: 'default', path: '', store, shipping, sellerEmail: store.sellerEmail, replies: replies(), helpDir: null }]);
}

export function shot(name: string, mediaType = 'image/jpeg'): Attachment {
  return { shot: name, fileName: `${name}.jpg`, storedName: `01-${name}.jpg`, mediaType, bytes: 10, sha256: 'a'.repeat(64) };
}

export function ticketFrom(input: unknown, extra: Partial<Ticket> = {}, store = storeWith(), createdAt = CREATED): Ticket {
  const parsed = ticketInputSchema.parse(input);
  const priority = priorityOf(parsed);
  return ticketSchema.parse({
    ...parsed,
    reference: 'HX-7K3Q-9M2D',
    createdAt: createdAt.toISOString(),
    store: { id: 'default', name: store.name, tag: store.tag },
    attachments: [],
    priority,
    respondBy: respondBy(priority, createdAt, store.windows).toISOString(),
    ...extra,
  });
}

const notReceived = validInputs['not-received/customs'];
const tracking = (status: string, answers: Record<string, unknown> = {}) => ({
  ...notReceived,
  answers: { tracking: status, wanted: 'wait', ...answers },
});
const damaged = (problem: string, wanted = 'replacement') => ({ ...validInputs.damaged, answers: { ...validInputs.damaged.answers, problem, wanted } });

/** One input per reply case, keyed by the case name. */
export const caseInputs = {
  'no-tracking': tracking('no-tracking', { shipDate: '2026-10-01', destinationCountry: 'BR' }),
  'in-transit': tracking('in-transit', { trackingNumber: 'LX123456789CN', shipDate: '2026-11-01', destinationCountry: 'BR' }),
  stalled: tracking('stalled', { trackingNumber: 'LX123456789CN' }),
  delivered: validInputs['not-received/delivered'],
  returned: tracking('returned', { correctedAddress: validInputs['address-change'].answers.newAddress }),
  customs: validInputs['not-received/customs'],
  'missing-items': validInputs['missing-items'],
  'damaged-broken': damaged('broken'),
  'damaged-not-working': damaged('not-working', 'refund'),
  'damaged-unsure-how-to-use': damaged('unsure-how-to-use'),
  'address-change': validInputs['address-change'],
  'cancel-order': validInputs['cancel-order'],
  other: validInputs.other,
} as const;

export const withLocale = (input: object, locale: string) => ({ ...input, locale });
