// Priority and respond-by. Platforms refund automatically when a seller stays silent past
// their window and hand the case to arbitration later still, so every ticket carries the latest
// time a first answer still helps, and what it costs to miss it.
import type { Store } from '../config/store.ts';
import type { Priority, TicketInput } from './ticket.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Windows = Store['windows'];

export function priorityOf(input: TicketInput): Priority {
  switch (input.kind) {
    case 'address-change':
      // Before shipment an address change is a quick fix; after it, often impossible. A buyer
      // who is not sure gets the urgent treatment: only the seller can tell.
      return input.answers.shipped === 'yes' ? 'high' : 'urgent';
    case 'cancel-order':
      return input.answers.shipped === 'yes' ? 'normal' : 'urgent';
    case 'not-received':
      // A parcel still moving needs reassurance; no tracking at all needs an answer but rarely
      // a fast one; every other status is a dispute in the making.
      if (input.answers.tracking === 'in-transit') return 'low';
      if (input.answers.tracking === 'no-tracking') return 'normal';
      return 'high';
    case 'damaged':
      // A buyer who cannot work out the product is helped by a guide, not a refund.
      return input.answers.problem === 'unsure-how-to-use' ? 'normal' : 'high';
    case 'missing-items':
      return 'high';
    case 'other':
      return 'normal';
  }
}

/**
 * Hours to the first answer for each priority. A dispute answered on its last day still looks
 * neglected, so respond-by stays a day (or half the window, when that is shorter) before the
 * platform's auto-refund, whatever the priority asks for.
 */
export function respondBy(priority: Priority, createdAt: Date, windows: Windows): Date {
  const wanted = {
    urgent: 4 * HOUR,
    high: Math.min(DAY, windows.firstResponseDays * DAY),
    normal: windows.firstResponseDays * DAY,
    low: windows.firstResponseDays * DAY,
  }[priority];
  const refund = windows.autoRefundDays * DAY;
  const latest = refund - Math.min(DAY, refund / 2);
  return new Date(createdAt.getTime() + Math.min(wanted, latest));
}

export interface Deadlines {
  respondBy: Date;
  /** The platform refunds the buyer when the seller has not answered by then. */
  autoRefund: Date;
  /** The platform steps in and decides (counted against the seller's dispute rate). */
  arbitration: Date;
}

export function deadlines(createdAt: Date, respondByAt: Date, windows: Windows): Deadlines {
  const at = (days: number) => new Date(createdAt.getTime() + days * DAY);
  return { respondBy: respondByAt, autoRefund: at(windows.autoRefundDays), arbitration: at(windows.arbitrationDays) };
}

/** Whole days and hours from `now` to `until` (negative when past), rounded down to the hour. */
export function timeLeft(now: Date, until: Date): { overdue: boolean; days: number; hours: number } {
  const ms = until.getTime() - now.getTime();
  const hours = Math.floor(Math.abs(ms) / HOUR);
  return { overdue: ms < 0, days: Math.floor(hours / 24), hours: hours % 24 };
}
