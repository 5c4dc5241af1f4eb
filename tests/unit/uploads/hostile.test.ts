// The hostile-file corpus: each file is refused with its own specific message, and what is
// accepted comes out re-encoded, upright and without metadata or smuggled bytes.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkUpload } from '../../../src/tickets/parse-form.ts';
import { reencode, MAX_LONG_EDGE } from '../../../src/uploads/image.ts';
import { extensionMatches } from '../../../src/uploads/sniff.ts';
import { HTML_PAYLOAD, SVG_WITH_SCRIPT, ZIP, jpegWithGps, png, pngBomb } from '../../fixtures/files.ts';

const file = (data: Uint8Array, name: string, type = 'image/jpeg') => new File([new Uint8Array(data)], name, { type });
const messageFor = async (data: Uint8Array, name: string) => {
  const r = await checkUpload(file(data, name));
  return r.ok ? 'accepted' : r.message;
};

describe('hostile uploads are refused, each with its own message naming the file', () => {
  it('zero bytes', async () => expect(await messageFor(new Uint8Array(), 'empty.jpg')).toBe('empty.jpg is empty'));
  it('an SVG carrying script, whatever it is called', async () => {
    expect(await messageFor(SVG_WITH_SCRIPT, 'photo.jpg')).toMatch(/^photo\.jpg is not a photo or video we accept/);
  });
  it('a ZIP renamed to .jpg', async () => expect(await messageFor(ZIP, 'holiday.jpg')).toMatch(/^holiday\.jpg is not a photo or video we accept/));
  it('a PNG named .jpg', async () => expect(await messageFor(await png(), 'cat.jpg')).toBe('cat.jpg is named .jpg but is a PNG file; rename it or choose the right file'));
  it('a decompression bomb (1 pixel wide, 60 million tall), before decoding', async () => {
    const started = Date.now();
    expect(await messageFor(pngBomb(1, 60_000_000), 'tall.png')).toBe('tall.png is 60 megapixels; the limit is 40');
    expect(Date.now() - started).toBeLessThan(2000);
  });
  it('a square bomb', async () => expect(await messageFor(pngBomb(20_000, 20_000), 'big.png')).toMatch(/^big\.png is 400 megapixels/));
  it('a truncated JPEG', async () => {
    const whole = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer();
    expect(await messageFor(whole.subarray(0, Math.floor(whole.length / 2)), 'half.jpg')).toMatch(/^half\.jpg could not be read as a photo/);
  });
});

describe('accepted photos are rewritten', () => {
  it('drops EXIF and GPS and applies the orientation', async () => {
    const original = await jpegWithGps(64, 48);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const r = await reencode(original, 'image/jpeg');
    if (!r.ok) throw new Error(r.reason);
    const meta = await sharp(r.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect([r.width, r.height]).toEqual([48, 64]); // orientation 6 = rotated a quarter turn
    expect(r.data.includes(Buffer.from('PhoneCo'))).toBe(false);
  });
  it('a polyglot (JPEG with an HTML payload appended) loses the payload', async () => {
    const polyglot = Buffer.concat([await jpegWithGps(), Buffer.from(HTML_PAYLOAD)]);
    const r = await checkUpload(file(polyglot, 'poly.jpg'));
    expect(r.ok).toBe(true);
    if (r.ok) expect(Buffer.from(r.file.data).includes(Buffer.from(HTML_PAYLOAD))).toBe(false);
  });
  it('keeps the long edge within the mailbox limit', async () => {
    const huge = await sharp({ create: { width: 5000, height: 2000, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const r = await reencode(huge, 'image/jpeg');
    expect(r.ok && [r.width, r.height]).toEqual([MAX_LONG_EDGE, 1200]);
  });
});

describe('file name extensions', () => {
  it('must agree with the content when they name a media type', () => {
    expect(extensionMatches('a.JPEG', 'image/jpeg')).toEqual({ ok: true });
    expect(extensionMatches('a.png', 'image/jpeg')).toEqual({ ok: false, ext: 'png' });
    expect(extensionMatches('a.mov', 'video/mp4')).toEqual({ ok: false, ext: 'mov' });
  });
  it('may be absent or unrelated (phones send "image" or "photo.tmp")', () => {
    expect(extensionMatches('image', 'image/jpeg')).toEqual({ ok: true });
    expect(extensionMatches('photo.tmp', 'image/png')).toEqual({ ok: true });
  });
});
