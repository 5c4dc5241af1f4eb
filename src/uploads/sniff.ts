// What a file is, decided by its bytes, never by its name or the browser's Content-Type.
import { fileTypeFromBuffer } from 'file-type';

export const ALLOWED_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
};

export async function sniff(data: Uint8Array): Promise<{ mediaType: string; ext: string } | null> {
  const found = await fileTypeFromBuffer(data);
  if (!found) return null;
  const ext = ALLOWED_TYPES[found.mime];
  return ext ? { mediaType: found.mime, ext } : null;
}

/** Extensions each type may carry; a known media extension that disagrees with the bytes is refused. */
const EXTENSIONS: Record<string, string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jfif'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/heic': ['heic', 'heif'],
  'video/mp4': ['mp4', 'm4v'],
  'video/quicktime': ['mov', 'qt'],
};
const KNOWN = new Set([...Object.values(EXTENSIONS).flat(), 'gif', 'bmp', 'tif', 'tiff', 'svg', 'avi', 'mkv', 'webm', 'zip', 'pdf']);

export function extensionMatches(fileName: string, mediaType: string): { ok: true } | { ok: false; ext: string } {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  // Phones and messengers often send "image" or "photo.tmp": only a media extension must agree.
  if (!KNOWN.has(ext)) return { ok: true };
  return EXTENSIONS[mediaType]?.includes(ext) ? { ok: true } : { ok: false, ext };
}
