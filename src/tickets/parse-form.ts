// A posted form → validated ticket input and checked files, or a list of specific errors
// keyed by field name (the page shows each beside its field). Nothing is written here.
import { problemText, t } from '../i18n/index.ts';
import { UPLOAD_LIMITS } from '../uploads/limits.ts';
import { isImageType, MAX_INPUT_PIXELS, reencode } from '../uploads/image.ts';
import { extensionMatches, sniff } from '../uploads/sniff.ts';
import { unflatten } from './form.ts';
import type { AcceptedFile } from './submit.ts';
import { ticketInputSchema, type TicketInput } from './ticket.ts';

export interface FieldError {
  field: string;
  message: string;
}

export type ParsedSubmission = { ok: true; input: TicketInput; files: AcceptedFile[] } | { ok: false; errors: FieldError[] };

/** File inputs are named `shot.<id>` after the shot list entry they answer. */
export const SHOT_FIELD = /^shot\.([a-z0-9-]{1,40})$/;

/** The buyer's file name as data: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029"]/gu, '').trim().slice(0, 255);
  return cleaned || 'file';
}

export async function parseSubmission(form: FormData, locale = 'en'): Promise<ParsedSubmission> {
  const errors: FieldError[] = [];
  const fields: [string, string][] = [];
  const uploads: { shot: string; field: string; file: File }[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields.push([name, value]);
    else if (value.size > 0 || value.name !== '') {
      const m = SHOT_FIELD.exec(name);
      if (m) uploads.push({ shot: m[1]!, field: name, file: value });
      else errors.push({ field: name, message: t(locale, 'err.fileField') });
    }
  }

  const parsed = ticketInputSchema.safeParse(unflatten(fields));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push({ field: issue.path.join('.'), message: problemText(locale, issue) });
  }

  const files = await checkFiles(uploads, errors, locale);
  if (errors.length || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data, files };
}

async function checkFiles(uploads: { shot: string; field: string; file: File }[], errors: FieldError[], locale: string): Promise<AcceptedFile[]> {
  const { maxFiles, maxTotalBytes } = UPLOAD_LIMITS;
  if (uploads.length > maxFiles) {
    const name = cleanFileName(uploads[maxFiles]!.file.name);
    errors.push({ field: uploads[maxFiles]!.field, message: t(locale, 'err.tooManyFiles', { name, max: maxFiles }) });
    return [];
  }
  const total = uploads.reduce((n, u) => n + u.file.size, 0);
  if (total > maxTotalBytes) {
    const name = cleanFileName(uploads[0]!.file.name);
    errors.push({ field: uploads[0]!.field, message: t(locale, 'err.totalTooBig', { name, size: mb(total), limit: mb(maxTotalBytes) }) });
    return [];
  }
  const accepted: AcceptedFile[] = [];
  for (const { shot, field, file } of uploads) {
    const checked = await checkUpload(file, locale);
    if (checked.ok) accepted.push({ shot, ...checked.file });
    else errors.push({ field, message: checked.message });
  }
  return accepted;
}

/** One file against the per-file limits and the type allow-list; the message names the file. */
export async function checkUpload(
  file: File,
  locale = 'en',
): Promise<{ ok: true; file: Omit<AcceptedFile, 'shot'> } | { ok: false; message: string }> {
  const fileName = cleanFileName(file.name);
  if (file.size === 0) return { ok: false, message: t(locale, 'err.fileEmpty', { name: fileName }) };
  if (file.size > UPLOAD_LIMITS.maxFileBytes) {
    return { ok: false, message: t(locale, 'err.fileTooBig', { name: fileName, size: mb(file.size), limit: mb(UPLOAD_LIMITS.maxFileBytes) }) };
  }
  const data = new Uint8Array(await file.arrayBuffer());
  const type = await sniff(data);
  if (!type) return { ok: false, message: t(locale, 'err.fileType', { name: fileName }) };
  const named = extensionMatches(fileName, type.mediaType);
  if (!named.ok) return { ok: false, message: t(locale, 'err.fileExtension', { name: fileName, ext: named.ext, type: type.ext.toUpperCase() }) };
  if (!isImageType(type.mediaType)) return { ok: true, file: { fileName, mediaType: type.mediaType, ext: type.ext, data } };
  const image = await reencode(data, type.mediaType);
  if (!image.ok) {
    return image.reason === 'pixels'
      ? { ok: false, message: t(locale, 'err.imagePixels', { name: fileName, pixels: Math.round((image.pixels ?? 0) / 1e6), limit: MAX_INPUT_PIXELS / 1e6 }) }
      : { ok: false, message: t(locale, 'err.imageUnreadable', { name: fileName }) };
  }
  return { ok: true, file: { fileName, mediaType: image.mediaType, ext: image.ext, data: new Uint8Array(image.data) } };
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
