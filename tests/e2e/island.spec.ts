// The form island (src/islands/FormEnhancer.tsx) in a real browser: photos are downscaled on
// the device before upload, chosen photos show as thumbnails that can be removed, the form
// cannot be sent twice, and the upload shows progress. JavaScript project only: without
// JavaScript there is no island (flows.spec.ts covers the same flows without it).
import { expect, test, type Page } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import fs from 'node:fs';
import path from 'node:path';
import { fillDamaged, islandHydrated } from './support/forms.ts';
import { mailFor, photo, portalUrl, referenceOn } from './support/portal.ts';

test.beforeEach(({}, info) => {
  test.skip(info.project.name !== 'js', 'the island needs JavaScript');
});

/** Width and height from a JPEG's start-of-frame marker (any SOFn but DHT, JPG and DAC). */
function jpegSize(data: Buffer): { width: number; height: number } {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new Error('not a JPEG');
  let i = 2;
  while (i + 4 <= data.length) {
    if (data[i] !== 0xff) throw new Error(`no marker at ${i}`);
    const marker = data[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      i += 2; // standalone marker, no length
      continue;
    }
    const length = data.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  throw new Error('no SOF marker');
}

/** The island has hydrated (client:idle) and its effects have run. */
async function islandReady(page: Page) {
  await islandHydrated(page);
  // Preact runs effects after the next paint.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

/** The thumbnails the island shows under one shot's input (not the server's staged list). */
const islandThumbs = (page: Page, shot: string) => page.locator(`.shot[data-shot="${shot}"] ul.thumbs:not(.staged) li`);


interface Made {
  w: number;
  h: number;
  type: 'image/jpeg' | 'image/png';
  name: string;
}

/**
 * A real photo made in the page, by default camera-sized: a 4000×3000 gradient with noise,
 * JPEG q 0.92 (several MB), put on the shot's file input as if the buyer picked it. Returns
 * its size in bytes.
 */
async function attachLargePhoto(page: Page, shotLabel: string, made: Made = { w: 4000, h: 3000, type: 'image/jpeg', name: 'camera.jpg' }): Promise<number> {
  return page.evaluate(async ({ labelStart, made: { w, h, type, name } }) => {
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d')!;
    const img = ctx.createImageData(w, h);
    const px = img.data;
    let seed = 0x2545f491;
    for (let y = 0, o = 0; y < h; y++) {
      for (let x = 0; x < w; x++, o += 4) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        const n = (seed & 63) - 32;
        px[o] = ((x * 255) / w + n) | 0;
        px[o + 1] = ((y * 255) / h + n) | 0;
        px[o + 2] = (128 + ((seed >>> 8) & 63) - 32) | 0;
        px[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), type, 0.92));
    const input = [...document.querySelectorAll<HTMLInputElement>('input[type=file]')].find((i) => i.labels?.[0]?.textContent?.trim().startsWith(labelStart));
    if (!input) throw new Error(`no file input labelled ${labelStart}`);
    const dt = new DataTransfer();
    dt.items.add(new File([blob], name, { type, lastModified: Date.now() }));
    input.files = dt.files;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return blob.size;
  }, { labelStart: shotLabel, made });
}

async function sendFromCheck(page: Page): Promise<string> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
  return referenceOn(await page.locator('.panel').innerText());
}

/** Bytes of the form POSTs the page sends to save a draft (the island's XHR upload). */
function recordDraftPosts(page: Page): Promise<number>[] {
  const sizes: Promise<number>[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'POST' || !r.url().includes('_action=saveDraft')) return;
    sizes.push(r.allHeaders().then((h) => Number(h['content-length'] ?? r.postDataBuffer()?.length ?? NaN)));
  });
  return sizes;
}

/** Every message the SMTP receiver holds whose text contains `marker`, parsed. */
async function mailsWith(marker: string): Promise<ParsedMail[]> {
  const dir = process.env.MAIL_DIR!;
  const found: ParsedMail[] = [];
  for (const f of fs.readdirSync(dir)) {
    const mail = await simpleParser(fs.readFileSync(path.join(dir, f)));
    if ((mail.text ?? '').includes(marker)) found.push(mail);
  }
  return found;
}

const marker = () => `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

test('a camera-sized photo is downscaled to a 2000 px long edge before upload', async ({ page }) => {
  const posts = recordDraftPosts(page);
  await page.goto(portalUrl('/report/damaged'));
  await islandReady(page);
  await fillDamaged(page, marker());
  const original = await attachLargePhoto(page, 'The item');
  expect(original, 'the test photo should be several MB').toBeGreaterThan(2_000_000);
  await expect(islandThumbs(page, 'item')).toHaveCount(1);
  await page.getByRole('button', { name: 'Continue' }).click();

  const reference = await sendFromCheck(page);
  // What went over the network: the whole multipart POST is a fraction of the photo.
  expect(posts).toHaveLength(1);
  const uploaded = await posts[0]!;
  expect(uploaded).toBeLessThan(original / 2);
  // What the seller got (the server re-encodes photos too, but only down to 3000 px).
  const { seller } = await mailFor(reference);
  const photos = seller.attachments.filter((a) => a.contentType.startsWith('image/'));
  expect(photos).toHaveLength(1);
  const sent = photos[0]!;
  expect(sent.contentType).toBe('image/jpeg');
  const { width, height } = jpegSize(sent.content);
  expect(Math.max(width, height)).toBeLessThanOrEqual(2000);
  expect(Math.max(width, height)).toBeGreaterThanOrEqual(1500);
  expect(Math.abs(width / height - 4 / 3)).toBeLessThan(0.01);
  const ratio = original / uploaded;
  console.log(
    `downscale: 4000×3000 photo ${(original / 1e6).toFixed(2)} MB → upload POST ${(uploaded / 1e6).toFixed(2)} MB (${ratio.toFixed(1)}× smaller)` +
      ` → seller attachment ${width}×${height} ${(sent.size / 1e6).toFixed(2)} MB`,
  );
  expect(ratio).toBeGreaterThan(2);
});

test('a large PNG is sent as a JPEG named .jpg, and the server accepts it', async ({ page }) => {
  await page.goto(portalUrl('/report/damaged'));
  await islandReady(page);
  await fillDamaged(page, marker());
  await attachLargePhoto(page, 'The item', { w: 2400, h: 1800, type: 'image/png', name: 'screenshot.png' });
  await expect(islandThumbs(page, 'item')).toHaveCount(1);
  await page.getByRole('button', { name: 'Continue' }).click();
  // The server refuses a file whose extension names another type than its content.
  const reference = await sendFromCheck(page);
  const { seller } = await mailFor(reference);
  const ticket = JSON.parse(seller.attachments.find((a) => a.filename === 'ticket.json')!.content.toString('utf8'));
  expect(ticket.attachments).toMatchObject([{ shot: 'item', fileName: 'screenshot.jpg', mediaType: 'image/jpeg' }]);
  const image = seller.attachments.find((a) => a.contentType.startsWith('image/'))!;
  expect(jpegSize(image.content)).toEqual({ width: 2000, height: 1500 });
});

test('chosen photos show as thumbnails; a removed one is not sent', async ({ page }) => {
  const kept = photo('kept.png', 5);
  await page.goto(portalUrl('/report/damaged'));
  await islandReady(page);
  await fillDamaged(page, marker());
  await page.getByLabel(/^The item/).setInputFiles([photo('dropped.png', 3), kept]);

  const thumbs = islandThumbs(page, 'item');
  await expect(thumbs).toHaveCount(2);
  await expect(thumbs.getByRole('img', { name: 'dropped.png' })).toBeVisible();
  await expect(thumbs.getByRole('img', { name: 'kept.png' })).toBeVisible();
  await expect(thumbs.getByRole('button', { name: /^Remove photo/ })).toHaveCount(2);

  await thumbs.getByRole('button', { name: 'Remove photo dropped.png' }).click();
  await expect(thumbs).toHaveCount(1);
  await expect(thumbs.getByRole('img', { name: 'kept.png' })).toBeVisible();
  // (The thumbnail list is named after the shot too, so the input is found by its name here.)
  expect(await page.locator('input[name="shot.item"]').evaluate((i: HTMLInputElement) => [...i.files!].map((f) => f.name))).toEqual(['kept.png']);

  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.thumbs img')).toHaveCount(1);
  const reference = await sendFromCheck(page);
  const { seller } = await mailFor(reference);
  expect(seller.attachments.filter((a) => a.contentType.startsWith('image/'))).toHaveLength(1);
  // The server re-encodes every photo, so the kept one is told by its name, not its bytes.
  const ticket = JSON.parse(seller.attachments.find((a) => a.filename === 'ticket.json')!.content.toString('utf8'));
  expect(ticket.attachments.map((a: { shot: string; fileName: string }) => [a.shot, a.fileName])).toEqual([['item', 'kept.png']]);
});

test('double clicks send one draft and one ticket', async ({ page }) => {
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(new URL(r.url()).searchParams.get('_action') ?? r.url());
  });
  const token = marker();
  await page.goto(portalUrl('/report/damaged'));
  await islandReady(page);
  await fillDamaged(page, token);
  await page.getByLabel(/^The item/).setInputFiles(photo('item.png', 9));
  await expect(islandThumbs(page, 'item')).toHaveCount(1);

  await page.getByRole('button', { name: 'Continue' }).dblclick();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending');
  expect(posts.filter((p) => p === 'saveDraft')).toHaveLength(1);

  // The check page has no script: a double click may post twice, and the draft id, which is
  // the submission key, makes the second post answer with the first ticket.
  await page.getByRole('button', { name: 'Send' }).dblclick();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
  const reference = referenceOn(await page.locator('.panel').innerText());
  const { all } = await mailFor(reference);
  expect(all).toHaveLength(2);
  // Any second ticket would have its own reference: look for the case's own words instead,
  // after giving the worker (polling every 200 ms) time to deliver a straggler.
  await page.waitForTimeout(1500);
  const sellers = (await mailsWith(token)).filter((m) => m.messageId?.includes('.seller@'));
  expect(sellers.map((m) => m.subject)).toHaveLength(1);
  expect(sellers[0]!.subject).toContain(reference);
  console.log(`double click: ${posts.filter((p) => p === 'sendDraft').length} Send post(s) reached the network, 1 ticket`);
});

test('the upload shows progress and the form cannot be sent again meanwhile', async ({ page }) => {
  await page.goto(portalUrl('/report/damaged'));
  await islandReady(page);
  await fillDamaged(page, marker());
  await attachLargePhoto(page, 'The item');
  await expect(islandThumbs(page, 'item')).toHaveCount(1);

  // A slow uplink (about 2 Mbit/s), so the downscaled photo takes a few seconds to go up.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: 250_000 });
  const posts: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));

  const continueButton = page.getByRole('button', { name: 'Continue' });
  await continueButton.click();
  const progress = page.locator('progress');
  await expect(progress).toBeVisible();
  await expect(continueButton).toBeDisabled();
  await expect(page.getByRole('status').filter({ hasText: /Sending your photos… \d+%/ })).toBeVisible();
  const midway = Number(await progress.getAttribute('value'));
  expect(midway).toBeLessThan(100);
  // A second submission while uploading (Enter in a field, a script) is ignored.
  await page.evaluate(() => (document.getElementById('flow-form') as HTMLFormElement).requestSubmit());

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending', { timeout: 30_000 });
  expect(posts).toHaveLength(1);
  console.log(`progress: ${midway}% seen midway through a throttled upload`);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
});
