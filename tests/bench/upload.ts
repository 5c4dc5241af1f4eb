// Upload bytes: camera-sized photos as a phone makes them, and what the form sends for them with
// JavaScript on (the island downscales on the device to a 2000 px long edge) — measured in a
// real browser, Debian's Chromium with the browser tests' flags, against the running portal.
// Without JavaScript the photos go as they are.
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import sharp from 'sharp';
import { fillDamaged, islandHydrated } from '../e2e/support/forms.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A 4000×3000 JPEG at quality 92 like a 12 MP phone camera's: a gradient with sensor-like noise
 * (plain noise would not compress at all, a plain gradient far too well).
 */
export async function cameraPhoto(seed: number): Promise<Buffer> {
  const [w, h] = [4000, 3000];
  const px = Buffer.allocUnsafe(w * h * 3);
  let s = 0x2545f491 ^ seed;
  for (let y = 0, o = 0; y < h; y++) {
    for (let x = 0; x < w; x++, o += 3) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const n = (s & 63) - 32;
      px[o] = Math.max(0, Math.min(255, ((x * 255) / w + n) | 0));
      px[o + 1] = Math.max(0, Math.min(255, ((y * 255) / h + n) | 0));
      px[o + 2] = Math.max(0, Math.min(255, (128 + seed * 20 + ((s >>> 8) & 63) - 32) | 0));
    }
  }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

export type UploadResult =
  | { ok: true; photos: number; rawBytes: number; postBytes: number; shrinkMs: number }
  | { ok: false; reason: string };

/** Fills the damaged form with three camera photos, presses Continue, measures the POST. */
export async function uploadBytes(origin: string): Promise<UploadResult> {
  if (!fs.existsSync(CHROMIUM)) return { ok: false, reason: `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)` };
  const shots = ['item', 'damage', 'outer-box'];
  const files = await Promise.all(shots.map((_, i) => cameraPhoto(i + 1)));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(`${origin}/report/damaged`);
    await islandHydrated(page);
    await fillDamaged(page, 'in transit');
    for (const [i, shot] of shots.entries()) {
      await page.locator(`input[name="shot.${shot}"]`).setInputFiles({ name: `IMG_000${i}.jpg`, mimeType: 'image/jpeg', buffer: files[i]! });
    }
    const post = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('_action=saveDraft'));
    const clicked = performance.now();
    await page.getByRole('button', { name: 'Continue' }).click();
    const request = await post;
    const shrinkMs = performance.now() - clicked;
    const headers = await request.allHeaders();
    const postBytes = Number(headers['content-length'] ?? request.postDataBuffer()?.length ?? NaN);
    await page.waitForURL(/\/check\?/);
    return { ok: true, photos: files.length, rawBytes: files.reduce((n, f) => n + f.length, 0), postBytes, shrinkMs };
  } finally {
    await browser.close();
  }
}
