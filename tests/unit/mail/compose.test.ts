import { describe, expect, it } from 'vitest';
import { storeSchema } from '../../../src/config/store.ts';
import { composeReceipt } from '../../../src/mail/receipt.ts';
import { escapeHtml, renderHtml, renderText } from '../../../src/mail/render.ts';
import { composeSellerEmail } from '../../../src/mail/seller-email.ts';
import { deadlines, priorityOf, respondBy, timeLeft } from '../../../src/tickets/priority.ts';
import { ticketInputSchema, type Ticket } from '../../../src/tickets/ticket.ts';
import { checklistRows } from '../../../src/triage/checklist.ts';
import { playbookLines } from '../../../src/triage/playbook.ts';
import { markupText, validInputs } from '../../fixtures/tickets.ts';
import { caseInputs, storeWith, ticketFrom } from '../triage/fixtures.ts';

const store = storeWith();

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
  const tracking = (status: string) => ({ ...validInputs['not-received/customs'], answers: { tracking: status, wanted: 'wait' } });
  const damaged = (problem: string) => ({ ...validInputs.damaged, answers: { ...validInputs.damaged.answers, problem } });
  const shipped = (input: (typeof validInputs)['address-change'] | (typeof validInputs)['cancel-order'], value: string) => ({ ...input, answers: { ...input.answers, shipped: value } });
  const cases: [string, unknown, string, number][] = [
    ['address change before shipment', validInputs['address-change'], 'urgent', 4],
    ['address change, shipping unknown', shipped(validInputs['address-change'], 'not-sure'), 'urgent', 4],
    ['address change after shipment', shipped(validInputs['address-change'], 'yes'), 'high', 24],
    ['cancel, shipping unknown', validInputs['cancel-order'], 'urgent', 4],
    ['cancel before shipment', shipped(validInputs['cancel-order'], 'no'), 'urgent', 4],
    ['cancel after shipment', shipped(validInputs['cancel-order'], 'yes'), 'normal', 48],
    ['damaged', validInputs.damaged, 'high', 24],
    ['does not work', damaged('not-working'), 'high', 24],
    ['not sure how to use', damaged('unsure-how-to-use'), 'normal', 48],
    ['missing items', validInputs['missing-items'], 'high', 24],
    ['customs hold', validInputs['not-received/customs'], 'high', 24],
    ['delivered, not received', validInputs['not-received/delivered'], 'high', 24],
    ['tracking stalled', tracking('stalled'), 'high', 24],
    ['returned to sender', tracking('returned'), 'high', 24],
    ['no tracking number', tracking('no-tracking'), 'normal', 48],
    ['in transit', tracking('in-transit'), 'low', 48],
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

  it('stays strictly before auto-refund for every priority, however short the platform window', () => {
    for (const autoRefundDays of [0.25, 0.5, 1, 1.5, 2, 5, 30]) {
      for (const firstResponseDays of [0.5, 1, 2, 10]) {
        const windows = { firstResponseDays, autoRefundDays, arbitrationDays: 16 };
        for (const p of ['urgent', 'high', 'normal', 'low'] as const) {
          const ms = respondBy(p, at, windows).getTime() - at.getTime();
          expect(ms, `${p} ${firstResponseDays}/${autoRefundDays}`).toBeGreaterThan(0);
          expect(ms, `${p} ${firstResponseDays}/${autoRefundDays}`).toBeLessThanOrEqual(autoRefundDays * 86_400_000 - Math.min(86_400_000, (autoRefundDays * 86_400_000) / 2));
        }
      }
    }
    // A one-day auto-refund leaves half a day; a high ticket with a 12-hour first-response window gets 12 hours.
    expect(respondBy('high', at, { firstResponseDays: 2, autoRefundDays: 1, arbitrationDays: 16 }).toISOString()).toBe('2026-11-23T22:00:00.000Z');
    expect(respondBy('high', at, { firstResponseDays: 0.5, autoRefundDays: 5, arbitrationDays: 16 }).toISOString()).toBe('2026-11-23T22:00:00.000Z');
  });

  it('gives the auto-refund and arbitration dates from the store’s windows', () => {
    const d = deadlines(at, respondBy('high', at, store.windows), store.windows);
    expect([d.respondBy, d.autoRefund, d.arbitration].map((x) => x.toISOString())).toEqual([
      '2026-11-24T10:00:00.000Z',
      '2026-11-28T10:00:00.000Z',
      '2026-12-09T10:00:00.000Z',
    ]);
  });

  it('counts whole days and hours left, and time overdue', () => {
    const until = new Date('2026-11-25T10:00:00Z');
    expect(timeLeft(at, until)).toEqual({ overdue: false, days: 2, hours: 0 });
    expect(timeLeft(new Date('2026-11-24T08:30:00Z'), until)).toEqual({ overdue: false, days: 1, hours: 1 });
    expect(timeLeft(new Date('2026-11-25T13:10:00Z'), until)).toEqual({ overdue: true, days: 0, hours: 3 });
  });
});

describe('respond-by in the seller’s email', () => {
  const compose = (ticket: Ticket, s = store, now = new Date(ticket.createdAt)) =>
    composeSellerEmail({ ticket, store: s, from: 'help@portal.test', to: 'x@y.z', files: new Map(), now });

  it('shows date and time in the seller’s zone with the time left, plus auto-refund and arbitration', () => {
    const text = compose(ticketFrom(validInputs.damaged)).text;
    expect(text).toContain('First answer by: Nov 24, 2026, 06:00 PM GMT+8 (1 day left)');
    expect(text).toContain('Platform refunds automatically if unanswered: Nov 28, 2026, 06:00 PM GMT+8 (5 days left)');
    expect(text).toContain('Platform arbitration: Dec 9, 2026, 06:00 PM GMT+8');
  });

  it('formats the same deadline for a seller in Los Angeles, in German', () => {
    const la = storeSchema.parse({ ...store, timeZone: 'America/Los_Angeles', sellerLanguage: 'de' });
    const text = compose(ticketFrom(validInputs.damaged), la, new Date('2026-11-23T12:30:00Z')).text;
    expect(text).toContain('Erste Antwort bis: 24. Nov. 2026, 02:00 GMT-8 (noch 21 Stunden)');
  });

  it('crosses the end of daylight saving time in real hours: 10:00 PDT + 48 h is 09:00 PST', () => {
    const la = storeSchema.parse({ ...store, timeZone: 'America/Los_Angeles' });
    const created = new Date('2026-10-31T17:00:00Z');
    const input = { ...validInputs['not-received/customs'], answers: { tracking: 'in-transit', wanted: 'wait' } };
    const ticket = ticketFrom(input, { createdAt: created.toISOString(), respondBy: respondBy('low', created, la.windows).toISOString() });
    const text = compose(ticket, la).text;
    expect(text).toContain('Received: Oct 31, 2026, 10:00 AM PDT');
    expect(text).toContain('First answer by: Nov 2, 2026, 09:00 AM PST (2 days left)');
  });

  it('says how long a deadline is overdue when the email goes out late', () => {
    const text = compose(ticketFrom(validInputs['address-change']), store, new Date('2026-11-23T16:30:00Z')).text;
    expect(text).toContain('First answer by: Nov 23, 2026, 10:00 PM GMT+8 (2 hours overdue)');
  });
});

describe('triage sections in the seller’s email', () => {
  const buyerLocales = [
    { seller: 'en', buyer: 'es', headings: ['EVIDENCE', 'NEXT STEPS'], draft: 'Reply draft (in Spanish, ready to copy into your reply):', greeting: '> Hola, Ana Souza:' },
    { seller: 'de', buyer: 'ar', headings: ['NACHWEISE', 'NÄCHSTE SCHRITTE'], draft: 'Antwortentwurf (auf Arabisch, bereit zum Kopieren in Ihre Antwort):', greeting: '> مرحبًا Ana Souza،' },
  ];
  for (const { seller, buyer, headings, draft, greeting } of buyerLocales) {
    const s = storeSchema.parse({ ...store, sellerLanguage: seller });
    for (const [name, input] of Object.entries(caseInputs)) {
      it(`${name}: checklist and steps in ${seller}, reply draft in ${buyer}`, () => {
        const ticket = ticketFrom({ ...input, locale: buyer });
        const mail = composeSellerEmail({ ticket, store: s, from: 'help@portal.test', to: 'x@y.z', files: new Map(), now: new Date(ticket.createdAt) });
        for (const h of headings) expect(mail.text).toContain(`\n${h}\n`);
        for (const row of checklistRows(ticket, seller)) expect(mail.text).toContain(`${row.label}: ${row.value}`);
        for (const line of playbookLines(ticket, s, new Date(ticket.createdAt))) expect(mail.text).toContain(line);
        expect(mail.text).toContain(draft);
        expect(mail.text).toContain(greeting);
        const quoted = mail.text.split('\n').filter((l) => l.startsWith('> ')).join('\n');
        expect(quoted).toContain(ticket.orderNumber);
        expect(quoted).toContain(ticket.reference);
        expect(quoted).not.toMatch(/\{\w+\}/);
        expect(mail.html).toContain('<blockquote');
      });
    }
  }

  it('puts the tracking link and expected date into the draft, and leaves those lines out when unknown', () => {
    const withLink = ticketFrom({ ...caseInputs['in-transit'], locale: 'en' }, { trackingLink: 'https://track.example.com/chinapost/LX1', expectedDelivery: '2026-12-31' });
    const text = composeSellerEmail({ ticket: withLink, store, from: 'help@portal.test', to: 'x@y.z', files: new Map() }).text;
    expect(text).toContain('> You can follow it here: https://track.example.com/chinapost/LX1');
    expect(text).toContain('> It should arrive by December 31, 2026.');
    const bare = composeSellerEmail({ ticket: ticketFrom({ ...caseInputs['in-transit'], locale: 'en' }), store, from: 'help@portal.test', to: 'x@y.z', files: new Map() }).text;
    expect(bare).not.toContain('You can follow it here');
    expect(bare).not.toContain('It should arrive by');
    expect(bare).toContain('> Tracking number: LX123456789CN');
  });

  it('writes the expected date in the draft’s language, also when it falls back to English', () => {
    const ticket = (locale: string) => ticketFrom({ ...caseInputs['in-transit'], locale }, { expectedDelivery: '2026-12-31' });
    const text = (locale: string) => composeSellerEmail({ ticket: ticket(locale), store, from: 'help@portal.test', to: 'x@y.z', files: new Map() }).text;
    expect(text('fr')).toContain('> Il devrait arriver avant le 31 décembre 2026.');
    expect(text('ja')).toContain('> It should arrive by December 31, 2026.');
  });

  it('escapes buyer text inside the reply draft in HTML', () => {
    const ticket = ticketFrom({ ...validInputs.other, buyerName: 'Eve <img src=x>', locale: 'en' });
    const mail = composeSellerEmail({ ticket, store, from: 'help@portal.test', to: 'x@y.z', files: new Map() });
    expect(mail.html).not.toMatch(/<img/);
    expect(mail.html).toContain('Hello Eve &lt;img src=x&gt;,');
  });
});

describe('receipt in the buyer’s locale', () => {
  it('formats the promised date for the buyer', () => {
    const mail = composeReceipt(ticketFrom(validInputs.damaged), store, 'help@portal.test', 'seller@shop.test');
    expect(mail.text).toContain('25 de novembro de 2026');
  });
});
