// The translation layer: every text shown to a buyer or a seller passes through t(), so adding
// a language is adding a catalogue, and dates are formatted for the reader's locale and zone.
import { ar } from './messages/ar.ts';
import { de } from './messages/de.ts';
import { en, type MessageKey } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';
import { ptBR } from './messages/pt-BR.ts';
import { ru } from './messages/ru.ts';
import { zhCN } from './messages/zh-CN.ts';

export type Catalogue = Record<MessageKey, string>;
export type { MessageKey };

const catalogues: Record<string, Catalogue> = { en, es, fr, de, 'pt-BR': ptBR, ru, ar, 'zh-CN': zhCN };

/** Languages with their own name, for the language switcher. */
export const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
  'pt-BR': 'Português (Brasil)',
  ru: 'Русский',
  ar: 'العربية',
  'zh-CN': '简体中文',
};

export const DEFAULT_LOCALE = 'en';

export function registerCatalogue(locale: string, messages: Catalogue): void {
  catalogues[locale] = messages;
}

export function availableLocales(): string[] {
  return Object.keys(catalogues);
}

/** The catalogue for a tag, exact ("pt-BR") or by its language ("pt", "pt-PT"), or null. */
export function matchLocale(tag: string): string | null {
  const offered = Object.keys(catalogues);
  const exact = offered.find((l) => l.toLowerCase() === tag.toLowerCase());
  if (exact) return exact;
  const base = tag.split('-')[0]!.toLowerCase();
  return offered.find((l) => l.split('-')[0]!.toLowerCase() === base) ?? null;
}

/** The best catalogue for a tag, English when there is none. */
export function resolveLocale(tag: string | undefined): string {
  return (tag && matchLocale(tag)) || DEFAULT_LOCALE;
}

export function isRtl(locale: string): boolean {
  return ['ar', 'he', 'fa', 'ur'].includes(locale.split('-')[0]!.toLowerCase());
}

export function t(locale: string, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = catalogues[resolveLocale(locale)]?.[key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Whether a catalogue defines a key, for labels that exist only for some fields. */
export function hasMessage(key: string): key is MessageKey {
  return key in en;
}

/** A schema problem ("err.tooLong" with the issue's limits) in the reader's language. */
export function problemText(locale: string, issue: { message: string; maximum?: unknown; minimum?: unknown }): string {
  if (!hasMessage(issue.message)) return issue.message;
  return t(locale, issue.message, { max: String(issue.maximum ?? ''), min: String(issue.minimum ?? '') });
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
