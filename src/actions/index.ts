// Astro Actions: thin. Parse, call the domain step, answer. The buyer hears "received" only
// when spool.accept() has put the ticket on disk.
import { ActionError, defineAction } from 'astro:actions';
import { saveDraft, sendDraft } from '../drafts/steps.ts';
import { pickLocale } from '../i18n/request.ts';
import { linkParams } from '../links/context.ts';
import { PortalError } from '../lib/errors.ts';
import { kickWorker } from '../portal.ts';
import { serverPortal } from '../server-portal.ts';
import { parseSubmission, type FieldError } from '../tickets/parse-form.ts';
import { submitTicket } from '../tickets/submit.ts';

export type SubmitResult = { status: 'received'; reference: string; duplicate: boolean } | { status: 'invalid'; errors: FieldError[] };

function notReceived(err: unknown): never {
  const code = err instanceof PortalError ? err.code : 'SPOOL_WRITE';
  console.error(`submit: [${code}] ${(err as Error).message}`);
  throw new ActionError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Your request was NOT received because of a problem on our side. Please try again in a few minutes.',
  });
}

const localeOf = (form: FormData) => pickLocale(String(form.get('_locale') ?? ''), null, serverPortal().store.languages);

export const server = {
  /** One-shot submission (API clients): the whole ticket in one multipart POST. */
  submitTicket: defineAction({
    accept: 'form',
    handler: async (form: FormData): Promise<SubmitResult> => {
      const parsed = await parseSubmission(form);
      if (!parsed.ok) return { status: 'invalid', errors: parsed.errors };
      try {
        const result = await submitTicket(serverPortal(), parsed.input, parsed.files);
        kickWorker();
        return { status: 'received', ...result };
      } catch (err) {
        notReceived(err);
      }
    },
  }),

  /** A flow form posted: stage answers and photos in the draft, say where to go next. */
  saveDraft: defineAction({
    accept: 'form',
    handler: async (form: FormData) => {
      const outcome = await saveDraft(serverPortal().drafts, form, { locale: localeOf(form) });
      if (outcome.status === 'unknown-flow') throw new ActionError({ code: 'NOT_FOUND', message: 'No such form.' });
      return outcome;
    },
  }),

  /** The check-answers page's Send button. */
  sendDraft: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const portal = serverPortal();
      try {
        const link = linkParams(context.url.searchParams);
        const outcome = await sendDraft(portal, portal.drafts, String(form.get('_draft') ?? ''), { locale: localeOf(form) }, link);
        if (outcome.status === 'received') kickWorker();
        return outcome;
      } catch (err) {
        notReceived(err);
      }
    },
  }),
};
