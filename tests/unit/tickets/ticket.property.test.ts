// Properties of the ticket schemas over generated input: every well-shaped ticket of each kind
// is accepted, no one-line field ever lets a line break or control character through (such a
// character inside the text fails that field; at the edges it is trimmed away), free text keeps
// its words and only normalises line endings, and a stored ticket re-reads as itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/tickets/kinds.ts';
import { ticketInputSchema, ticketSchema } from '../../../src/tickets/ticket.ts';
import { attachmentsInput, emailText, intlTakes, lineText, orderNumberText, paragraphText, tagShapedText, ticketInput, ticketInputOf } from '../../fixtures/ticket-arbitraries.ts';
import { validInputs } from '../../fixtures/tickets.ts';
import { shot, ticketFrom } from '../triage/fixtures.ts';

const RUNS = { numRuns: 300 };
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** Single control characters and the classic injection sequences. */
const unsafeText = fc.oneof(
  fc.integer({ min: 0x00, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x7f, max: 0x9f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u2028', '\u2029', '\r\n', '\r\nBcc: victim@example.com', '\n\n<b>', '\r\n '),
);

/** A valid value with control characters put in at any code-point position, edges included. */
const withUnsafe = (valid: fc.Arbitrary<string>) =>
  fc.tuple(valid, unsafeText, fc.nat()).map(([v, bad, at]) => {
    const points = Array.from(v);
    const i = at % (points.length + 1);
    return { value: [...points.slice(0, i), bad, ...points.slice(i)].join(''), bad };
  });

/**
 * The rule for one field: control characters left after trimming fail that field; otherwise
 * the trimmed value is kept, and a line break that was pure edge whitespace is simply gone.
 */
function expectLineRule(r: { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[] }[] } }, path: string, value: string, bad: string) {
  const kept = value.trim();
  if (UNSAFE.test(kept)) return expect(issuePaths(r)).toContain(path);
  if (r.success || bad.trim() === '') {
    expect(issuePaths(r)).toEqual([]);
    expect(get(r.data, path.split('.'))).toBe(kept);
  } else {
    // What an injection left behind once its line break was trimmed off ("Bcc: …") may break
    // the field's other rules (format, length); it is then refused at this field only.
    expect(issuePaths(r).every((p) => p === path)).toBe(true);
  }
}

const set = (input: object, path: string[], value: unknown): object => {
  const [head, ...rest] = path;
  const here = (input as Record<string, unknown>)[head!];
  if (!rest.length) return { ...input, [head!]: value };
  return Array.isArray(here)
    ? { ...input, [head!]: here.map((x, i) => (String(i) === rest[0] ? set(x, rest.slice(1), value) : x)) }
    : { ...input, [head!]: set((here ?? {}) as object, rest, value) };
};

const get = (value: unknown, path: string[]): unknown => path.reduce((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);

const address = validInputs['address-change'].answers.newAddress;
const notReceived = { ...validInputs['not-received/delivered'], answers: { ...validInputs['not-received/delivered'].answers, correctedAddress: address } };

/** Every one-line field of the input; the first four reach a mail header (Subject, Reply-To, To). */
const oneLineFields: { path: string; base: object; valid: fc.Arbitrary<string> }[] = [
  { path: 'buyerName', base: validInputs.damaged, valid: lineText(100, 1) },
  { path: 'buyerEmail', base: validInputs.damaged, valid: emailText },
  { path: 'orderNumber', base: validInputs.damaged, valid: orderNumberText },
  { path: 'answers.subject', base: validInputs.other, valid: lineText(150, 1) },
  { path: 'context.source', base: validInputs.damaged, valid: lineText(300) },
  { path: 'context.linkNote', base: validInputs.damaged, valid: lineText(200) },
  { path: 'answers.trackingNumber', base: notReceived, valid: lineText(60) },
  { path: 'answers.signerName', base: notReceived, valid: lineText(100) },
  { path: 'answers.taxId', base: notReceived, valid: lineText(40) },
  { path: 'answers.items.0.name', base: validInputs['missing-items'], valid: lineText(200, 1) },
  ...['recipient', 'line1', 'line2', 'city', 'region', 'postalCode'].flatMap((part) => [
    { path: `answers.newAddress.${part}`, base: validInputs['address-change'], valid: lineText(20, 1) },
    { path: `answers.correctedAddress.${part}`, base: notReceived, valid: lineText(20, 1) },
  ]),
];

const bodyFields = [
  { path: 'message', base: validInputs.damaged },
  { path: 'answers.description', base: validInputs.damaged },
  { path: 'answers.description', base: validInputs.other },
  { path: 'answers.reason', base: validInputs['address-change'] },
  { path: 'answers.details', base: validInputs['cancel-order'] },
];

const issuePaths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.path.join('.'));

describe('ticket input schema over generated input', () => {
  for (const kind of KINDS) {
    it(`accepts every well-shaped ${kind} ticket, one-line fields trimmed and free of control characters`, () => {
      fc.assert(
        fc.property(ticketInputOf(kind), (input) => {
          const r = ticketInputSchema.safeParse(input);
          expect(issuePaths(r)).toEqual([]);
          const t = r.data!;
          for (const v of [t.buyerName, t.buyerEmail, t.orderNumber, t.context.source, t.context.linkNote]) {
            if (v === undefined) continue;
            expect(v).toBe(v.trim());
            expect(v).not.toMatch(UNSAFE);
          }
          expect(t.buyerName).toBe((input.buyerName as string).trim());
        }),
        RUNS,
      );
    });
  }

  it('accepts a language tag exactly when dates can be formatted in it', () => {
    fc.assert(
      fc.property(tagShapedText, (locale) => {
        expect(issuePaths(ticketInputSchema.safeParse({ ...validInputs.damaged, locale }))).toEqual(intlTakes(locale) ? [] : ['locale']);
      }),
      RUNS,
    );
  });

  for (const { path, base, valid } of oneLineFields) {
    it(`${path}: a control character inside the text fails the field; at the edges it is trimmed away`, () => {
      fc.assert(
        fc.property(withUnsafe(valid), ({ value, bad }) => {
          expectLineRule(ticketInputSchema.safeParse(set(base, path.split('.'), value)), path, value, bad);
        }),
        RUNS,
      );
    });
  }

  for (const { path, base } of bodyFields) {
    it(`${base === validInputs.other ? 'other ' : ''}${path}: keeps the buyer's text, CR and CRLF become LF, other controls fail`, () => {
      fc.assert(
        fc.property(paragraphText(900), unsafeText, fc.nat(), (text, bad, at) => {
          const normalised = text.replace(/\r\n?/g, '\n').trim();
          const ok = ticketInputSchema.safeParse(set(base, path.split('.'), text));
          if (normalised.length > 0 || path !== 'answers.description' || base !== validInputs.other) {
            expect(issuePaths(ok)).toEqual([]);
            expect(get(ok.data, path.split('.'))).toBe(normalised);
          }
          const points = Array.from(normalised || 'x');
          const i = 1 + (at % points.length);
          const hostile = [...points.slice(0, i), bad, ...points.slice(i)].join('').concat('.');
          const kept = hostile.replace(/\r\n?/g, '\n');
          const r = ticketInputSchema.safeParse(set(base, path.split('.'), hostile));
          if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u.test(kept)) expect(issuePaths(r)).toContain(path);
          else expect(get(r.data, path.split('.'))).toBe(kept.trim());
        }),
        RUNS,
      );
    });
  }
});

describe('stored ticket schema over generated input', () => {
  it('rejects a control character in the buyer’s file name or the store name', () => {
    const base = ticketFrom(validInputs.damaged);
    fc.assert(
      fc.property(withUnsafe(lineText(200, 1)), withUnsafe(lineText(60, 1)), (file, store) => {
        const named = ticketSchema.safeParse({ ...base, attachments: [{ ...shot('damage'), fileName: file.value }] });
        expectLineRule(named, 'attachments.0.fileName', file.value, file.bad);
        const shop = ticketSchema.safeParse({ ...base, store: { ...base.store, name: store.value } });
        expectLineRule(shop, 'store.name', store.value, store.bad);
      }),
      RUNS,
    );
  });

  it('a stored ticket read back from its JSON is the same ticket', () => {
    fc.assert(
      fc.property(ticketInput, attachmentsInput, (input, attachments) => {
        const ticket = ticketFrom(input, { attachments });
        expect(ticketSchema.parse(JSON.parse(JSON.stringify(ticket)))).toEqual(ticket);
      }),
      { numRuns: 200 },
    );
  });
});
