// Which language a page speaks: the link's `lang`, else the browser's Accept-Language, else the
// store's default — always one the portal has a catalogue for.
import { DEFAULT_LOCALE, matchLocale } from './index.ts';

/**
 * @param offered the store's languages, first = its default; a tag outside them is not chosen
 */
export function pickLocale(param: string | null | undefined, acceptLanguage: string | null | undefined, offered: readonly string[]): string {
  const match = (tag: string) => {
    const found = matchLocale(tag);
    return found && offered.includes(found) ? found : null;
  };
  if (param) {
    const chosen = match(param);
    if (chosen) return chosen;
  }
  for (const tag of parseAcceptLanguage(acceptLanguage ?? '')) {
    const chosen = match(tag);
    if (chosen) return chosen;
  }
  return offered[0] ?? DEFAULT_LOCALE;
}

/** Tags by preference, highest q first; malformed parts are skipped. */
export function parseAcceptLanguage(header: string): string[] {
  return header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(x.tag) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag);
}
