// The seller's ticket email: a subject that triages at a glance, every answer with its
// question, the photos and ticket.json attached, and Reply-To set to the buyer.
import type { Store } from '../config/store.ts';
import { formatDateTime, languageName, t } from '../i18n/index.ts';
import type { Ticket } from '../tickets/ticket.ts';
import { answerRows } from './answers.ts';
import { mailDomain, type MailAttachment, type MailMessage } from './message.ts';
import { renderHtml, renderText, type Block, type MailDocument } from './render.ts';

export interface SellerMailInput {
  ticket: Ticket;
  store: Store;
  from: string;
  to: string;
  files: Map<string, Buffer>;
}

export function sellerSubject(ticket: Ticket, locale: string): string {
  const head = `[${t(locale, `kind.${ticket.kind}`)} · ${t(locale, `priority.${ticket.priority}`)}]`;
  const summary = subjectSummary(ticket, locale);
  return [`${head} ${t(locale, 'mail.seller.order')} ${ticket.orderNumber}`, summary, ticket.reference].filter(Boolean).join(' · ');
}

function subjectSummary(ticket: Ticket, locale: string): string {
  switch (ticket.kind) {
    case 'damaged':
      return t(locale, `mail.subject.${ticket.answers.problem}`, { affected: ticket.answers.affected, total: ticket.answers.total });
    case 'not-received':
      return t(locale, `option.tracking.${ticket.answers.tracking}`);
    case 'missing-items':
      return t(locale, 'mail.subject.missing', { count: ticket.answers.items.reduce((n, i) => n + (i.ordered - i.received), 0) });
    case 'address-change':
    case 'cancel-order':
      return `${t(locale, 'field.shipped')} ${t(locale, `option.shipped.${ticket.answers.shipped}`)}`;
    case 'other':
      return ticket.answers.subject.length > 60 ? `${ticket.answers.subject.slice(0, 59)}…` : ticket.answers.subject;
  }
}

export function sellerDocument(ticket: Ticket, store: Store): MailDocument {
  const locale = store.sellerLanguage;
  const respondBy = new Date(ticket.respondBy);
  const blocks: Block[] = [
    { type: 'heading', text: t(locale, 'mail.seller.heading', { kind: t(locale, `kind.${ticket.kind}`), order: ticket.orderNumber }) },
    {
      type: 'rows',
      rows: [
        { label: t(locale, 'mail.seller.priority'), value: t(locale, `priority.${ticket.priority}`) },
        { label: t(locale, 'mail.seller.respondBy'), value: formatDateTime(locale, respondBy, store.timeZone) },
        { label: t(locale, 'mail.seller.reference'), value: ticket.reference },
        { label: t(locale, 'mail.seller.received'), value: formatDateTime(locale, new Date(ticket.createdAt), store.timeZone) },
      ],
    },
    { type: 'heading', text: t(locale, 'mail.seller.buyer') },
    {
      type: 'rows',
      rows: [
        { label: t(locale, 'field.buyerName'), value: ticket.buyerName },
        { label: t(locale, 'field.buyerEmail'), value: ticket.buyerEmail },
        { label: t(locale, 'field.orderNumber'), value: ticket.orderNumber },
        { label: t(locale, 'mail.seller.language'), value: languageName(ticket.locale, locale) },
        {
          label: t(locale, 'mail.seller.context'),
          value: [
            t(locale, ticket.context.orderVerified ? 'mail.seller.verified' : 'mail.seller.unverified'),
            ...(ticket.context.source ? [ticket.context.source] : []),
            ...(ticket.context.linkNote ? [ticket.context.linkNote] : []),
          ],
        },
      ],
    },
    { type: 'heading', text: t(locale, 'mail.seller.answers') },
    { type: 'rows', rows: answerRows(ticket, locale) },
  ];
  if (ticket.message) {
    const note = ticket.locale.split('-')[0] !== locale.split('-')[0] ? t(locale, 'mail.seller.quoted', { language: languageName(ticket.locale, locale) }) : undefined;
    blocks.push({ type: 'quote', label: t(locale, 'field.message'), note, text: ticket.message });
  }
  blocks.push(
    { type: 'heading', text: t(locale, 'mail.seller.attachments') },
    ticket.attachments.length
      ? { type: 'rows', rows: ticket.attachments.map((a, i) => ({ label: attachmentName(ticket, i), value: `${a.fileName} · ${a.mediaType} · ${Math.ceil(a.bytes / 1024)} KB` })) }
      : { type: 'paragraph', text: t(locale, 'mail.seller.noAttachments') },
    { type: 'paragraph', text: t(locale, 'mail.seller.replyHint') },
  );
  return { title: sellerSubject(ticket, locale), blocks };
}

/** Attachment names are ours ("damage-1.jpg"); the buyer's file name stays in the body. */
export function attachmentName(ticket: Ticket, index: number): string {
  const a = ticket.attachments[index]!;
  const n = ticket.attachments.slice(0, index + 1).filter((b) => b.shot === a.shot).length;
  return `${a.shot}-${n}${a.storedName.slice(a.storedName.lastIndexOf('.'))}`;
}

export function composeSellerEmail({ ticket, store, from, to, files }: SellerMailInput): MailMessage {
  const doc = sellerDocument(ticket, store);
  const attachments: MailAttachment[] = ticket.attachments.map((a, i) => ({
    filename: attachmentName(ticket, i),
    content: required(files.get(a.storedName), a.storedName),
    contentType: a.mediaType,
  }));
  attachments.push({ filename: 'ticket.json', content: Buffer.from(JSON.stringify(ticket, null, 2)), contentType: 'application/json' });
  return {
    from,
    to,
    replyTo: { name: ticket.buyerName, address: ticket.buyerEmail },
    subject: doc.title,
    messageId: `${ticket.reference}.seller@${mailDomain(from)}`,
    text: renderText(doc),
    html: renderHtml(doc),
    attachments,
    headers: { 'X-Ticket-Reference': ticket.reference, 'X-Ticket-Priority': ticket.priority },
  };
}

function required(content: Buffer | undefined, name: string): Buffer {
  if (!content) throw new Error(`attachment ${name} is missing from the ticket folder`);
  return content;
}
