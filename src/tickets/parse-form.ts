// A posted form → validated ticket input and checked files, or a list of specific errors
// keyed by field name (the page shows each beside its field). Nothing is written here.
import { UPLOAD_LIMITS } from '../uploads/limits.ts';
import { sniff } from '../uploads/sniff.ts';
import { unflatten } from './form.ts';
import type { AcceptedFile } from './submit.ts';
import { ticketInputSchema, type TicketInput } from './ticket.ts';

export interface FieldError {
  field: string;
  message: string;
}

export type ParsedSubmission = { ok: true; input: TicketInput; files: AcceptedFile[] } | { ok: false; errors: FieldError[] };

const SHOT_FIELD = /^shot\.([a-z0-9-]{1,40})$/;

/** The buyer's file name as data: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029"]/gu, '').trim().slice(0, 255);
  return cleaned || 'file';
}

export async function parseSubmission(form: FormData): Promise<ParsedSubmission> {
  const errors: FieldError[] = [];
  const fields: [string, string][] = [];
  const uploads: { shot: string; field: string; file: File }[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields.push([name, value]);
    else if (value.size > 0 || value.name !== '') {
      const m = SHOT_FIELD.exec(name);
      if (m) uploads.push({ shot: m[1]!, field: name, file: value });
      else errors.push({ field: name, message: 'is not a file field this form has' });
    }
  }

  const parsed = ticketInputSchema.safeParse(unflatten(fields));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push({ field: issue.path.join('.'), message: issue.message });
  }

  const files = await checkFiles(uploads, errors);
  if (errors.length || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data, files };
}

async function checkFiles(uploads: { shot: string; field: string; file: File }[], errors: FieldError[]): Promise<AcceptedFile[]> {
  const { maxFiles, maxTotalBytes } = UPLOAD_LIMITS;
  if (uploads.length > maxFiles) {
    errors.push({ field: uploads[maxFiles]!.field, message: `too many files: at most ${maxFiles} in one request` });
    return [];
  }
  const total = uploads.reduce((n, u) => n + u.file.size, 0);
  if (total > maxTotalBytes) {
    errors.push({ field: uploads[0]!.field, message: `files are ${mb(total)} together; the limit is ${mb(maxTotalBytes)}` });
    return [];
  }
  const accepted: AcceptedFile[] = [];
  for (const { shot, field, file } of uploads) {
    const checked = await checkUpload(file);
    if (checked.ok) accepted.push({ shot, ...checked.file });
    else errors.push({ field, message: checked.message });
  }
  return accepted;
}

/** One file against the per-file limits and the type allow-list; the message names the file. */
export async function checkUpload(
  file: File,
): Promise<{ ok: true; file: Omit<AcceptedFile, 'shot'> } | { ok: false; message: string }> {
  const fileName = cleanFileName(file.name);
  if (file.size === 0) return { ok: false, message: `${fileName} is empty` };
  if (file.size > UPLOAD_LIMITS.maxFileBytes) {
    return { ok: false, message: `${fileName} is ${mb(file.size)}; the limit is ${mb(UPLOAD_LIMITS.maxFileBytes)} per file` };
  }
  const data = new Uint8Array(await file.arrayBuffer());
  const type = await sniff(data);
  if (!type) return { ok: false, message: `${fileName} is not a photo or video we accept (JPEG, PNG, WebP, HEIC, MP4, MOV)` };
  return { ok: true, file: { fileName, mediaType: type.mediaType, ext: type.ext, data } };
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
