// The spool is the only record of tickets: folders on disk, moved between state folders by
// atomic rename. "Received" is said to a buyer only after a ticket is in new/ and synced.
//
//   tmp/<ref>/     being written; never sent, swept when stale
//   new/<ref>/     accepted, waiting for delivery (state.json says when to try next)
//   active/<ref>/  claimed by one worker; its folder mtime is the lease, renewed while working
//   sent/<ref>/    delivered; kept as the seller's record
//   failed/<ref>/  gave up; `npm run outbox -- retry <ref>` puts it back
//   keys/<hash>    submission key → reference, so a repeated form post finds its ticket
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PortalError } from '../lib/errors.ts';
import type { Ticket } from '../tickets/ticket.ts';
import { dropSpares, exists, fsyncDir, isErrno, readJson, replaceDurable, reserveSpares, writeDurable } from './durable.ts';

export const STATES = ['new', 'active', 'sent', 'failed'] as const;
export type SpoolState = (typeof STATES)[number];
export const PARTS = ['seller', 'receipt'] as const;
export type Part = (typeof PARTS)[number];

export interface DeliveryState {
  attempts: number;
  nextAttemptAt: string;
  /** When the give-up clock started: acceptance, or the last manual retry. */
  since?: string;
  lastError?: { code: string; message: string; at: string };
  sent: Partial<Record<Part, { messageId: string; at: string } | { skipped: string; at: string }>>;
}

export interface SpoolFile {
  storedName: string;
  data: Uint8Array;
}

export interface Job {
  reference: string;
  dir: string;
  ticket: Ticket;
  state: DeliveryState;
}

export class Spool {
  readonly root: string;
  private readonly keyLocks = new Map<string, Promise<unknown>>();

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'spool');
  }

  dir(state: SpoolState | 'tmp', reference = ''): string {
    return path.join(this.root, state, reference);
  }

  async init(): Promise<void> {
    for (const d of ['tmp', 'keys', ...STATES]) await fs.mkdir(path.join(this.root, d), { recursive: true });
  }

  /** Where a ticket is now, or null. */
  async locate(reference: string): Promise<SpoolState | null> {
    for (const state of STATES) if (await exists(this.dir(state, reference))) return state;
    return null;
  }

  /** The reference an earlier submission with this key produced, if that ticket exists. */
  async lookupKey(key: string): Promise<string | null> {
    try {
      const reference = (await fs.readFile(this.keyFile(key), 'utf8')).trim();
      // Another process may be between linking the key and moving its ticket out of tmp/:
      // wait for a recent tmp/ folder to land before deciding the key is stale.
      // tmp/ is looked at before the state folders: a rename out of tmp/ between the two looks
      // then still finds the ticket in new/.
      for (const started = Date.now(); ; ) {
        const st = await fs.stat(this.dir('tmp', reference)).catch(() => null);
        if (await this.locate(reference)) return reference;
        if (!st || Date.now() - st.mtimeMs > 60_000 || Date.now() - started > 10_000) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      // The key outlived a write that never reached new/: it names nothing the buyer was told of.
      await fs.rm(this.keyFile(key), { force: true });
      return null;
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return null;
      throw err;
    }
  }

  /**
   * Write the ticket durably and move it into new/. Resolves with the reference only when the
   * ticket is on disk; rejects with SPOOL_WRITE (nothing kept) otherwise. With a submission
   * key, a repeat resolves with the first ticket's reference and `duplicate: true`.
   */
  async accept(ticket: Ticket, files: SpoolFile[], key?: string): Promise<{ reference: string; duplicate: boolean }> {
    if (!key) return this.write(ticket, files);
    return this.withKeyLock(key, async () => {
      const earlier = await this.lookupKey(key);
      if (earlier) return { reference: earlier, duplicate: true };
      return this.write(ticket, files, key);
    });
  }

  private async write(ticket: Ticket, files: SpoolFile[], key?: string): Promise<{ reference: string; duplicate: boolean }> {
    const ref = ticket.reference;
    const tmp = this.dir('tmp', ref);
    if (await this.locate(ref)) throw new PortalError('REFERENCE_TAKEN', `reference ${ref} exists`);
    try {
      await fs.mkdir(path.join(tmp, 'files'), { recursive: true });
      for (const f of files) await writeDurable(path.join(tmp, 'files', f.storedName), f.data, 'wx');
      await fsyncDir(path.join(tmp, 'files'));
      const state: DeliveryState = { attempts: 0, nextAttemptAt: ticket.createdAt, sent: {} };
      await writeDurable(path.join(tmp, 'state.json'), JSON.stringify(state, null, 2), 'wx');
      await writeDurable(path.join(tmp, 'ticket.json'), JSON.stringify(ticket, null, 2), 'wx');
      await fsyncDir(tmp);
      if (key && !(await this.linkKey(key, ref))) {
        // Another process took this key between our lookup and now: theirs is the ticket.
        await fs.rm(tmp, { recursive: true, force: true });
        const winner = (await fs.readFile(this.keyFile(key), 'utf8')).trim();
        return { reference: winner, duplicate: true };
      }
      await fs.rename(tmp, this.dir('new', ref));
      try {
        await fsyncDir(this.dir('new'));
      } catch (err) {
        // Not known to be on disk, so the buyer hears "NOT received": the ticket must not stay
        // in new/ either, or the worker would send what the buyer was told is lost.
        await fs.rename(this.dir('new', ref), tmp).catch(() => {});
        throw err;
      }
      return { reference: ref, duplicate: false };
    } catch (err) {
      await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
      if (err instanceof PortalError) throw err;
      throw new PortalError('SPOOL_WRITE', `could not write ticket ${ref}: ${(err as Error).message}`, { cause: err });
    }
  }

  private keyFile(key: string): string {
    return path.join(this.root, 'keys', createHash('sha256').update(key).digest('hex').slice(0, 40));
  }

  /** Bind the key to this reference; false when another submission already holds it. */
  private async linkKey(key: string, reference: string): Promise<boolean> {
    const staging = path.join(this.root, 'keys', `.${reference}.tmp`);
    try {
      // Inside the try: a disk that fills up midway must not leave the staging file behind.
      await writeDurable(staging, reference);
      await fs.link(staging, this.keyFile(key));
    } catch (err) {
      if (isErrno(err, 'EEXIST')) return false;
      throw err;
    } finally {
      await fs.rm(staging, { force: true }).catch(() => {});
    }
    await fsyncDir(path.join(this.root, 'keys'));
    return true;
  }

  private async withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.keyLocks.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => {});
    this.keyLocks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.keyLocks.get(key) === settled) this.keyLocks.delete(key);
    }
  }

  async list(state: SpoolState): Promise<string[]> {
    try {
      return (await fs.readdir(this.dir(state))).filter((n) => !n.startsWith('.')).sort();
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return [];
      throw err;
    }
  }

  async load(state: SpoolState, reference: string): Promise<Job> {
    const dir = this.dir(state, reference);
    try {
      const [ticket, deliveryState] = await Promise.all([
        readJson<Ticket>(path.join(dir, 'ticket.json')),
        readJson<DeliveryState>(path.join(dir, 'state.json')),
      ]);
      return { reference, dir, ticket, state: deliveryState };
    } catch (err) {
      throw new PortalError('SPOOL_CORRUPT', `cannot read ${state}/${reference}: ${(err as Error).message}`, { cause: err });
    }
  }

  async readFile(job: Job, storedName: string): Promise<Buffer> {
    return fs.readFile(path.join(job.dir, 'files', storedName));
  }

  /** Take one due ticket for this process: atomic rename new/ → active/, so no one else sends it. */
  async claim(now = Date.now()): Promise<Job | null> {
    for (const ref of await this.list('new')) {
      let state: DeliveryState;
      try {
        state = await readJson<DeliveryState>(path.join(this.dir('new', ref), 'state.json'));
      } catch {
        continue; // moved by another process meanwhile, or unreadable: the next scan decides
      }
      if (Date.parse(state.nextAttemptAt) > now) continue;
      try {
        // Renew the lease before the move: a folder keeps its old mtime through a rename, and a
        // ticket that waited longer than the lease would look abandoned the moment it lands.
        const t = new Date();
        await fs.utimes(this.dir('new', ref), t, t);
        await fs.rename(this.dir('new', ref), this.dir('active', ref));
      } catch (err) {
        if (isErrno(err, 'ENOENT', 'ENOTEMPTY', 'EEXIST')) continue; // another worker won
        throw err;
      }
      await this.renew(ref);
      try {
        // Room for the two records a delivery makes after a mail server's "250" (seller email,
        // receipt), taken now: when the disk is full, nothing is sent that could not be recorded
        // as sent, and would therefore go again after the lease.
        await reserveSpares(path.join(this.dir('active', ref), 'state.json'), PARTS.length);
      } catch (err) {
        await fs.rename(this.dir('active', ref), this.dir('new', ref)).catch(() => {}); // else the lease brings it back
        throw err;
      }
      return this.load('active', ref);
    }
    return null;
  }

  /** Renew the lease on a claimed ticket (its folder's mtime). */
  async renew(reference: string): Promise<void> {
    const t = new Date();
    await fs.utimes(this.dir('active', reference), t, t);
  }

  /** Put back claims whose worker stopped renewing them (killed or hung). */
  async recoverStale(leaseMs: number, now = Date.now()): Promise<string[]> {
    const recovered: string[] = [];
    for (const ref of await this.list('active')) {
      try {
        const { mtimeMs } = await fs.stat(this.dir('active', ref));
        if (now - mtimeMs < leaseMs) continue;
        await fs.rename(this.dir('active', ref), this.dir('new', ref));
        recovered.push(ref);
      } catch (err) {
        if (!isErrno(err, 'ENOENT', 'ENOTEMPTY', 'EEXIST')) throw err;
      }
    }
    return recovered;
  }

  /** Remove tmp/ folders and key staging files left by a crash mid-write; they were never accepted. */
  async sweepTmp(olderThanMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    const staging = (await fs.readdir(path.join(this.root, 'keys')).catch(() => [] as string[]))
      .filter((n) => n.startsWith('.') && n.endsWith('.tmp'))
      .map((n) => path.join(this.root, 'keys', n));
    const folders = (await fs.readdir(this.dir('tmp')).catch(() => [] as string[])).map((n) => this.dir('tmp', n));
    for (const p of [...folders, ...staging]) {
      const { mtimeMs } = await fs.stat(p).catch(() => ({ mtimeMs: now }));
      if (now - mtimeMs < olderThanMs) continue;
      await fs.rm(p, { recursive: true, force: true });
      removed++;
    }
    return removed;
  }

  async saveState(job: Job): Promise<void> {
    await replaceDurable(path.join(job.dir, 'state.json'), JSON.stringify(job.state, null, 2));
  }

  /** Move a claimed or failed ticket to another state folder. */
  async move(job: Job, from: SpoolState, to: SpoolState): Promise<void> {
    await this.saveState(job);
    await fs.rename(this.dir(from, job.reference), this.dir(to, job.reference));
    await fsyncDir(this.dir(to));
    job.dir = this.dir(to, job.reference);
    // A waiting ticket keeps its spares for the next attempt; a finished one needs none.
    if (to === 'sent' || to === 'failed') await dropSpares(path.join(job.dir, 'state.json'));
  }

  async counts(now = Date.now()): Promise<{ pending: number; failed: number; oldestPendingSeconds: number | null }> {
    const pendingRefs = [
      ...(await this.list('new')).map((r) => this.dir('new', r)),
      ...(await this.list('active')).map((r) => this.dir('active', r)),
    ];
    let oldest: number | null = null;
    for (const dir of pendingRefs) {
      const st = await fs.stat(path.join(dir, 'ticket.json')).catch(() => null);
      if (st && (oldest === null || st.mtimeMs < oldest)) oldest = st.mtimeMs;
    }
    return {
      pending: pendingRefs.length,
      failed: (await this.list('failed')).length,
      oldestPendingSeconds: oldest === null ? null : Math.max(0, Math.round((now - oldest) / 1000)),
    };
  }
}
