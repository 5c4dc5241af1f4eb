// End to end without HTTP: a buyer's form goes through parseSubmission + submitTicket into the
// spool, the delivery worker sends it over real SMTP, and we read what the seller and the buyer
// actually received (parsed by mailparser).
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorker, type Portal } from '../../src/portal.ts';
import { damagedFields, damagedForm, makeTempDataDir, sha256, twoPhotos, type TempDir } from '../helpers/fixtures.ts';
import { makePortal, PORTAL_FROM, readState, receiptMessageId, SELLER, sellerMessageId, submitForm } from '../helpers/portal.ts';
import { addresses, startReceiver, waitForMessages, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

const REF = /[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}/;

describe('mail delivery (SMTP)', () => {
  let receiver: SmtpReceiver;
  let tmp: TempDir;
  let portal: Portal;

  beforeEach(async () => {
    receiver = await startReceiver();
    tmp = await makeTempDataDir();
    portal = await makePortal(tmp.path, receiver.url);
  });

  afterEach(async () => {
    await receiver.stop();
    await tmp.cleanup();
  });

  it('delivers a complete seller email and a buyer receipt, then files the ticket in sent/', async () => {
    const buyerName = 'Ana <script>alert(1)</script> <b>Bold</b>';
    const message = 'Box crushed. <script>steal()</script>\nSecond line with <b>tags</b> & "quotes".';
    const fields = damagedFields({ buyerName, message, buyerEmail: 'ana@buyer.test' });
    const photos = twoPhotos();
    const { reference, duplicate } = await submitForm(portal, damagedForm(fields, photos));
    expect(reference).toMatch(REF);
    expect(duplicate).toBe(false);
    expect(await portal.spool.locate(reference)).toBe('new');

    await createWorker(portal).runOnce();
    await waitForMessages(receiver, 2);
    expect(receiver.messages).toHaveLength(2);

    // ---- the seller's email ----
    const sellerMails = receiver.byMessageId(sellerMessageId(reference));
    expect(sellerMails).toHaveLength(1);
    const seller = sellerMails[0]!;
    const mail = seller.parsed;
    expect(seller.envelope.to).toEqual([SELLER]);
    expect(addresses(mail.from)).toEqual([PORTAL_FROM]);
    expect(addresses(mail.to)).toEqual([SELLER]);
    expect(addresses(mail.replyTo)).toEqual(['ana@buyer.test']);
    // The buyer's name survives header quoting intact (and does not break the header).
    expect(mail.replyTo!.value[0]!.name).toBe(buyerName);
    expect(mail.messageId).toBe(`<${reference}.seller@portal.test>`);
    expect(mail.headers.get('x-ticket-reference')).toBe(reference);
    expect(mail.headers.get('x-ticket-priority')).toBe('high');

    const subject = mail.subject ?? '';
    for (const part of ['Damaged or not working', 'high', 'Order 8051-2231-77', '3 of 20', reference]) expect(subject).toContain(part);

    // Every answer with its question label, in the text part.
    const text = mail.text ?? '';
    expect(text).toContain('Items affected: 3 of 20');
    expect(text).toContain('What is wrong: Broken on arrival');
    expect(text).toContain('Description: Handles snapped off.');
    expect(text).toContain('What the buyer wants: Replacement');
    expect(text).toContain(`Name: ${buyerName}`);
    expect(text).toContain('Email: ana@buyer.test');
    expect(text).toContain('Order number: 8051-2231-77');
    expect(text).toContain(`Reference: ${reference}`);
    expect(text).toContain('> Box crushed. <script>steal()</script>');
    expect(text).toContain('> Second line with <b>tags</b> & "quotes".');
    expect(text).toContain('Priority: high');

    // Seller triage: deadlines with the time left, the evidence (two "damage" photos came, the
    // packaging did not), next steps and a reply draft in the buyer's language.
    expect(text).toMatch(/First answer by: .+ \(\d+ hours? left\)|First answer by: .+ \(1 day left\)/);
    expect(text).toContain('Close-up of the damage: ✓ supplied');
    expect(text).toContain('Photos of the outer box and inner packing: ✗ missing');
    expect(text).toContain('2. When the photos or video show a real defect, replace or refund without arguing.');
    expect(text).toContain(`> We are very sorry that order 8051-2231-77 (reference ${reference}) arrived damaged.`);
    expect(subject).not.toContain('duplicate');

    // The HTML part never carries the buyer's markup as markup.
    const html = typeof mail.html === 'string' ? mail.html : '';
    expect(html).not.toBe('');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;steal()&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;Bold&lt;/b&gt;');
    expect(html).toContain('&amp; &quot;quotes&quot;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<b>/i);

    // Photos as the server re-encoded them (same picture, no metadata), byte for byte what the
    // spool accepted, under our own names; ticket.json describes the same ticket.
    const images = mail.attachments.filter((a) => a.contentType.startsWith('image/'));
    expect(images.map((a) => [a.filename, a.contentType])).toEqual([
      ['damage-1.png', 'image/png'],
      ['damage-2.jpg', 'image/jpeg'],
    ]);
    const sizes = async (b: Uint8Array) => {
      const m = await sharp(b).metadata();
      return [m.width, m.height, m.exif === undefined];
    };
    expect(await Promise.all(images.map((a) => sizes(a.content)))).toEqual(
      await Promise.all(photos.map(async (p) => [...(await sizes(p.data)).slice(0, 2), true])),
    );
    const json = mail.attachments.filter((a) => a.filename === 'ticket.json');
    expect(json).toHaveLength(1);
    expect(json[0]!.contentType).toBe('application/json');
    const ticket = JSON.parse(json[0]!.content.toString('utf8'));
    expect(ticket.reference).toBe(reference);
    expect(ticket.kind).toBe('damaged');
    expect(ticket.buyerName).toBe(buyerName);
    expect(ticket.answers).toMatchObject({ affected: 3, total: 20, problem: 'broken', wanted: 'replacement' });
    expect(ticket.attachments.map((a: { sha256: string }) => a.sha256)).toEqual(images.map((a) => sha256(a.content)));
    expect(ticket.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['IMG_0001.png', 'broken mug.jpg']);
    expect(mail.attachments).toHaveLength(3);

    // ---- the buyer's receipt ----
    const receipts = receiver.byMessageId(receiptMessageId(reference));
    expect(receipts).toHaveLength(1);
    const receipt = receipts[0]!;
    expect(receipt.envelope.to).toEqual(['ana@buyer.test']);
    expect(addresses(receipt.parsed.to)).toEqual(['ana@buyer.test']);
    expect(addresses(receipt.parsed.from)).toEqual([PORTAL_FROM]);
    expect(addresses(receipt.parsed.replyTo)).toEqual([SELLER]);
    expect(receipt.parsed.subject).toContain(reference);
    expect(receipt.parsed.text).toContain(reference);
    expect(receipt.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const receiptHtml = typeof receipt.parsed.html === 'string' ? receipt.parsed.html : '';
    expect(receiptHtml).toContain(reference);
    expect(receiptHtml).not.toMatch(/<script/i);
    expect(receipt.parsed.attachments).toHaveLength(0);

    // ---- the spool ----
    expect(await portal.spool.locate(reference)).toBe('sent');
    expect(await portal.spool.counts()).toMatchObject({ pending: 0, failed: 0, oldestPendingSeconds: null });
    const state = await readState(portal, 'sent', reference);
    expect(state.sent.seller).toMatchObject({ messageId: sellerMessageId(reference) });
    expect(state.sent.receipt).toMatchObject({ messageId: receiptMessageId(reference) });
    expect(state.attempts).toBe(0);

    // A second pass finds nothing to do.
    await createWorker(portal).runOnce();
    expect(receiver.messages).toHaveLength(2);
  });

  it('uses the address inside a display-name MAIL_FROM for the sender and the Message-ID domain', async () => {
    portal = await makePortal(tmp.path, receiver.url, { MAIL_FROM: 'Portal Help <help@Portal.Test>' });
    const { reference } = await submitForm(portal, damagedForm(damagedFields(), []));
    await createWorker(portal).runOnce();
    const [seller, receipt] = [receiver.byMessageId(sellerMessageId(reference)), receiver.byMessageId(receiptMessageId(reference))];
    expect(seller).toHaveLength(1);
    expect(receipt).toHaveLength(1);
    expect(addresses(seller[0]!.parsed.from)).toEqual(['help@portal.test']);
    expect(seller[0]!.parsed.from!.value[0]!.name).toBe('Portal Help');
    expect(addresses(receipt[0]!.parsed.from)).toEqual(['help@portal.test']);
    // No photos: the seller email still carries ticket.json, and says there are none.
    expect(seller[0]!.parsed.attachments.map((a) => a.filename)).toEqual(['ticket.json']);
    expect(seller[0]!.parsed.text).toContain('PHOTOS AND FILES');
    expect(await portal.spool.locate(reference)).toBe('sent');
  });
});
