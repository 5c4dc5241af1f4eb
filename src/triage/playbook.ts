// What to do next, case by case, so a seller does not have to reread dispute policy. The steps
// follow what experienced cross-border sellers do: reassure and share tracking while a parcel is
// within its window, chase the carrier and keep the buyer posted when tracking stalls, refund or
// replace a clear defect without argument, send a guide before anything else when the buyer
// just cannot work the product, and settle before the platform arbitrates.
import type { Store } from '../config/store.ts';
import { formatDate, t, type MessageKey } from '../i18n/index.ts';
import { deadlines } from '../tickets/priority.ts';
import type { Ticket } from '../tickets/ticket.ts';

export type PlaybookKey = Extract<MessageKey, `playbook.${string}`>;

export interface Step {
  key: PlaybookKey;
  vars?: Record<string, string>;
}

/** Disputes the platform can refund and arbitrate on its own (address and cancel requests are not). */
const DISPUTES = new Set(['not-received', 'missing-items', 'damaged']);

/** The next steps for a ticket; `now` decides whether a parcel is already past its window. */
export function playbookSteps(ticket: Ticket, store: Store, now: Date): Step[] {
  const steps: Step[] = [];
  const add = (...keys: PlaybookKey[]) => steps.push(...keys.map((key) => ({ key })));
  const date = (d: Date) => formatDate(store.sellerLanguage, d, store.timeZone);

  if (ticket.duplicateOf) steps.push({ key: 'playbook.duplicate', vars: { reference: ticket.duplicateOf } });
  switch (ticket.kind) {
    case 'not-received': {
      const late = ticket.expectedDelivery !== undefined && now.toISOString().slice(0, 10) > ticket.expectedDelivery;
      switch (ticket.answers.tracking) {
        case 'no-tracking':
          add('playbook.noTracking.check', 'playbook.noTracking.explain', 'playbook.late');
          break;
        case 'in-transit':
          add('playbook.inTransit.share', 'playbook.inTransit.extend');
          if (late) add('playbook.late');
          break;
        case 'stalled':
          add('playbook.stalled.replyNow', 'playbook.stalled.carrier', 'playbook.stalled.followUp');
          break;
        case 'delivered':
          add('playbook.delivered.address', 'playbook.delivered.proof', 'playbook.delivered.claim');
          break;
        case 'returned':
          add('playbook.returned.confirm', 'playbook.returned.reship');
          break;
        case 'customs':
          add(ticket.answers.taxId ? 'playbook.customs.forward' : 'playbook.customs.ask', 'playbook.customs.followUp');
          break;
      }
      break;
    }
    case 'missing-items':
      add('playbook.missing.compare', 'playbook.missing.resolve');
      break;
    case 'damaged':
      if (ticket.answers.problem === 'unsure-how-to-use') add('playbook.unsure.guide', 'playbook.unsure.confirm');
      else if (ticket.answers.problem === 'not-working') add('playbook.notWorking.video', 'playbook.notWorking.fixes', 'playbook.damaged.resolve');
      else add('playbook.damaged.review', 'playbook.damaged.resolve');
      if (ticket.answers.wanted === 'partial-refund') add('playbook.partialRefund');
      break;
    case 'address-change':
      if (ticket.answers.shipped !== 'yes') add('playbook.address.unshipped');
      if (ticket.answers.shipped !== 'no') add('playbook.address.shipped');
      break;
    case 'cancel-order':
      if (ticket.answers.shipped !== 'yes') add('playbook.cancel.unshipped');
      if (ticket.answers.shipped !== 'no') add('playbook.cancel.shipped');
      break;
    case 'other':
      add('playbook.other.answer');
      break;
  }
  if (DISPUTES.has(ticket.kind)) {
    const { arbitration } = deadlines(new Date(ticket.createdAt), new Date(ticket.respondBy), store.windows);
    steps.push({ key: 'playbook.settle', vars: { date: date(arbitration) } });
  }
  return steps;
}

/** Numbered steps in the seller's language. */
export function playbookLines(ticket: Ticket, store: Store, now: Date): string[] {
  return playbookSteps(ticket, store, now).map((s, i) => `${i + 1}. ${t(store.sellerLanguage, s.key, s.vars)}`);
}
