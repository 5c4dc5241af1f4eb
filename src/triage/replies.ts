// Ready-to-send first replies, in the buyer's language. The texts are the seller's to edit, so
// they live as files (content/replies/<case>.<language>.md), are read with fs (the worker runs
// outside Astro) and are checked with zod: a typo in a placeholder must stop the portal with a
// line naming the file, not reach a buyer as "{ordernumber}".
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, formatIssues } from '../config/format-error.ts';
import { contentDir } from '../config/store.ts';
import { LANGUAGE_NAMES, matchLocale } from '../i18n/index.ts';
import type { Ticket } from '../tickets/ticket.ts';

export const REPLY_CASES = [
  'no-tracking',
  'in-transit',
  'stalled',
  'delivered',
  'returned',
  'customs',
  'missing-items',
  'damaged-broken',
  'damaged-not-working',
  'damaged-unsure-how-to-use',
  'address-change',
  'cancel-order',
  'other',
] as const;
export type ReplyCase = (typeof REPLY_CASES)[number];

export const REPLY_LANGUAGES = Object.keys(LANGUAGE_NAMES);
export const FALLBACK_LANGUAGE = 'en';

/** What a draft may mention. A line naming a value the ticket does not have is left out. */
export const PLACEHOLDERS = ['buyerName', 'orderNumber', 'reference', 'storeName', 'trackingNumber', 'trackingLink', 'expectedDate'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
/** Every draft names these, so the buyer's answer can be matched to the ticket. */
const REQUIRED: Placeholder[] = ['orderNumber', 'reference'];

export function replyCase(ticket: Ticket): ReplyCase {
  switch (ticket.kind) {
    case 'not-received':
      return ticket.answers.tracking;
    case 'damaged':
      return `damaged-${ticket.answers.problem}`;
    default:
      return ticket.kind;
  }
}

const FILE_NAME = new RegExp(`^(${REPLY_CASES.join('|')})\\.(${REPLY_LANGUAGES.join('|')})\\.md$`);

const draftText = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(4000, 'is longer than 4000 characters')
  .superRefine((text, ctx) => {
    for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
      const name = m[1]!;
      if (name === '') ctx.addIssue({ code: 'custom', message: 'has {} without a placeholder name' });
      else if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', message: `has unknown placeholder {${name}}; known: {${PLACEHOLDERS.join('}, {')}}` });
      }
    }
    if (/[{}]/.test(text.replace(/\{[^{}]*\}/g, ''))) ctx.addIssue({ code: 'custom', message: 'has a { or } that is not part of a {placeholder}' });
    for (const name of REQUIRED) {
      if (!text.includes(`{${name}}`)) ctx.addIssue({ code: 'custom', message: `must mention {${name}}` });
    }
  });

export type Drafts = Map<string, string>;

/**
 * Every draft in `dir`, keyed "<case>.<language>". Other languages fall back to English, so
 * English is required for every case; any problem throws one ConfigError listing them all.
 */
export function loadReplies(dir = path.join(contentDir(), 'replies')): Drafts {
  return readDrafts(dir, null);
}

/**
 * A store's own drafts laid over the shared ones: a store may reword just a few cases or
 * languages, so nothing is required of its folder; a missing folder means none of its own.
 */
export function loadStoreReplies(dir: string, shared: Drafts): Drafts {
  if (!fs.existsSync(dir)) return shared;
  return readDrafts(dir, shared);
}

function readDrafts(dir: string, base: Drafts | null): Drafts {
  const rel = (name = '') => path.relative(process.cwd(), path.join(dir, name)) || dir;
  const drafts: Drafts = new Map(base ?? []);
  const problems: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.md') && n !== 'README.md');
  } catch (err) {
    throw new ConfigError([`${rel()}: ${(err as Error).message}`]);
  }
  for (const name of names.sort()) {
    const m = FILE_NAME.exec(name);
    if (!m) {
      problems.push(`${rel(name)}: name must be <case>.<language>.md with a case of ${REPLY_CASES.join(', ')} and a language of ${REPLY_LANGUAGES.join(', ')}`);
      continue;
    }
    const result = draftText.safeParse(fs.readFileSync(path.join(dir, name), 'utf8'));
    if (result.success) drafts.set(`${m[1]}.${m[2]}`, result.data);
    else problems.push(...formatIssues(rel(name), result.error).map((l) => l.replace(': (root): ', ': ')));
  }
  for (const c of base ? [] : REPLY_CASES) {
    if (!drafts.has(`${c}.${FALLBACK_LANGUAGE}`) && !names.includes(`${c}.${FALLBACK_LANGUAGE}.md`)) {
      problems.push(`${rel(`${c}.${FALLBACK_LANGUAGE}.md`)}: missing; every case needs an English draft to fall back on`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return drafts;
}

const cache = new Map<string, Drafts>();

/** Drafts read once per process (the files change with a restart, like store.yaml). */
export function replies(dir = path.join(contentDir(), 'replies')): Drafts {
  let drafts = cache.get(dir);
  if (!drafts) cache.set(dir, (drafts = loadReplies(dir)));
  return drafts;
}

export type DraftValues = Partial<Record<Placeholder, string>>;

/** Fill a draft; lines naming a value that is not known (no tracking link, say) are dropped. */
export function fillDraft(template: string, values: DraftValues): string {
  const lines = template.split('\n').filter((line) => {
    const names = [...line.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as Placeholder);
    return names.every((n) => values[n] !== undefined && values[n] !== '');
  });
  return lines
    .join('\n')
    .replace(/\{(\w+)\}/g, (_, n: Placeholder) => values[n]!)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The draft for a ticket in the buyer's language (English when the seller has none in it). */
export function replyDraft(
  ticket: Ticket,
  values: DraftValues | ((language: string) => DraftValues),
  drafts: Drafts = replies(),
): { language: string; text: string } {
  const c = replyCase(ticket);
  const wanted = matchLocale(ticket.locale) ?? FALLBACK_LANGUAGE;
  const language = drafts.has(`${c}.${wanted}`) ? wanted : FALLBACK_LANGUAGE;
  // Dates in the draft are written in the draft's language, which may be the fallback.
  return { language, text: fillDraft(drafts.get(`${c}.${language}`)!, typeof values === 'function' ? values(language) : values) };
}
