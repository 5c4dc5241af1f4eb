// Every photo is decoded and written anew on the server: upright (EXIF orientation applied),
// without metadata (EXIF, GPS, XMP), no larger than a mailbox needs, and only if it really is
// an image. A decompression bomb is refused before decoding, a cut-off file instead of guessed.
import sharp from 'sharp';
import { releaseMemoryWhenQuiet } from './release-memory.ts';

/** More pixels than any phone camera makes; beyond it a file is a bomb, not a photo. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Long edge kept for the seller: enough to read a label, small enough to mail. */
export const MAX_LONG_EDGE = 3000;

// Photos are seen once: libvips' operation cache only holds memory a long-running server needs back.
sharp.cache(false);
// One libvips thread per photo, set explicitly: sharp picks more when MALLOC_ARENA_MAX is set,
// and each thread's glibc heap keeps memory after the work is done.
sharp.concurrency(1);

export type Reencoded =
  | { ok: true; data: Buffer; mediaType: string; ext: string; width: number; height: number }
  | { ok: false; reason: 'pixels' | 'unreadable'; pixels?: number };

const OUTPUT: Record<string, { mediaType: string; ext: string; format: 'jpeg' | 'png' | 'webp' }> = {
  'image/jpeg': { mediaType: 'image/jpeg', ext: 'jpg', format: 'jpeg' },
  'image/png': { mediaType: 'image/png', ext: 'png', format: 'png' },
  'image/webp': { mediaType: 'image/webp', ext: 'webp', format: 'webp' },
  // HEIC is turned into JPEG when this build of libvips can decode it.
  'image/heic': { mediaType: 'image/jpeg', ext: 'jpg', format: 'jpeg' },
};

export function isImageType(mediaType: string): boolean {
  return mediaType in OUTPUT;
}

export async function reencode(input: Uint8Array, mediaType: string): Promise<Reencoded> {
  const out = OUTPUT[mediaType];
  if (!out) return { ok: false, reason: 'unreadable' };
  try {
    // The header alone tells the size; refuse a bomb before any pixel is decoded.
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    const pixels = (meta.width ?? 0) * (meta.height ?? 0);
    if (pixels > MAX_INPUT_PIXELS) return { ok: false, reason: 'pixels', pixels };
    const pipeline = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated' })
      .rotate()
      .resize({ width: MAX_LONG_EDGE, height: MAX_LONG_EDGE, fit: 'inside', withoutEnlargement: true });
    const encoded =
      out.format === 'jpeg'
        ? pipeline.jpeg({ quality: 85 })
        : out.format === 'png'
          ? pipeline.png({ compressionLevel: 9 })
          : pipeline.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { ok: true, data, mediaType: out.mediaType, ext: out.ext, width: info.width, height: info.height };
  } catch {
    return { ok: false, reason: 'unreadable' };
  } finally {
    // The request's buffers are dead once the photos are done: give memory back when quiet.
    releaseMemoryWhenQuiet();
  }
}
