import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ar } from '../../../src/i18n/messages/ar.ts';
import { de } from '../../../src/i18n/messages/de.ts';
import { en } from '../../../src/i18n/messages/en.ts';
import { es } from '../../../src/i18n/messages/es.ts';
import { fr } from '../../../src/i18n/messages/fr.ts';
import { ptBR } from '../../../src/i18n/messages/pt-BR.ts';
import { ru } from '../../../src/i18n/messages/ru.ts';
import { zhCN } from '../../../src/i18n/messages/zh-CN.ts';

type Messages = Record<string, unknown>;

const reference: Record<string, string> = en;
const englishKeys = Object.keys(reference);

const catalogues: Record<string, Messages> = { es, fr, de, 'pt-BR': ptBR, ru, ar, 'zh-CN': zhCN };

// A catalogue file added later (messages/<locale>.ts) is checked too, without editing the list above.
const messagesDir = new URL('../../../src/i18n/messages/', import.meta.url);
const catalogueFiles = readdirSync(messagesDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
for (const file of catalogueFiles) {
  const locale = file.slice(0, -'.ts'.length);
  if (locale === 'en' || locale in catalogues) continue;
  const module = (await import(`../../../src/i18n/messages/${locale}.ts`)) as Record<string, unknown>;
  const exported = Object.values(module).filter((v): v is Messages => typeof v === 'object' && v !== null);
  catalogues[locale] = exported.length === 1 ? exported[0]! : {};
}

/**
 * Keys whose text may be word-for-word the English one in a given language (brand-like
 * words, codes). Only English texts longer than three words are checked at all.
 */
const MAY_EQUAL_ENGLISH: Record<string, string[]> = {};

const PLACEHOLDER = /\{(\w+)\}/g;

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Opening quotation marks and the closing marks each may pair with, in the languages we ship. */
const QUOTES: Record<string, string[]> = {
  '“': ['”'], // es, pt, zh
  '„': ['“'], // de
  '«': ['»'], // fr (padded with a no-break space), ru, ar
  '”': ['”'], // ar, sv, fi
  '「': ['」'], // ja, zh-TW
  '‘': ['’'],
  '‚': ['‘'],
  '‹': ['›'],
};

function quotedLabel(text: string): boolean {
  const at = text.indexOf('{label}');
  if (at < 1) return false;
  const before = text.slice(0, at).replace(/[\u00a0\u202f]$/, '');
  const after = text.slice(at + '{label}'.length).replace(/^[\u00a0\u202f]/, '');
  const open = before.at(-1)!;
  return (QUOTES[open] ?? []).some((close) => after.startsWith(close));
}

describe('message catalogues', () => {
  it('covers every catalogue file, and each extra file exports exactly one catalogue', () => {
    const locales = catalogueFiles.map((f) => f.slice(0, -'.ts'.length)).filter((l) => l !== 'en');
    expect(locales.sort()).toEqual(Object.keys(catalogues).sort());
    for (const [locale, messages] of Object.entries(catalogues)) expect(Object.keys(messages).length, locale).toBeGreaterThan(0);
  });

  it('the English reference has no empty or untrimmed text', () => {
    expect(englishKeys.filter((k) => !reference[k]?.trim() || reference[k] !== reference[k]!.trim())).toEqual([]);
  });
});

describe.each(Object.entries(catalogues))('%s catalogue', (locale, messages) => {
  const text = (key: string): string => String(messages[key]);
  const keys = englishKeys.filter((k) => k in messages);

  it('has exactly the keys of the English catalogue', () => {
    const missing = englishKeys.filter((k) => !(k in messages));
    const extra = Object.keys(messages).filter((k) => !(k in reference));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('has a non-empty, trimmed string for every key', () => {
    const bad = Object.entries(messages)
      .filter(([, v]) => typeof v !== 'string' || v.trim() === '' || v !== v.trim())
      .map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it('uses the same {placeholders} as English for every key', () => {
    const mismatched = keys
      .filter((k) => placeholders(text(k)).join() !== placeholders(reference[k]!).join())
      .map((k) => `${k}: expected {${placeholders(reference[k]!).join('}, {')}} but found {${placeholders(text(k)).join('}, {')}}`);
    expect(mismatched).toEqual([]);
  });

  it('has no stray braces outside {placeholders}', () => {
    const stray = keys.filter((k) => /[{}]/.test(text(k).replace(PLACEHOLDER, '')));
    expect(stray).toEqual([]);
  });

  it('translates every text longer than three words', () => {
    const allowed = new Set(MAY_EQUAL_ENGLISH[locale] ?? []);
    const copies = keys.filter((k) => words(reference[k]!) > 3 && text(k) === reference[k] && !allowed.has(k));
    expect(copies).toEqual([]);
  });

  it('keeps {label} inside quotation marks in the answer errors', () => {
    const keysWithQuotes = ['error.required', 'error.choose', 'error.invalid'].filter((k) => k in messages);
    expect(keysWithQuotes.filter((k) => !quotedLabel(text(k)))).toEqual([]);
  });

  it('quotes the “not sure” choice in the shipping hint exactly as that choice is labelled', () => {
    // Only while the English hint itself names the choice.
    if (!reference['q.shipped.hint']?.includes(reference['option.shipped.not-sure']!)) return;
    expect(text('q.shipped.hint')).toContain(text('option.shipped.not-sure'));
  });

  it('keeps the case codes that sellers’ tools read untranslated', () => {
    const codes = englishKeys.filter((k) => k.startsWith('kind.')).map((k) => k.slice('kind.'.length));
    expect(codes.filter((code) => !text('err.kind').includes(code))).toEqual([]);
  });
});
