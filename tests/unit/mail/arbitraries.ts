// What the composers get in production, generated: a stored ticket of any kind (built the way
// submitTicket builds it, through the shared triage fixture), its photo bytes, a store with any
// one-line name and seller language, and the portal's configured sender.
import fc from 'fast-check';
import { STORE_TAG, type Store } from '../../../src/config/store.ts';
import type { Ticket } from '../../../src/tickets/ticket.ts';
import { attachmentsInput, emailText, lineText, referenceText, ticketInput } from '../../fixtures/ticket-arbitraries.ts';
import { storeWith, ticketFrom } from '../triage/fixtures.ts';

export const SELLER_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt-BR', 'ru', 'ar', 'zh-CN'];

export const storeArb: fc.Arbitrary<Store> = fc
  .record(
    { name: lineText(80, 1), sellerLanguage: fc.constantFrom(...SELLER_LANGUAGES), sellerEmail: emailText, tag: fc.stringMatching(STORE_TAG) },
    { requiredKeys: ['name', 'sellerLanguage', 'sellerEmail'] },
  )
  .map(({ name, ...rest }) => storeWith({ name: name.trim(), ...rest }));

/** MAIL_FROM as operators write it, with the address every message must come from. */
export const fromArb = fc.constantFrom(
  { config: 'help@portal.test', address: 'help@portal.test' },
  { config: 'Example Help <help@portal.test>', address: 'help@portal.test' },
  { config: 'Hilfe Müller <hilfe@shop.example>', address: 'hilfe@shop.example' },
  { config: '"Help, Desk" <desk@Shop.Example>', address: 'desk@Shop.Example' },
);

export interface Case {
  ticket: Ticket;
  store: Store;
  files: Map<string, Buffer>;
  from: { config: string; address: string };
}

export const caseArb: fc.Arbitrary<Case> = fc
  .record({
    input: ticketInput,
    attachments: attachmentsInput,
    reference: referenceText,
    duplicateOf: fc.option(referenceText, { nil: undefined }),
    createdAt: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
    store: storeArb,
    from: fromArb,
    bytes: fc.uint8Array({ maxLength: 64 }),
  })
  .map(({ input, attachments, reference, duplicateOf, createdAt, store, from, bytes }) => ({
    ticket: ticketFrom(input, { reference, duplicateOf, attachments }, store, createdAt),
    store,
    files: new Map(attachments.map((a, i) => [a.storedName, Buffer.concat([Buffer.from(bytes), Buffer.from([i])])])),
    from,
  }));
