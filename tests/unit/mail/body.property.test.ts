// Body properties of the composed messages, for any ticket the schema accepts: the seller's
// text part lists every answer the buyer gave, the buyer's own words verbatim (the only change
// being the layout the renderer applies on purpose: a value's further lines indented by four
// spaces, the message quoted with "> "), and the HTML parts of both messages carry buyer text
// only as text: parsed with htmlparser2, they hold nothing but the renderer's own elements and
// attributes, and each buyer value reads back exactly where it belongs.
import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { hasMessage, languageName, t, type MessageKey } from '../../../src/i18n/index.ts';
import { composeReceipt } from '../../../src/mail/receipt.ts';
import { attachmentName, composeSellerEmail } from '../../../src/mail/seller-email.ts';
import type { Kind } from '../../../src/tickets/kinds.ts';
import type { Ticket } from '../../../src/tickets/ticket.ts';
import { validInputs } from '../../fixtures/tickets.ts';
import { storeWith, ticketFrom } from '../triage/fixtures.ts';
import { caseArb } from './arbitraries.ts';

const RUNS = { numRuns: 200 };

/** Answers that are codes from a fixed list; everything else is the buyer's own text. */
const CODED: Record<Kind, string[]> = {
  'not-received': ['tracking', 'checks', 'wanted'],
  'missing-items': ['wanted'],
  damaged: ['problem', 'wanted'],
  'address-change': ['shipped'],
  'cancel-order': ['reason', 'shipped'],
  other: [],
};
const ADDRESS_PARTS = ['recipient', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'];

interface ExpectedRow {
  label: string;
  lines: string[];
  note: string;
}

/** "written by the buyer in …" when the buyer wrote in another language than the reader's. */
const buyerNote = (ticket: Ticket, locale: string) =>
  ticket.locale.split('-')[0] !== locale.split('-')[0] ? t(locale, 'mail.seller.quoted', { language: languageName(ticket.locale, locale) }) : '';

/** The answer rows, worked out from the ticket alone: which answers, in which words. */
function expectedAnswers(ticket: Ticket, locale: string): ExpectedRow[] {
  const note = buyerNote(ticket, locale);
  const label = (key: string) => (hasMessage(`field.${key}`) ? t(locale, `field.${key}` as MessageKey) : key);
  const rows: ExpectedRow[] = [];
  const answers = ticket.answers as Record<string, unknown>;
  for (const [key, value] of Object.entries(answers)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (ticket.kind === 'damaged' && key === 'total') continue;
    const row = (values: string[], free: boolean) => rows.push({ label: label(key), lines: values.flatMap((v) => v.split('\n')), note: free ? note : '' });
    if (ticket.kind === 'damaged' && key === 'affected') row([t(locale, 'mail.seller.ofTotal', { affected: answers.affected as number, total: answers.total as number })], false);
    else if (CODED[ticket.kind].includes(key)) row([value].flat().map((v) => t(locale, `option.${key}.${v}` as MessageKey)), false);
    else if (key === 'items') row((value as { name: string; ordered: number; received: number }[]).map((i) => t(locale, 'mail.seller.itemLine', { ...i })), true);
    else if (typeof value === 'object') row(ADDRESS_PARTS.map((p) => (value as Record<string, string>)[p]).filter((v): v is string => !!v), true);
    else row([String(value)], true);
  }
  return rows;
}

const textRow = (r: ExpectedRow) => [`${r.label}${r.note ? ` (${r.note})` : ''}: ${r.lines[0]}`, ...r.lines.slice(1).map((l) => `    ${l}`)].join('\n');

/** The text between a heading (as renderText underlines it) and the next blank line. */
function section(text: string, heading: string): string {
  const marker = `\n${heading.toUpperCase()}\n${'-'.repeat(Math.min(heading.length, 60))}\n`;
  const start = text.indexOf(marker);
  expect(start, `no ${heading} section`).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n\n', start + marker.length);
  return text.slice(start + marker.length, end < 0 ? undefined : end);
}

/** The renderer's whole vocabulary: any other element or attribute came from somewhere else. */
const ALLOWED: Record<string, string[]> = {
  html: ['dir'],
  head: [],
  meta: ['charset'],
  title: [],
  body: ['style'],
  h2: ['style'],
  p: [],
  table: ['role', 'style'],
  tr: [],
  th: ['scope', 'style'],
  td: ['style'],
  br: [],
  small: [],
  strong: [],
  blockquote: ['style'],
};

interface ReadHtml {
  problems: string[];
  /** Text content of each element by tag, <br> read as a line break, entities decoded. */
  texts: Record<string, string[]>;
}

function readHtml(html: string): ReadHtml {
  const problems: string[] = [];
  const texts: Record<string, string[]> = {};
  const open: { tag: string; text: string }[] = [];
  const append = (s: string) => open.forEach((e) => (e.text += s));
  const parser = new Parser(
    {
      onopentag(tag, attribs) {
        if (!(tag in ALLOWED)) problems.push(`element <${tag}>`);
        for (const name of Object.keys(attribs)) if (!ALLOWED[tag]?.includes(name)) problems.push(`attribute ${name} on <${tag}>`);
        if (tag === 'br') append('\n');
        else if (tag !== 'meta') open.push({ tag, text: '' });
      },
      onclosetag(tag, implied) {
        if (tag === 'br' || tag === 'meta') return;
        if (implied && tag !== 'html') problems.push(`</${tag}> implied`);
        const e = open.pop();
        if (e?.tag !== tag) problems.push(`</${tag}> closes <${e?.tag}>`);
        (texts[tag] ??= []).push(e?.text ?? '');
      },
      ontext: append,
      oncomment: () => problems.push('comment'),
      oncdatastart: () => problems.push('CDATA'),
      onprocessinginstruction: (name) => void (name.toLowerCase() !== '!doctype' && problems.push(`<${name}`)),
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return { problems, texts };
}

/** The five characters the renderer must escape, the way it must escape them. */
const escaped = (s: string) => s.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' } as Record<string, string>)[c]};`);

/** Outside the renderer's own tags no < > " ' is left raw, and every & starts one of the five escapes. */
function expectEscapedText(html: string) {
  const tags = new RegExp(`<\\/?(?:${Object.keys(ALLOWED).join('|')})\\b[^<>]*>`, 'g');
  const text = html.replace(/^<!doctype html>/, '').replace(tags, '');
  expect(text).not.toMatch(/[<>"']/);
  expect(text).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39);)/);
}

describe('seller email body, for any accepted ticket', () => {
  it('the text part lists every answer, and the buyer’s own words verbatim', () => {
    fc.assert(
      fc.property(caseArb, ({ ticket, store, files, from }) => {
        const locale = store.sellerLanguage;
        const mail = composeSellerEmail({ ticket, store, from: from.config, to: store.sellerEmail, files, now: new Date(ticket.createdAt) });
        expect(section(mail.text, t(locale, 'mail.seller.answers'))).toBe(expectedAnswers(ticket, locale).map(textRow).join('\n'));

        const buyer = section(mail.text, t(locale, 'mail.seller.buyer')).split('\n');
        expect(buyer.slice(0, 3)).toEqual([
          `${t(locale, 'field.buyerName')}: ${ticket.buyerName}`,
          `${t(locale, 'field.buyerEmail')}: ${ticket.buyerEmail}`,
          `${t(locale, 'field.orderNumber')}: ${ticket.orderNumber}`,
        ]);
        for (const v of [ticket.context.source, ticket.context.linkNote]) if (v) expect(buyer).toContain(`    ${v}`);

        if (ticket.message) {
          const note = buyerNote(ticket, locale) ? ` (${buyerNote(ticket, locale)})` : '';
          expect(mail.text).toContain(`\n\n${t(locale, 'field.message')}${note}:\n${ticket.message.split('\n').map((l) => `> ${l}`).join('\n')}\n\n`);
        }
        ticket.attachments.forEach((a, i) => expect(mail.text).toContain(`\n${attachmentName(ticket, i)}: ${a.fileName} · ${a.mediaType} · `));
      }),
      RUNS,
    );
  });

  it('the HTML part holds only the renderer’s markup, and each buyer value reads back exactly', () => {
    fc.assert(
      fc.property(caseArb, ({ ticket, store, files, from }) => {
        const locale = store.sellerLanguage;
        const mail = composeSellerEmail({ ticket, store, from: from.config, to: store.sellerEmail, files, now: new Date(ticket.createdAt) });
        const { problems, texts } = readHtml(mail.html);
        expect(problems).toEqual([]);
        expect(texts.title).toEqual([mail.subject]);

        const cells = texts.td ?? [];
        for (const row of expectedAnswers(ticket, locale)) {
          expect(texts.th).toContain(row.label);
          expect(cells).toContain(`${row.lines.join('\n')}${row.note ? ` (${row.note})` : ''}`);
        }
        for (const v of [ticket.buyerName, ticket.buyerEmail, ticket.orderNumber]) expect(cells).toContain(v);
        if (ticket.message) expect(texts.blockquote).toContain(ticket.message);
        for (const a of ticket.attachments) expect(cells.some((c) => c.startsWith(`${a.fileName} · `))).toBe(true);

        const buyerLines = [ticket.buyerName, ticket.orderNumber, ticket.message ?? '', ...expectedAnswers(ticket, locale).flatMap((r) => r.lines), ...ticket.attachments.map((a) => a.fileName)];
        for (const line of buyerLines.flatMap((v) => v.split('\n'))) expect(mail.html).toContain(escaped(line));
        expectEscapedText(mail.html);
      }),
      RUNS,
    );
  });
});

describe('buyer receipt body, for any accepted ticket', () => {
  it('the HTML part holds only the renderer’s markup; the buyer’s name and order read back exactly', () => {
    fc.assert(
      fc.property(caseArb, ({ ticket, store, from }) => {
        const mail = composeReceipt(ticket, store, from.config, store.sellerEmail);
        const { problems, texts } = readHtml(mail.html);
        expect(problems).toEqual([]);
        expect(texts.title).toEqual([mail.subject]);
        expect(texts.p).toContain(t(ticket.locale, 'mail.receipt.greeting', { name: ticket.buyerName }));
        expect(texts.p?.some((p) => p.includes(ticket.orderNumber))).toBe(true);
        expect(mail.text).toContain(t(ticket.locale, 'mail.receipt.greeting', { name: ticket.buyerName }));
        for (const v of [ticket.buyerName, ticket.orderNumber, store.name]) expect(mail.html).toContain(escaped(v));
        expectEscapedText(mail.html);
      }),
      RUNS,
    );
  });
});

describe('examples the properties found', () => {
  it('free text that equals a choice code is the buyer’s words, not that choice’s label', () => {
    const compose = (input: object) => composeSellerEmail({ ticket: ticketFrom(input), store: storeWith(), from: 'help@portal.test', to: 'seller@shop.test', files: new Map() }).text;
    const typed = compose({ ...validInputs['address-change'], locale: 'en', answers: { ...validInputs['address-change'].answers, reason: 'other' } });
    expect(typed).toContain('\nReason: other\n');
    const chosen = compose({ ...validInputs['cancel-order'], locale: 'en', answers: { ...validInputs['cancel-order'].answers, reason: 'other' } });
    expect(chosen).toContain('\nReason: Other reason\n');
  });
});
