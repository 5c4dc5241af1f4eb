// A portal on a throw-away data dir, wired exactly as the server wires it (loadEnv + loadStore),
// with short delivery timings, and small helpers to submit forms and read spool state.
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadEnv } from '../../src/config/env.ts';
import { smtpTransport } from '../../src/mail/transports/smtp.ts';
import { createPortal, createWorker, type Portal } from '../../src/portal.ts';
import type { DeliveryState, SpoolState } from '../../src/spool/spool.ts';
import type { DeliveryWorker } from '../../src/spool/worker.ts';
import { parseSubmission } from '../../src/tickets/parse-form.ts';
import { submitTicket } from '../../src/tickets/submit.ts';
import type { Ticket } from '../../src/tickets/ticket.ts';

export const SELLER = 'seller@shop.test';
export const PORTAL_FROM = 'help@portal.test';

export function testEnvSource(dataDir: string, smtpUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PORTAL_DATA_DIR: dataDir,
    SMTP_URL: smtpUrl,
    SELLER_EMAIL: SELLER,
    MAIL_FROM: PORTAL_FROM,
    RETRY_FIRST: '100ms',
    RETRY_MAX: '400ms',
    GIVE_UP_AFTER: '1h',
    CLAIM_LEASE: '2m',
    WORKER_POLL: '200ms',
    PORTAL_WORKER: 'off',
    ...overrides,
  };
}

export async function makePortal(dataDir: string, smtpUrl: string, overrides: Record<string, string> = {}): Promise<Portal> {
  const portal = createPortal(loadEnv(testEnvSource(dataDir, smtpUrl, overrides)));
  await portal.spool.init();
  return portal;
}

/** A worker with its own SMTP transport, closed by `close()`; logs go to `log` (kept for failures). */
export function makeWorker(portal: Portal): { worker: DeliveryWorker; close(): void } {
  const transport = smtpTransport(portal.env.SMTP_URL!, 5_000);
  const worker = createWorker(portal, transport);
  return { worker, close: () => transport.close() };
}

/** The form path of the Astro action, without HTTP: parse, then spool. */
export async function submitForm(portal: Portal, form: FormData): Promise<{ reference: string; duplicate: boolean }> {
  const parsed = await parseSubmission(form);
  if (!parsed.ok) throw new Error(`form rejected: ${JSON.stringify(parsed.errors)}`);
  return submitTicket(portal, parsed.input, parsed.files);
}

export async function readState(portal: Portal, state: SpoolState, reference: string): Promise<DeliveryState> {
  return JSON.parse(await fs.readFile(path.join(portal.spool.dir(state, reference), 'state.json'), 'utf8')) as DeliveryState;
}

export async function readTicket(portal: Portal, state: SpoolState, reference: string): Promise<Ticket> {
  return JSON.parse(await fs.readFile(path.join(portal.spool.dir(state, reference), 'ticket.json'), 'utf8')) as Ticket;
}

export const sellerMessageId = (reference: string, domain = 'portal.test') => `${reference}.seller@${domain}`;
export const receiptMessageId = (reference: string, domain = 'portal.test') => `${reference}.receipt@${domain}`;
