// Test fixtures: tiny real images (the upload check sniffs bytes, so they must be genuine),
// a valid "damaged" ticket form, and throw-away data directories.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

// ---- images ----------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

/** A PNG from raw scanlines (each row starts with its filter byte); colour type 2 = RGB, 0 = grey. */
export function encodePng(width: number, height: number, raw: Buffer, colourType = 2): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, colourType, 0, 0, 0], 8); // bit depth, colour type, compression, filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid RGB PNG of one colour; different colours give different bytes. */
export function makePng(width = 4, height = 4, rgb: [number, number, number] = [200, 30, 30]): Buffer {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3); // filter byte 0, then pixels
  return encodePng(width, height, Buffer.concat(Array.from({ length: height }, () => row)));
}

// A complete baseline 2×2 JPEG (made once with libjpeg via sharp; decodes cleanly), 267 bytes.
const TINY_JPEG = Buffer.from(
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDAREAAhEBAxEB/8QAFAABAAAAAAAAAAAAAAAAAAAABf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/xAAVAQEBAAAAAAAAAAAAAAAAAAAFBv/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/ADxSif/Z',
  'base64',
);

/** A valid JPEG; `comment` goes into a COM segment so each call can differ in its bytes. */
export function makeJpeg(comment = ''): Buffer {
  if (!comment) return Buffer.from(TINY_JPEG);
  const text = Buffer.from(comment, 'utf8');
  const com = Buffer.alloc(4);
  com[0] = 0xff;
  com[1] = 0xfe;
  com.writeUInt16BE(text.length + 2, 2);
  // SOI, then the comment, then the rest of the file.
  return Buffer.concat([TINY_JPEG.subarray(0, 2), com, text, TINY_JPEG.subarray(2)]);
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// ---- forms -----------------------------------------------------------------------------------

export interface DamagedForm {
  kind: 'damaged';
  orderNumber: string;
  buyerName: string;
  buyerEmail: string;
  message?: string;
  locale: string;
  submissionKey?: string;
  answers: { affected: string; total: string; problem: string; wanted: string; description?: string };
}

export interface FormPhoto {
  shot: string;
  fileName: string;
  data: Uint8Array;
  type?: string;
}

export function newSubmissionKey(): string {
  return randomBytes(18).toString('base64url'); // 24 characters of [A-Za-z0-9_-]
}

export function damagedFields(overrides: Partial<Omit<DamagedForm, 'answers'>> & { answers?: Partial<DamagedForm['answers']> } = {}): DamagedForm {
  const { answers, ...rest } = overrides;
  return {
    kind: 'damaged',
    orderNumber: '8051-2231-77',
    buyerName: 'Ana Buyer',
    buyerEmail: 'ana@buyer.test',
    message: 'The box was crushed and three mugs are in pieces.',
    locale: 'en',
    submissionKey: newSubmissionKey(),
    ...rest,
    answers: { affected: '3', total: '20', problem: 'broken', wanted: 'replacement', description: 'Handles snapped off.', ...answers },
  };
}

/** Two photos for the "damage" shot: a PNG and a JPEG, with distinct bytes. */
export function twoPhotos(): FormPhoto[] {
  return [
    { shot: 'damage', fileName: 'IMG_0001.png', data: makePng(3, 2, [10, 120, 240]), type: 'image/png' },
    { shot: 'damage', fileName: 'broken mug.jpg', data: makeJpeg(`mug ${Math.random()}`), type: 'image/jpeg' },
  ];
}

/** The form as the browser posts it: flat field names, files in shot.<id>. */
export function damagedForm(fields: DamagedForm = damagedFields(), photos: FormPhoto[] = twoPhotos()): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'answers' || value === undefined) continue;
    form.append(name, String(value));
  }
  for (const [name, value] of Object.entries(fields.answers)) if (value !== undefined) form.append(`answers.${name}`, value);
  for (const p of photos) form.append(`shot.${p.shot}`, new File([new Uint8Array(p.data)], p.fileName, { type: p.type ?? 'application/octet-stream' }));
  return form;
}

// ---- data directories ----------------------------------------------------------------------

export interface TempDir {
  path: string;
  cleanup(): Promise<void>;
}

export async function makeTempDataDir(prefix = 'portal-test-'): Promise<TempDir> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  return { path: dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll `check` until it returns a truthy value; throws with `what` after the timeout. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000, everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
