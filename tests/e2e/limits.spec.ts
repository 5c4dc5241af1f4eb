// What a buyer (or a bot) meets at the portal's limits, in a real browser with JavaScript on and
// off: the rate limit's "try again in N minutes", the honeypot, the minimum fill time, and a
// body over the size limit. The shared e2e portal runs with these off, so every test starts its
// own portal (real limits at a small scale, the default fill time) on an ephemeral port with its
// own data directory, and checks afterwards that a refused request left nothing behind.
import { test as base, expect, type Page, type Response } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEnv } from '../../src/config/env.ts';
import { MAX_BODY_BYTES, UPLOAD_LIMITS } from '../../src/uploads/limits.ts';
import { startServer, type PortalServer } from '../helpers/server.ts';
import { freePort } from '../helpers/smtp-receiver.ts';
import { islandHydrated } from './support/forms.ts';
import { referenceOn } from './support/portal.ts';

/** The fill time the portal uses when MIN_FILL_TIME is not set. */
const MIN_FILL_MS = loadEnv({}).MIN_FILL_TIME;
/** 0.2 × (10 tickets per client, 5 per order) per hour: one ticket per order, two per client. */
const RATE_LIMIT_SCALE = '0.2';
const MB = 1024 * 1024;

interface LimitedPortal {
  url: (p: string) => string;
  dataDir: string;
  server: PortalServer;
}

const test = base.extend<{ portal: LimitedPortal }, { bigFiles: string[] }>({
  portal: async ({}, use, info) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-limits-'));
    const server = await startServer(await freePort(), {
      PORTAL_DATA_DIR: dataDir,
      RATE_LIMIT_SCALE,
      // Empty means "not set": the default, whatever the environment running the tests says.
      MIN_FILL_TIME: '',
      SMTP_URL: '',
      SELLER_EMAIL: 'seller@shop.test',
      MAIL_FROM: 'help@portal.test',
      WORKER_POLL: '200ms',
    });
    await use({ url: (p) => `${server.origin}${p}`, dataDir, server });
    await server.kill('SIGTERM');
    if (info.status !== info.expectedStatus) await info.attach('server output', { body: server.output() });
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
  // Four 13 MB videos: each within the per-file limit, together over the body limit. Random
  // bytes named .mp4: the island sends videos as they are, and the server never reads them.
  bigFiles: [
    async ({}, use) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-limits-files-'));
      const files = [1, 2, 3, 4].map((i) => {
        const file = path.join(dir, `clip${i}.mp4`);
        fs.writeFileSync(file, Buffer.alloc(13 * MB, i));
        return file;
      });
      await use(files);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

/** Entries under a data-dir folder ([] when it does not exist). */
function entries(dataDir: string, ...parts: string[]): string[] {
  try {
    return fs.readdirSync(path.join(dataDir, ...parts));
  } catch {
    return [];
  }
}

/** Tickets anywhere in the spool: staged, queued, being sent, sent or failed. */
function tickets(dataDir: string): string[] {
  return ['tmp', 'new', 'active', 'sent', 'failed'].flatMap((state) => entries(dataDir, 'spool', state));
}

/** Nothing of a refused request is on disk: no draft (answers or photos), no ticket, no email. */
function expectNothingKept(dataDir: string) {
  expect(entries(dataDir, 'drafts'), 'drafts').toEqual([]);
  expect(tickets(dataDir), 'spool').toEqual([]);
  expect(entries(dataDir, 'spool', 'keys'), 'submission keys').toEqual([]);
  expect(entries(dataDir, 'outbox'), 'emails').toEqual([]);
}

/** The "something else" form, filled by name so it reads the same in every language. */
async function fillOther(page: Page, subject: string) {
  await page.locator('[name="buyerName"]').fill('Ana Souza');
  await page.locator('[name="buyerEmail"]').fill('ana@example.com');
  await page.locator('[name="answers.subject"]').fill(subject);
  await page.locator('[name="answers.description"]').fill('Please send an invoice with our VAT number.');
}

/** Wait out the minimum fill time, counted from when the server rendered the form. */
async function waitFillTime(page: Page) {
  const started = Number(await page.locator('[name="_started"]').inputValue());
  const left = started + MIN_FILL_MS + 250 - Date.now();
  if (left > 0) await page.waitForTimeout(left);
}

/** Whether this run has JavaScript: the flow form then posts through the island first. */
const withJs = () => test.info().project.use.javaScriptEnabled !== false;

/** With JavaScript, wait until the island has taken over the form, so a click goes through it. */
async function islandReady(page: Page) {
  if (withJs()) await islandHydrated(page);
}

/**
 * Click and wait for the page the browser ends up on. Returns every POST it made on the way, as
 * "xhr 413" (the island's upload) or "document 413" (the browser's own form submission).
 */
async function submit(page: Page, button: string): Promise<string[]> {
  const posts: string[] = [];
  const onResponse = (r: Response) => {
    if (r.request().method() === 'POST') posts.push(`${r.request().resourceType()} ${r.status()}`);
  };
  page.on('response', onResponse);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: button }).click()]);
  page.off('response', onResponse);
  return posts;
}

/** The POSTs a flow form refused with `status` makes: the island's upload, then the browser's own post. */
const refusedFlowPosts = (status: number) => (withJs() ? [`xhr ${status}`, `document ${status}`] : [`document ${status}`]);

test('a buyer over the tickets-per-order limit is told to try again in 60 minutes; the second ticket is not kept', async ({ page, portal }) => {
  // First ticket for the order: accepted.
  await page.goto(portal.url('/report/other?order=8123-55'));
  await fillOther(page, 'VAT invoice');
  await waitFillTime(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
  const first = referenceOn(await page.locator('.panel').innerText());
  expect(tickets(portal.dataDir)).toEqual([first]);

  // Second ticket for the same order within the hour: refused at Send.
  await page.goto(portal.url('/report/other?order=8123-55'));
  await fillOther(page, 'Another invoice');
  await waitFillTime(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending');
  expect(await submit(page, 'Send')).toEqual(['document 429']);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('We could not save your request');
  await expect(alert).toContainText('Please try again in 60 minutes; nothing you sent was lost.');
  await expect(page.getByText('Request sent')).toHaveCount(0);
  expect(tickets(portal.dataDir)).toEqual([first]);
});

test('a bot that fills the honeypot is refused and nothing is kept or sent', async ({ page, portal }) => {
  await page.goto(portal.url('/report/other?order=8123-55'));
  await fillOther(page, 'Cheap watches');
  // Hidden from people and screen readers; a bot fills it through the DOM.
  await page.locator('[name="website"]').fill('https://spam.example', { force: true });
  // Past the fill time, so only the honeypot can be what refuses it.
  await waitFillTime(page);
  await islandReady(page);
  expect(await submit(page, 'Continue')).toEqual(refusedFlowPosts(403));
  await expect(page.getByRole('alert')).toHaveText('We could not accept this form. Please wait a moment, check your answers and send it again.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Something else');
  expectNothingKept(portal.dataDir);
});

test('a form sent faster than the minimum fill time is refused; the same form sent after it is accepted', async ({ page, portal }) => {
  await page.goto(portal.url('/report/other?order=8123-55'));
  const started = Number(await page.locator('[name="_started"]').inputValue());
  await islandReady(page);
  await fillOther(page, 'VAT invoice');
  expect(Date.now() - started, 'the test itself filled the form too slowly').toBeLessThan(MIN_FILL_MS - 500);
  expect(await submit(page, 'Continue')).toEqual(refusedFlowPosts(403));
  await expect(page.getByRole('alert')).toHaveText('We could not accept this form. Please wait a moment, check your answers and send it again.');
  expectNothingKept(portal.dataDir);

  // The refused page is a fresh form: filled again and sent after the fill time, it goes through.
  await fillOther(page, 'VAT invoice');
  await waitFillTime(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending');
  expect(entries(portal.dataDir, 'drafts')).toHaveLength(1);
  expect(tickets(portal.dataDir)).toEqual([]);
});

test('videos over the size limit get the form back saying how big they are and the limit, in the buyer’s language', async ({ page, portal, bigFiles }) => {
  const total = bigFiles.reduce((n, f) => n + fs.statSync(f).size, 0);
  expect(total).toBeGreaterThan(MAX_BODY_BYTES);
  await page.goto(portal.url('/report/other?order=8123-55&lang=de'));
  await fillOther(page, 'Rechnung');
  await page.locator('input[type=file][name="shot.photo"]').setInputFiles(bigFiles);
  // No wait for the fill time: the size is refused before any field is read. With JavaScript
  // the island adds up what it would send and says so before uploading a byte; without it the
  // server refuses the post unread and sends the form back.
  await islandReady(page);
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(r.resourceType());
  });
  if (withJs()) await page.getByRole('button', { name: 'Weiter' }).click();
  else expect(await submit(page, 'Weiter')).toEqual(refusedFlowPosts(413));
  const sizeMb = Math.round(total / MB);
  await expect(page.getByRole('alert')).toHaveText(
    new RegExp(`^Ihre Fotos und Videos sind zusammen (${sizeMb}|${sizeMb + 1}) MB groß; wir können höchstens ${UPLOAD_LIMITS.maxTotalBytes / MB} MB annehmen\\. Entfernen Sie einige`),
  );
  if (withJs()) {
    expect(posts).toEqual([]);
    // Still the filled form: removing a video and sending works without typing anything again.
    await expect(page.getByRole('button', { name: 'Weiter' })).toBeEnabled();
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Etwas anderes');
  // The page still carries the language and the order from the link.
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.locator('[name="orderNumber"]')).toHaveValue('8123-55');
  expectNothingKept(portal.dataDir);
});

test('a body sent without Content-Length (chunked) over the limit gets the same page, in the Accept-Language', async ({ portal }, info) => {
  test.skip(info.project.name !== 'js', 'no browser involved: once is enough');
  const boundary = 'limits-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="_kind"\r\n\r\nother\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="shot.photo"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const chunk = Buffer.alloc(MB, 7);
  let sent = 0;
  // A stream body makes fetch send Transfer-Encoding: chunked with no Content-Length.
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(head);
    },
    pull(controller) {
      if (sent >= MAX_BODY_BYTES + 4 * MB) {
        controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
        controller.close();
        return;
      }
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const res = await fetch(portal.url('/report/other?_action=saveDraft'), {
    method: 'POST',
    body,
    duplex: 'half',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, origin: portal.server.origin, 'accept-language': 'fr-CA,fr;q=0.9' },
  } as RequestInit);
  const alert = /role="alert"[^>]*><p>([^<]*)<\/p>/.exec(await res.text())?.[1];
  expect({ status: res.status, alert }).toEqual({
    status: 413,
    alert: expect.stringContaining(`Vos photos et vidéos font plus de ${UPLOAD_LIMITS.maxTotalBytes / MB} Mo au total`),
  });
  expectNothingKept(portal.dataDir);
});
