// Delivery under faults: mail server down, temporary and permanent refusals, give-up, repeated
// form posts, competing workers, crashes mid-write, and the real server killed with SIGKILL.
// The promise under test: a ticket the buyer was told is received reaches the seller, and each
// email is sent once (at least once when a process dies mid-send).
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Transport } from '../../src/mail/message.ts';
import { createWorker, type Portal } from '../../src/portal.ts';
import { damagedFields, damagedForm, makeTempDataDir, sha256, sleep, twoPhotos, waitFor, type TempDir } from '../helpers/fixtures.ts';
import { makePortal, makeWorker, readState, receiptMessageId, SELLER, sellerMessageId, submitForm } from '../helpers/portal.ts';
import { ensureBuilt, postTicket, serverEnv, startServer, type PortalServer } from '../helpers/server.ts';
import { freePort, SmtpReceiver, startReceiver, waitForMessages } from '../helpers/smtp-receiver.ts';

const BUYER = 'ana@buyer.test';

let tmp: TempDir;
let cleanups: (() => unknown)[] = [];
const later = (fn: () => unknown) => cleanups.push(fn);

beforeEach(async () => {
  tmp = await makeTempDataDir();
});

afterEach(async () => {
  for (const fn of cleanups.reverse()) await fn();
  cleanups = [];
  await tmp.cleanup();
});

/** A receiver object on a port where nothing listens yet. */
async function downReceiver(): Promise<SmtpReceiver> {
  const receiver = new SmtpReceiver(await freePort());
  later(() => receiver.stop());
  return receiver;
}

async function upReceiver(): Promise<SmtpReceiver> {
  const receiver = await startReceiver();
  later(() => receiver.stop());
  return receiver;
}

function worker(portal: Portal) {
  const w = makeWorker(portal);
  later(() => w.close());
  return w.worker;
}

/** A portal on this test's data dir sending to `receiver`, one damaged-item ticket in it, and its worker. */
async function oneTicket(receiver: SmtpReceiver) {
  const portal = await makePortal(tmp.path, receiver.url);
  const { reference } = await submitForm(portal, damagedForm());
  return { portal, reference, w: worker(portal) };
}

/** Sleep until the ticket's next attempt is due. */
async function untilDue(portal: Portal, reference: string): Promise<void> {
  const state = await readState(portal, 'new', reference);
  const wait = Date.parse(state.nextAttemptAt) - Date.now();
  if (wait > 0) await sleep(wait + 5);
}

function expectDeliveredOnce(receiver: SmtpReceiver, reference: string): void {
  expect(receiver.byMessageId(sellerMessageId(reference)), `seller emails for ${reference}`).toHaveLength(1);
  expect(receiver.byMessageId(receiptMessageId(reference)), `receipts for ${reference}`).toHaveLength(1);
}

describe('a: mail server down, then back', () => {
  it('keeps the ticket pending with MAIL_TEMPORARY, then delivers it once after the retry delay', async () => {
    const receiver = await downReceiver();
    const { portal, reference, w } = await oneTicket(receiver);

    const failedAt = Date.now();
    await w.runOnce();
    expect(await portal.spool.locate(reference)).toBe('new');
    const state = await readState(portal, 'new', reference);
    expect(state.attempts).toBe(1);
    expect(state.lastError?.code).toBe('MAIL_TEMPORARY');
    expect(state.sent).toEqual({});
    // First retry after RETRY_FIRST (100ms) ± 10% jitter.
    const delay = Date.parse(state.nextAttemptAt) - failedAt;
    expect(delay).toBeGreaterThanOrEqual(80);
    expect(delay).toBeLessThanOrEqual(200);
    expect(await portal.spool.counts()).toMatchObject({ pending: 1, failed: 0 });

    await receiver.start();
    await untilDue(portal, reference);
    await w.runOnce();

    expect(receiver.messages).toHaveLength(2);
    expectDeliveredOnce(receiver, reference);
    expect(await portal.spool.locate(reference)).toBe('sent');
    const sent = await readState(portal, 'sent', reference);
    expect(sent.attempts).toBe(1);
    expect(sent.sent.seller).toMatchObject({ messageId: sellerMessageId(reference) });
    expect(sent.sent.receipt).toMatchObject({ messageId: receiptMessageId(reference) });
    expect(await portal.spool.counts()).toMatchObject({ pending: 0, failed: 0 });

    await w.runOnce();
    expect(receiver.messages).toHaveLength(2);
  });
});

describe('b: temporary refusal (451)', () => {
  it.each(['data', 'rcpt'] as const)('451 at %s for the first message, then 250: delivered after the retry, once', async (phase) => {
    const receiver = await upReceiver();
    receiver.refuse(phase, 451, 1);
    const { portal, reference, w } = await oneTicket(receiver);

    await w.runOnce();
    expect(receiver.messages).toHaveLength(0);
    const state = await readState(portal, 'new', reference);
    expect(state.attempts).toBe(1);
    expect(state.lastError?.code).toBe('MAIL_TEMPORARY');
    expect(state.lastError?.message).toContain('451');

    await untilDue(portal, reference);
    await w.runOnce();
    expectDeliveredOnce(receiver, reference);
    expect(await portal.spool.locate(reference)).toBe('sent');
  });

  it('451 for the receipt after the seller email went out: the retry sends only the receipt', async () => {
    const receiver = await upReceiver();
    receiver.refuse('rcpt', 451, 1, BUYER);
    const { portal, reference, w } = await oneTicket(receiver);

    await w.runOnce();
    expect(receiver.byMessageId(sellerMessageId(reference))).toHaveLength(1);
    expect(receiver.byMessageId(receiptMessageId(reference))).toHaveLength(0);
    const state = await readState(portal, 'new', reference);
    expect(state.sent.seller).toMatchObject({ messageId: sellerMessageId(reference) });
    expect(state.sent.receipt).toBeUndefined();
    expect(state.lastError?.code).toBe('MAIL_TEMPORARY');

    await untilDue(portal, reference);
    await w.runOnce();
    expectDeliveredOnce(receiver, reference);
    expect(await portal.spool.locate(reference)).toBe('sent');
  });
});

describe('c: permanent refusal (550)', () => {
  it.each(['data', 'rcpt'] as const)('550 at %s for the seller email: ticket goes to failed/ with MAIL_PERMANENT', async (phase) => {
    const receiver = await upReceiver();
    receiver.refuse(phase, 550, 1, SELLER);
    const { portal, reference, w } = await oneTicket(receiver);

    await w.runOnce();
    expect(await portal.spool.locate(reference)).toBe('failed');
    const state = await readState(portal, 'failed', reference);
    expect(state.attempts).toBe(1);
    expect(state.lastError?.code).toBe('MAIL_PERMANENT');
    expect(state.lastError?.message).toContain('550');
    // The buyer is not told "sent to the seller" when the seller email bounced.
    expect(receiver.messages).toHaveLength(0);
    expect(await portal.spool.counts()).toMatchObject({ pending: 0, failed: 1 });

    // failed/ is left alone by later passes.
    await w.runOnce();
    expect(receiver.messages).toHaveLength(0);
    expect(await portal.spool.locate(reference)).toBe('failed');
  });

  it('550 only for the receipt recipient: seller email delivered, receipt recorded as skipped, ticket in sent/', async () => {
    const receiver = await upReceiver();
    receiver.refuse('rcpt', 550, 1, BUYER);
    const { portal, reference, w } = await oneTicket(receiver);

    await w.runOnce();
    expect(receiver.byMessageId(sellerMessageId(reference))).toHaveLength(1);
    expect(receiver.byMessageId(receiptMessageId(reference))).toHaveLength(0);
    expect(await portal.spool.locate(reference)).toBe('sent');
    const state = await readState(portal, 'sent', reference);
    expect(state.sent.seller).toMatchObject({ messageId: sellerMessageId(reference) });
    expect(state.sent.receipt).toMatchObject({ skipped: expect.stringContaining('550') });
    expect(state.attempts).toBe(0);
    expect(await portal.spool.counts()).toMatchObject({ pending: 0, failed: 0 });
  });
});

describe('d: give up', () => {
  it('receiver down past GIVE_UP_AFTER on the first attempt: failed/ with MAIL_GIVE_UP', async () => {
    const receiver = await downReceiver();
    const portal = await makePortal(tmp.path, receiver.url, { GIVE_UP_AFTER: '1ms' });
    const { reference } = await submitForm(portal, damagedForm());
    await sleep(5);
    await worker(portal).runOnce();
    expect(await portal.spool.locate(reference)).toBe('failed');
    const state = await readState(portal, 'failed', reference);
    expect(state.lastError?.code).toBe('MAIL_GIVE_UP');
    expect(state.attempts).toBe(1);
    expect(await portal.spool.counts()).toMatchObject({ pending: 0, failed: 1 });
  });

  it('retries while younger than GIVE_UP_AFTER, gives up on the first failure past it', async () => {
    const receiver = await downReceiver();
    const portal = await makePortal(tmp.path, receiver.url, { GIVE_UP_AFTER: '400ms' });
    const { reference } = await submitForm(portal, damagedForm());
    const created = Date.now();
    const w = worker(portal);
    await w.runOnce();
    expect(await portal.spool.locate(reference)).toBe('new');
    expect((await readState(portal, 'new', reference)).lastError?.code).toBe('MAIL_TEMPORARY');

    await sleep(Math.max(0, created + 450 - Date.now()));
    await w.runOnce();
    expect(await portal.spool.locate(reference)).toBe('failed');
    const state = await readState(portal, 'failed', reference);
    expect(state.lastError?.code).toBe('MAIL_GIVE_UP');
    expect(state.attempts).toBe(2);
    expect(receiver.messages).toHaveLength(0);
  });
});

describe('e: double submission', () => {
  it('the same submissionKey posted again returns the first reference and spools one ticket', async () => {
    const receiver = await upReceiver();
    const portal = await makePortal(tmp.path, receiver.url);
    const fields = damagedFields();
    const first = await submitForm(portal, damagedForm(fields));
    const second = await submitForm(portal, damagedForm(fields));
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ reference: first.reference, duplicate: true });
    expect(await portal.spool.list('new')).toEqual([first.reference]);

    await worker(portal).runOnce();
    expect(receiver.messages).toHaveLength(2);
    expectDeliveredOnce(receiver, first.reference);

    // Posted again after delivery: still the same ticket, nothing new is sent.
    const third = await submitForm(portal, damagedForm(fields));
    expect(third).toEqual({ reference: first.reference, duplicate: true });
    await worker(portal).runOnce();
    expect(receiver.messages).toHaveLength(2);
  });

  it('concurrent posts with one key (Promise.all) make one ticket and one seller email', async () => {
    const receiver = await upReceiver();
    const portal = await makePortal(tmp.path, receiver.url);
    const fields = damagedFields();
    const results = await Promise.all(Array.from({ length: 6 }, () => submitForm(portal, damagedForm(fields))));
    const refs = new Set(results.map((r) => r.reference));
    expect(refs.size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const [reference] = [...refs] as [string];
    expect(await portal.spool.list('new')).toEqual([reference]);
    expect(await fs.readdir(portal.spool.dir('tmp'))).toEqual([]);

    await worker(portal).runOnce();
    expect(receiver.messages).toHaveLength(2);
    expectDeliveredOnce(receiver, reference);
  });

  it('concurrent posts with one key through two portal instances (two processes) make one ticket', async () => {
    const receiver = await upReceiver();
    const a = await makePortal(tmp.path, receiver.url);
    const b = await makePortal(tmp.path, receiver.url);
    for (let round = 0; round < 10; round++) {
      const fields = damagedFields();
      const results = await Promise.all([a, b, a, b].map((p) => submitForm(p, damagedForm(fields))));
      expect(new Set(results.map((r) => r.reference)).size, `round ${round}: ${JSON.stringify(results)}`).toBe(1);
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    }
    expect(await a.spool.list('new')).toHaveLength(10);
    expect(await fs.readdir(a.spool.dir('tmp'))).toEqual([]);
  });

  // Another process linked the key and is between its fsync and its rename into new/ (tmp/
  // holds the complete ticket). A repeat post must not take that for a dead write and spool a
  // second ticket: Spool.lookupKey waits for a recent tmp/ folder to land.
  it('a repeat post while another process is finishing the first write does not spool a second ticket', async () => {
    const receiver = await upReceiver();
    const a = await makePortal(tmp.path, receiver.url);
    const b = await makePortal(tmp.path, receiver.url);
    const fields = damagedFields();
    const first = await submitForm(a, damagedForm(fields));
    // Put process A back to the moment before its rename: key linked, ticket complete in tmp/.
    await fs.rename(a.spool.dir('new', first.reference), a.spool.dir('tmp', first.reference));
    // A finishes its rename 150 ms later, while B's repeat post is being handled.
    const finishA = sleep(150).then(() => fs.rename(a.spool.dir('tmp', first.reference), a.spool.dir('new', first.reference)));
    const second = await submitForm(b, damagedForm(fields));
    await finishA;
    expect(second.reference).toBe(first.reference);
    expect(await a.spool.list('new')).toEqual([first.reference]);
  });
});

describe('f: two workers on one data dir', () => {
  /** Call runOnce until nothing is left in new/ (one call should do; the drain test checks that). */
  async function drain(portal: Portal, errors: string[] = []): Promise<void> {
    const w = worker(portal);
    for (let i = 0; i < 100 && (await portal.spool.list('new')).length > 0; i++) {
      try {
        await w.runOnce();
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
  }

  async function submitMany(portals: Portal[], n: number): Promise<string[]> {
    const refs: string[] = [];
    for (let i = 0; i < n; i++) refs.push((await submitForm(portals[i % portals.length]!, damagedForm(damagedFields(), []))).reference);
    expect(new Set(refs).size).toBe(n);
    return refs;
  }

  it('deliver 20 tickets between them, each email exactly once', async () => {
    const receiver = await upReceiver();
    const a = await makePortal(tmp.path, receiver.url);
    const b = await makePortal(tmp.path, receiver.url);
    const refs = await submitMany([a, b], 20);

    const errors: string[] = [];
    await Promise.all([drain(a, errors), drain(b, errors)]);

    expect(errors).toEqual([]);
    await waitForMessages(receiver, 40, { timeoutMs: 2000 });
    expect(receiver.messages).toHaveLength(40);
    for (const ref of refs) expectDeliveredOnce(receiver, ref);
    expect((await a.spool.list('sent')).sort()).toEqual([...refs].sort());
    expect(await a.spool.counts()).toMatchObject({ pending: 0, failed: 0 });
  });

  // A worker that was never start()ed must still drain everything due in one pass.
  it('one runOnce() drains every due ticket, as `npm run worker -- --once` promises', async () => {
    const receiver = await upReceiver();
    const portal = await makePortal(tmp.path, receiver.url);
    const refs = await submitMany([portal], 3);
    await worker(portal).runOnce();
    expect((await portal.spool.list('sent')).sort()).toEqual([...refs].sort());
    expect(receiver.messages).toHaveLength(6);
  });

  // A ticket that waited in new/ longer than CLAIM_LEASE (any retry after a backoff above the
  // lease: with the defaults, 2 min lease and up to 15 min backoff) keeps its old folder mtime
  // when claim() renames it into active/, until claim()'s renew() a moment later. Another
  // worker whose recoverStale() runs in that instant sees an expired lease and takes the
  // ticket back from a live worker. Here that instant is made certain by running worker B's
  // recovery just before worker A's first utimes() on active/; claim() refreshes the mtime
  // before the rename, so the lease is fresh when the ticket lands.
  it("another worker's recovery never takes back a claim made a moment ago (ticket older than the lease)", async () => {
    const a = await makePortal(tmp.path, 'smtp://127.0.0.1:9', { CLAIM_LEASE: '1s' });
    const b = await makePortal(tmp.path, 'smtp://127.0.0.1:9', { CLAIM_LEASE: '1s' });
    const [reference] = (await submitMany([a], 1)) as [string];
    const waitedLong = new Date(Date.now() - 10 * 60_000);
    await fs.utimes(a.spool.dir('new', reference), waitedLong, waitedLong);

    const takenBack: string[] = [];
    const realUtimes = fs.utimes.bind(fs);
    let injected = false;
    const spy = vi.spyOn(fs, 'utimes').mockImplementation(async (p, atime, mtime) => {
      if (!injected && String(p).startsWith(a.spool.dir('active'))) {
        injected = true;
        takenBack.push(...(await b.spool.recoverStale(1000)));
      }
      return realUtimes(p, atime, mtime);
    });
    later(() => spy.mockRestore());

    const sent: string[] = [];
    const memory: Transport = {
      name: 'memory',
      send: async (m) => {
        sent.push(m.messageId);
        return { messageId: m.messageId };
      },
      close: () => {},
    };
    const error = await createWorker(a, memory)
      .runOnce()
      .then(() => null, (err: Error) => err.message);
    expect(injected).toBe(true);
    expect({ takenBack, error }).toEqual({ takenBack: [], error: null });
    expect(sent).toEqual([sellerMessageId(reference), receiptMessageId(reference)]);
    expect(await a.spool.locate(reference)).toBe('sent');
  });
});

describe('g: crash while writing tmp/', () => {
  it('a partial tmp/ folder is never sent, and is swept once older than the sweep age', async () => {
    const receiver = await upReceiver();
    const portal = await makePortal(tmp.path, receiver.url);
    // What accept() leaves when the process dies after the first file: no state, no ticket.json.
    const ref = 'HX-2345-6789';
    const partial = portal.spool.dir('tmp', ref);
    await fs.mkdir(path.join(partial, 'files'), { recursive: true });
    await fs.writeFile(path.join(partial, 'files', '01-damage.png'), twoPhotos()[0]!.data.subarray(0, 20));
    const w = worker(portal);

    await w.runOnce();
    expect(receiver.messages).toHaveLength(0);
    expect(await portal.spool.locate(ref)).toBeNull();
    expect(await portal.spool.counts()).toMatchObject({ pending: 0, failed: 0 });
    // Fresh: may still be a write in progress, so it stays.
    expect(await fs.readdir(portal.spool.dir('tmp'))).toEqual([ref]);

    const old = new Date(Date.now() - 2 * 3_600_000);
    await fs.utimes(partial, old, old);
    await w.runOnce();
    expect(await fs.readdir(portal.spool.dir('tmp'))).toEqual([]);
    expect(receiver.messages).toHaveLength(0);
  });

  it('a crash after linking the key but before the rename: the repeat post makes a new ticket, the old one is never sent', async () => {
    const receiver = await upReceiver();
    const portal = await makePortal(tmp.path, receiver.url);
    const fields = damagedFields();
    const photos = twoPhotos();
    const dead = await submitForm(portal, damagedForm(fields, photos));
    // The buyer never got an answer for this one: the process died before rename into new/.
    await fs.rename(portal.spool.dir('new', dead.reference), portal.spool.dir('tmp', dead.reference));
    const old = new Date(Date.now() - 2 * 3_600_000);
    await fs.utimes(portal.spool.dir('tmp', dead.reference), old, old);

    const retry = await submitForm(portal, damagedForm(fields, photos));
    expect(retry.duplicate).toBe(false);
    expect(retry.reference).not.toBe(dead.reference);

    await worker(portal).runOnce();
    expect(receiver.messages).toHaveLength(2);
    expectDeliveredOnce(receiver, retry.reference);
    expect(receiver.byMessageId(sellerMessageId(dead.reference))).toHaveLength(0);
    expect(await fs.readdir(portal.spool.dir('tmp'))).toEqual([]);
    const images = receiver.byMessageId(sellerMessageId(retry.reference))[0]!.parsed.attachments.filter((x) => x.contentType.startsWith('image/'));
    expect(images).toHaveLength(photos.length);
    const spooled = (await portal.spool.load('sent', retry.reference)).ticket.attachments.map((a) => a.sha256);
    expect(images.map((x) => sha256(x.content))).toEqual(spooled);
  });
});

describe('h: the real server killed with SIGKILL', () => {
  const servers: PortalServer[] = [];

  beforeAll(() => {
    ensureBuilt();
  }, 120_000);

  afterEach(async () => {
    for (const s of servers.splice(0)) await s.kill('SIGKILL');
  });

  afterAll(async () => {
    for (const s of servers.splice(0)) await s.kill('SIGKILL');
  });

  async function serve(port: number, smtpUrl: string): Promise<PortalServer> {
    const server = await startServer(port, serverEnv(tmp.path, smtpUrl));
    servers.push(server);
    return server;
  }

  async function located(reference: string): Promise<string | null> {
    for (const state of ['new', 'active', 'sent', 'failed']) {
      try {
        await fs.stat(path.join(tmp.path, 'spool', state, reference));
        return state;
      } catch {
        // not here
      }
    }
    return null;
  }

  it('killed after the ticket was spooled but before it could be sent: delivered once after restart', async () => {
    const receiver = await downReceiver();
    const port = await freePort();
    let server = await serve(port, receiver.url);

    const res = await postTicket(server, damagedForm());
    expect(res.status, res.body).toBe(200);
    expect(res.body).toContain('received');
    const reference = res.reference!;
    expect(reference).toMatch(/^HX-/);

    // The worker has tried (mail server down) and the ticket waits for its retry.
    await waitFor(async () => {
      try {
        const s = JSON.parse(await fs.readFile(path.join(tmp.path, 'spool/new', reference, 'state.json'), 'utf8'));
        return s.attempts >= 1;
      } catch {
        return false;
      }
    }, 'a failed first attempt');
    await server.kill('SIGKILL');
    expect(await server.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(['new', 'active']).toContain(await located(reference));

    await receiver.start();
    server = await serve(port, receiver.url);
    await waitFor(async () => (await located(reference)) === 'sent', `ticket in sent/\n${server.output()}`);
    await sleep(600); // a few more polls: nothing is sent again
    expectDeliveredOnce(receiver, reference);
    expect(receiver.messages).toHaveLength(2);
    const health = await (await fetch(`${server.origin}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', pending: 0, failed: 0 });
  });

  it('killed while the seller email is in flight: after the lease expires the restarted server delivers it', async () => {
    const receiver = await upReceiver();
    receiver.delay('data', 2000, 1, SELLER); // holds the answer to the first seller DATA
    const port = await freePort();
    let server = await serve(port, receiver.url);

    const res = await postTicket(server, damagedForm());
    expect(res.status, res.body).toBe(200);
    const reference = res.reference!;
    await waitFor(() => receiver.dataSeen >= 1, 'the seller message to reach the receiver');
    await server.kill('SIGKILL');
    expect(await located(reference)).toBe('active');

    server = await serve(port, receiver.url);
    await waitFor(async () => (await located(reference)) === 'sent', `ticket in sent/\n${server.output()}`);
    expect(server.output()).toContain(`recovered stale claim ${reference}`);
    // At least once: the copy the receiver was still holding when the sender died may count too.
    await sleep(2200);
    const sellerCopies = receiver.byMessageId(sellerMessageId(reference));
    expect(sellerCopies.filter((m) => !m.clientGone)).toHaveLength(1);
    expect(sellerCopies.length).toBeGreaterThanOrEqual(1);
    expect(receiver.byMessageId(receiptMessageId(reference))).toHaveLength(1);
    const state = JSON.parse(await fs.readFile(path.join(tmp.path, 'spool/sent', reference, 'state.json'), 'utf8'));
    expect(state.sent.seller.messageId).toBe(sellerMessageId(reference));
    expect(state.sent.receipt.messageId).toBe(receiptMessageId(reference));
  });
});
