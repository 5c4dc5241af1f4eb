// What a failed or crashed write leaves in the spool, and that it is never taken for a ticket:
// the cases a real full disk cannot produce on demand (a directory fsync failing after the
// rename into new/) and the sweep of crash leftovers. Disk-full runs: tests/integration/disk-full.test.ts.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Spool } from '../../../src/spool/spool.ts';
import type { Ticket } from '../../../src/tickets/ticket.ts';

const fault = vi.hoisted(() => ({ fsyncDirOf: '' }));
vi.mock('../../../src/spool/durable.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/spool/durable.ts')>();
  return {
    ...real,
    fsyncDir: async (dir: string) => {
      if (fault.fsyncDirOf && dir === fault.fsyncDirOf) throw Object.assign(new Error(`EIO: i/o error, fsync '${dir}'`), { code: 'EIO' });
      return real.fsyncDir(dir);
    },
  };
});

let dir: string;
let spool: Spool;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spool-'));
  spool = new Spool(dir);
  await spool.init();
  fault.fsyncDirOf = '';
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const ticket = (reference: string) => ({ reference, createdAt: new Date().toISOString(), attachments: [] }) as unknown as Ticket;

describe('Spool.accept when the rename into new/ cannot be made durable', () => {
  it('rejects with SPOOL_WRITE and leaves no ticket to send; the same key then makes a new ticket', async () => {
    fault.fsyncDirOf = spool.dir('new');
    const key = 'k'.repeat(20);
    await expect(spool.accept(ticket('HX-AAAA-1111'), [{ storedName: '01-damage.png', data: new Uint8Array([1, 2, 3]) }], key)).rejects.toMatchObject({
      code: 'SPOOL_WRITE',
    });
    expect(await spool.list('new')).toEqual([]);
    expect(await fs.readdir(spool.dir('tmp'))).toEqual([]);
    expect(await spool.claim()).toBeNull();

    fault.fsyncDirOf = '';
    expect(await spool.accept(ticket('HX-BBBB-2222'), [], key)).toEqual({ reference: 'HX-BBBB-2222', duplicate: false });
    expect(await spool.list('new')).toEqual(['HX-BBBB-2222']);
  });
});

describe('Spool.claim sets space aside for the records a delivery makes', () => {
  it('a claimed ticket has two spares for state.json; sent/ keeps none', async () => {
    await spool.accept(ticket('HX-CCCC-3333'), []);
    const job = (await spool.claim())!;
    expect((await fs.readdir(job.dir)).sort()).toEqual(['files', 'state.json', 'state.json.spare-1', 'state.json.spare-2', 'ticket.json']);
    await spool.move(job, 'active', 'sent');
    expect((await fs.readdir(job.dir)).sort()).toEqual(['files', 'state.json', 'ticket.json']);
  });
});

describe('Spool.sweepTmp', () => {
  it('also removes stale key staging files a crash left in keys/, not fresh ones nor keys', async () => {
    const keys = path.join(spool.root, 'keys');
    await fs.writeFile(path.join(keys, '.HX-AAAA-BBBB.tmp'), 'HX-AAAA-BBBB');
    await fs.writeFile(path.join(keys, '.HX-CCCC-DDDD.tmp'), 'HX-CCCC-DDDD');
    await fs.writeFile(path.join(keys, '0123abcd'), 'HX-EEEE-FFFF');
    const old = new Date(Date.now() - 2 * 3_600_000);
    await fs.utimes(path.join(keys, '.HX-AAAA-BBBB.tmp'), old, old);
    await fs.utimes(path.join(keys, '0123abcd'), old, old);
    expect(await spool.sweepTmp(3_600_000)).toBe(1);
    expect((await fs.readdir(keys)).sort()).toEqual(['.HX-CCCC-DDDD.tmp', '0123abcd']);
  });
});
