import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeSellerEmail } from '../../../src/mail/seller-email.ts';
import type { Portal } from '../../../src/portal.ts';
import { Spool } from '../../../src/spool/spool.ts';
import { OrderIndex, orderKey } from '../../../src/triage/duplicates.ts';
import { submitTicket } from '../../../src/tickets/submit.ts';
import { ticketInputSchema, type Ticket } from '../../../src/tickets/ticket.ts';
import { caseInputs, sitesWith, storeWith } from './fixtures.ts';

const DAY = 86_400_000;
const T0 = new Date('2026-11-01T08:00:00Z');

describe('possible duplicates', () => {
  let dir: string;
  let portal: Portal;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dups-'));
    portal = { stores: sitesWith(storeWith()), spool: new Spool(dir) } as Portal;
    await portal.spool.init();
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const submit = async (input: object, at: Date): Promise<Ticket> => {
    const { reference } = await submitTicket(portal, ticketInputSchema.parse(input), [], at);
    return (await portal.spool.load('new', reference)).ticket;
  };
  const mail = (ticket: Ticket) => composeSellerEmail({ ticket, store: portal.stores.main.store, from: 'help@portal.test', to: 'x@y.z', files: new Map(), now: new Date(ticket.createdAt) });

  it("another store's order with the same number is another order, not a duplicate", async () => {
    const first = await submit(caseInputs.stalled, T0);
    const other = { ...portal.stores.main, id: 'trailhead' };
    const { reference } = await submitTicket(portal, ticketInputSchema.parse(caseInputs.stalled), [], new Date(T0.getTime() + DAY), other);
    const elsewhere = (await portal.spool.load('new', reference)).ticket;
    expect(elsewhere.store.id).toBe('trailhead');
    expect(elsewhere.duplicateOf).toBeUndefined();
    expect((await submit(caseInputs.stalled, new Date(T0.getTime() + 2 * DAY))).duplicateOf).toBe(first.reference);
  });

  it('marks a second ticket for the same order and kind within 30 days, in subject and body', async () => {
    const first = await submit(caseInputs.stalled, T0);
    const second = await submit({ ...caseInputs.stalled, orderNumber: ' #8123-55 ' }, new Date(T0.getTime() + 30 * DAY));
    expect(first.duplicateOf).toBeUndefined();
    expect(second.duplicateOf).toBe(first.reference);
    const m = mail(second);
    expect(m.subject).toMatch(new RegExp(`^\\[Package not received · high\\] Order .* · ${second.reference} · possible duplicate of ${first.reference}$`));
    expect(m.text).toContain(`Possible duplicate: Same order and same problem as ${first.reference}`);
    expect(m.text).toContain(`1. Read ticket ${first.reference} first`);
    expect(mail(first).subject).not.toContain('duplicate');
  });

  it('does not mark a different kind, another order, or a ticket 31 days later', async () => {
    await submit(caseInputs.stalled, T0);
    expect((await submit(caseInputs['damaged-broken'], new Date(T0.getTime() + DAY))).duplicateOf).toBeUndefined();
    expect((await submit({ ...caseInputs.stalled, orderNumber: '8123-56' }, new Date(T0.getTime() + DAY))).duplicateOf).toBeUndefined();
    const late = await submit(caseInputs.stalled, new Date(T0.getTime() + 31 * DAY));
    expect(late.duplicateOf).toBeUndefined();
    expect(mail(late).subject).not.toContain('duplicate');
  });

  it('points at the latest earlier ticket', async () => {
    await submit(caseInputs.stalled, T0);
    const second = await submit(caseInputs.stalled, new Date(T0.getTime() + DAY));
    expect((await submit(caseInputs.stalled, new Date(T0.getTime() + 2 * DAY))).duplicateOf).toBe(second.reference);
  });

  it('sees each other when two submissions for one order arrive at once', async () => {
    const [a, b] = await Promise.all([submit(caseInputs.stalled, T0), submit(caseInputs.stalled, T0)]);
    expect([a.duplicateOf, b.duplicateOf].filter(Boolean)).toHaveLength(1);
  });

  it('a repeated form post (same submission key) is not recorded as a second ticket', async () => {
    const input = { ...caseInputs.stalled, submissionKey: 'k'.repeat(20) };
    await submit(input, T0);
    const repeat = await submitTicket(portal, ticketInputSchema.parse(input), [], T0);
    expect(repeat.duplicate).toBe(true);
    expect(await new OrderIndex(portal.spool.root).list('8123-55')).toHaveLength(1);
  });

  it('keeps one small marker per ticket under orders/, nothing else', async () => {
    const t = await submit(caseInputs.stalled, T0);
    const names = await fs.readdir(path.join(dir, 'spool', 'orders', orderKey('8123-55')));
    expect(names).toEqual([`${T0.getTime()}.not-received.${t.reference}`]);
  });

  it('stores the tracking link (first carrier) and the expected delivery day with the ticket', async () => {
    const t = await submit(caseInputs['in-transit'], T0);
    expect(t.trackingLink).toBe('https://track.example.com/chinapost/LX123456789CN');
    expect(t.expectedDelivery).toBe('2026-12-31'); // shipped 2026-11-01, BR standard window 20–60 days
  });
});
