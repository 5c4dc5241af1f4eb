// Turns validated input and checked files into a stored ticket: reference, priority and
// respond-by are fixed here, the whole ticket is validated once more, then spooled durably.
import { createHash } from 'node:crypto';
import { PortalError } from '../lib/errors.ts';
import type { Portal } from '../portal.ts';
import { priorityOf, respondBy } from './priority.ts';
import { newReference } from './reference.ts';
import { ticketSchema, type Ticket, type TicketInput } from './ticket.ts';

export interface AcceptedFile {
  shot: string;
  fileName: string;
  mediaType: string;
  ext: string;
  data: Uint8Array;
}

export async function submitTicket(
  portal: Portal,
  input: TicketInput,
  files: AcceptedFile[],
  now = new Date(),
): Promise<{ reference: string; duplicate: boolean }> {
  const priority = priorityOf(input);
  const attachments = files.map((f, i) => ({
    shot: f.shot,
    fileName: f.fileName,
    storedName: `${String(i + 1).padStart(2, '0')}-${f.shot}.${f.ext}`,
    mediaType: f.mediaType,
    bytes: f.data.byteLength,
    sha256: createHash('sha256').update(f.data).digest('hex'),
  }));
  for (let attempt = 0; ; attempt++) {
    const ticket: Ticket = ticketSchema.parse({
      ...input,
      reference: newReference(portal.store.referencePrefix),
      createdAt: now.toISOString(),
      store: { name: portal.store.name },
      attachments,
      priority,
      respondBy: respondBy(priority, now, portal.store.windows).toISOString(),
    });
    try {
      return await portal.spool.accept(
        ticket,
        attachments.map((a, i) => ({ storedName: a.storedName, data: files[i]!.data })),
        input.submissionKey,
      );
    } catch (err) {
      if (err instanceof PortalError && err.code === 'REFERENCE_TAKEN' && attempt < 5) continue;
      throw err;
    }
  }
}
