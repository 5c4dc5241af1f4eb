// The JSON Schema of the ticket.json attached to every seller email, for sellers' own tools.
import type { APIRoute } from 'astro';
import { ticketJsonSchema } from '../tickets/ticket.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(ticketJsonSchema(), null, 2), { headers: { 'content-type': 'application/schema+json' } });
