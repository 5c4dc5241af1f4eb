// Possible duplicates: a buyer who hears nothing often files the same problem again, and a
// seller answering both wastes time or, worse, refunds twice. Each accepted ticket leaves an
// empty marker file under data/spool/orders/<order hash>/ whose name says when, what kind and
// which reference, so finding earlier tickets for an order is one readdir, never a scan of
// the spool. Markers are created once ('wx') and never rewritten, so concurrent writers cannot
// lose each other's entries; in one process, submissions for the same order are serialised so
// the second one sees the first.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, isErrno, writeDurable } from '../spool/durable.ts';
import { KINDS, type Kind } from '../tickets/kinds.ts';

export const DUPLICATE_WINDOW_DAYS = 30;
const DAY = 86_400_000;

export interface IndexedTicket {
  reference: string;
  kind: Kind;
  createdAt: Date;
}

const MARKER = /^(\d{13})\.([a-z-]+)\.([A-Z0-9-]+)$/;

/**
 * Order numbers as buyers type them: "#8123-55 " and "8123-55" are the same order. Another
 * store's order 8123-55 is another order; the default store keeps the key it always had.
 */
export function orderKey(orderNumber: string, store = 'default'): string {
  const normal = orderNumber.normalize('NFKC').trim().replace(/^#/, '').replace(/\s+/g, ' ').toLowerCase();
  return createHash('sha256').update(store === 'default' ? normal : `${store}\n${normal}`).digest('hex').slice(0, 32);
}

const locks = new Map<string, Promise<unknown>>();

export class OrderIndex {
  readonly root: string;
  private readonly store: string;

  /** `spoolRoot` is the spool's folder (data/spool); the index lives in its orders/ folder. */
  constructor(spoolRoot: string, store = 'default') {
    this.root = path.join(spoolRoot, 'orders');
    this.store = store;
  }

  /** Every ticket recorded for this order, newest first; unreadable names are skipped. */
  async list(orderNumber: string): Promise<IndexedTicket[]> {
    let names: string[];
    try {
      names = await fs.readdir(path.join(this.root, orderKey(orderNumber, this.store)));
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return [];
      throw err;
    }
    const found: IndexedTicket[] = [];
    for (const name of names) {
      const m = MARKER.exec(name);
      if (!m || !(KINDS as readonly string[]).includes(m[2]!)) continue;
      found.push({ createdAt: new Date(Number(m[1])), kind: m[2] as Kind, reference: m[3]! });
    }
    return found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** The latest earlier ticket of this kind for this order within the window, if any. */
  async findDuplicate(orderNumber: string, kind: Kind, now: Date): Promise<string | undefined> {
    const since = now.getTime() - DUPLICATE_WINDOW_DAYS * DAY;
    const match = (await this.list(orderNumber)).find(
      (t) => t.kind === kind && t.createdAt.getTime() >= since && t.createdAt.getTime() <= now.getTime(),
    );
    return match?.reference;
  }

  async record(orderNumber: string, ticket: { reference: string; kind: Kind; createdAt: string }): Promise<void> {
    const dir = path.join(this.root, orderKey(orderNumber, this.store));
    await fs.mkdir(dir, { recursive: true });
    const name = `${String(Date.parse(ticket.createdAt)).padStart(13, '0')}.${ticket.kind}.${ticket.reference}`;
    try {
      await writeDurable(path.join(dir, name), '', 'wx');
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err; // recorded already: a retried submission
    }
    await fsyncDir(dir);
  }

  /** Run `fn` with no other submission for the same order running in this process. */
  async withOrder<T>(orderNumber: string, fn: () => Promise<T>): Promise<T> {
    const key = `${this.root}\0${orderKey(orderNumber, this.store)}`;
    const before = locks.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => {});
    locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (locks.get(key) === settled) locks.delete(key);
    }
  }
}
