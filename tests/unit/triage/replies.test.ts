import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/format-error.ts';
import { composeSellerEmail } from '../../../src/mail/seller-email.ts';
import { fillDraft, loadReplies, REPLY_CASES, REPLY_LANGUAGES, replyCase, replyDraft } from '../../../src/triage/replies.ts';
import { caseInputs, storeWith, ticketFrom, withLocale } from './fixtures.ts';

const shipped = path.resolve('content/replies');

describe('shipped reply drafts', () => {
  const drafts = loadReplies(shipped);

  it.each(REPLY_CASES.flatMap((c) => REPLY_LANGUAGES.map((l) => [c, l] as const)))('%s has a draft in %s', (c, l) => {
    const text = drafts.get(`${c}.${l}`);
    expect(text, `${c}.${l}.md`).toBeTruthy();
    expect(text).toContain('{orderNumber}');
    expect(text).toContain('{reference}');
  });

  it('differ from English in every other language (no untranslated copies)', () => {
    const copies = REPLY_CASES.flatMap((c) => REPLY_LANGUAGES.filter((l) => l !== 'en' && drafts.get(`${c}.${l}`) === drafts.get(`${c}.en`)).map((l) => `${c}.${l}`));
    expect(copies).toEqual([]);
  });

  it('keep optional values on lines of their own, so a ticket without them loses only that line', () => {
    for (const [key, text] of drafts) {
      for (const line of text.split('\n')) {
        if (/\{(trackingLink|trackingNumber|expectedDate)\}/.test(line)) expect(line.length, key).toBeLessThan(140);
      }
    }
  });
});

describe('reply case and language', () => {
  it('gives every fixture the case it is named after', () => {
    for (const [name, input] of Object.entries(caseInputs)) expect(replyCase(ticketFrom(input))).toBe(name);
  });

  it('picks the buyer’s language, by base language too, and falls back to English', () => {
    const drafts = new Map([
      ['other.en', 'Hi {orderNumber} {reference}'],
      ['other.pt-BR', 'Olá {orderNumber} {reference}'],
    ]);
    expect(replyDraft(ticketFrom(withLocale(caseInputs.other, 'pt-PT')), {}, drafts).language).toBe('pt-BR');
    expect(replyDraft(ticketFrom(withLocale(caseInputs.other, 'ja')), {}, drafts).language).toBe('en');
    expect(replyDraft(ticketFrom(withLocale(caseInputs.other, 'fr')), {}, drafts).language).toBe('en');
  });
});

describe('fillDraft', () => {
  it('fills placeholders and drops lines whose value is unknown', () => {
    const text = fillDraft('Hi {buyerName},\n\nTrack: {trackingLink}\nOrder {orderNumber}\n\n\nBye', { buyerName: 'Ana', orderNumber: '8123' });
    expect(text).toBe('Hi Ana,\n\nOrder 8123\n\nBye');
  });

  it('inserts buyer text as is, without reading placeholders inside it', () => {
    expect(fillDraft('Hi {buyerName} {orderNumber}', { buyerName: '{reference} <b>', orderNumber: '1' })).toBe('Hi {reference} <b> 1');
  });
});

describe('loadReplies', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replies-'));
    for (const c of REPLY_CASES) fs.writeFileSync(path.join(dir, `${c}.en.md`), 'Order {orderNumber}, ref {reference}.\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const problems = (): string[] => {
    try {
      loadReplies(dir);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).lines;
    }
    return [];
  };

  it('accepts a complete set', () => {
    expect(problems()).toEqual([]);
    expect(loadReplies(dir).size).toBe(REPLY_CASES.length);
  });

  it('names the file with an unknown placeholder', () => {
    fs.writeFileSync(path.join(dir, 'stalled.de.md'), 'Bestellung {orderNumber} {reference}, {orderNummer}');
    const lines = problems();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/stalled\.de\.md: has unknown placeholder \{orderNummer\}/);
  });

  it('names the file with an empty placeholder, a stray brace, or a missing required one', () => {
    fs.writeFileSync(path.join(dir, 'other.fr.md'), 'Commande {orderNumber} {reference} {}');
    fs.writeFileSync(path.join(dir, 'other.es.md'), 'Pedido {orderNumber} {reference} {buyerName');
    fs.writeFileSync(path.join(dir, 'other.ru.md'), 'Заказ {orderNumber}');
    const lines = problems().join('\n');
    expect(lines).toMatch(/other\.fr\.md: has \{\} without a placeholder name/);
    expect(lines).toMatch(/other\.es\.md: has a \{ or \} that is not part of a \{placeholder\}/);
    expect(lines).toMatch(/other\.ru\.md: must mention \{reference\}/);
  });

  it('names a file that is not <case>.<language>.md, and a missing English draft', () => {
    fs.writeFileSync(path.join(dir, 'lost.en.md'), 'x {orderNumber} {reference}');
    fs.rmSync(path.join(dir, 'customs.en.md'));
    const lines = problems().join('\n');
    expect(lines).toMatch(/lost\.en\.md: name must be <case>\.<language>\.md/);
    expect(lines).toMatch(/customs\.en\.md: missing/);
  });

  it('a broken draft does not hold the ticket back: the seller email names the file instead', () => {
    fs.writeFileSync(path.join(dir, 'other.en.md'), 'Order {orderNumber} {reference} {customerName}');
    const content = fs.mkdtempSync(path.join(os.tmpdir(), 'content-'));
    fs.renameSync(dir, path.join(content, 'replies'));
    dir = path.join(content, 'replies');
    const before = process.env.PORTAL_CONTENT_DIR;
    process.env.PORTAL_CONTENT_DIR = content;
    try {
      const ticket = ticketFrom(caseInputs.other);
      const mail = composeSellerEmail({ ticket, store: storeWith(), from: 'help@portal.test', to: 'x@y.z', files: new Map() });
      expect(mail.text).toContain('Reply draft (not available: a draft file in content/replies has a mistake):');
      expect(mail.text).toMatch(/> .*replies[\\/]other\.en\.md: has unknown placeholder \{customerName\}/);
    } finally {
      if (before === undefined) delete process.env.PORTAL_CONTENT_DIR;
      else process.env.PORTAL_CONTENT_DIR = before;
      fs.rmSync(content, { recursive: true, force: true });
    }
  });
});
