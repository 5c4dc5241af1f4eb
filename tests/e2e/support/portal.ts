// Helpers the browser tests share: where the portal is, the mail it sent, photos to attach,
// and the accessibility check run on every page state.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import fs from 'node:fs';
import path from 'node:path';
import { encodePng } from '../../helpers/fixtures.ts';

export const portalUrl = (p = '/') => `${process.env.PORTAL_URL}${p}`;

/** Waits for the seller email and receipt of a ticket to reach the SMTP receiver. */
export async function mailFor(reference: string, timeoutMs = 20_000): Promise<{ seller: ParsedMail; receipt: ParsedMail; all: ParsedMail[] }> {
  const dir = process.env.MAIL_DIR!;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all: ParsedMail[] = [];
    for (const f of fs.readdirSync(dir)) {
      const raw = fs.readFileSync(path.join(dir, f));
      if (!raw.includes(reference)) continue;
      all.push(await simpleParser(raw));
    }
    const seller = all.find((m) => m.messageId?.startsWith(`<${reference}.seller@`));
    const receipt = all.find((m) => m.messageId?.startsWith(`<${reference}.receipt@`));
    if (seller && receipt) return { seller, receipt, all };
    if (Date.now() > deadline) throw new Error(`mail for ${reference} not received (got ${all.length})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A small but real PNG photo, different per seed so attachments can be told apart. */
export function photo(name: string, seed = 1): { name: string; mimeType: string; buffer: Buffer } {
  const [w, h] = [32, 24];
  const rows = Array.from({ length: h }, (_, y) => Buffer.from([0, ...Array.from({ length: w * 3 }, (_, i) => (i * seed + y * 7) & 0xff)]));
  return { name, mimeType: 'image/png', buffer: encodePng(w, h, Buffer.concat(rows)) };
}

/**
 * axe-core finds no violations on the page as it is now. axe runs inside the page, so it needs
 * JavaScript: with it off the check is skipped, and the same server-rendered states are checked
 * by the JavaScript run (the island adds no markup until photos are chosen).
 */
export async function expectAccessible(page: Page, state: string) {
  if (test.info().project.use.javaScriptEnabled === false) return;
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on ${state}`).toEqual([]);
}

export function referenceOn(text: string): string {
  const m = /[A-Z]{2,4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(text);
  if (!m) throw new Error(`no reference in: ${text}`);
  return m[0];
}
