// Turns validated input and checked files into a stored ticket: reference, priority, respond-by
// and the seller's triage facts (possible duplicate, tracking link, expected delivery) are fixed
// here, so composing the seller email later is pure; the whole ticket is validated once more,
// then spooled durably.
import { createHash } from 'node:crypto';
import { expectedLatestDelivery, trackingUrl, type Shipping } from '../config/shipping.ts';
import { PortalError } from '../lib/errors.ts';
import type { Portal } from '../portal.ts';
import type { StoreSite } from '../stores/stores.ts';
import { OrderIndex } from '../triage/duplicates.ts';
import { priorityOf, respondBy } from './priority.ts';
import { newReference } from './reference.ts';
import { ticketSchema, type Ticket, type TicketInput } from './ticket.ts';

export interface AcceptedFile {
  shot: string;
  fileName: string;
  mediaType: string;
  ext: string;
  data: Uint8Array;
}

export async function submitTicket(
  portal: Portal,
  input: TicketInput,
  files: AcceptedFile[],
  now = new Date(),
  site: StoreSite = portal.stores.main,
): Promise<{ reference: string; duplicate: boolean }> {
  const { store } = site;
  const priority = priorityOf(input);
  const attachments = files.map((f, i) => ({
    shot: f.shot,
    fileName: f.fileName,
    storedName: `${String(i + 1).padStart(2, '0')}-${f.shot}.${f.ext}`,
    mediaType: f.mediaType,
    bytes: f.data.byteLength,
    sha256: createHash('sha256').update(f.data).digest('hex'),
  }));
  const orders = new OrderIndex(portal.spool.root, site.id);
  // Serialised per order, so two quick submissions for one order see each other.
  return orders.withOrder(input.orderNumber, async () => {
    const duplicateOf = await orders.findDuplicate(input.orderNumber, input.kind, now);
    for (let attempt = 0; ; attempt++) {
      const ticket: Ticket = ticketSchema.parse({
        ...input,
        reference: newReference(store.referencePrefix),
        createdAt: now.toISOString(),
        store: { id: site.id, name: store.name, tag: store.tag },
        attachments,
        priority,
        respondBy: respondBy(priority, now, store.windows).toISOString(),
        duplicateOf,
        ...shippingFacts(site.shipping, input),
      });
      try {
        const result = await portal.spool.accept(
          ticket,
          attachments.map((a, i) => ({ storedName: a.storedName, data: files[i]!.data })),
          input.submissionKey,
        );
        if (!result.duplicate) await orders.record(input.orderNumber, ticket).catch(() => {}); // a lost marker only costs a hint
        return result;
      } catch (err) {
        if (err instanceof PortalError && err.code === 'REFERENCE_TAKEN' && attempt < 5) continue;
        throw err;
      }
    }
  });
}

/** The tracking page (first configured carrier) and the normal latest delivery day, when known. */
function shippingFacts(shipping: Shipping | undefined, input: TicketInput): { trackingLink?: string; expectedDelivery?: string } {
  if (input.kind !== 'not-received' || !shipping) return {};
  const { trackingNumber, shipDate, destinationCountry } = input.answers;
  const carrier = shipping.carriers[0];
  let expectedDelivery: string | undefined;
  try {
    if (shipDate && destinationCountry) expectedDelivery = expectedLatestDelivery(shipping, shipDate, destinationCountry);
  } catch {
    // A ship date the schema accepted but the table cannot place: the ticket goes without it.
  }
  return { trackingLink: carrier && trackingNumber ? trackingUrl(carrier, trackingNumber) : undefined, expectedDelivery };
}
