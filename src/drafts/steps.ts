// The two steps of a flow on the server: save what was posted into the draft (staging photos
// so they are never picked twice), and send a checked draft as a ticket. Both work the same
// with or without JavaScript; pages only decide where to redirect.
import { flowFor, visibleShots, collectAnswers } from '../flows/index.ts';
import { validateFlow, type FlowContext } from '../flows/validate.ts';
import type { Flow } from '../flows/types.ts';
import { orderContext } from '../links/context.ts';
import type { LinkParams } from '../links/signed.ts';
import type { Portal } from '../portal.ts';
import { storeSecret, type StoreSite } from '../stores/stores.ts';
import { t } from '../i18n/index.ts';
import { checkUpload, mb, SHOT_FIELD, type FieldError } from '../tickets/parse-form.ts';
import { submitTicket, type AcceptedFile } from '../tickets/submit.ts';
import type { TicketInput } from '../tickets/ticket.ts';
import { UPLOAD_LIMITS } from '../uploads/limits.ts';
import type { Draft, Drafts } from './drafts.ts';

export type SaveOutcome =
  | { status: 'saved'; draftId: string; kind: string; next: 'form' | 'check'; errors: number }
  | { status: 'unknown-flow' };

export async function saveDraft(drafts: Drafts, form: FormData, ctx: FlowContext, store = 'default'): Promise<SaveOutcome> {
  const flow = flowFor(String(form.get('_kind') ?? ''));
  if (!flow) return { status: 'unknown-flow' };
  const existing = await drafts.get(String(form.get('_draft') ?? ''), store);
  const draft = existing && existing.kind === flow.kind ? existing : await drafts.create(flow.kind, store);
  const intent = String(form.get('_intent') ?? 'continue');

  for (const name of form.getAll('_remove')) await drafts.removeFile(draft, String(name));

  const fileErrors: FieldError[] = [];
  const shotIds = new Set(flow.shots.map((s) => s.id));
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string' || (value.size === 0 && value.name === '')) continue;
    const shot = SHOT_FIELD.exec(field)?.[1];
    if (!shot || !shotIds.has(shot)) continue;
    const problem = await stage(drafts, draft, shot, value, ctx.locale);
    if (problem) fileErrors.push({ field, message: problem });
  }

  const fields: [string, string][] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string' || name === '_kind' || name === '_draft' || name === '_intent' || name === '_remove') continue;
    fields.push([name, value]);
  }
  if (intent === 'add-item') {
    const rows = Number(fields.find(([n]) => n === '_rows')?.[1] ?? 3);
    const others = fields.filter(([n]) => n !== '_rows');
    fields.length = 0;
    fields.push(...others, ['_rows', String(Math.min(rows + 1, 50))]);
  }
  draft.fields = fields;

  // Errors are shown only once the buyer asks to continue, not while adding rows or photos.
  const { errors } = validateFlow(flow, fields, shotsOf(flow, draft), ctx);
  draft.errors = intent === 'continue' ? [...fileErrors, ...errors] : fileErrors;
  await drafts.save(draft);
  const next = intent === 'continue' && draft.errors.length === 0 ? 'check' : 'form';
  return { status: 'saved', draftId: draft.id, kind: flow.kind, next, errors: draft.errors.length };
}

async function stage(drafts: Drafts, draft: Draft, shot: string, file: File, locale: string): Promise<string | null> {
  const { maxFiles, maxTotalBytes } = UPLOAD_LIMITS;
  const checked = await checkUpload(file, locale);
  if (!checked.ok) return checked.message;
  if (draft.files.length >= maxFiles) return t(locale, 'err.tooManyFiles', { name: checked.file.fileName, max: maxFiles });
  const total = draft.files.reduce((n, f) => n + f.bytes, 0) + checked.file.data.byteLength;
  if (total > maxTotalBytes) return t(locale, 'err.totalTooBig', { name: checked.file.fileName, size: mb(total), limit: mb(maxTotalBytes) });
  await drafts.addFile(draft, { shot, ...checked.file });
  return null;
}

/** Shots that have a staged file and are shown for the current answers. */
export function shotsOf(flow: Flow, draft: Draft): Set<string> {
  const shown = new Set(visibleShots(flow, collectAnswers(draft.fields)).map((s) => s.id));
  return new Set(draft.files.map((f) => f.shot).filter((s) => shown.has(s)));
}

/** Re-check a draft for the check-answers page or for sending. */
export function checkDraft(draft: Draft, ctx: FlowContext): { flow: Flow; errors: FieldError[]; input: TicketInput | null } {
  const flow = flowFor(draft.kind)!;
  const { errors, input } = validateFlow(flow, draft.fields, shotsOf(flow, draft), { ...ctx, submissionKey: draft.id });
  return { flow, errors, input };
}

export type SendOutcome =
  | { status: 'received'; reference: string; duplicate: boolean }
  | { status: 'expired' }
  | { status: 'invalid'; draftId: string; kind: string };

/**
 * Send a checked draft. The draft id is the submission key, so a second click or a refresh
 * returns the first ticket's reference, even after the draft itself has been removed.
 */
export async function sendDraft(
  portal: Portal,
  drafts: Drafts,
  draftId: string,
  ctx: FlowContext,
  link: LinkParams = {},
  site: StoreSite = portal.stores.main,
): Promise<SendOutcome> {
  const draft = await drafts.get(draftId, site.id);
  if (!draft) {
    const earlier = /^[A-Za-z0-9_-]{16,64}$/.test(draftId) ? await portal.spool.lookupKey(draftId) : null;
    return earlier ? { status: 'received', reference: earlier, duplicate: true } : { status: 'expired' };
  }
  const { flow, input } = checkDraft(draft, ctx);
  if (!input) return { status: 'invalid', draftId: draft.id, kind: draft.kind };
  const shown = shotsOf(flow, draft);
  const files: AcceptedFile[] = [];
  for (const f of draft.files.filter((f) => shown.has(f.shot))) {
    const data = await drafts.readFile(draft, f.storedName);
    if (data) files.push({ shot: f.shot, fileName: f.fileName, mediaType: f.mediaType, ext: f.ext, data });
  }
  input.context = { ...input.context, ...orderContext(link, storeSecret(site, portal.env.PORTAL_SECRET), input, site.id) };
  const result = await submitTicket(portal, input, files, new Date(), site);
  await drafts.delete(draft.id);
  return { status: 'received', ...result };
}
