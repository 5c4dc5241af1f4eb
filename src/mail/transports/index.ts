// Picks the transport from the settings: SMTP when SMTP_URL is set, the .eml outbox otherwise.
import path from 'node:path';
import type { Env } from '../../config/env.ts';
import type { Transport } from '../message.ts';
import { outboxTransport } from './outbox.ts';
import { smtpTransport } from './smtp.ts';

export function transportFor(env: Env): Transport {
  return env.SMTP_URL ? smtpTransport(env.SMTP_URL) : outboxTransport(path.join(env.dataDir, 'outbox'));
}
