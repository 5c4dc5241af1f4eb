// Reads a raw MIME message the way a strict receiving server would: every header block of every
// part, each field unfolded, and the rules a header must follow (RFC 5322 lines of printable
// ASCII, RFC 2047 encoded words, RFC 2231 parameters). Each problem comes back as a sentence,
// so a property failure says which header broke which rule.
import MailComposer from 'nodemailer/lib/mail-composer';
import { toNodemailer, type MailMessage } from '../../../src/mail/message.ts';

export interface HeaderField {
  name: string;
  /** Unfolded: the CRLFs of folding removed, the whitespace after them kept. */
  value: string;
  /** As written, folding included. */
  raw: string;
}

/** The message as the transports hand it to nodemailer, as raw bytes with CRLF line ends. */
export function rawMime(message: MailMessage): Promise<Buffer> {
  return new MailComposer(toNodemailer(message)).compile().build();
}

/** The header block of the message and of each MIME part below it, in order. */
export function headerBlocks(raw: string): string[] {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  const blocks = [head];
  const type = fields(head).find((f) => f.name.toLowerCase() === 'content-type')?.value ?? '';
  const boundary = /^multipart\/[^;]+;.*\bboundary="?([^";]+)"?/is.exec(type)?.[1];
  if (boundary && end >= 0) {
    const parts = raw.slice(end + 4).split(`--${boundary}`);
    for (const part of parts.slice(1)) {
      if (part.startsWith('--')) break;
      blocks.push(...headerBlocks(part.replace(/^\r\n/, '')));
    }
  }
  return blocks;
}

export function fields(block: string): HeaderField[] {
  const out: HeaderField[] = [];
  for (const line of block.split('\r\n')) {
    const last = out[out.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += line;
      last.raw += `\r\n${line}`;
    } else {
      const colon = line.indexOf(':');
      out.push({ name: line.slice(0, colon), value: line.slice(colon + 1).replace(/^[ \t]+/, ''), raw: line });
    }
  }
  return out;
}

/**
 * mailparser (libmime) unfolds a line break and all the whitespace after it to one space,
 * where RFC 5322 removes only the line break. They read a field differently only when it was
 * folded next to a run of spaces; then mailparser shows that run as one space.
 */
export function foldedAtSpaces(field: HeaderField): boolean {
  return field.raw.replace(/\r\n[ \t]*/g, ' ') !== field.raw.replace(/\r\n(?=[ \t])/g, '');
}

const ENCODED_WORD = /=\?[A-Za-z0-9!#$%&'+^_`{}~-]+(?:\*[A-Za-z-]+)?\?(?:[Bb]\?[A-Za-z0-9+/]*={0,2}|[Qq]\?[!->@-~]*)\?=/g;
// RFC 2045 token: printable ASCII but tspecials; RFC 2231 attribute-char also excludes * ' %.
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;
const QUOTED = /^"(?:[^"\\\r\n]|\\.)*"$/;
const EXTENDED = /^(?:[A-Za-z0-9!#$%&+^_`{}~-]+'[A-Za-z0-9-]*')?(?:%[0-9A-Fa-f]{2}|[!#$&+\-.0-9A-Z^_`a-z{|}~])*$/;

/** Every way this block breaks the header rules; empty when it keeps them all. */
export function headerProblems(block: string): string[] {
  const problems: string[] = [];
  for (const line of block.split('\r\n')) {
    if (/[\r\n]/.test(line)) problems.push(`bare CR or LF in ${JSON.stringify(line)}`);
    if (!/^[\x20-\x7e\t]*$/.test(line)) problems.push(`non-ASCII or control character in ${JSON.stringify(line)}`);
    if (line.length > 998) problems.push(`line of ${line.length} characters (RFC 5322 allows 998)`);
  }
  const first = block.split('\r\n')[0] ?? '';
  if (/^[ \t]/.test(first)) problems.push('header block starts with a continuation line');
  for (const { name, value } of fields(block)) {
    if (!/^[!-9;-~]+$/.test(name)) problems.push(`bad field name ${JSON.stringify(name)}`);
    const leftover = value.replace(ENCODED_WORD, '');
    if (leftover.includes('=?') && /^(subject|from|to|reply-to)$/i.test(name)) problems.push(`malformed encoded word in ${name}: ${value}`);
    if (/^content-(type|disposition)$/i.test(name)) problems.push(...parameterProblems(name, value));
  }
  return problems;
}

/** `type; a=token; b="quoted"; c*=utf-8''%E2%9C%93; d*0*=…; d*1*=…` and nothing else. */
function parameterProblems(name: string, value: string): string[] {
  const problems: string[] = [];
  const [head, ...rest] = splitParameters(value);
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+)?$/.test(head!.trim())) problems.push(`${name}: bad value ${head}`);
  for (const param of rest) {
    const m = /^\s*([^=\s]+)=(.*)$/s.exec(param);
    if (!m) {
      problems.push(`${name}: bad parameter ${JSON.stringify(param)}`);
      continue;
    }
    const [, key, val] = m as unknown as [string, string, string];
    const extended = key.endsWith('*');
    if (!/^[A-Za-z0-9-]+(\*\d+)?\*?$/.test(key)) problems.push(`${name}: bad parameter name ${key}`);
    else if (extended ? !EXTENDED.test(val) : !TOKEN.test(val) && !QUOTED.test(val)) problems.push(`${name}: bad parameter value ${key}=${val}`);
    else if (extended && val.includes("'") && !/(^[^*]+\*$|\*0\*$)/.test(key)) problems.push(`${name}: charset outside the first segment in ${key}`);
  }
  return problems;
}

function splitParameters(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && quoted) {
      current += c + (value[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  return [...parts, current].filter((p, i) => i === 0 || p.trim() !== '');
}
