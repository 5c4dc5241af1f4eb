// The delivery worker: takes due tickets from the spool, sends the seller email and the buyer
// receipt, and records each part as sent before moving on, so a restart never sends a part
// twice. Failures wait with exponential backoff; past the give-up time a ticket goes to failed/.
import { PortalError } from '../lib/errors.ts';
import type { Transport } from '../mail/message.ts';
import { composeReceipt } from '../mail/receipt.ts';
import { composeSellerEmail } from '../mail/seller-email.ts';
import type { StoreSite, Stores } from '../stores/stores.ts';
import type { Job, Part, Spool } from './spool.ts';

export interface WorkerSettings {
  from: string;
  retryFirstMs: number;
  retryMaxMs: number;
  giveUpAfterMs: number;
  leaseMs: number;
  pollMs: number;
}

export interface WorkerDeps {
  spool: Spool;
  transport: Transport;
  stores: Stores;
  settings: WorkerSettings;
  log?: (line: string) => void;
  now?: () => number;
}

export function backoffMs(attempts: number, first: number, max: number, random = Math.random): number {
  const base = Math.min(first * 2 ** Math.max(0, attempts - 1), max);
  return Math.round(base * (0.9 + 0.2 * random())); // jitter so many instances do not retry in step
}

export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Set by stop(): a pass in progress ends after its current ticket. */
  private stopping = false;
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private readonly deps: WorkerDeps;

  constructor(deps: WorkerDeps) {
    this.deps = deps;
    this.log = deps.log ?? ((line) => console.log(line));
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.stopped = false;
    this.stopping = false;
    this.kick();
  }

  /** Run a pass now (a ticket was just accepted) instead of waiting for the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.runOnce()
      .catch((err: Error) => this.log(`worker: pass failed: ${err.message}`))
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.timer = setTimeout(() => this.kick(), this.deps.settings.pollMs);
          this.timer.unref?.();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: recover stale claims, then deliver every due ticket. Returns when none is due. */
  async runOnce(): Promise<void> {
    const { spool, settings } = this.deps;
    for (const ref of await spool.recoverStale(settings.leaseMs, this.now())) this.log(`worker: recovered stale claim ${ref}`);
    await spool.sweepTmp(3_600_000, this.now());
    for (let job = await spool.claim(this.now()); job; job = await spool.claim(this.now())) {
      await this.deliver(job);
      if (this.stopping) break;
    }
  }

  async deliver(job: Job): Promise<void> {
    const { spool, settings } = this.deps;
    const heartbeat = setInterval(() => spool.renew(job.reference).catch(() => {}), Math.max(settings.leaseMs / 4, 50));
    try {
      for (const part of ['seller', 'receipt'] as const) {
        if (job.state.sent[part]) continue;
        try {
          const { messageId } = await this.deps.transport.send(await this.compose(job, part));
          job.state.sent[part] = { messageId, at: new Date(this.now()).toISOString() };
          await spool.saveState(job);
          this.log(`worker: ${job.reference} ${part} sent via ${this.deps.transport.name}`);
        } catch (err) {
          const error = err instanceof PortalError ? err : new PortalError('MAIL_TEMPORARY', (err as Error).message, { cause: err });
          if (part === 'receipt' && error.code === 'MAIL_PERMANENT') {
            // A bad buyer address must not hold the seller's ticket back.
            job.state.sent.receipt = { skipped: error.message, at: new Date(this.now()).toISOString() };
            await spool.saveState(job);
            this.log(`worker: ${job.reference} receipt refused, skipped: ${error.message}`);
            continue;
          }
          await this.fail(job, error);
          return;
        }
      }
      await spool.move(job, 'active', 'sent');
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async compose(job: Job, part: Part) {
    const { settings, spool } = this.deps;
    const site = this.siteOf(job);
    if (part === 'receipt') return composeReceipt(job.ticket, site.store, settings.from, site.sellerEmail);
    const files = new Map<string, Buffer>();
    for (const a of job.ticket.attachments) files.set(a.storedName, await spool.readFile(job, a.storedName));
    return composeSellerEmail({ ticket: job.ticket, store: site.store, from: settings.from, to: site.sellerEmail, files, drafts: site.replies });
  }

  /** The ticket's store; a store removed since the ticket was accepted hands it to the default inbox. */
  private siteOf(job: Job): StoreSite {
    const { stores } = this.deps;
    const site = stores.byId(job.ticket.store.id);
    if (!site) this.log(`worker: ${job.reference} names store "${job.ticket.store.id}", which is no longer configured; sending to the default store's address`);
    return site ?? stores.main;
  }

  private async fail(job: Job, error: PortalError): Promise<void> {
    const { spool, settings } = this.deps;
    const now = this.now();
    job.state.attempts += 1;
    job.state.lastError = { code: error.code, message: error.message, at: new Date(now).toISOString() };
    const age = now - Date.parse(job.state.since ?? job.ticket.createdAt);
    if (error.code === 'MAIL_PERMANENT' || age >= settings.giveUpAfterMs) {
      if (error.code !== 'MAIL_PERMANENT') job.state.lastError.code = 'MAIL_GIVE_UP';
      await spool.move(job, 'active', 'failed');
      this.log(`worker: ${job.reference} moved to failed [${job.state.lastError.code}] ${error.message}`);
      return;
    }
    const wait = backoffMs(job.state.attempts, settings.retryFirstMs, settings.retryMaxMs);
    job.state.nextAttemptAt = new Date(now + wait).toISOString();
    await spool.move(job, 'active', 'new');
    this.log(`worker: ${job.reference} attempt ${job.state.attempts} failed [${error.code}] ${error.message}; retry in ${Math.round(wait / 1000)}s`);
  }
}
