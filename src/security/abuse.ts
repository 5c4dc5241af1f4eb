// Limits that keep one client or one order from flooding a seller's inbox, and the cheap bot
// traps (a field people never see, a minimum time to fill a form). Counters live in memory, per
// process: with several instances each has its own.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface Limits {
  /** Form saves (every Continue, Add item, photo upload) per client address. */
  savesPerClient: RateLimiterMemory;
  /** Tickets sent per client address. */
  ticketsPerClient: RateLimiterMemory;
  /** Tickets per order number: a buyer with one order rarely needs more than a few. */
  ticketsPerOrder: RateLimiterMemory;
}

export function createLimits(scale = 1): Limits {
  return {
    savesPerClient: new RateLimiterMemory({ keyPrefix: 'save', points: 60 * scale, duration: 600 }),
    ticketsPerClient: new RateLimiterMemory({ keyPrefix: 'ticket-ip', points: 10 * scale, duration: 3600 }),
    ticketsPerOrder: new RateLimiterMemory({ keyPrefix: 'ticket-order', points: 5 * scale, duration: 3600 }),
  };
}

/** Minutes until the limiter lets this key in again, or 0 when it is allowed now (and counted). */
export async function minutesToWait(limiter: RateLimiterMemory, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (res) {
    if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 60_000));
    throw res;
  }
}

/** The honeypot: named like a field autofill and bots love, hidden from people and readers. */
export const HONEYPOT_FIELD = 'website';
export const STARTED_FIELD = '_started';

export function looksLikeBot(form: FormData, minFillMs: number, now = Date.now()): boolean {
  if (String(form.get(HONEYPOT_FIELD) ?? '') !== '') return true;
  const raw = form.get(STARTED_FIELD);
  const started = typeof raw === 'string' && raw !== '' ? Number(raw) : Number.NaN;
  return minFillMs > 0 && (!Number.isFinite(started) || now - started < minFillMs);
}
