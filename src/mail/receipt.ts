// The buyer's receipt, in the buyer's language: the reference, and what happens next by when.
import type { Store } from '../config/store.ts';
import { formatDate, isRtl, t } from '../i18n/index.ts';
import type { Ticket } from '../tickets/ticket.ts';
import { mailDomain, type MailMessage } from './message.ts';
import { renderHtml, renderText, type MailDocument } from './render.ts';

export function receiptDocument(ticket: Ticket, store: Store): MailDocument {
  const locale = ticket.locale;
  const promised = new Date(Date.parse(ticket.createdAt) + store.responseDays * 86_400_000);
  return {
    title: t(locale, 'mail.receipt.subject', { reference: ticket.reference }),
    blocks: [
      { type: 'paragraph', text: t(locale, 'mail.receipt.greeting', { name: ticket.buyerName }) },
      {
        type: 'paragraph',
        text: t(locale, 'mail.receipt.body', { store: store.name, order: ticket.orderNumber, kind: t(locale, `kind.${ticket.kind}`) }),
      },
      { type: 'paragraph', text: t(locale, 'mail.receipt.reference', { reference: ticket.reference }) },
      { type: 'paragraph', text: t(locale, 'mail.receipt.next', { date: formatDate(locale, promised, store.timeZone) }) },
      { type: 'paragraph', text: t(locale, 'mail.receipt.noReply') },
      { type: 'paragraph', text: t(locale, 'mail.receipt.signoff', { store: store.name }) },
    ],
  };
}

export function composeReceipt(ticket: Ticket, store: Store, from: string, sellerEmail: string): MailMessage {
  const doc = receiptDocument(ticket, store);
  return {
    from: { name: store.name, address: fromAddress(from) },
    to: { name: ticket.buyerName, address: ticket.buyerEmail },
    replyTo: { name: store.name, address: sellerEmail },
    subject: doc.title,
    messageId: `${ticket.reference}.receipt@${mailDomain(from)}`,
    text: renderText(doc),
    html: renderHtml(doc, isRtl(ticket.locale) ? 'rtl' : 'ltr'),
    attachments: [],
    headers: { 'X-Ticket-Reference': ticket.reference, 'Auto-Submitted': 'auto-generated' },
  };
}

function fromAddress(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return m ? m[1]! : from.trim();
}
