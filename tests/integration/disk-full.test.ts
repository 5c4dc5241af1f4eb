// The data disk fills up, or turns read-only, under the real running server. The portal's promise
// there: a buyer whose ticket could not be written is told it was NOT received, nothing
// half-written stays in the spool or is ever sent, a delivery in progress is not repeated, and the
// same process works again as soon as the disk does. The data directory is a small tmpfs mounted
// for the test, so every failure is the kernel's own ENOSPC or EROFS on the portal's real writes
// (no preload tricks, nothing mocked). Mounting needs root with CAP_SYS_ADMIN: CI has it; where
// it is missing the tests fail in CI and are skipped elsewhere, saying why.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import { mountDisk, mountProblem, PAGE, type Disk } from '../helpers/disk.ts';
import { damagedFields, damagedForm, makeJpeg, makePng, sleep, waitFor, type DamagedForm, type FormPhoto } from '../helpers/fixtures.ts';
import { receiptMessageId, SELLER, sellerMessageId } from '../helpers/portal.ts';
import { ensureBuilt, serverEnv, startServer, type PortalServer } from '../helpers/server.ts';
import { freePort, startReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

const problem = await mountProblem();
if (problem && !process.env.CI) console.warn(`disk-full tests skipped: cannot mount a tmpfs here: ${problem}`);

describe.skipIf(problem !== null && !process.env.CI)('the data disk full or read-only under the running server', () => {
  let cleanups: (() => unknown)[] = [];

  beforeAll(() => {
    if (problem) throw new Error(`these tests mount a small tmpfs as the data directory and need root with CAP_SYS_ADMIN: ${problem}`);
    ensureBuilt();
  }, 120_000);

  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups = [];
  });

  async function setUp(env: Record<string, string> = {}): Promise<{ disk: Disk; receiver: SmtpReceiver; server: PortalServer }> {
    const disk = await mountDisk(2 * 1024 * 1024);
    cleanups.push(() => disk.unmount());
    const receiver = await startReceiver();
    cleanups.push(() => receiver.stop());
    const server = await startServer(await freePort(), serverEnv(disk.dir, receiver.url, { RATE_LIMIT_SCALE: '0', ...env }));
    cleanups.push(() => server.kill('SIGKILL'));
    return { disk, receiver, server };
  }

  function photos(n: number): FormPhoto[] {
    return [
      { shot: 'damage', fileName: `a${n}.png`, data: makePng(6, 4, [n % 256, 90, 30]), type: 'image/png' },
      { shot: 'damage', fileName: `b${n}.jpg`, data: makeJpeg(`disk ${n}`), type: 'image/jpeg' },
    ];
  }

  async function submit(server: PortalServer, fields: DamagedForm, n: number) {
    const res = await fetch(`${server.origin}/_actions/submitTicket`, {
      method: 'POST',
      body: damagedForm(fields, photos(n)),
      headers: { Origin: server.origin },
    });
    const body = await res.text();
    const received = res.status === 200 && body.includes('"received"');
    return { status: res.status, body, reference: received ? /[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(body)![0] : null };
  }

  /** Every file under the spool, relative to it, so a test can say exactly what changed. */
  async function spoolFiles(disk: Disk): Promise<string[]> {
    const root = path.join(disk.dir, 'spool');
    const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
    return entries.map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();
  }

  const ordersOf = (receiver: SmtpReceiver) =>
    receiver.messages.flatMap((m) => m.parsed.attachments.filter((a) => a.filename === 'ticket.json').map((a) => JSON.parse(a.content.toString()).orderNumber as string));

  it('a full disk: every submission is refused as NOT received and leaves nothing; with space back the same process accepts and delivers', async () => {
    const { disk, receiver, server } = await setUp();
    const before = await submit(server, damagedFields({ orderNumber: 'D-0' }), 0);
    expect(before.reference, before.body).toBeTruthy();
    await waitFor(() => receiver.messages.length === 2, 'the first ticket to be delivered');
    // Nothing is sent while the disk is full: a ticket that fits in the last free pages waits.
    await receiver.stop();

    // Leave 0, 1, 2 … pages free, so the write fails at each of its steps in turn (photos,
    // state.json, ticket.json, the submission key) until a ticket fits.
    const refused: { fields: DamagedForm; n: number }[] = [];
    let fitted: { reference: string; order: string } | undefined;
    for (let pages = 0; pages <= 12 && !fitted; pages++) {
      const spoolBefore = await spoolFiles(disk);
      await disk.fill(pages * PAGE);
      const fields = damagedFields({ orderNumber: `D-${pages + 1}` });
      const res = await submit(server, fields, pages + 1);
      if (res.reference) {
        fitted = { reference: res.reference, order: fields.orderNumber };
        break;
      }
      expect(res.status, res.body).toBe(500);
      expect(res.body).toContain('NOT received');
      // Not a file more or less than before: no partial ticket, no tmp/ leftover, no key.
      expect(await spoolFiles(disk), `with ${pages} page(s) free`).toEqual(spoolBefore);
      refused.push({ fields, n: pages + 1 });
    }
    console.log(`disk-full: refused with 0…${refused.length - 1} pages free, accepted with ${refused.length}`);
    expect(refused.length, 'refused submissions before one fitted').toBeGreaterThanOrEqual(4);
    expect(fitted, 'a ticket fits once enough pages are free').toBeDefined();
    expect(server.output()).toMatch(/\[SPOOL_WRITE\] could not write ticket .*ENOSPC/);

    // Space back: the same process, not restarted, takes new tickets and delivers all it accepted.
    await disk.free();
    await receiver.start();
    const retried = await submit(server, refused[0]!.fields, refused[0]!.n); // the buyer tries again, same key
    const fresh = await submit(server, damagedFields({ orderNumber: 'D-fresh' }), 99);
    expect(retried.reference, retried.body).toBeTruthy();
    expect(fresh.reference, fresh.body).toBeTruthy();
    const accepted = [before.reference!, fitted!.reference, retried.reference!, fresh.reference!];
    await waitFor(() => receiver.messages.length >= 2 * accepted.length, `all ${accepted.length} tickets delivered\n${server.output()}`, 15_000);
    await sleep(1500); // a lease and a few polls: nothing goes twice
    expect(server.child.exitCode).toBeNull();
    for (const ref of accepted) {
      expect(receiver.byMessageId(sellerMessageId(ref)), `seller email ${ref}`).toHaveLength(1);
      expect(receiver.byMessageId(receiptMessageId(ref)), `receipt ${ref}`).toHaveLength(1);
    }
    expect(receiver.messages).toHaveLength(2 * accepted.length);
    // Refused tickets were never sent; the retried one went once, under its new reference.
    const delivered = ordersOf(receiver);
    for (const r of refused.slice(1)) expect(delivered).not.toContain(r.fields.orderNumber);
    expect(delivered.filter((o) => o === refused[0]!.fields.orderNumber)).toHaveLength(1);
    // The spool holds exactly the delivered tickets, with no stray temporary file anywhere.
    const files = await spoolFiles(disk);
    expect(files.filter((f) => /(^|\/)(tmp|new|active|failed)\/./.test(f))).toEqual([]);
    expect(files.filter((f) => /\.tmp$|\.spare-\d$/.test(f) || /(^|\/)\.[^/]*$/.test(f))).toEqual([]);
    expect((await fs.readdir(path.join(disk.dir, 'spool/sent'))).sort()).toEqual([...accepted].sort());
  });

  // The worker records each email as sent right after the mail server's "250". When the disk
  // fills while the seller email is in flight, that record must still be written (into the spares
  // the claim set aside), or the ticket goes back to the queue after its lease and the seller gets
  // the email again, and again: four copies in four seconds before the spool set space aside.
  it('the disk fills while the seller email is in flight: recorded anyway, never sent twice', async () => {
    const { disk, receiver, server } = await setUp();
    receiver.delay('data', 800, 1, SELLER);
    const res = await submit(server, damagedFields({ orderNumber: 'W-1' }), 1);
    expect(res.reference, res.body).toBeTruthy();
    const reference = res.reference!;
    await waitFor(() => receiver.dataSeen >= 1, 'the seller email to reach the receiver');
    await disk.fill(0);
    await waitFor(() => receiver.byMessageId(sellerMessageId(reference)).length >= 1, 'the seller email to be accepted');
    await sleep(3000); // full for three leases and many polls
    const whileFull = receiver.messages.map((m) => m.messageId);

    await disk.free();
    const sent = path.join(disk.dir, 'spool/sent', reference);
    await waitFor(() => fs.stat(sent).then(() => true, () => false), `the ticket in sent/\n${server.output()}`, 10_000);
    await sleep(1500);
    expect(whileFull.filter((id) => id === sellerMessageId(reference)), 'seller emails while the disk was full').toHaveLength(1);
    expect(receiver.byMessageId(sellerMessageId(reference)), 'seller emails').toHaveLength(1);
    expect(receiver.byMessageId(receiptMessageId(reference)), 'receipts').toHaveLength(1);
    expect(receiver.messages).toHaveLength(2);
    expect((await fs.readdir(sent)).sort()).toEqual(['files', 'state.json', 'ticket.json']);
    const state = JSON.parse(await fs.readFile(path.join(sent, 'state.json'), 'utf8'));
    expect(state.sent.seller.messageId).toBe(sellerMessageId(reference));
    expect(state.sent.receipt.messageId).toBe(receiptMessageId(reference));
  });

  it('a ticket that falls due while the disk is full waits: nothing is sent that could not be recorded; once when space is back', async () => {
    const { disk, receiver, server } = await setUp({ RETRY_FIRST: '1s', RETRY_MAX: '1s' });
    receiver.refuse('data', 451, 1, SELLER); // first attempt fails: the ticket waits in new/ for its retry
    const res = await submit(server, damagedFields({ orderNumber: 'W-2' }), 2);
    expect(res.reference, res.body).toBeTruthy();
    const reference = res.reference!;
    const state = path.join(disk.dir, 'spool/new', reference, 'state.json');
    await waitFor(() => fs.readFile(state, 'utf8').then((t) => JSON.parse(t).attempts === 1, () => false), 'the failed first attempt');
    await disk.fill(0);
    await sleep(2500); // the retry falls due after 1 s, and the worker keeps polling
    expect(receiver.messages.map((m) => m.messageId), 'emails sent while the disk was full').toEqual([]);
    expect(server.output()).toMatch(/worker: pass failed: ENOSPC/);

    await disk.free();
    await waitFor(() => receiver.messages.length >= 2, `the ticket delivered\n${server.output()}`, 10_000);
    await sleep(1500);
    expect(receiver.byMessageId(sellerMessageId(reference))).toHaveLength(1);
    expect(receiver.byMessageId(receiptMessageId(reference))).toHaveLength(1);
    expect(receiver.messages).toHaveLength(2);
    expect((await fs.readdir(path.join(disk.dir, 'spool/sent', reference))).sort()).toEqual(['files', 'state.json', 'ticket.json']);
  });

  // The browser path without JavaScript: the form saves a draft, the check page's Send button
  // posts sendDraft. On a full disk the check page itself must say the request was NOT received,
  // keep the answers, and a second Send once there is space must make exactly one ticket.
  it('the check page on a full disk says NOT received; Send again works once space is back', async () => {
    const { disk, receiver, server } = await setUp({ MIN_FILL_TIME: '0ms' });
    const fields = damagedFields({ orderNumber: 'P-1' });
    const form = new FormData();
    for (const [name, value] of Object.entries({ _kind: 'damaged', _locale: 'en', _intent: 'continue', orderNumber: fields.orderNumber, buyerName: fields.buyerName, buyerEmail: fields.buyerEmail })) form.append(name, value);
    for (const [name, value] of Object.entries(fields.answers)) if (value !== undefined) form.append(`answers.${name}`, value);
    for (const p of photos(1)) form.append(`shot.${p.shot}`, new File([new Uint8Array(p.data)], p.fileName, { type: p.type }));
    const saved = await fetch(`${server.origin}/report/damaged?_action=saveDraft`, { method: 'POST', body: form, headers: { Origin: server.origin }, redirect: 'manual' });
    expect(saved.status, await saved.text()).toBe(303);
    const check = new URL(saved.headers.get('location')!, server.origin);
    expect(check.pathname).toBe('/report/damaged/check');
    const draft = check.searchParams.get('draft')!;
    const send = () => {
      const body = new FormData();
      body.append('_draft', draft);
      body.append('_locale', 'en');
      return fetch(`${server.origin}/report/damaged/check?draft=${draft}&_action=sendDraft`, { method: 'POST', body, headers: { Origin: server.origin }, redirect: 'manual' });
    };

    const spoolBefore = await spoolFiles(disk);
    await disk.fill(0);
    const refused = await send();
    const page = await refused.text();
    expect(refused.status).toBe(503);
    expect(page).toContain(t('en', 'page.notReceived.title'));
    expect(page).toContain('NOT received');
    expect(page, 'the answers are still on the page').toContain(fields.orderNumber);
    expect(await spoolFiles(disk)).toEqual(spoolBefore);
    expect(server.output()).toMatch(/\[SPOOL_WRITE\] could not write ticket .*ENOSPC/);

    await disk.free();
    const accepted = await send();
    expect(accepted.status, await accepted.text()).toBe(303);
    const reference = /\/done\/([A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(accepted.headers.get('location') ?? '')?.[1];
    expect(reference, accepted.headers.get('location') ?? '').toBeTruthy();
    await waitFor(() => receiver.messages.length >= 2, `the ticket delivered\n${server.output()}`);
    await sleep(500);
    expect(receiver.byMessageId(sellerMessageId(reference!))).toHaveLength(1);
    expect(receiver.byMessageId(receiptMessageId(reference!))).toHaveLength(1);
    expect(ordersOf(receiver)).toEqual(['P-1']);
  });

  it('saving the form on a full disk says NOT saved in the buyer\'s language, never the raw disk error', async () => {
    const { disk, server } = await setUp({ MIN_FILL_TIME: '0ms' });
    const fields = damagedFields({ orderNumber: 'P-2' });
    const form = new FormData();
    for (const [name, value] of Object.entries({ _kind: 'damaged', _locale: 'es', _intent: 'continue', orderNumber: fields.orderNumber, buyerName: fields.buyerName, buyerEmail: fields.buyerEmail })) form.append(name, value);
    for (const p of photos(1)) form.append(`shot.${p.shot}`, new File([new Uint8Array(p.data)], p.fileName, { type: p.type }));
    await disk.fill(0);
    const res = await fetch(`${server.origin}/report/damaged?lang=es&_action=saveDraft`, { method: 'POST', body: form, headers: { Origin: server.origin }, redirect: 'manual' });
    const page = await res.text();
    expect(res.status).toBe(500);
    expect(page).toContain(t('es', 'page.notReceived.title'));
    expect(page).not.toContain('ENOSPC');
    expect(server.output()).toMatch(/save: .*ENOSPC/);
  });

  it('a read-only data disk: submissions are refused as NOT received; writable again, the same process accepts', async () => {
    const { disk, receiver, server } = await setUp();
    const spoolBefore = await spoolFiles(disk);
    disk.readOnly(true);
    await expect(fs.writeFile(path.join(disk.dir, 'probe'), 'x')).rejects.toMatchObject({ code: 'EROFS' });
    const refused = await submit(server, damagedFields({ orderNumber: 'R-1' }), 1);
    expect(refused.status, refused.body).toBe(500);
    expect(refused.body).toContain('NOT received');
    // (Node's recursive mkdir reports EROFS on a missing parent as ENOENT.)
    expect(server.output()).toMatch(/\[SPOOL_WRITE\] could not write ticket .*(EROFS|ENOENT)/);
    await sleep(500); // the worker keeps polling a read-only spool without harm
    disk.readOnly(false);
    expect(await spoolFiles(disk)).toEqual(spoolBefore);

    const accepted = await submit(server, damagedFields({ orderNumber: 'R-2' }), 2);
    expect(accepted.reference, accepted.body).toBeTruthy();
    await waitFor(() => receiver.messages.length >= 2, `the ticket delivered\n${server.output()}`);
    await sleep(500);
    expect(receiver.byMessageId(sellerMessageId(accepted.reference!))).toHaveLength(1);
    expect(ordersOf(receiver)).toEqual(['R-2']);
    expect(server.child.exitCode).toBeNull();
  });
});
