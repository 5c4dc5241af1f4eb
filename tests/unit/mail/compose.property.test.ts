// Header properties of both messages the portal composes (the seller's ticket email and the
// buyer's receipt), for any ticket the schema accepts: no control character reaches a header,
// From is always the configured sender, and the raw MIME that nodemailer builds from them keeps
// every header rule and reads back (mailparser) to exactly what was composed, but for one quirk
// of mailparser's unfolding (see foldedAtSpaces).
import fc from 'fast-check';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { Address, MailMessage } from '../../../src/mail/message.ts';
import { composeReceipt } from '../../../src/mail/receipt.ts';
import { composeSellerEmail } from '../../../src/mail/seller-email.ts';
import { clip, lineText } from '../../fixtures/ticket-arbitraries.ts';
import { validInputs } from '../../fixtures/tickets.ts';
import { storeWith, ticketFrom } from '../triage/fixtures.ts';
import { caseArb, type Case } from './arbitraries.ts';
import { fields, foldedAtSpaces, headerBlocks, headerProblems, rawMime, type HeaderField } from './mime-headers.ts';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const plainStore = storeWith();

function compose({ ticket, store, files, from }: Case): { seller: MailMessage; receipt: MailMessage } {
  return {
    seller: composeSellerEmail({ ticket, store, from: from.config, to: store.sellerEmail, files, now: new Date(ticket.createdAt) }),
    receipt: composeReceipt(ticket, store, from.config, store.sellerEmail),
  };
}

/** Every value of a composed message that nodemailer turns into a header. */
function headerValues(m: MailMessage): string[] {
  const address = (a: Address | undefined) => (a === undefined ? [] : typeof a === 'string' ? [a] : [a.name, a.address]);
  return [
    m.subject,
    m.messageId,
    ...address(m.from),
    ...address(m.to),
    ...address(m.replyTo),
    ...Object.entries(m.headers ?? {}).flat(),
    ...m.attachments.flatMap((a) => [a.filename, a.contentType]),
  ];
}

/** Domains are case-insensitive and nodemailer writes them in lower case; the rest is exact. */
const domainLower = (address = '') => address.replace(/@[^@]*$/, (d) => d.toLowerCase());
const one = (a: AddressObject | AddressObject[] | undefined) => {
  const list = (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value);
  return list.map(({ name, address }) => ({ name, address: domainLower(address) }));
};
const sentAddress = (a: Address) => domainLower(typeof a === 'string' ? (/<([^>]+)>/.exec(a)?.[1] ?? a) : a.address);

/**
 * Raw MIME of the message: header rules kept, one of each address field, and read back exactly
 * (a run of spaces where nodemailer folded the line excepted: see foldedAtSpaces).
 */
async function checkMime(m: MailMessage): Promise<ParsedMail> {
  const raw = (await rawMime(m)).toString('latin1');
  const blocks = headerBlocks(raw);
  expect(blocks.length).toBe(m.attachments.length ? 4 + m.attachments.length : 3);
  for (const block of blocks) expect(headerProblems(block)).toEqual([]);
  const top = fields(blocks[0]!).map((f) => f.name.toLowerCase());
  for (const name of ['from', 'to', 'reply-to', 'subject', 'message-id']) expect(top.filter((n) => n === name)).toHaveLength(1);
  for (const name of ['cc', 'bcc', 'sender', 'resent-from']) expect(top).not.toContain(name);

  const parsed = await simpleParser(raw);
  const field = (block: string, name: string) => fields(block).find((f) => f.name.toLowerCase() === name)!;
  const readsAs = (read: string | undefined, typed: string, f: HeaderField) =>
    foldedAtSpaces(f) ? expect(read?.replace(/[ \t]+/g, ' ')).toBe(typed.replace(/[ \t]+/g, ' ')) : expect(read).toBe(typed);
  readsAs(parsed.subject, m.subject, field(blocks[0]!, 'subject'));
  expect(parsed.messageId).toBe(`<${m.messageId}>`);
  for (const [name, read, sent] of [['from', parsed.from, m.from], ['to', parsed.to, m.to], ['reply-to', parsed.replyTo, m.replyTo!]] as const) {
    const [address, ...others] = one(read);
    expect(others).toEqual([]);
    expect(address?.address).toBe(sentAddress(sent));
    if (typeof sent === 'object') readsAs(address?.name, sent.name, field(blocks[0]!, name));
  }
  const disposition = blocks.map((b) => fields(b).find((f) => /^content-disposition$/i.test(f.name))).filter((f) => f !== undefined);
  expect(parsed.attachments).toHaveLength(m.attachments.length);
  parsed.attachments.forEach((a, i) => readsAs(a.filename, m.attachments[i]!.filename, disposition[i]!));
  parsed.attachments.forEach((a, i) => expect(a.content.equals(m.attachments[i]!.content)).toBe(true));
  expect(parsed.text).toBe(m.text);
  expect(parsed.html).toBe(m.html);
  return parsed;
}

describe('headers of the composed messages, for any accepted ticket', () => {
  it('no header value holds a control character; From is the configured sender, the buyer only Reply-To or To', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { seller, receipt } = compose(c);
        for (const v of [...headerValues(seller), ...headerValues(receipt)]) {
          expect(v).not.toMatch(UNSAFE);
          expect(v.isWellFormed(), `lone surrogate in ${JSON.stringify(v)}`).toBe(true);
        }
        expect(seller.from).toBe(c.from.config);
        expect(receipt.from).toEqual({ name: c.store.name, address: c.from.address });
        expect(seller.replyTo).toEqual({ name: c.ticket.buyerName, address: c.ticket.buyerEmail });
        expect(receipt.to).toEqual({ name: c.ticket.buyerName, address: c.ticket.buyerEmail });
        expect(seller.to).toBe(c.store.sellerEmail);
        expect(receipt.replyTo).toEqual({ name: c.store.name, address: c.store.sellerEmail });
      }),
      { numRuns: 300 },
    );
  });

  it('a long "other" subject is cut at a character boundary, never inside an emoji', () => {
    const longSubject = fc
      .array(fc.constantFrom('a', ' ', 'é', '谢', '👍', '👍🏽', '🇧🇷', '𝄞', '<', '&'), { minLength: 30, maxLength: 80 })
      .map((parts) => parts.join('').slice(0, 150))
      .filter((v) => v.trim().length > 0 && v.isWellFormed());
    fc.assert(
      fc.property(longSubject, (subject) => {
        const ticket = ticketFrom({ ...validInputs.other, answers: { subject, description: 'x' } });
        const typed = ticket.kind === 'other' ? ticket.answers.subject : '';
        const mail = composeSellerEmail({ ticket, store: plainStore, from: 'help@portal.test', to: 'seller@shop.test', files: new Map() });
        expect(mail.subject.isWellFormed()).toBe(true);
        expect(mail.subject).toContain(typed.length > 60 ? ` · ${clip(typed, 59)}… · ` : ` · ${typed} · `);
      }),
      { numRuns: 100 },
    );
  });

  it('raw MIME of both messages keeps the header rules and reads back to what was composed', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { seller, receipt } = compose(c);
        const [s, r] = [await checkMime(seller), await checkMime(receipt)];
        // What a mail program shows as the sender is the configured address, whatever the buyer typed.
        expect(one(s.from).map((a) => a.address)).toEqual([domainLower(c.from.address)]);
        expect(one(r.from).map((a) => a.address)).toEqual([domainLower(c.from.address)]);
        expect(one(s.replyTo).map((a) => a.address)).toEqual([domainLower(c.ticket.buyerEmail)]);
        expect(JSON.parse(s.attachments.at(-1)!.content.toString('utf8'))).toEqual(JSON.parse(JSON.stringify(c.ticket)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('attachment names and subjects through nodemailer', () => {
  // The seller email names photos itself ("damage-1.jpg"); this holds for any name a composer
  // might pass, the buyer's own file names included, so that choice is not what keeps MIME sound.
  it('any one-line file name and subject is encoded (RFC 2231 / RFC 2047) and read back as written', async () => {
    const name = lineText(255, 1).map((s) => s.trim());
    await fc.assert(
      fc.asyncProperty(fc.array(name, { minLength: 1, maxLength: 3 }), lineText(300, 1), async (names, subject) => {
        const message: MailMessage = {
          from: 'help@portal.test',
          to: { name: subject.trim(), address: 'buyer@example.com' },
          replyTo: 'seller@shop.test',
          subject: subject.trim(),
          messageId: 'HX-7K3Q-9M2D.seller@portal.test',
          text: 'x',
          html: '<p>x</p>',
          attachments: names.map((filename, i) => ({ filename, content: Buffer.from([i]), contentType: 'image/jpeg' })),
        };
        await checkMime(message);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the header checker itself', () => {
  it('names each broken rule', () => {
    const block = (...lines: string[]) => lines.join('\r\n');
    expect(headerProblems(block('Subject: ok', ' folded', 'X-Ticket-Reference: HX-7K3Q-9M2D'))).toEqual([]);
    expect(headerProblems(block('Content-Disposition: attachment; filename*0*=utf-8\'\'%C3%A9; filename*1=".jpg"'))).toEqual([]);
    expect(headerProblems(block('Subject: café'))).not.toEqual([]);
    expect(headerProblems(block('Subject: a\nBcc: x@y.z'))).not.toEqual([]);
    expect(headerProblems(block('Subject: =?UTF-8?Q?a b?='))).not.toEqual([]);
    expect(headerProblems(block('Content-Disposition: attachment; filename=a b.jpg'))).not.toEqual([]);
    expect(headerProblems(block('Content-Disposition: attachment; filename*=utf-8\'\'%ZZ'))).not.toEqual([]);
    expect(headerProblems(block('Content-Disposition: attachment; filename*1*=utf-8\'\'%41'))).not.toEqual([]);
  });
});

describe('examples the properties found', () => {
  const encodedWord = '=?UTF-8?B?QmNjOiB4QHkuego=?='; // decodes to "Bcc: x@y.z\n"

  it('buyer text that is itself an encoded word reaches the seller as typed, not decoded', async () => {
    const ticket = ticketFrom({ ...validInputs.other, buyerName: `Eve ${encodedWord}`, answers: { subject: encodedWord, description: 'x' } });
    const seller = composeSellerEmail({ ticket, store: plainStore, from: 'help@portal.test', to: 'seller@shop.test', files: new Map() });
    const parsed = await checkMime(seller);
    expect(parsed.subject).toContain(` · ${encodedWord} · `);
    expect(one(parsed.replyTo)[0]!.name).toBe(`Eve ${encodedWord}`);
    await checkMime(composeReceipt(ticket, plainStore, 'help@portal.test', 'seller@shop.test'));
  });

  it('cuts a long subject before an emoji rather than through it', () => {
    const ticket = ticketFrom({ ...validInputs.other, answers: { subject: `${'a'.repeat(58)}👍${'b'.repeat(10)}`, description: 'x' } });
    const mail = composeSellerEmail({ ticket, store: plainStore, from: 'help@portal.test', to: 'seller@shop.test', files: new Map() });
    expect(mail.subject).toContain(` · ${'a'.repeat(58)}… · `);
  });
});
