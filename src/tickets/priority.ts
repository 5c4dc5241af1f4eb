// Priority and respond-by. Platforms refund automatically when a seller stays silent past
// their window, so every ticket carries the latest time a first answer still helps.
import type { Store } from '../config/store.ts';
import type { Priority, TicketInput } from './ticket.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function priorityOf(input: TicketInput): Priority {
  switch (input.kind) {
    case 'address-change':
      // Before shipment an address change is a quick fix; after it, often impossible.
      return input.answers.shipped === 'yes' ? 'high' : 'urgent';
    case 'cancel-order':
      return input.answers.shipped === 'yes' ? 'normal' : 'urgent';
    case 'not-received':
      return input.answers.tracking === 'in-transit' ? 'low' : 'high';
    case 'damaged':
    case 'missing-items':
      return 'high';
    case 'other':
      return 'normal';
  }
}

/** Hours to the first answer for each priority; never later than a day before auto-refund. */
export function respondBy(priority: Priority, createdAt: Date, windows: Store['windows']): Date {
  const wanted = { urgent: 4 * HOUR, high: DAY, normal: windows.firstResponseDays * DAY, low: windows.firstResponseDays * DAY }[
    priority
  ];
  const latest = Math.max(windows.autoRefundDays - 1, 0.5) * DAY;
  return new Date(createdAt.getTime() + Math.min(wanted, latest));
}
