// The evidence a case needs, and which of it the buyer already gave. Disputes are won or lost
// on evidence: photos of item and box for damage, a picture of everything that arrived for a
// short shipment, proof of delivery from the carrier when tracking says delivered. Listing what
// is missing tells the seller what to ask for in the first reply and what to pull themselves.
import { t, type MessageKey } from '../i18n/index.ts';
import type { Ticket } from '../tickets/ticket.ts';

export type CheckStatus = 'supplied' | 'missing' | 'seller';
export type CheckKey = Extract<MessageKey, `check.${string}`>;

export interface CheckItem {
  key: CheckKey;
  status: CheckStatus;
}

/** Evidence for the ticket's case, in the order a seller would gather it. */
export function evidenceChecklist(ticket: Ticket): CheckItem[] {
  const shots = new Set(ticket.attachments.map((a) => a.shot));
  const shot = (...names: string[]): CheckStatus => (names.some((n) => shots.has(n)) ? 'supplied' : 'missing');
  const has = (value: unknown): CheckStatus =>
    value === undefined || value === '' || (Array.isArray(value) && value.length === 0) ? 'missing' : 'supplied';
  const item = (key: CheckKey, status: CheckStatus): CheckItem => ({ key, status });
  const seller = (key: CheckKey): CheckItem => ({ key, status: 'seller' });

  switch (ticket.kind) {
    case 'not-received': {
      const a = ticket.answers;
      switch (a.tracking) {
        case 'no-tracking':
          return [item('check.shipDate', has(a.shipDate)), item('check.destination', has(a.destinationCountry)), seller('check.proofOfPosting'), seller('check.orderAddress')];
        case 'in-transit':
          return [item('check.trackingNumber', has(a.trackingNumber)), item('check.shipDate', has(a.shipDate)), item('check.destination', has(a.destinationCountry)), seller('check.trackingHistory')];
        case 'stalled':
          return [item('check.trackingNumber', has(a.trackingNumber)), item('check.trackingScreenshot', shot('tracking')), seller('check.trackingHistory'), seller('check.carrierInquiry')];
        case 'delivered':
          return [
            item('check.signerName', has(a.signerName)),
            item('check.buyerChecks', has(a.checks)),
            seller('check.proofOfDelivery'),
            seller('check.shippingWeight'),
            seller('check.orderAddress'),
          ];
        case 'returned':
          return [item('check.trackingNumber', has(a.trackingNumber)), item('check.correctedAddress', has(a.correctedAddress)), seller('check.returnReason')];
        case 'customs':
          return [item('check.taxId', has(a.taxId)), item('check.customsNotice', shot('customs-notice')), item('check.trackingNumber', has(a.trackingNumber)), seller('check.trackingHistory')];
      }
      break;
    }
    case 'missing-items':
      return [item('check.everythingPhoto', shot('everything')), item('check.labelPhoto', shot('label')), item('check.packingSlip', shot('packing-slip')), seller('check.packingRecord')];
    case 'damaged': {
      const a = ticket.answers;
      if (a.problem === 'unsure-how-to-use') return [item('check.description', has(a.description)), item('check.itemPhoto', shot('item', 'damage')), seller('check.productGuide')];
      const video = ticket.attachments.some((f) => f.mediaType.startsWith('video/')) ? 'supplied' : 'missing';
      return [
        item('check.itemPhoto', shot('item')),
        item('check.damagePhoto', shot('damage')),
        item('check.packagingPhoto', shot('outer-box', 'inner-packing')),
        ...(a.problem === 'not-working' ? [item('check.video', video)] : []),
        item('check.description', has(a.description)),
        seller('check.packingRecord'),
      ];
    }
    case 'address-change':
      return [item('check.newAddress', 'supplied'), item('check.phone', has(ticket.answers.newAddress.phone)), seller('check.shipmentStatus')];
    case 'cancel-order':
      return [item('check.cancelReason', 'supplied'), seller('check.shipmentStatus')];
    case 'other':
      return [item('check.description', 'supplied'), item('check.photo', shot('photo'))];
  }
  return [];
}

const STATUS_KEY = { supplied: 'triage.supplied', missing: 'triage.missing', seller: 'triage.sellerToPull' } as const;

/** The checklist as rows for the seller's email: what, then ✓ / ✗ / seller to pull. */
export function checklistRows(ticket: Ticket, locale: string): { label: string; value: string }[] {
  return evidenceChecklist(ticket).map((c) => ({ label: t(locale, c.key), value: t(locale, STATUS_KEY[c.status]) }));
}
