import { describe, expect, it } from 'vitest';
import { storeSchema } from '../../../src/config/store.ts';
import { composeReceipt } from '../../../src/mail/receipt.ts';
import { escapeHtml, renderHtml, renderText } from '../../../src/mail/render.ts';
import { composeSellerEmail } from '../../../src/mail/seller-email.ts';
import { priorityOf, respondBy } from '../../../src/tickets/priority.ts';
import { ticketInputSchema, ticketSchema, type Ticket } from '../../../src/tickets/ticket.ts';
import { markupText, validInputs } from '../../fixtures/tickets.ts';

const store = storeSchema.parse({ name: 'Example Gadgets', sellerEmail: 'seller@shop.test', timeZone: 'Asia/Shanghai' });

function ticketFrom(input: unknown, extra: Partial<Ticket> = {}): Ticket {
  const parsed = ticketInputSchema.parse(input);
  const createdAt = new Date('2026-11-23T10:00:00Z');
  const priority = priorityOf(parsed);
  return ticketSchema.parse({
    ...parsed,
    reference: 'HX-7K3Q-9M2D',
    createdAt: createdAt.toISOString(),
    store: { name: store.name },
    attachments: [],
    priority,
    respondBy: respondBy(priority, createdAt, store.windows).toISOString(),
    ...extra,
  });
}

describe('renderer', () => {
  it('escapes every value in HTML and never in text', () => {
    const doc = { title: markupText, blocks: [{ type: 'rows' as const, rows: [{ label: markupText, value: [markupText, 'b'] }] }, { type: 'quote' as const, label: 'm', text: markupText }] };
    const html = renderHtml(doc);
    expect(html).not.toMatch(/<script|<b /);
    expect(html.split(escapeHtml(markupText)).length - 1).toBe(4);
    expect(renderText(doc)).toContain(markupText);
  });
});

describe('seller email', () => {
  for (const [name, input] of Object.entries(validInputs)) {
    it(`${name}: headers are one line; every answer appears with its question`, () => {
      const ticket = ticketFrom(input);
      const mail = composeSellerEmail({ ticket, store, from: 'help@portal.test', to: store.sellerEmail, files: new Map() });
      for (const v of [mail.subject, mail.messageId, JSON.stringify(mail.replyTo)]) expect(v).not.toMatch(/[\r\n]/);
      expect(mail.subject).toContain(ticket.reference);
      expect(mail.subject).toContain(ticket.orderNumber);
      expect(mail.messageId).toBe('HX-7K3Q-9M2D.seller@portal.test');
      expect(mail.replyTo).toEqual({ name: ticket.buyerName, address: ticket.buyerEmail });
      for (const value of Object.values(ticket.answers as Record<string, unknown>).flat()) {
        if (typeof value === 'string' && !/^[a-z-]+$/.test(value)) expect(mail.text).toContain(value.split('\n')[0]);
      }
      expect(mail.attachments.map((a) => a.filename)).toEqual(['ticket.json']);
      expect(JSON.parse(mail.attachments[0]!.content.toString()).reference).toBe(ticket.reference);
    });
  }

  it('subject triages at a glance', () => {
    const mail = composeSellerEmail({ ticket: ticketFrom(validInputs.damaged), store, from: 'help@portal.test', to: 'x@y.z', files: new Map() });
    expect(mail.subject).toBe('[Damaged or not working · high] Order 8123-55 · 3 of 20 broken · HX-7K3Q-9M2D');
  });

  it('translates coded answers and marks the buyer’s own words with their language', () => {
    const mail = composeSellerEmail({ ticket: ticketFrom(validInputs['not-received/delivered']), store, from: 'help@portal.test', to: 'x@y.z', files: new Map() });
    expect(mail.text).toContain('What does the tracking show?: Says delivered');
    expect(mail.text).toContain('Checked before filing: Asked neighbours');
    expect(mail.text).toMatch(/Signed for by \(written by the buyer in Brazilian Portuguese\): J\. Silva/);
  });

  it('keeps buyer markup as text in the HTML part', () => {
    const ticket = ticketFrom({ ...validInputs.other, buyerName: 'Eve <img src=x>', message: markupText });
    const mail = composeSellerEmail({ ticket, store, from: 'help@portal.test', to: 'x@y.z', files: new Map() });
    expect(mail.html).not.toMatch(/<script|<img|<b /);
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.text).toContain(markupText);
  });

  it('refuses to send a ticket whose photo is missing rather than an empty attachment', () => {
    const ticket = ticketFrom(validInputs.damaged, {
      attachments: [{ shot: 'damage', fileName: 'a.jpg', storedName: '01-damage.jpg', mediaType: 'image/jpeg', bytes: 3, sha256: 'a'.repeat(64) }],
    });
    expect(() => composeSellerEmail({ ticket, store, from: 'help@portal.test', to: 'x@y.z', files: new Map() })).toThrow(/missing/);
  });
});

describe('buyer receipt', () => {
  it('names the reference and the promised date, from the portal with the seller as Reply-To', () => {
    const mail = composeReceipt(ticketFrom({ ...validInputs.damaged, locale: 'en' }), store, 'Help <help@portal.test>', 'seller@shop.test');
    expect(mail.subject).toContain('HX-7K3Q-9M2D');
    expect(mail.text).toContain('Your reference is HX-7K3Q-9M2D');
    expect(mail.text).toMatch(/by November 25, 2026/);
    expect(mail.from).toEqual({ name: 'Example Gadgets', address: 'help@portal.test' });
    expect(mail.replyTo).toEqual({ name: 'Example Gadgets', address: 'seller@shop.test' });
  });
});

describe('priority and respond-by', () => {
  const at = new Date('2026-11-23T10:00:00Z');
  const cases: [string, unknown, string, number][] = [
    ['address change before shipment', validInputs['address-change'], 'urgent', 4],
    ['cancel, shipping unknown', validInputs['cancel-order'], 'urgent', 4],
    ['damaged', validInputs.damaged, 'high', 24],
    ['customs hold', validInputs['not-received/customs'], 'high', 24],
    ['in transit', { ...validInputs['not-received/customs'], answers: { tracking: 'in-transit', wanted: 'wait' } }, 'low', 48],
    ['something else', validInputs.other, 'normal', 48],
  ];
  for (const [name, input, priority, hours] of cases) {
    it(`${name}: ${priority}, answer within ${hours} h`, () => {
      const p = priorityOf(ticketInputSchema.parse(input));
      expect(p).toBe(priority);
      expect((respondBy(p, at, store.windows).getTime() - at.getTime()) / 3_600_000).toBe(hours);
    });
  }
  it('never lets respond-by pass the day before auto-refund', () => {
    const windows = { firstResponseDays: 10, autoRefundDays: 3, arbitrationDays: 16 };
    expect((respondBy('low', at, windows).getTime() - at.getTime()) / 86_400_000).toBe(2);
  });
});

describe('receipt in the buyer’s locale', () => {
  it('formats the promised date for the buyer', () => {
    const mail = composeReceipt(ticketFrom(validInputs.damaged), store, 'help@portal.test', 'seller@shop.test');
    expect(mail.text).toContain('25 de novembro de 2026');
  });
});
