// Turns a ticket's answers into labelled rows in the reader's language. Coded choices are
// translated; anything else is the buyer's own text, shown as written and marked as such.
import { z } from 'zod';
import { hasMessage, languageName, t } from '../i18n/index.ts';
import { answersByKind } from '../tickets/kinds.ts';
import type { Ticket } from '../tickets/ticket.ts';
import type { Row } from './render.ts';

/** "written by the buyer in Spanish" when the buyer wrote in another language than the reader's. */
export function buyerWordsNote(ticket: Ticket, locale: string): string | undefined {
  return ticket.locale.split('-')[0] !== locale.split('-')[0]
    ? t(locale, 'mail.seller.quoted', { language: languageName(ticket.locale, locale) })
    : undefined;
}

export function answerRows(ticket: Ticket, locale: string): Row[] {
  const buyerNote = buyerWordsNote(ticket, locale);
  const rows: Row[] = [];
  const shape = (answersByKind[ticket.kind] as z.ZodObject).shape;
  for (const [key, value] of Object.entries(ticket.answers as Record<string, unknown>)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (ticket.kind === 'damaged' && key === 'total') continue; // shown with `affected` as "3 of 20"
    const label = hasMessage(`field.${key}`) ? t(locale, `field.${key}` as 'field.items') : key;
    const rendered =
      ticket.kind === 'damaged' && key === 'affected'
        ? { value: t(locale, 'mail.seller.ofTotal', { affected: ticket.answers.affected, total: ticket.answers.total }), free: false }
        : renderValue(key, value, locale, choices(shape[key]));
    rows.push({ label, value: rendered.value, note: rendered.free ? buyerNote : undefined });
  }
  return rows;
}

/** The codes a schema offers (through optional, preprocess and list); none for free text. */
function choices(schema: z.ZodType | undefined): readonly unknown[] {
  if (!schema || schema instanceof z.ZodEnum) return schema?.options ?? [];
  const def = schema._zod.def as { innerType?: z.ZodType; out?: z.ZodType; element?: z.ZodType };
  return choices(def.innerType ?? def.out ?? def.element);
}

// Only a code is translated: an address-change reason the buyer typed as "other" stays "other".
function renderValue(key: string, value: unknown, locale: string, codes: readonly unknown[]): { value: string | string[]; free: boolean } {
  if (typeof value === 'string') {
    const option = `option.${key}.${value}`;
    return codes.includes(value) && hasMessage(option) ? { value: t(locale, option), free: false } : { value, free: true };
  }
  if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value), free: false };
  if (Array.isArray(value)) {
    if (key === 'items') {
      return {
        value: (value as { name: string; ordered: number; received: number }[]).map((item) =>
          t(locale, 'mail.seller.itemLine', { name: item.name, ordered: item.ordered, received: item.received }),
        ),
        free: true,
      };
    }
    return { value: value.map((v) => renderValue(key, v, locale, codes).value as string), free: false };
  }
  if (value && typeof value === 'object') {
    // Addresses and other groups: one line per part, in the order the buyer filled them.
    return { value: Object.values(value as Record<string, string>).filter(Boolean), free: true };
  }
  return { value: String(value), free: false };
}
