// Astro Actions: thin. Parse, call the domain step, answer. The buyer hears "received" only
// when spool.accept() has put the ticket on disk.
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { t } from '../i18n/index.ts';
import { saveDraft, sendDraft } from '../drafts/steps.ts';
import { pickLocale } from '../i18n/request.ts';
import { linkParams } from '../links/context.ts';
import { PortalError } from '../lib/errors.ts';
import { kickWorker } from '../portal.ts';
import { looksLikeBot, minutesToWait } from '../security/abuse.ts';
import { requestSite, serverLimits, serverPortal } from '../server-portal.ts';
import type { StoreSite } from '../stores/stores.ts';
import { parseSubmission, type FieldError } from '../tickets/parse-form.ts';
import { submitTicket } from '../tickets/submit.ts';

export type SubmitResult = { status: 'received'; reference: string; duplicate: boolean } | { status: 'invalid'; errors: FieldError[] };

function notReceived(err: unknown): never {
  if (err instanceof ActionError) throw err;
  const code = err instanceof PortalError ? err.code : 'SPOOL_WRITE';
  console.error(`submit: [${code}] ${(err as Error).message}`);
  throw new ActionError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Your request was NOT received because of a problem on our side. Please try again in a few minutes.',
  });
}

/** Count one request against each limiter; refuse with "try again in N minutes" when one is spent. */
async function limit(locale: string, checks: [keyof NonNullable<ReturnType<typeof serverLimits>>, string][]) {
  const limits = serverLimits();
  if (!limits) return;
  for (const [name, key] of checks) {
    const minutes = await minutesToWait(limits[name], key);
    if (minutes > 0) throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: t(locale, 'page.tooMany', { minutes }) });
  }
}

const clientOf = (context: ActionAPIContext) => context.clientAddress;

/** The store the middleware chose; an unknown store never reaches an action (it is sent to 404). */
function siteOf(context: ActionAPIContext): StoreSite {
  const site = requestSite(context.locals);
  if (site === null) throw new ActionError({ code: 'NOT_FOUND', message: 'No such store.' });
  return site;
}

const localeOf = (form: FormData, site: StoreSite) => pickLocale(String(form.get('_locale') ?? ''), null, site.store.languages);

/** Per-order limits count each store's orders apart: order numbers repeat across stores. */
const orderKey = (site: StoreSite, order: string) => `${site.id}:${order}`;

export const server = {
  /** One-shot submission (API clients): the whole ticket in one multipart POST. */
  submitTicket: defineAction({
    accept: 'form',
    handler: async (form: FormData, context): Promise<SubmitResult> => {
      const parsed = await parseSubmission(form);
      if (!parsed.ok) return { status: 'invalid', errors: parsed.errors };
      const site = siteOf(context);
      await limit('en', [['ticketsPerClient', clientOf(context)], ['ticketsPerOrder', orderKey(site, parsed.input.orderNumber)]]);
      try {
        const result = await submitTicket(serverPortal(), parsed.input, parsed.files, new Date(), site);
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
    handler: async (form: FormData, context) => {
      const site = siteOf(context);
      const locale = localeOf(form, site);
      await limit(locale, [['savesPerClient', clientOf(context)]]);
      if (!form.get('_draft') && looksLikeBot(form, serverPortal().env.MIN_FILL_TIME)) {
        throw new ActionError({ code: 'FORBIDDEN', message: t(locale, 'page.bot') });
      }
      let outcome;
      try {
        outcome = await saveDraft(serverPortal().drafts, form, { locale }, site.id);
      } catch (err) {
        // A full or broken disk: say so in the buyer's language, not as a raw ENOSPC.
        console.error(`save: ${(err as Error).message}`);
        throw new ActionError({ code: 'INTERNAL_SERVER_ERROR', message: `${t(locale, 'page.notReceived.title')}. ${t(locale, 'page.notReceived.body')}` });
      }
      if (outcome.status === 'unknown-flow') throw new ActionError({ code: 'NOT_FOUND', message: 'No such form.' });
      return outcome;
    },
  }),

  /** The check-answers page's Send button. */
  sendDraft: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const portal = serverPortal();
      const site = siteOf(context);
      const locale = localeOf(form, site);
      try {
        const link = linkParams(context.url.searchParams);
        const draft = await portal.drafts.get(String(form.get('_draft') ?? ''), site.id);
        const order = draft?.fields.find(([name]) => name === 'orderNumber')?.[1]?.trim();
        if (draft) await limit(locale, [['ticketsPerClient', clientOf(context)], ['ticketsPerOrder', orderKey(site, order ?? '')]]);
        const outcome = await sendDraft(portal, portal.drafts, String(form.get('_draft') ?? ''), { locale }, link, site);
        if (outcome.status === 'received') kickWorker();
        return outcome;
      } catch (err) {
        notReceived(err);
      }
    },
  }),
};
