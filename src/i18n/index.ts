// The translation layer: every text shown to a buyer or a seller passes through t(), so adding
// a language is adding a catalogue, and dates are formatted for the reader's locale and zone.
import { en, type MessageKey } from './messages/en.ts';

export type Catalogue = Record<MessageKey, string>;
export type { MessageKey };

const catalogues: Record<string, Catalogue> = { en };

export const DEFAULT_LOCALE = 'en';

export function registerCatalogue(locale: string, messages: Catalogue): void {
  catalogues[locale] = messages;
}

export function availableLocales(): string[] {
  return Object.keys(catalogues);
}

/** The best catalogue for a tag: exact ("pt-BR"), then its language ("pt"), then English. */
export function resolveLocale(tag: string | undefined): string {
  if (!tag) return DEFAULT_LOCALE;
  if (catalogues[tag]) return tag;
  const base = tag.split('-')[0]!.toLowerCase();
  return catalogues[base] ? base : DEFAULT_LOCALE;
}

export function t(locale: string, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = catalogues[resolveLocale(locale)]?.[key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Whether a catalogue defines a key, for labels that exist only for some fields. */
export function hasMessage(key: string): key is MessageKey {
  return key in en;
}

export function formatDateTime(locale: string, date: Date, timeZone: string): string {
  // dateStyle cannot be combined with timeZoneName, so the parts are spelled out.
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

export function formatDate(locale: string, date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(date);
}

export function languageName(locale: string, inLocale: string): string {
  try {
    return new Intl.DisplayNames([inLocale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}
