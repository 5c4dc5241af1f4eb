// Environment → typed settings. Read once at start; a missing or malformed value stops the
// server with one line naming the variable, instead of failing later on the first ticket.
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, formatIssues } from './format-error.ts';

const smtpUrl = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must look like smtp://user:pass@host:port or smtps://user:pass@host:port');

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'must be a number with a unit, e.g. 500ms, 30s, 15m, 3d')
  .transform(parseDuration);

export const envSchema = z.object({
  PORTAL_DATA_DIR: z.string().min(1).default('./data'),
  SELLER_EMAIL: z.email('must be an email address').optional(),
  MAIL_FROM: z.string().min(1).default('help@localhost').refine((v) => !/[\r\n]/.test(v), 'must be one line'),
  SMTP_URL: smtpUrl.optional(),
  PORTAL_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // Delivery timing; tests shorten these.
  RETRY_FIRST: duration.default(parseDuration('30s')),
  RETRY_MAX: duration.default(parseDuration('15m')),
  GIVE_UP_AFTER: duration.default(parseDuration('3d')),
  CLAIM_LEASE: duration.default(parseDuration('2m')),
  WORKER_POLL: duration.default(parseDuration('2s')),
  PORTAL_WORKER: z.enum(['on', 'off']).default('on'),
  /** A first form post sooner than this after the page loaded is taken for a bot. */
  MIN_FILL_TIME: duration.default(parseDuration('3s')),
  /** Multiplies every rate limit; 0 turns them off (for load tests on loopback). */
  RATE_LIMIT_SCALE: z.coerce.number().min(0).max(1000).default(1),
});

export type Env = z.output<typeof envSchema> & { dataDir: string };

export function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set", as a shell user would expect from `VAR= npm start`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) throw new ConfigError(formatIssues('environment', result.error));
  return { ...result.data, dataDir: path.resolve(result.data.PORTAL_DATA_DIR) };
}
