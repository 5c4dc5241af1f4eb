// The seller's ticket email: a subject that triages at a glance, deadlines with the time left,
// the evidence checklist, next steps and a reply draft to copy, every answer with its question,
// the photos and ticket.json attached, and Reply-To set to the buyer.
import { ConfigError } from '../config/format-error.ts';
import type { Store } from '../config/store.ts';
import { formatDate, formatDateTime, languageName, t } from '../i18n/index.ts';
import { deadlines, timeLeft } from '../tickets/priority.ts';
import type { Ticket } from '../tickets/ticket.ts';
import { checklistRows } from '../triage/checklist.ts';
import { playbookLines } from '../triage/playbook.ts';
import { replies, replyDraft, type Drafts, type DraftValues } from '../triage/replies.ts';
import { answerRows, buyerWordsNote } from './answers.ts';
import { mailDomain, type MailAttachment, type MailMessage } from './message.ts';
import { renderHtml, renderText, type Block, type MailDocument } from './render.ts';

export interface SellerMailInput {
  ticket: Ticket;
  store: Store;
  from: string;
  to: string;
  files: Map<string, Buffer>;
  /** When the seller reads it, for "time left"; the moment of sending unless given. */
  now?: Date;
  drafts?: Drafts;
}

export function sellerSubject(ticket: Ticket, locale: string): string {
  const tag = ticket.store.tag ? `[${ticket.store.tag}] ` : '';
  const head = `${tag}[${t(locale, `kind.${ticket.kind}`)} · ${t(locale, `priority.${ticket.priority}`)}]`;
  const summary = subjectSummary(ticket, locale);
  const duplicate = ticket.duplicateOf ? t(locale, 'triage.duplicateOf', { reference: ticket.duplicateOf }) : '';
  return [`${head} ${t(locale, 'mail.seller.order')} ${ticket.orderNumber}`, summary, ticket.reference, duplicate].filter(Boolean).join(' · ');
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
      // Cut at a character, not inside an emoji: half a surrogate pair would reach the Subject.
      return ticket.answers.subject.length > 60 ? `${ticket.answers.subject.slice(0, 59).replace(/[\uD800-\uDBFF]$/, '')}…` : ticket.answers.subject;
  }
}

export function sellerDocument(ticket: Ticket, store: Store, now = new Date(), drafts?: Drafts): MailDocument {
  const locale = store.sellerLanguage;
  const blocks: Block[] = [
    { type: 'heading', text: t(locale, 'mail.seller.heading', { kind: t(locale, `kind.${ticket.kind}`), order: ticket.orderNumber }) },
    {
      type: 'rows',
      rows: [
        { label: t(locale, 'mail.seller.priority'), value: t(locale, `priority.${ticket.priority}`) },
        { label: t(locale, 'mail.seller.reference'), value: ticket.reference },
        { label: t(locale, 'mail.seller.store'), value: ticket.store.tag ? `${ticket.store.name} (${ticket.store.tag})` : ticket.store.name },
        { label: t(locale, 'mail.seller.received'), value: formatDateTime(locale, new Date(ticket.createdAt), store.timeZone) },
        ...(ticket.duplicateOf
          ? [{ label: t(locale, 'triage.duplicate'), value: t(locale, 'triage.duplicateNote', { reference: ticket.duplicateOf }) }]
          : []),
      ],
    },
    ...triageBlocks(ticket, store, now, drafts),
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
    blocks.push({ type: 'quote', label: t(locale, 'field.message'), note: buyerWordsNote(ticket, locale), text: ticket.message });
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

/** Respond by (with the time left), evidence, next steps and the reply draft. */
function triageBlocks(ticket: Ticket, store: Store, now: Date, drafts?: Drafts): Block[] {
  const locale = store.sellerLanguage;
  const when = deadlines(new Date(ticket.createdAt), new Date(ticket.respondBy), store.windows);
  const at = (d: Date) => formatDateTime(locale, d, store.timeZone);
  return [
    { type: 'heading', text: t(locale, 'triage.deadlines') },
    {
      type: 'rows',
      rows: [
        { label: t(locale, 'triage.firstAnswer'), value: `${at(when.respondBy)} (${remaining(locale, now, when.respondBy)})` },
        { label: t(locale, 'triage.autoRefund'), value: `${at(when.autoRefund)} (${remaining(locale, now, when.autoRefund)})` },
        { label: t(locale, 'triage.arbitration'), value: at(when.arbitration) },
      ],
    },
    { type: 'heading', text: t(locale, 'triage.evidence') },
    { type: 'rows', rows: checklistRows(ticket, locale) },
    { type: 'heading', text: t(locale, 'triage.nextSteps') },
    ...playbookLines(ticket, store, now).map((text): Block => ({ type: 'paragraph', text })),
    draftBlock(ticket, store, drafts),
  ];
}

function draftBlock(ticket: Ticket, store: Store, drafts?: Drafts): Block {
  const locale = store.sellerLanguage;
  const label = t(locale, 'triage.replyDraft');
  try {
    const draft = replyDraft(ticket, (language) => draftValues(ticket, store, language), drafts ?? replies());
    return { type: 'quote', label, note: t(locale, 'triage.replyNote', { language: languageName(draft.language, locale) }), text: draft.text };
  } catch (err) {
    // A typo in a seller's draft must not hold the ticket back: the email says what to fix.
    if (!(err instanceof ConfigError)) throw err;
    return { type: 'quote', label, note: t(locale, 'triage.replyUnavailable'), text: err.lines.join('\n') };
  }
}

/** "1 day, 4 hours left" / "3 hours overdue", with the plural rules of the reader's language. */
function remaining(locale: string, now: Date, until: Date): string {
  const left = timeLeft(now, until);
  const unit = (n: number, u: 'day' | 'hour') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  const parts = left.days > 0 ? [unit(left.days, 'day'), ...(left.hours ? [unit(left.hours, 'hour')] : [])] : [unit(left.hours, 'hour')];
  const time = new Intl.ListFormat(locale, { type: 'unit', style: 'long' }).format(parts);
  return t(locale, left.overdue ? 'triage.overdue' : 'triage.left', { time });
}

/** What a reply draft may mention, dates in the draft's language; unknown values stay undefined. */
function draftValues(ticket: Ticket, store: Store, language: string): DraftValues {
  const expected = ticket.expectedDelivery ? formatDate(language, new Date(`${ticket.expectedDelivery}T12:00:00Z`), 'UTC') : undefined;
  return {
    buyerName: ticket.buyerName,
    orderNumber: ticket.orderNumber,
    reference: ticket.reference,
    storeName: store.name,
    trackingNumber: ticket.kind === 'not-received' ? ticket.answers.trackingNumber : undefined,
    trackingLink: ticket.trackingLink,
    expectedDate: expected,
  };
}

/** Attachment names are ours ("damage-1.jpg"); the buyer's file name stays in the body. */
export function attachmentName(ticket: Ticket, index: number): string {
  const a = ticket.attachments[index]!;
  const n = ticket.attachments.slice(0, index + 1).filter((b) => b.shot === a.shot).length;
  return `${a.shot}-${n}${a.storedName.slice(a.storedName.lastIndexOf('.'))}`;
}

export function composeSellerEmail({ ticket, store, from, to, files, now, drafts }: SellerMailInput): MailMessage {
  const doc = sellerDocument(ticket, store, now, drafts);
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
