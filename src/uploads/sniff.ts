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
