// Astro Actions: thin. Parse with the ticket schema, spool, answer. The buyer hears
// "received" only when spool.accept() has put the ticket on disk.
import { ActionError, defineAction } from 'astro:actions';
import { PortalError } from '../lib/errors.ts';
import { kickWorker } from '../portal.ts';
import { serverPortal } from '../server-portal.ts';
import { parseSubmission, type FieldError } from '../tickets/parse-form.ts';
import { submitTicket } from '../tickets/submit.ts';

export type SubmitResult = { status: 'received'; reference: string; duplicate: boolean } | { status: 'invalid'; errors: FieldError[] };

export const server = {
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
        const code = err instanceof PortalError ? err.code : 'SPOOL_WRITE';
        console.error(`submit: [${code}] ${(err as Error).message}`);
        throw new ActionError({
          code: 'INTERNAL_SERVER_ERROR',
          message: 'Your request was NOT received because of a problem on our side. Please try again in a few minutes.',
        });
      }
    },
  }),
};
